"""CNIPA TRS bulk format (``<REC>`` records of ``<字段>=值`` lines) → Patent records."""

from __future__ import annotations

import re
from typing import Any

from crawlers.parsers import cn_common
from crawlers.parsers.common import (
    ParseContext,
    ParseResult,
    build_patent,
    clean_text,
    parse_date,
    split_publication_number,
)
from crawlers.parsers.errors import ParseError

SOURCE = "cnipa-trs"
_FIELD = re.compile(r"^<([^<>=/]+)>=(.*)$")
_TAG = re.compile(r"<[^>]+>")


def split_records(text: str) -> list[dict[str, str]]:
    """Records start at ``<REC>`` (or, in loosely written files, where a field repeats)."""
    records: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "<REC>":
            current, last = {}, None
            records.append(current)
            continue
        match = _FIELD.match(stripped)
        if match:
            key, value = match.group(1).strip(), match.group(2).strip()
            if current is None or key in current:
                current = {}
                records.append(current)
            current[key] = value
            last = key
        elif stripped and current is not None and last is not None:
            current[last] += "\n" + stripped  # a value continued on the next line
    return [record for record in records if record]


def _markup_free(value: str | None) -> str:
    """Abstracts and claims carry ``<img>`` / ``<sub>`` markup: keep the text only."""
    return clean_text(_TAG.sub("", value or ""))


def parse(data: bytes | str, ctx: ParseContext) -> ParseResult:
    """A TRS file → records; a file without any TRS field raises ParseError."""
    text = data if isinstance(data, str) else cn_common.decode(data, SOURCE, ctx.source_url)
    records = split_records(text)
    if not records:
        raise ParseError(SOURCE, "no TRS records (<REC> / <字段>=值)", source_url=ctx.source_url)
    result = ParseResult()
    for index, record in enumerate(records, 1):
        _parse_record(record, index, ctx, result)
    return result


def _parse_record(rec: dict[str, str], index: int, ctx: ParseContext, result: ParseResult) -> None:
    number = rec.get("公开（公告）号", "")
    label = f"record {index} {number}".strip()
    if not number or not rec.get("名称") or not rec.get("申请号"):
        result.quarantined.append(
            ctx.quarantine(f"{label}: missing 公开（公告）号 / 名称 / 申请号 (truncated?)", rec)
        )
        return
    try:
        country, _, kind = split_publication_number(number)
        abstract = _markup_free(rec.get("摘要"))
        claim = _markup_free(rec.get("主权项"))
        data: dict[str, Any] = {
            "publication_number": number.replace(" ", "").upper(),
            "country": country,
            "kind": kind,
            "patent_type": cn_common.patent_type(None, country, kind),
            "application_number": rec.get("申请号"),
            "titles": {"zh": rec["名称"]},
            "abstracts": {"zh": abstract} if abstract else {},
            "claims": {"zh": claim} if claim else {},
            "applicants": cn_common.applicants(
                rec.get("申请（专利权）人"), rec.get("地址"), rec.get("国省代码")
            ),
            "inventors": cn_common.split_list(rec.get("发明（设计）人")),
            "ipc": cn_common.ipc_codes(rec.get("主分类号"), rec.get("分类号")),
            "application_date": parse_date(rec.get("申请日")),
            "publication_date": parse_date(rec.get("公开（公告）日")),
            "agency": rec.get("专利代理机构") or None,
        }
    except ValueError as exc:
        result.quarantined.append(ctx.quarantine(f"{label}: {exc}", rec))
        return
    build_patent(data, ctx, result, label)
