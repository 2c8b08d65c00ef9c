"""Google Patents patent page HTML (schema.org microdata) → one Patent record."""

from __future__ import annotations

from typing import Any

from parsel import Selector, SelectorList

from crawlers.parsers.common import (
    ParseContext,
    ParseResult,
    build_patent,
    clean_text,
    cn_patent_type,
    lang_of,
    parse_date,
    unique,
)
from crawlers.parsers.errors import ParseError

SOURCE = "google-patents"
_ARTICLE = "//article[@itemtype='http://schema.org/ScholarlyArticle']"


def _text(nodes: Selector | SelectorList[Selector]) -> str:
    return clean_text(" ".join(nodes.xpath(".//text()").getall()))


def _first_text(scope: Selector, xpath: str) -> str | None:
    nodes = scope.xpath(xpath)
    return _text(nodes[:1]) or None if nodes else None


def _date(scope: Selector, prop: str) -> str | None:
    return scope.xpath(f"(.//time[@itemprop='{prop}']/@datetime)[1]").get()


def _events(article: Selector) -> tuple[list[dict[str, Any]], str | None]:
    events: list[dict[str, Any]] = []
    for row in article.xpath(".//tr[@itemprop='legalEvents']"):
        description = _first_text(row, ".//*[@itemprop='title']") or ""
        code = _first_text(row, ".//*[@itemprop='code']")
        events.append(
            {
                "date": parse_date(row.xpath(".//time[@itemprop='date']/@datetime").get()),
                "code": code,
                "description": description or code or "",
            }
        )
    granted = article.xpath(
        ".//dd[@itemprop='events'][.//*[@itemprop='type']/text()='granted']//time/@datetime"
    ).get()
    return events, granted


def _cpc(article: Selector) -> list[str]:
    """The classifications block (absent on some pages): CPC leaf codes, the first-listed code first."""
    items = article.xpath(".//*[@itemprop='classifications' and .//*[@itemprop='Code']]")
    first: list[str] = []
    leaves: list[str] = []
    others: list[str] = []
    for item in items:
        if item.xpath("./meta[@itemprop='IsCPC']/@content").get() != "true":
            continue
        code = clean_text(item.xpath("./*[@itemprop='Code']/text()").get()).replace(" ", "")
        if "/" not in code:
            continue
        if item.xpath("./meta[@itemprop='FirstCode']/@content").get() == "true":
            first.append(code)
        if item.xpath("./meta[@itemprop='Leaf']/@content").get() == "true":
            leaves.append(code)
        else:
            others.append(code)
    return unique(first + (leaves or others))


def parse(body: bytes | str, ctx: ParseContext) -> ParseResult:
    """A patent page → one Patent; a page that is not a patent page raises ParseError."""
    html = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    if not html.strip():
        raise ParseError(SOURCE, "empty body", source_url=ctx.source_url)
    page = Selector(text=html)
    article = page.xpath(_ARTICLE)
    if not article:
        raise ParseError(
            SOURCE, "no patent article (truncated page or not a patent page)", source_url=ctx.source_url
        )
    scope = article[0]
    number = _first_text(scope, "(.//dd[@itemprop='publicationNumber'])[1]")
    result = ParseResult()
    if not number:
        result.quarantined.append(ctx.quarantine("page without publicationNumber", html[:4000]))
        return result
    country = _first_text(scope, "(.//dd[@itemprop='countryCode'])[1]") or number[:2]
    kind = scope.xpath("(.//meta[@itemprop='kindCode']/@content)[1]").get()
    title = _first_text(scope, "./span[@itemprop='title']") or ""
    abstract_node = scope.xpath(".//section[@itemprop='abstract']//*[@itemprop='content']")
    abstract = _text(abstract_node)
    abstract_lang = (abstract_node.xpath(".//abstract/@lang").get() or "").lower()
    try:
        events, granted = _events(scope)
        data: dict[str, Any] = {
            "publication_number": number,
            "country": country,
            "kind": kind,
            "patent_type": cn_patent_type(country, kind),
            "application_number": _first_text(scope, "(.//dd[@itemprop='applicationNumber'])[1]"),
            "titles": {lang_of(title): title} if title else {},
            "abstracts": {abstract_lang if abstract_lang in ("zh", "en") else lang_of(abstract): abstract}
            if abstract
            else {},
            "applicants": [
                {"raw_name": name}
                for name in unique([_text(n) for n in scope.xpath(".//dd[@itemprop='assigneeOriginal']")])
            ],
            "inventors": unique([_text(n) for n in scope.xpath(".//dd[@itemprop='inventor']")]),
            "cpc": _cpc(scope),
            "priority_date": parse_date(_date(scope, "priorityDate")),
            "application_date": parse_date(_date(scope, "filingDate")),
            "publication_date": parse_date(_date(scope, "publicationDate")),
            "grant_date": parse_date(granted),
            "legal_status_raw": _first_text(scope, ".//*[@itemprop='legalStatusIfi']/*[@itemprop='status']"),
            "legal_events": events,
            "citations": unique(
                scope.xpath(
                    ".//tr[@itemprop='backwardReferences' or @itemprop='backwardReferencesOrig']"
                    "//*[@itemprop='publicationNumber']/text()"
                ).getall()
            ),
        }
    except ValueError as exc:
        result.quarantined.append(ctx.quarantine(f"{number}: {exc}", html[:4000]))
        return result
    build_patent(data, ctx, result, number)
    return result
