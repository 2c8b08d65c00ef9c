"""Stage bodies: read partitions, apply a pure transform per record (or merge them), write the result.

Bad records are quarantined with their reason; a rerun rewrites the same partition (idempotent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from transforms.errors import NormalizationError
from transforms.io import (
    AnyRecord,
    read_records,
    stage_partition,
    to_line,
    write_jsonl,
    write_quarantine,
)
from transforms.merge import group_by_id, merge_group
from transforms.records import Quarantined

RecordFn = Callable[[AnyRecord], AnyRecord]
#: The merge stage and the pseudo-source of its output (one partition for all sources).
MERGE_STAGE = "merge"
MERGED = "all"


def _quarantined(stage: str, source: str, exc: Exception, record: AnyRecord) -> Quarantined:
    return Quarantined(
        stage=stage,
        source=source,
        reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
        source_url=record.provenance.source_url,
        payload=record.model_dump(mode="json", exclude_none=True),
    )


def sources_with(root: Path, run_date: str, *, raw: bool) -> list[tuple[str, Path]]:
    """(source, partition path) of every source that has a partition for ``run_date`` under ``root``."""
    if not root.is_dir():
        return []
    found = []
    for source_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        path = source_dir / run_date / "records.jsonl" if raw else source_dir / f"{run_date}.jsonl"
        if path.is_file():
            found.append((source_dir.name, path))
    return found


def run_partition(
    home: Path, stage: str, source: str, run_date: str, src: Path, fn: RecordFn
) -> tuple[int, int]:
    """Apply ``fn`` to every record of ``src``; write ``stage/<stage>/<source>/<run_date>.jsonl``.

    Records that share a natural id once ``fn`` normalized them (``CN 100000009 U`` and
    ``CN100000009U``) are merged field by field like records of different sources (nothing of either
    is dropped); a group that cannot be merged is quarantined whole. Returns (produced, quarantined).
    """
    read = read_records(src, stage=stage, source=source)
    bad: list[Quarantined] = list(read.quarantined)
    by_id: dict[str, list[AnyRecord]] = {}
    for record in read.records:
        try:
            result = fn(record)
        except (NormalizationError, ValidationError, ValueError) as exc:
            bad.append(_quarantined(stage, source, exc, record))
            continue
        by_id.setdefault(result.id, []).append(result)
    out: list[AnyRecord] = []
    for group in by_id.values():
        try:
            out.append(group[0] if len(group) == 1 else merge_group(group))
        except (NormalizationError, ValidationError, ValueError) as exc:
            bad.extend(_quarantined(stage, source, exc, r) for r in group)
    written = write_jsonl(stage_partition(home, stage, source, run_date), (to_line(r) for r in out))
    write_quarantine(home, stage, source, run_date, bad)
    return written, len(bad)


def run_merge(
    home: Path, run_date: str, partitions: list[tuple[str, Path]]
) -> tuple[int, int, dict[str, int]]:
    """Merge every source's partition of ``run_date`` into ``stage/merge/all/<run_date>.jsonl``.

    Returns (produced, quarantined, records read per source). A group whose merge fails is quarantined
    whole (every source record of it, with the reason), so nothing is lost silently.
    """
    records: list[AnyRecord] = []
    bad: list[Quarantined] = []
    inputs: dict[str, int] = {}
    for source, path in partitions:
        read = read_records(path, stage=MERGE_STAGE, source=source)
        records.extend(read.records)
        bad.extend(read.quarantined)
        inputs[source] = len(read.records)
    out: list[AnyRecord] = []
    for group in group_by_id(records):
        try:
            out.append(merge_group(group))
        except (NormalizationError, ValidationError, ValueError) as exc:
            bad.extend(_quarantined(MERGE_STAGE, r.provenance.source, exc, r) for r in group)
    written = write_jsonl(stage_partition(home, MERGE_STAGE, MERGED, run_date), (to_line(r) for r in out))
    write_quarantine(home, MERGE_STAGE, MERGED, run_date, bad)
    return written, len(bad), inputs


def is_stale(doc: Mapping[str, Any], existing: Mapping[str, Any] | None) -> bool:
    """True when the index already holds a fresher version of ``doc`` (a rerun of an older run date)."""
    if not existing or not existing.get("fetched_at") or not doc.get("fetched_at"):
        return False
    old = dt.datetime.fromisoformat(str(existing["fetched_at"]))
    new = dt.datetime.fromisoformat(str(doc["fetched_at"]))
    return old > new
