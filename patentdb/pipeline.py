"""The main job: crawl → transform → merge → classify → index, one idempotent stage at a time.

Crawl and transform read and write one run-date partition per source (see transforms.io); merge
joins every source's records of the run date into one partition (``stage/merge/all/<run_date>.jsonl``,
one record per natural id with per-field provenance), which classify and index then follow. Merging
before classify means a patent is classified once, on the union of its IPC codes and texts. A rerun of
any stage replaces its output instead of adding to it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from patentdb.settings import Settings
from patentdb.stages import MERGED, is_stale, run_merge, run_partition, sources_with
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
    notes: dict[str, str] = Field(default_factory=dict, description="e.g. the embedding model used")

    def add(self, source: str, produced: int, quarantined: int) -> None:
        self.by_source[source] = {"produced": produced, "quarantined": quarantined}
        self.produced += produced
        self.quarantined += quarantined


def crawl(
    settings: Settings,
    run_date: str,
    sources: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> StageReport:
    """Run each source's spider or importer (as a subprocess) for the window ``since``..``until``
    (default: the run date's day) and write the raw partitions of ``run_date``."""
    from patentdb.crawl import crawl_sources

    report = StageReport(stage="crawl", run_date=run_date)
    for source, produced, quarantined in crawl_sources(settings, run_date, sources, since, until):
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


def merge(settings: Settings, run_date: str) -> StageReport:
    """Dedupe and merge every source's transformed records of ``run_date`` by natural id."""
    report = StageReport(stage="merge", run_date=run_date)
    partitions = sources_with(settings.stage_dir / "transform", run_date, raw=False)
    produced, quarantined, inputs = run_merge(settings.home, run_date, partitions)
    report.add(MERGED, produced, quarantined)
    report.by_source["_inputs"] = inputs
    report.by_source["_merged_away"] = {"records": sum(inputs.values()) - produced - quarantined}
    return report


def classify(settings: Settings, run_date: str) -> StageReport:
    """Assign industries (with evidence, review flags, taxonomy version and model id) to the merged
    records of ``run_date``; the text model is built once under ``<home>/models/`` from repo data."""
    from transforms.classify import classify_patent, classify_trademark
    from transforms.textclass.store import classifier_for

    taxonomy, model = classifier_for(settings.home, extra=settings.textclass_extra)

    def fn(record: AnyRecord) -> AnyRecord:
        if isinstance(record, Patent):
            return classify_patent(record, taxonomy, model)
        return classify_trademark(record, taxonomy, model)

    report = StageReport(stage="classify", run_date=run_date)
    for source, path in sources_with(settings.stage_dir / "merge", run_date, raw=False):
        report.add(source, *run_partition(settings.home, "classify", source, run_date, path, fn))
    return report


def index(settings: Settings, run_date: str) -> StageReport:
    """Upsert the classified records of ``run_date``; a fresher version already indexed is kept."""
    from patentdb.embedding import open_embedder
    from search.documents import to_document
    from search.factory import open_backend

    report = StageReport(stage="index", run_date=run_date)
    embedder = open_embedder(settings)
    backend = open_backend(settings)
    try:
        for source, path in sources_with(settings.stage_dir / "classify", run_date, raw=False):
            read = read_records(path, stage="index", source=source)
            vectors = dict(embedder.embed_records(read.records)) if embedder else {}
            space = embedder.cache_namespace if embedder else None
            docs = [to_document(r, _as_list(vectors.get(r.id)), space) for r in read.records]
            fresh = [d for d in docs if not is_stale(d, backend.get(str(d["id"])))]
            written = backend.upsert(fresh)
            write_quarantine(settings.home, "index", source, run_date, read.quarantined)
            report.add(source, written, len(read.quarantined))
            report.by_source.setdefault("_kept_newer", {})[source] = len(docs) - len(fresh)
        report.by_source["_index"] = {"total_documents": backend.count()}
        if embedder:
            report.notes["embedding_model"] = embedder.model_id
    finally:
        backend.close()
        if embedder:
            embedder.close()
    return report


def _as_list(vector: Any) -> list[float] | None:
    return None if vector is None else [float(x) for x in vector]


def refresh(settings: Settings, run_date: str, sources: Sequence[str] | None = None) -> list[StageReport]:
    """The whole job for one run date."""
    return [
        crawl(settings, run_date, sources),
        transform(settings, run_date),
        merge(settings, run_date),
        classify(settings, run_date),
        index(settings, run_date),
    ]
