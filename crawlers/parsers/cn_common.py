"""What the CN export formats share: text decoding, applicant lists, 国省代码 and patent types."""

from __future__ import annotations

import re
from typing import Any

from crawlers.parsers.common import cn_patent_type, normalize_ipc, unique
from crawlers.parsers.errors import ParseError
from transforms.records import PatentType

_REGION = re.compile(r"^\s*(.+?)\s*[;；(（]\s*([0-9A-Za-z]{2})\s*[)）]?\s*$")
_TYPES = {"实用新型": PatentType.UTILITY_MODEL, "外观设计": PatentType.DESIGN, "发明": PatentType.INVENTION}


def decode(data: bytes, source: str, source_url: str | None) -> str:
    """UTF-8 (with or without BOM), else GBK/GB18030; a UTF-8 file cut inside a character still reads."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ParseError(source, f"neither UTF-8 nor GBK text: {exc}", source_url=source_url) from exc


def split_list(value: str | None) -> list[str]:
    """``a;b；c`` → [a, b, c] (CNIPA lists use ASCII or full-width semicolons)."""
    return unique([part.strip() for part in re.split(r"[;；]", value or "")])


def region_place(code: str | None) -> dict[str, str]:
    """国省代码 as stated: ``河南(41)`` / ``江苏;32`` → CN + province; ``日本;JP`` → country JP."""
    match = _REGION.match(code or "")
    if not match:
        return {}
    name, suffix = match.groups()
    if suffix.isdigit():
        return {"country": "CN", "province": name}
    return {"country": suffix.upper()}


def applicants(names: str | None, address: str | None, region: str | None) -> list[dict[str, Any]]:
    """Applicant parties; CNIPA states the address (and 国省代码) of the first applicant only."""
    parties: list[dict[str, Any]] = [{"raw_name": name} for name in split_list(names)]
    if parties:
        if address and address.strip():
            parties[0]["address"] = address.strip()
        place = region_place(region)
        if place:
            parties[0]["place"] = place
    return parties


def ipc_codes(main: str | None, others: str | None) -> list[str]:
    """Main IPC first, then the rest; codes that do not parse are kept as stated for transforms to judge."""
    codes = [normalize_ipc(code) or code.replace(" ", "") for code in split_list(main) + split_list(others)]
    return unique(codes)


def patent_type(label: str | None, country: str, kind: str | None) -> PatentType:
    """专利类型 (发明公开 / 发明授权 / 实用新型 / 外观设计), else the kind code."""
    for word, value in _TYPES.items():
        if word in (label or ""):
            return value
    return cn_patent_type(country, kind)
