"""Collects one run's records, quarantine entries and raw responses, then writes the raw partition whole."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crawlers.parsers.merge import merge_records
from transforms.io import (
    AnyRecord,
    from_line,
    quarantine_partition,
    raw_partition,
    read_jsonl,
    to_line,
    write_jsonl,
    write_quarantine,
)
from transforms.records import Quarantined

STAGE = "crawl"
_EXT = {"xml": ".xml", "html": ".html", "json": ".json", "csv": ".csv", "plain": ".txt"}


@dataclass(frozen=True)
class RawResponse:
    url: str
    status: int
    content_type: str
    body: bytes
    synthetic: bool


@dataclass(frozen=True)
class PartitionCounts:
    parsed: int
    quarantined: int
    duplicates: int
    responses: int


def _canonical(record: AnyRecord) -> str:
    return json.dumps(to_line(record), ensure_ascii=False, sort_keys=True)


def _extension(response: RawResponse) -> str:
    for marker, ext in _EXT.items():
        if marker in response.content_type:
            return ext
    suffix = Path(response.url.split("?", 1)[0]).suffix
    return suffix if 0 < len(suffix) <= 6 else ".bin"


@dataclass
class PartitionWriter:
    """Validates, dedupes by natural id and quarantines with reasons; ``commit`` rewrites atomically."""

    source: str
    records: dict[str, AnyRecord] = field(default_factory=dict)
    quarantined: list[Quarantined] = field(default_factory=list)
    responses: dict[str, RawResponse] = field(default_factory=dict)
    duplicates: int = 0

    def add_record(self, line: dict[str, Any], source_url: str | None) -> AnyRecord | None:
        """Validate one ``{record_type, record}`` envelope against the records model."""
        try:
            record = from_line(line)
        except (ValidationError, ValueError) as exc:
            reason = (
                f"invalid record: {exc}".splitlines()[0]
                if not isinstance(exc, ValidationError)
                else (
                    "invalid record: "
                    + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
                )
            )
            self.add_quarantine(
                Quarantined(
                    stage=STAGE, source=self.source, reason=reason, source_url=source_url, payload=line
                )
            )
            return None
        kept = self.records.get(record.id)
        if kept is not None:
            self.duplicates += 1
            # one publication reached twice (by number, by search, by its legal / family response):
            # one record, merged field by field so the result does not depend on arrival order
            record = merge_records(kept, record)
        self.records[record.id] = record
        return record

    def add_quarantine(self, entry: Quarantined) -> None:
        if entry not in self.quarantined:  # the same file imported twice quarantines once
            self.quarantined.append(entry)

    def add_response(self, response: RawResponse) -> None:
        self.responses[response.url] = response

    def dump_state(self, path: Path) -> None:
        """Everything collected so far, for a resumed job (JSON: records, quarantine, responses)."""
        state = {
            "records": [to_line(self.records[key]) for key in sorted(self.records)],
            "quarantined": [q.model_dump(mode="json") for q in self.quarantined],
            "responses": [
                {**r.__dict__, "body": base64.b64encode(r.body).decode("ascii")}
                for r in self.responses.values()
            ],
            "duplicates": self.duplicates,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def load_state(self, path: Path) -> None:
        state = json.loads(path.read_text(encoding="utf-8"))
        for line in state["records"]:
            record = from_line(line)
            self.records[record.id] = record
        self.quarantined.extend(Quarantined.model_validate(q) for q in state["quarantined"])
        for row in state["responses"]:
            self.add_response(RawResponse(**{**row, "body": base64.b64decode(row["body"])}))
        self.duplicates += int(state.get("duplicates", 0))

    def load_partition(self, home: Path, run_date: str) -> None:
        """Start from the partition already written (imports add to it instead of replacing it)."""
        path = raw_partition(home, self.source, run_date)
        if path.is_file():
            for line in read_jsonl(path):
                self.add_record(line, None)
            self.duplicates = 0
        index = path.parent / "responses" / "index.jsonl"
        if index.is_file():
            for row in read_jsonl(index):
                body = (index.parent / row["file"]).read_bytes()
                self.add_response(
                    RawResponse(row["url"], row["status"], row["content_type"], body, row["synthetic"])
                )
        quarantine = quarantine_partition(home, STAGE, self.source, run_date)
        if quarantine.is_file():
            for row in read_jsonl(quarantine):
                self.add_quarantine(Quarantined.model_validate(row))

    def commit(self, home: Path, run_date: str) -> PartitionCounts:
        """Rewrite ``raw/<source>/<run_date>/`` (records, responses) and the quarantine partition."""
        path = raw_partition(home, self.source, run_date)
        parsed = write_jsonl(path, (to_line(self.records[key]) for key in sorted(self.records)))
        self._write_responses(path.parent / "responses")
        entries = sorted(self.quarantined, key=lambda q: (q.source_url or "", q.reason))
        write_quarantine(home, STAGE, self.source, run_date, entries)
        return PartitionCounts(parsed, len(entries), self.duplicates, len(self.responses))

    def _write_responses(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".responses."))
        try:
            index = []
            for url in sorted(self.responses):
                response = self.responses[url]
                name = hashlib.sha1(url.encode("utf-8")).hexdigest()[:16] + _extension(response)
                (staging / name).write_bytes(response.body)
                index.append(
                    {
                        "url": url,
                        "file": name,
                        "status": response.status,
                        "content_type": response.content_type,
                        "synthetic": response.synthetic,
                        "sha256": hashlib.sha256(response.body).hexdigest(),
                    }
                )
            write_jsonl(staging / "index.jsonl", index)
            old = target.with_name(f".{target.name}.old")
            if target.exists():
                os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
