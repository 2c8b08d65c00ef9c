"""Item pipeline: validate, dedupe and quarantine items, then write the run's raw partition at close."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawlers.items import QuarantineItem, RecordItem, ResponseItem
from crawlers.partition import PartitionWriter, RawResponse
from transforms.records import Quarantined

log = logging.getLogger(__name__)


class RawPartitionPipeline:
    """Spiders never write files: this pipeline owns ``raw/<source>/<run_date>/``."""

    def __init__(self, crawler: Crawler, home: Path, run_date: str) -> None:
        self.crawler = crawler
        self.home = home
        self.run_date = run_date
        self.writer: PartitionWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        run_date = crawler.settings.get("RUN_DATE")
        home = crawler.settings.get("PATENTDB_HOME")
        if not run_date or not home:
            raise ValueError("RawPartitionPipeline needs the RUN_DATE and PATENTDB_HOME settings")
        pipeline = cls(crawler, Path(home), str(run_date))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def _state_path(self) -> Path | None:
        jobdir = self.crawler.settings.get("JOBDIR")
        return Path(jobdir) / "partition.json" if jobdir else None

    def open_spider(self) -> None:
        assert self.crawler.spider is not None
        self.writer = PartitionWriter(
            source=getattr(self.crawler.spider, "source_id", self.crawler.spider.name)
        )
        state = self._state_path()
        if state is not None and state.is_file():  # a resumed job: what the interrupted run collected
            self.writer.load_state(state)
            log.info("resumed %s: %d records collected before", self.run_date, len(self.writer.records))

    def process_item(self, item: Any) -> Any:
        assert self.writer is not None and self.crawler.stats is not None
        if isinstance(item, RecordItem):
            if self.writer.add_record(item.line, item.source_url) is None:
                self.crawler.stats.inc_value("patentdb/invalid")
        elif isinstance(item, QuarantineItem):
            self.writer.add_quarantine(Quarantined.model_validate(item.entry))
        elif isinstance(item, ResponseItem):
            self.writer.add_response(
                RawResponse(item.url, item.status, item.content_type, item.body, item.synthetic)
            )
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Runs after every item went through (the close reason is only known here)."""
        assert self.writer is not None and self.crawler.stats is not None
        stats = self.crawler.stats
        state = self._state_path()
        if reason != "finished":
            # a failed crawl must not replace a good partition with a partial one; with a JOBDIR the
            # collected items are kept so that running the same command again resumes the job
            if state is not None:
                self.writer.dump_state(state)
            log.error(
                "%s ended with %r: raw partition of %s left as it was%s",
                spider.name,
                reason,
                self.run_date,
                " (job state saved: run again to resume)" if state is not None else "",
            )
            return
        if not self.writer.responses and stats.get_value("downloader/exception_count", 0):
            log.error("%s fetched nothing (network errors): raw partition left as it was", spider.name)
            return
        counts = self.writer.commit(self.home, self.run_date)
        stats.set_value("patentdb/fetched", counts.responses)
        stats.set_value("patentdb/parsed", counts.parsed)
        stats.set_value("patentdb/quarantined", counts.quarantined)
        stats.set_value("patentdb/duplicates", counts.duplicates)
