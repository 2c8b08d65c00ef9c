"""What every spider shares: base-URL mapping, provenance facts from the response, item emission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

from scrapy import Spider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.items import QuarantineItem, RecordItem, ResponseItem
from crawlers.parsers.common import ParseContext, ParseResult
from crawlers.parsers.errors import ParseError
from crawlers.replay import SYNTHETIC_HEADER
from transforms.io import to_line
from transforms.records import Quarantined

Item = RecordItem | QuarantineItem | ResponseItem


class SourceSpider(Spider):
    """A spider of one source: ``base_url`` can point at the replay server; records keep public URLs."""

    source_id: str = ""
    public_base_url: str = ""
    handle_httpstatus_list: ClassVar[list[int]] = [404, 429]

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = (base_url or self.public_base_url).rstrip("/")

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def stat(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def public_url(self, url: str) -> str:
        """The URL as it is on the real host, so a replayed run writes the same partition on any port."""
        if url.startswith(self.base_url):
            return self.public_base_url + url[len(self.base_url) :]
        return url

    def fetched_at(self, response: Response) -> dt.datetime:
        """The server's Date (recorded Date when replayed); else the start of the run date."""
        raw = response.headers.get("Date")
        if raw:
            try:
                return parsedate_to_datetime(raw.decode("latin-1")).astimezone(dt.UTC)
            except (TypeError, ValueError):
                pass
        run_date = dt.date.fromisoformat(str(self.settings.get("RUN_DATE")))
        return dt.datetime.combine(run_date, dt.time(), tzinfo=dt.UTC)

    def context(self, response: Response) -> ParseContext:
        return ParseContext(
            source=self.source_id,
            source_url=self.public_url(response.url),
            fetched_at=self.fetched_at(response),
            synthetic=response.headers.get(SYNTHETIC_HEADER) == b"1",
        )

    def quarantine(self, response: Response, reason: str) -> QuarantineItem:
        entry = Quarantined(
            stage="crawl",
            source=self.source_id,
            reason=reason,
            source_url=self.public_url(response.url),
            payload=response.text[:4000] if response.body else "",
        )
        return QuarantineItem(entry.model_dump(mode="json"))

    def request_failed(self, failure: Failure) -> Iterator[Item]:
        """The errback of every request: an HTTP error the callback does not take (a 503 after its retries)
        or no response at all (timeout, DNS, refused) is quarantined with its reason, never just logged."""
        request = failure.request  # type: ignore[attr-defined]
        response: Response | None = getattr(failure.value, "response", None)
        if response is not None:
            reason = f"HTTP {response.status} (after retries)"
        else:
            reason = f"request failed: {failure.getErrorMessage()[:300]}"
        self.logger.error("%s: %s", request.url, reason)
        self.stat("crawl/request_failed")
        entry = Quarantined(
            stage="crawl",
            source=self.source_id,
            reason=reason,
            source_url=self.public_url(request.url),
            payload=response.text[:4000] if response is not None and response.body else "",
        )
        yield QuarantineItem(entry.model_dump(mode="json"))

    def truncated(self, response: Response, fetched: str, available: str, setting: str) -> QuarantineItem:
        """A search that has more results than the run may page through: recorded as a quarantine entry
        (counted in the run's summary), so a cut never passes silently."""
        reason = f"results truncated: fetched {fetched} of {available}; narrow the window or raise {setting}"
        self.logger.warning("%s: %s", response.url, reason)
        self.stat("crawl/truncated")
        return self.quarantine(response, reason)

    def response_item(self, response: Response) -> ResponseItem:
        """The raw response, kept so transforms can be replayed (stored under its public URL)."""
        return ResponseItem(
            url=self.public_url(response.url),
            status=response.status,
            content_type=(response.headers.get("Content-Type") or b"").decode("latin-1"),
            body=response.body,
            synthetic=response.headers.get(SYNTHETIC_HEADER) == b"1",
        )

    def emit(
        self, response: Response, parser: Callable[[bytes, ParseContext], ParseResult]
    ) -> Iterator[Item]:
        """Keep the raw response, parse it, and yield records and quarantine entries (never drop silently)."""
        ctx = self.context(response)
        yield self.response_item(response)
        try:
            result = parser(response.body, ctx)
        except ParseError as exc:
            prefix = f"HTTP {response.status}: " if response.status >= 400 else ""
            yield self.quarantine(response, prefix + str(exc))
            return
        if response.status >= 400:  # an error page that still parsed: keep nothing from it
            yield self.quarantine(response, f"HTTP {response.status}")
            return
        for record in result.records:
            yield RecordItem(to_line(record), ctx.source_url)
        for entry in result.quarantined:
            yield QuarantineItem(entry.model_dump(mode="json"))
