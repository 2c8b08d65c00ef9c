"""Google Patents ``xhr/query`` search JSON → hits (to follow) and minimal records from the hit fields."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from crawlers.parsers.common import (
    ParseContext,
    ParseResult,
    build_patent,
    clean_text,
    cn_patent_type,
    lang_of,
    parse_date,
    split_publication_number,
    unique,
)
from crawlers.parsers.errors import ParseError

SOURCE = "google-patents"
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Hit:
    path: str  # e.g. ``patent/CN111938952B/zh``: the patent page to follow
    publication_number: str


@dataclass(frozen=True)
class SearchPage:
    total: int
    pages: int
    page: int
    hits: list[Hit] = field(default_factory=list)


def _text(value: Any) -> str:
    """Titles and snippets carry ``<b>`` highlights and HTML entities."""
    return clean_text(html.unescape(_TAGS.sub("", str(value or ""))))


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value or "").split(",")
    return unique([_text(v) for v in items])


def _results(body: bytes | str, source_url: str | None) -> dict[str, Any]:
    if not body.strip():
        raise ParseError(SOURCE, "empty body", source_url=source_url)
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise ParseError(SOURCE, f"malformed or truncated search JSON: {exc}", source_url=source_url) from exc
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, dict) or not isinstance(results.get("cluster"), list):
        raise ParseError(SOURCE, "no results.cluster in the search JSON", source_url=source_url)
    return results


def _entries(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every ``result`` entry of every cluster (zero hits: ``cluster`` is ``[{}]``)."""
    return [
        entry
        for cluster in results["cluster"]
        if isinstance(cluster, dict)
        for entry in cluster.get("result", [])
        if isinstance(entry, dict)
    ]


def parse_search_page(body: bytes | str, source_url: str | None = None) -> SearchPage:
    """Paging facts and the hits to follow."""
    results = _results(body, source_url)
    hits = []
    for entry in _entries(results):
        patent = entry.get("patent") or {}
        number = str(patent.get("publication_number") or "").strip()
        path = str(entry.get("id") or "").strip("/")
        if number and path.startswith("patent/"):
            hits.append(Hit(path=path, publication_number=number))
    try:
        return SearchPage(
            total=int(results.get("total_num_results", 0)),
            pages=int(results.get("total_num_pages", 0)),
            page=int(results.get("num_page", 0)),
            hits=hits,
        )
    except (TypeError, ValueError) as exc:
        raise ParseError(SOURCE, f"bad paging fields: {exc}", source_url=source_url) from exc


def parse(body: bytes | str, ctx: ParseContext) -> ParseResult:
    """Each hit → a minimal Patent (number, title, snippet as abstract, dates, names)."""
    result = ParseResult()
    for entry in _entries(_results(body, ctx.source_url)):
        patent = entry.get("patent") or {}
        number = str(patent.get("publication_number") or "").strip()
        if not number:
            result.quarantined.append(ctx.quarantine("search hit without publication_number", entry))
            continue
        try:
            country, _, kind = split_publication_number(number)
            title, snippet = _text(patent.get("title")), _text(patent.get("snippet"))
            data: dict[str, Any] = {
                "publication_number": number,
                "country": country,
                "kind": kind,
                "patent_type": cn_patent_type(country, kind),
                "titles": {lang_of(title): title} if title else {},
                "abstracts": {lang_of(snippet): snippet} if snippet else {},
                "applicants": [{"raw_name": name} for name in _names(patent.get("assignee"))],
                "inventors": _names(patent.get("inventor")),
                "priority_date": parse_date(patent.get("priority_date")),
                "application_date": parse_date(patent.get("filing_date")),
                "publication_date": parse_date(patent.get("publication_date")),
                "grant_date": parse_date(patent.get("grant_date")),
            }
        except ValueError as exc:
            result.quarantined.append(ctx.quarantine(f"{number}: {exc}", entry))
            continue
        build_patent(data, ctx, result, number)
    return result
