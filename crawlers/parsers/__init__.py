"""Pure parsers (page objects): bytes/str in, typed records and quarantine entries out; no Scrapy, no I/O."""

from __future__ import annotations

from crawlers.parsers.common import ParseContext, ParseResult
from crawlers.parsers.errors import ParseError

__all__ = ["ParseContext", "ParseError", "ParseResult"]
