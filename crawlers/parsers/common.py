"""Shared pieces of the parsers: parse context, result, dates, IPC codes and record building."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError

from patentdb import PIPELINE_VERSION
from transforms.errors import NormalizationError
from transforms.ipc import normalize_ipc as canonical_ipc
from transforms.records import Lang, Patent, PatentType, Provenance, Quarantined, Trademark

PARSE_STAGE = "parse"
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ParseContext:
    """What a parser is told about its input (it never looks at a clock or the network)."""

    source: str
    source_url: str | None
    fetched_at: dt.datetime
    synthetic: bool = False
    pipeline_version: str = PIPELINE_VERSION

    def provenance(self) -> Provenance:
        return Provenance(
            source=self.source,
            source_url=self.source_url,
            fetched_at=self.fetched_at,
            pipeline_version=self.pipeline_version,
            synthetic=self.synthetic,
        )

    def quarantine(self, reason: str, payload: dict[str, Any] | str) -> Quarantined:
        body: dict[str, object] | str = payload if isinstance(payload, str) else _jsonable(payload)
        return Quarantined(
            stage=PARSE_STAGE, source=self.source, reason=reason, source_url=self.source_url, payload=body
        )


RecordT = TypeVar("RecordT", Patent, Trademark)


@dataclass
class ParseResult:
    """Records parsed from one input, and the records that could not be built (with reasons)."""

    records: list[Patent | Trademark] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)

    def extend(self, other: ParseResult) -> None:
        self.records.extend(other.records)
        self.quarantined.extend(other.quarantined)


def _jsonable(payload: dict[str, Any]) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
    return loaded


def build_patent(data: dict[str, Any], ctx: ParseContext, result: ParseResult, label: str) -> None:
    """Validate one record; a record that fails goes to quarantine with the reason, never silently."""
    _build(Patent, data, ctx, result, label)


def build_trademark(data: dict[str, Any], ctx: ParseContext, result: ParseResult, label: str) -> None:
    """Like :func:`build_patent`, for a trademark record."""
    _build(Trademark, data, ctx, result, label)


def _build(
    model: type[RecordT], data: dict[str, Any], ctx: ParseContext, result: ParseResult, label: str
) -> None:
    try:
        result.records.append(model.model_validate({**data, "provenance": ctx.provenance()}))
    except ValidationError as exc:
        reason = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5]
        )
        result.quarantined.append(ctx.quarantine(f"{label}: {reason}", data))


def parse_date(value: str | None) -> dt.date | None:
    """YYYYMMDD, YYYY-MM-DD or YYYY.MM.DD; empty and the exporters' ``0`` mean unknown.

    Raises ValueError for anything else, so the record is quarantined instead of guessed.
    """
    text = (value or "").strip()
    if not text or text == "0":
        return None
    digits = re.sub(r"[-./]", "", text)
    if len(digits) != 8 or not digits.isdigit():
        raise ValueError(f"not a date: {text!r}")
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r} ({exc})") from exc


def normalize_ipc(text: str | None) -> str | None:
    """``H04W  84/    20  A I`` → ``H04W84/20`` (the one IPC grammar, transforms.ipc); None for text that is
    not an IPC symbol."""
    try:
        return canonical_ipc(text or "")
    except NormalizationError:
        return None


def unique(values: list[str]) -> list[str]:
    """Drop empty and repeated values, keeping the first occurrence's order."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


def clean_text(text: str | None) -> str:
    """Collapse whitespace (incl. the en-spaces OPS puts in names) and trim."""
    return _SPACES.sub(" ", (text or "").replace("\u2002", " ")).strip()


def lang_of(text: str) -> Lang:
    """The records model keeps zh and en only: text with CJK characters is zh."""
    return "zh" if _CJK.search(text) else "en"


def cn_patent_type(country: str, kind: str | None) -> PatentType:
    """Patent type stated by a CN kind code (A/B/C invention, U/Y utility model, S/D design)."""
    if country != "CN" or not kind:
        return PatentType.UNKNOWN
    letter = kind[0].upper()
    if letter in "ABC":
        return PatentType.INVENTION
    if letter in "UY":
        return PatentType.UTILITY_MODEL
    if letter in "SD":
        return PatentType.DESIGN
    return PatentType.UNKNOWN


_PUB = re.compile(r"^([A-Z]{2})(\d[\dA-Z.]*?)([A-Z]\d?)?$")


def split_publication_number(number: str) -> tuple[str, str, str | None]:
    """``CN218751475U`` → (``CN``, ``218751475``, ``U``); raises ValueError for other shapes."""
    compact = re.sub(r"[\s.]", "", number.upper())
    match = _PUB.match(compact)
    if not match:
        raise ValueError(f"not a publication number: {number!r}")
    country, digits, kind = match.groups()
    return country, digits, kind
