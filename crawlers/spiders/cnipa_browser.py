"""A real browser session (scrapy-playwright + Debian chromium) for CNIPA's JavaScript cookie gate."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy_playwright.page import PageMethod
from twisted.python.failure import Failure

from crawlers.parsers.cnipa_epub import page_kind
from crawlers.settings import USER_AGENT
from crawlers.spiders.base import Item, SourceSpider

CHROMIUM = "/usr/bin/chromium"  # Debian's package; never a downloaded browser
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CONTEXT = "cnipa"
# any page that is not the gate: a content page, or the captcha the spider must back off from
READY = "div.home, div.list-container, div.item-detail, #captcha"
_PLAYWRIGHT = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


async def browser_headers(
    *, browser_type_name: str, playwright_request: Any, scrapy_request_data: dict[str, Any]
) -> dict[str, str]:
    """The browser's own headers (cookies included), plus the Content-Type of a form the spider posts."""
    headers: dict[str, str] = await playwright_request.all_headers()
    content_type = scrapy_request_data["headers"].get("Content-Type")
    if content_type and playwright_request.is_navigation_request() and scrapy_request_data["body"]:
        headers["content-type"] = content_type.decode("latin-1")
    return headers


def skip_resource(request: Any) -> bool:
    """Pages only: images, fonts and media are never fetched (less load on the host)."""
    return bool(request.resource_type in ("image", "font", "media"))


class GatedSpider(SourceSpider):
    """Requests go one at a time through one browser context; a captcha stops the run's requests."""

    custom_settings: dict[str, Any] | None = {  # noqa: RUF012 (Scrapy reads it from the class)
        "DOWNLOAD_HANDLERS": {"http": _PLAYWRIGHT, "https": _PLAYWRIGHT},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_FLAGS},
        "PLAYWRIGHT_ABORT_REQUEST": "crawlers.spiders.cnipa_browser.skip_resource",
        "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": "crawlers.spiders.cnipa_browser.browser_headers",
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 30_000,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "CONCURRENT_REQUESTS": 1,
    }

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(base_url=base_url, **kwargs)
        self.pending: deque[Request] = deque()
        self.blocked = False

    def browse(self, url: str, callback: Any, **kwargs: Any) -> Request:
        """A request the browser makes (the gate's script runs; its cookie stays in the context)."""
        meta = {
            "playwright": True,
            "playwright_context": CONTEXT,
            "playwright_context_kwargs": {"user_agent": USER_AGENT, "locale": "zh-CN"},
            "playwright_page_methods": [PageMethod("wait_for_selector", READY, timeout=20_000)],
            **kwargs.pop("meta", {}),
        }
        return Request(url, callback=callback, errback=self.failed, meta=meta, **kwargs)

    def next_request(self) -> Iterator[Request]:
        """One request at a time: polite, deterministic, and nothing is left in flight after a captcha."""
        if self.blocked:
            self._inc("cnipa/skipped_after_captcha", len(self.pending))
            self.pending.clear()
        elif self.pending:
            yield self.pending.popleft()

    def blocked_page(self, response: Response) -> Iterator[Item | Request]:
        """Yields the report for a captcha or an unpassed gate (then the caller stops); else nothing."""
        kind = page_kind(response.body)
        if kind == "captcha":
            self.blocked = True
            self._inc("cnipa/captcha")
            self.logger.warning("captcha at %s: backing off for this run (never solved)", response.url)
            yield self.quarantine(response, "captcha page: backed off, the rest of the run was skipped")
            yield from self.next_request()
        elif kind == "gate":
            self._inc("cnipa/gate_not_passed")
            yield self.quarantine(response, "JavaScript gate not passed")
            yield from self.next_request()

    def failed(self, failure: Failure) -> Iterator[Item | Request]:
        """Quarantined like every spider's failed request, then the queue moves on."""
        self._inc("cnipa/failed")
        yield from self.request_failed(failure)
        yield from self.next_request()

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(key, count)
