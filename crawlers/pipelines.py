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

    def open_spider(self) -> None:
        assert self.crawler.spider is not None
        self.writer = PartitionWriter(
            source=getattr(self.crawler.spider, "source_id", self.crawler.spider.name)
        )

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
        if reason != "finished":
            # a failed crawl must not replace a good partition with a partial one
            log.error(
                "%s ended with %r: raw partition of %s left as it was", spider.name, reason, self.run_date
            )
            return
        counts = self.writer.commit(self.home, self.run_date)
        stats.set_value("patentdb/fetched", counts.responses)
        stats.set_value("patentdb/parsed", counts.parsed)
        stats.set_value("patentdb/quarantined", counts.quarantined)
        stats.set_value("patentdb/duplicates", counts.duplicates)
