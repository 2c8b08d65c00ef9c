"""Thin I/O around the typed records: partitioned JSONL files and the quarantine.

Layout under the data directory (``PATENTDB_HOME``)::

    raw/<source>/<run_date>/records.jsonl        crawler / import output, one record per line
    raw/<source>/<run_date>/responses/...        the raw responses the records were parsed from
    stage/<stage>/<source>/<run_date>.jsonl      output of a pipeline stage (transform, classify)
    quarantine/<stage>/<source>/<run_date>.jsonl records that failed a stage, with the reason

A line of a records file is ``{"record_type": "patent" | "trademark", "record": {...}}``.
Partitions are written to a temporary file and renamed, so a rerun replaces a
partition whole and never appends duplicates.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from transforms.records import Patent, Quarantined, Trademark

RecordType = Literal["patent", "trademark"]
AnyRecord = Patent | Trademark


def record_type(record: AnyRecord) -> RecordType:
    return "patent" if isinstance(record, Patent) else "trademark"


def to_line(record: AnyRecord) -> dict[str, Any]:
    """The JSON envelope of one record in a partition file."""
    return {"record_type": record_type(record), "record": record.model_dump(mode="json", exclude_none=True)}


def from_line(line: dict[str, Any]) -> AnyRecord:
    """Parse one envelope back into a typed record (raises ValidationError / ValueError)."""
    kind = line.get("record_type")
    body = line.get("record")
    if kind == "patent":
        return Patent.model_validate(body)
    if kind == "trademark":
        return Trademark.model_validate(body)
    raise ValueError(f"unknown record_type {kind!r}")


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Atomically (re)write a JSONL file; returns the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True))
                fh.write("\n")
                count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True)
class ReadResult:
    records: list[AnyRecord]
    quarantined: list[Quarantined]


def read_records(path: Path, *, stage: str, source: str) -> ReadResult:
    """Read a partition; lines that do not validate are returned as quarantined, not dropped."""
    records: list[AnyRecord] = []
    bad: list[Quarantined] = []
    with path.open("rb") as fh:  # bytes: a line that is not UTF-8 is quarantined, not fatal
        for lineno, raw in enumerate(fh, 1):
            line = raw.decode("utf-8", errors="replace")
            if not line.strip():
                continue
            try:
                if "\ufffd" in line and "\ufffd".encode() not in raw:
                    raise ValueError("not UTF-8 text")
                envelope = json.loads(line)
                if not isinstance(envelope, dict):
                    raise ValueError(f"a JSON {type(envelope).__name__}, not a record envelope (object)")
                records.append(from_line(envelope))
            except (ValidationError, ValueError) as exc:
                bad.append(
                    Quarantined(
                        stage=stage,
                        source=source,
                        reason=f"{path.name}:{lineno}: {_short_error(exc)}",
                        source_url=str(path),
                        payload=line.rstrip("\n"),
                    )
                )
    return ReadResult(records, bad)


def _short_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5])
    return str(exc)


def raw_partition(home: Path, source: str, run_date: str) -> Path:
    return home / "raw" / source / run_date / "records.jsonl"


def stage_partition(home: Path, stage: str, source: str, run_date: str) -> Path:
    return home / "stage" / stage / source / f"{run_date}.jsonl"


def quarantine_partition(home: Path, stage: str, source: str, run_date: str) -> Path:
    return home / "quarantine" / stage / source / f"{run_date}.jsonl"


def write_quarantine(home: Path, stage: str, source: str, run_date: str, items: list[Quarantined]) -> int:
    """Rewrite the quarantine partition of a stage run (an empty run removes a stale file)."""
    path = quarantine_partition(home, stage, source, run_date)
    if not items:
        path.unlink(missing_ok=True)
        return 0
    return write_jsonl(path, (q.model_dump(mode="json") for q in items))
