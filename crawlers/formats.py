"""File formats the parsers read (for `patentdb parse` / `patentdb import`): name → source id and parser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crawlers.parsers.common import ParseContext, ParseResult

Parser = Callable[[bytes, ParseContext], ParseResult]


def _google(data: bytes, ctx: ParseContext) -> ParseResult:
    """A patent page (HTML) or an ``xhr/query`` search response (JSON)."""
    from crawlers.parsers import google_patents, google_search

    if data.lstrip()[:1] in (b"{", b"["):
        return google_search.parse(data, ctx)
    return google_patents.parse(data, ctx)


@dataclass(frozen=True)
class Format:
    name: str
    source: str  # the raw partition an import writes: raw/<source>/<run_date>/
    parser: Parser


#: Every format name → the raw partition (source id) an import writes; the CLI lists these without
#: importing a parser.
FORMAT_SOURCES: dict[str, str] = {
    "epo-ops": "epo-ops",
    "google-patents": "google-patents",
    "cnipa-export": "cnipa-export",
    "trs": "cnipa-trs",
    "cnipa-trs": "cnipa-trs",
    "cnipa-epub": "cnipa-epub",
    "cnipa-gazette": "cnipa-trademarks",
    "tsdr": "tsdr",
}


def formats() -> dict[str, Format]:
    """Every format the parsers read (the parsers are imported here, on first use)."""
    from crawlers.parsers import cnipa_epub, cnipa_export, cnipa_gazette, epo_ops, trs, tsdr

    parsers: dict[str, Parser] = {
        "epo-ops": epo_ops.parse,
        "google-patents": _google,
        "cnipa-export": cnipa_export.parse,
        "trs": trs.parse,
        "cnipa-trs": trs.parse,
        "cnipa-epub": cnipa_epub.parse,
        "cnipa-gazette": cnipa_gazette.parse,
        "tsdr": tsdr.parse,
    }
    return {name: Format(name, source, parsers[name]) for name, source in FORMAT_SOURCES.items()}


def get_format(name: str) -> Format:
    known = formats()
    if name not in known:
        raise ValueError(f"unknown format {name!r}; one of {', '.join(sorted(known))}")
    return known[name]
