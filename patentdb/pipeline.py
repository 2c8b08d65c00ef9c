"""The main job: crawl → transform → classify → index, one idempotent stage at a time.

Each stage reads and writes one run-date partition per source (see transforms.io), so a
rerun of any stage replaces its output instead of adding to it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pydantic import BaseModel, Field

from patentdb.settings import Settings
from patentdb.stages import run_partition, sources_with
from transforms.io import AnyRecord, read_records, write_quarantine
from transforms.records import Patent

log = logging.getLogger(__name__)


class StageReport(BaseModel):
    """What a stage produced and quarantined, per source."""

    stage: str
    run_date: str
    produced: int = 0
    quarantined: int = 0
    by_source: dict[str, dict[str, int]] = Field(default_factory=dict)

    def add(self, source: str, produced: int, quarantined: int) -> None:
        self.by_source[source] = {"produced": produced, "quarantined": quarantined}
        self.produced += produced
        self.quarantined += quarantined


def crawl(settings: Settings, run_date: str, sources: Sequence[str] | None = None) -> StageReport:
    """Run each source's spider or importer (as a subprocess) and write raw partitions."""
    from patentdb.crawl import crawl_sources

    report = StageReport(stage="crawl", run_date=run_date)
    for source, produced, quarantined in crawl_sources(settings, run_date, sources):
        report.add(source, produced, quarantined)
    return report


def transform(settings: Settings, run_date: str) -> StageReport:
    """Normalize every raw partition of ``run_date`` into stage/transform partitions."""
    from transforms.normalize import normalize_patent, normalize_trademark

    def fn(record: AnyRecord) -> AnyRecord:
        return normalize_patent(record) if isinstance(record, Patent) else normalize_trademark(record)

    report = StageReport(stage="transform", run_date=run_date)
    for source, path in sources_with(settings.raw_dir, run_date, raw=True):
        report.add(source, *run_partition(settings.home, "transform", source, run_date, path, fn))
    return report


def classify(settings: Settings, run_date: str) -> StageReport:
    """Assign industries (with evidence) to the transformed records of ``run_date``."""
    from transforms.classify import classify_patent, classify_trademark
    from transforms.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()

    def fn(record: AnyRecord) -> AnyRecord:
        if isinstance(record, Patent):
            return classify_patent(record, taxonomy)
        return classify_trademark(record, taxonomy)

    report = StageReport(stage="classify", run_date=run_date)
    for source, path in sources_with(settings.stage_dir / "transform", run_date, raw=False):
        report.add(source, *run_partition(settings.home, "classify", source, run_date, path, fn))
    return report


def index(settings: Settings, run_date: str) -> StageReport:
    """Upsert the classified records of ``run_date`` into the configured index backend."""
    from search.documents import to_document
    from search.factory import open_backend

    report = StageReport(stage="index", run_date=run_date)
    backend = open_backend(settings)
    try:
        for source, path in sources_with(settings.stage_dir / "classify", run_date, raw=False):
            read = read_records(path, stage="index", source=source)
            written = backend.upsert(to_document(r) for r in read.records)
            write_quarantine(settings.home, "index", source, run_date, read.quarantined)
            report.add(source, written, len(read.quarantined))
        report.by_source["_index"] = {"total_documents": backend.count()}
    finally:
        backend.close()
    return report


def refresh(settings: Settings, run_date: str, sources: Sequence[str] | None = None) -> list[StageReport]:
    """The whole job for one run date."""
    return [
        crawl(settings, run_date, sources),
        transform(settings, run_date),
        classify(settings, run_date),
        index(settings, run_date),
    ]
