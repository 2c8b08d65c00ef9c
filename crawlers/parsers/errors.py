"""The one error every parser raises for input it cannot read at all."""

from __future__ import annotations


class ParseError(ValueError):
    """Malformed, truncated or unexpected input: nothing could be parsed from it.

    Problems limited to one record never raise this: they become quarantine entries.
    """

    def __init__(self, source: str, message: str, *, source_url: str | None = None) -> None:
        where = f" ({source_url})" if source_url else ""
        super().__init__(f"{source}{where}: {message}")
        self.source = source
        self.message = message
        self.source_url = source_url
