"""Commercial / CNIPA export tables (61 Chinese columns; CSV in UTF-8 or GBK, or XLSX) → Patent records."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from crawlers.parsers import cn_common
from crawlers.parsers.common import (
    ParseContext,
    ParseResult,
    build_patent,
    parse_date,
    split_publication_number,
)
from crawlers.parsers.errors import ParseError

SOURCE = "cnipa-export"
NUMBER_COLUMNS = ("公开号", "公开（公告）号", "授权公告号")
REQUIRED = ("申请号", "专利名称")


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    """CSV or XLSX (detected from the bytes) → records; rows that fail go to quarantine."""
    if data.startswith(b"PK\x03\x04"):
        return _parse_rows(_xlsx_rows(data, ctx), ctx)
    return _parse_rows(_csv_rows(data, ctx), ctx)


def _csv_rows(data: bytes, ctx: ParseContext) -> Iterator[list[str]]:
    text = cn_common.decode(data, SOURCE, ctx.source_url)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), strict=True)
    except csv.Error as exc:
        raise ParseError(SOURCE, f"malformed or truncated CSV: {exc}", source_url=ctx.source_url) from exc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes, ctx: ParseContext) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # heavy import, only for XLSX input

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ParseError(SOURCE, f"malformed or truncated XLSX: {exc}", source_url=ctx.source_url) from exc
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in row]
    finally:
        book.close()


def _header(rows: Iterator[list[str]], ctx: ParseContext) -> list[str]:
    for row in rows:
        if any(cell.strip() for cell in row):
            header = [cell.strip() for cell in row]
            while header and not header[-1]:
                header.pop()  # XLSX sheets often carry empty trailing columns
            missing = [col for col in REQUIRED if col not in header]
            if not any(col in header for col in NUMBER_COLUMNS):
                missing.insert(0, " or ".join(NUMBER_COLUMNS))
            if missing:
                shown = "、".join(header[:8]) + ("…" if len(header) > 8 else "")
                raise ParseError(
                    SOURCE,
                    f"no CNIPA export header: missing {'; '.join(missing)} (first row: {shown})",
                    source_url=ctx.source_url,
                )
            return header
    raise ParseError(SOURCE, "empty export", source_url=ctx.source_url)


def _parse_rows(rows: Iterator[list[str]], ctx: ParseContext) -> ParseResult:
    header = _header(rows, ctx)
    result = ParseResult()
    for lineno, row in enumerate(rows, 2):
        while row and len(row) > len(header) and not row[-1].strip():
            row = row[:-1]
        if not any(cell.strip() for cell in row):
            continue
        columns = header
        if len(row) == len(header) - 1 and header[0] not in NUMBER_COLUMNS + REQUIRED + ("序号",):
            columns = header[1:]  # dumps that put the table name in front of the header
        if len(row) != len(columns):
            reason = f"line {lineno}: {len(row)} fields, header has {len(columns)} (truncated or shifted row)"
            result.quarantined.append(ctx.quarantine(reason, ",".join(row)))
            continue
        _parse_row(dict(zip(columns, (cell.strip() for cell in row), strict=True)), lineno, ctx, result)
    return result


def _parse_row(row: dict[str, str], lineno: int, ctx: ParseContext, result: ParseResult) -> None:
    number = next((row[col] for col in NUMBER_COLUMNS if row.get(col)), "")
    label = f"line {lineno} {number}".strip()
    if not number or not row.get("专利名称"):
        result.quarantined.append(ctx.quarantine(f"{label}: no publication number or title", row))
        return
    try:
        country, _, kind = split_publication_number(number)
        priorities = [parse_date(value) for value in cn_common.split_list(row.get("优先权日"))]
        data: dict[str, Any] = {
            "publication_number": number.replace(" ", "").upper(),
            "country": country,
            "kind": kind,
            "patent_type": cn_common.patent_type(row.get("专利类型"), country, kind),
            "application_number": row.get("申请号") or None,
            "titles": {"zh": row["专利名称"]},
            "abstracts": {"zh": row["申请摘要"]} if row.get("申请摘要") else {},
            "claims": {"zh": row["主权项"]} if row.get("主权项") else {},
            "applicants": cn_common.applicants(row.get("申请人"), row.get("申请人地址"), row.get("国省代码")),
            "inventors": cn_common.split_list(row.get("发明人")),
            "ipc": cn_common.ipc_codes(row.get("主分类号"), row.get("分类号")),
            "cpc": cn_common.ipc_codes(row.get("CPC主分类号"), row.get("CPC分类号")),
            "application_date": parse_date(row.get("申请日")),
            "publication_date": parse_date(row.get("公开日")),
            "grant_date": parse_date(row.get("授权公告日")),
            "priority_date": min((d for d in priorities if d), default=None),
            "legal_status_raw": row.get("法律状态") or None,
            "agency": row.get("专利代理机构") or None,
            "citations": cn_common.split_list(row.get("引证专利")),
        }
    except ValueError as exc:
        result.quarantined.append(ctx.quarantine(f"{label}: {exc}", row))
        return
    build_patent(data, ctx, result, label)
