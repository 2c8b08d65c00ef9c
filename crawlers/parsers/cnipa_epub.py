"""CNIPA 中国专利公布公告 (epub.cnipa.gov.cn) pages → page kind, search result pages, Patent records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from parsel import Selector

from crawlers.parsers.cn_common import applicants, ipc_codes, split_list
from crawlers.parsers.common import (
    ParseContext,
    ParseResult,
    build_patent,
    clean_text,
    cn_patent_type,
    parse_date,
    split_publication_number,
)
from crawlers.parsers.errors import ParseError

SOURCE = "cnipa-epub"
PageKind = Literal["gate", "captcha", "home", "search", "detail", "unknown"]
# a detail page's labels (申请公布号 for A documents, 授权公告号 for B/U/S) → field
LABELS = {
    "申请公布号": "pub_number",
    "授权公告号": "pub_number",
    "申请公布日": "pub_date",
    "授权公告日": "pub_date",
    "申请号": "app_number",
    "申请日": "app_date",
    "申请人": "applicant",
    "专利权人": "applicant",
    "地址": "address",
    "发明人": "inventor",
    "设计人": "inventor",
    "分类号": "classification",
    "专利代理机构": "agency",
    "代理人": "agent",
}
_GRANTED_KINDS = ("B", "C", "U", "Y", "S")
_APP_NUMBER = re.compile(r"^\d{12}[\dX]$|^\d{8}[\dX]$")


def page_kind(body: bytes) -> PageKind:
    """What a response is: the JavaScript cookie gate, a captcha (never solved), or a content page."""
    sel = Selector(text=body.decode("utf-8", "replace"), type="html")
    if sel.css("#captcha, form.captcha, img.captcha-img"):
        return "captcha"
    if sel.xpath("//script[contains(., 'document.cookie')]") and not sel.css(
        "div.item-detail, div.list-container"
    ):
        return "gate"
    if sel.css("div.item-detail"):
        return "detail"
    if sel.css("div.list-container"):
        return "search"
    if sel.css("div.home"):
        return "home"
    return "unknown"


@dataclass(frozen=True)
class SearchPage:
    total: int
    page: int
    pages: int
    detail_paths: list[str]


def parse_search_page(body: bytes, source_url: str | None = None) -> SearchPage:
    """A result list: total hits, page numbers and the ``/patent/CN…`` links of the page."""
    sel = Selector(text=body.decode("utf-8", "replace"), type="html")
    box = sel.css("div.list-container")
    if not box:
        raise ParseError(SOURCE, "not a result list page", source_url=source_url)
    try:
        total = int(box.attrib.get("data-total", "0"))
        page = int(box.attrib.get("data-page", "1"))
        pages = int(box.attrib.get("data-pages", "1"))
    except ValueError as exc:
        raise ParseError(SOURCE, f"bad paging attributes: {exc}", source_url=source_url) from exc
    links = [href for href in box.css("div.list-item a::attr(href)").getall() if href.startswith("/patent/")]
    return SearchPage(total, page, pages, list(dict.fromkeys(links)))


def _fields(detail: Selector) -> dict[str, str]:
    fields: dict[str, str] = {}
    for dt_node in detail.css("dl.biblio dt"):
        label = clean_text(" ".join(dt_node.xpath(".//text()").getall())).rstrip(":：").strip()
        dd = dt_node.xpath("following-sibling::dd[1]")
        key = LABELS.get(label)
        if key and dd and key not in fields:
            fields[key] = clean_text(" ".join(dd.xpath(".//text()").getall()))
    return fields


def _events(detail: Selector) -> list[dict[str, Any]]:
    """事务数据 rows ``{index, app_number, date, description}`` → legal events (date order as stated)."""
    events: list[dict[str, Any]] = []
    for row in detail.css("table.transactions tr"):
        cells = [clean_text(" ".join(td.xpath(".//text()").getall())) for td in row.css("td")]
        if len(cells) < 4:
            continue  # the header row
        _index, _app_number, date, description = cells[:4]
        events.append({"date": parse_date(date), "description": description})
    return events


def _record(detail: Selector, fields: dict[str, str]) -> dict[str, Any]:
    country, digits, kind = split_publication_number(fields["pub_number"])
    pub_date = parse_date(fields.get("pub_date"))
    app_number = re.sub(r"[\s.]", "", fields.get("app_number", "")).upper()
    if app_number and not _APP_NUMBER.match(app_number):
        raise ValueError(f"not a CN application number: {fields['app_number']!r}")
    title = clean_text(" ".join(detail.css("h1.title ::text").getall()))
    abstract = clean_text(" ".join(detail.css("div.abstract p ::text").getall()))
    agency = fields.get("agency")
    if agency and fields.get("agent"):
        agency = f"{agency} (代理人: {fields['agent']})"
    return {
        "publication_number": f"{country}{digits}{kind or ''}",
        "country": country,
        "kind": kind,
        "patent_type": cn_patent_type(country, kind),
        "application_number": f"CN{app_number[:-1]}.{app_number[-1]}" if app_number else None,
        "titles": {"zh": title} if title else {},
        "abstracts": {"zh": abstract} if abstract else {},
        "applicants": applicants(fields.get("applicant"), fields.get("address"), None),
        "inventors": split_list(fields.get("inventor")),
        "ipc": ipc_codes(fields.get("classification"), None),
        "application_date": parse_date(fields.get("app_date")),
        "publication_date": pub_date,
        "grant_date": pub_date if kind and kind[0] in _GRANTED_KINDS else None,
        "legal_events": _events(detail),
        "agency": agency,
    }


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    """One detail page ``/patent/CN…`` → one Patent (applicant raw name + address, 事务数据 as events).

    Raises ParseError for the gate, a captcha, or any page that is not a detail page.
    """
    if b"</html>" not in data[-512:].lower():
        raise ParseError(SOURCE, "truncated page (no closing </html>)", source_url=ctx.source_url)
    kind = page_kind(data)
    if kind != "detail":
        raise ParseError(SOURCE, f"not a detail page ({kind})", source_url=ctx.source_url)
    detail = Selector(text=data.decode("utf-8", "replace"), type="html").css("div.item-detail")[0]
    fields = _fields(detail)
    result = ParseResult()
    if "pub_number" not in fields:
        result.quarantined.append(ctx.quarantine("detail page without a publication number", fields))
        return result
    try:
        record = _record(detail, fields)
    except ValueError as exc:
        result.quarantined.append(ctx.quarantine(f"{fields['pub_number']}: {exc}", fields))
        return result
    build_patent(record, ctx, result, fields["pub_number"])
    return result
