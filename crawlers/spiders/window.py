"""Date windows of incremental crawls (the Airflow data interval) and the argument helpers spiders share."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, model_validator


def json_or_csv(value: Any) -> Any:
    """``-a numbers=A,B`` / ``-a searches='[{"q": …}]'`` → a list; other values pass through."""
    if isinstance(value, str):
        text = value.strip()
        return json.loads(text) if text.startswith("[") else [v for v in text.split(",") if v]
    return value


def compact_numbers(value: list[str]) -> list[str]:
    """Publication numbers in their compact form (``CN 218751475 U`` → ``CN218751475U``)."""
    from crawlers.parsers.common import split_publication_number

    return ["".join(part for part in split_publication_number(n) if part) for n in value]


def truthy(value: Any) -> Any:
    """``-a legal=1`` / ``true`` / ``yes`` → True (spider arguments arrive as strings)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return value


class Window(BaseModel):
    """Publication dates ``since``..``until`` (both inclusive); an open end is unbounded."""

    since: date | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        return self

    @property
    def bounded(self) -> bool:
        return self.since is not None and self.until is not None

    def split(self) -> tuple[Window, Window] | None:
        """Two halves (the first ends at the midpoint); None for a one-day or open window."""
        if self.since is None or self.until is None or self.since >= self.until:
            return None
        middle = self.since + timedelta(days=(self.until - self.since).days // 2)
        return Window(since=self.since, until=middle), Window(
            since=middle + timedelta(days=1), until=self.until
        )

    def ops_cql(self) -> str:
        """The OPS CQL clause, e.g. ``pd within "20230101 20231231"`` ("" when unbounded)."""
        if not (self.since or self.until):
            return ""
        start = (self.since or date(1900, 1, 1)).strftime("%Y%m%d")
        end = (self.until or date(2999, 12, 31)).strftime("%Y%m%d")
        return f'pd within "{start} {end}"'
