"""Per-partition stage bodies: read a partition, apply a pure transform per record, write the result.

Bad records are quarantined with their reason; a rerun rewrites the same partition (idempotent).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
from transforms.records import Quarantined

RecordFn = Callable[[AnyRecord], AnyRecord]


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

    Records with the same natural id inside one partition are merged last-wins (the
    later line is the fresher fetch). Returns (produced, quarantined).
    """
    read = read_records(src, stage=stage, source=source)
    bad: list[Quarantined] = list(read.quarantined)
    out: dict[str, AnyRecord] = {}
    for record in read.records:
        try:
            result = fn(record)
        except (NormalizationError, ValidationError, ValueError) as exc:
            bad.append(
                Quarantined(
                    stage=stage,
                    source=source,
                    reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                    source_url=record.provenance.source_url,
                    payload=record.model_dump(mode="json", exclude_none=True),
                )
            )
            continue
        out[result.id] = result
    written = write_jsonl(stage_partition(home, stage, source, run_date), (to_line(r) for r in out.values()))
    write_quarantine(home, stage, source, run_date, bad)
    return written, len(bad)
