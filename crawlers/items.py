"""Items spiders yield: parsed records, quarantine entries and the raw responses they came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class RecordItem:
    """One record envelope (``{record_type, record}``), validated again by the pipeline."""

    line: dict[str, Any]
    source_url: str | None


@dataclass
class QuarantineItem:
    """A ``transforms.records.Quarantined`` entry, dumped to JSON-able form."""

    entry: dict[str, Any]


@dataclass
class ResponseItem:
    """A raw response body to keep under ``raw/<source>/<run_date>/responses/``."""

    url: str
    status: int
    content_type: str
    body: bytes
    synthetic: bool
