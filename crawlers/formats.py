"""File formats the parsers read (for `patentdb parse` / `patentdb import`): name → source id and parser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crawlers.parsers import (
    cnipa_epub,
    cnipa_export,
    cnipa_gazette,
    epo_ops,
    google_patents,
    google_search,
    trs,
    tsdr,
)
from crawlers.parsers.common import ParseContext, ParseResult

Parser = Callable[[bytes, ParseContext], ParseResult]


def _google(data: bytes, ctx: ParseContext) -> ParseResult:
    """A patent page (HTML) or an ``xhr/query`` search response (JSON)."""
    if data.lstrip()[:1] in (b"{", b"["):
        return google_search.parse(data, ctx)
    return google_patents.parse(data, ctx)


@dataclass(frozen=True)
class Format:
    name: str
    source: str  # the raw partition an import writes: raw/<source>/<run_date>/
    parser: Parser


def formats() -> dict[str, Format]:
    """Every format the parsers read."""
    return {
        "epo-ops": Format("epo-ops", "epo-ops", epo_ops.parse),
        "google-patents": Format("google-patents", "google-patents", _google),
        "cnipa-export": Format("cnipa-export", "cnipa-export", cnipa_export.parse),
        "trs": Format("trs", "cnipa-trs", trs.parse),
        "cnipa-trs": Format("cnipa-trs", "cnipa-trs", trs.parse),
        "cnipa-epub": Format("cnipa-epub", "cnipa-epub", cnipa_epub.parse),
        "cnipa-gazette": Format("cnipa-gazette", "cnipa-trademarks", cnipa_gazette.parse),
        "tsdr": Format("tsdr", "tsdr", tsdr.parse),
    }


def get_format(name: str) -> Format:
    known = formats()
    if name not in known:
        raise ValueError(f"unknown format {name!r}; one of {', '.join(sorted(known))}")
    return known[name]
