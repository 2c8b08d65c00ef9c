"""Downloader middleware: the EPO OPS OAuth token, cached until expiry and renewed on 401 / invalid token."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

log = logging.getLogger(__name__)
_INVALID = (b"invalid_access_token", b"invalid_token", b"expired_token", b"Access token has expired")


def is_auth_failure(response: Response) -> bool:
    """OPS says the bearer token is bad: 401, or 400/403 naming an invalid or expired token."""
    if response.status == 401:
        return True
    if response.status not in (400, 403):
        return False
    challenge = response.headers.get("WWW-Authenticate") or b""
    return any(marker in response.body or marker in challenge for marker in _INVALID)


def token_from(body: bytes) -> tuple[str, float]:
    """``(access_token, expires_in seconds)`` of an OPS token response; ValueError when absent."""
    try:
        data = json.loads(body)
        return str(data["access_token"]), float(data.get("expires_in") or 1199)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"no access_token in the token response: {exc}") from exc


class OpsAuthMiddleware:
    """Adds ``Authorization: Bearer`` to requests with ``meta['ops_auth']``.

    One token is shared by all requests and fetched once at a time (a lock); it is renewed
    ``OPS_TOKEN_MARGIN`` seconds before ``expires_in`` runs out, and when OPS rejects it. The
    rejected request is sent again once with the new token (``dont_filter``: the dupefilter has
    seen it); a second rejection reaches the spider, which quarantines it.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.margin = crawler.settings.getfloat("OPS_TOKEN_MARGIN", 60.0)
        self.token: str | None = None
        self.expires_at = 0.0
        self.lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if not request.meta.get("ops_auth"):
            return None
        token = await self._token()
        request.headers["Authorization"] = f"Bearer {token}"
        request.meta["ops_token"] = token
        return None

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if not request.meta.get("ops_auth") or not is_auth_failure(response):
            return response
        if request.meta.get("ops_auth_retried"):
            log.warning("OPS rejected a renewed token for %s (HTTP %s)", request.url, response.status)
            self._inc("ops/auth_gave_up")
            return response
        async with self.lock:
            if self.token == request.meta.get("ops_token"):  # not renewed meanwhile by another request
                self.token = None
        log.info("OPS token rejected (HTTP %s): renewing, then retrying %s", response.status, request.url)
        self._inc("ops/token_rejected")
        return request.replace(dont_filter=True, meta={**request.meta, "ops_auth_retried": True})

    async def _token(self) -> str:
        async with self.lock:
            if self.token and time.monotonic() < self.expires_at:
                return self.token
            spider = self.crawler.spider
            make = getattr(spider, "token_request", None)
            if make is None:
                raise IgnoreRequest("ops_auth request from a spider without token_request()")
            assert self.crawler.engine is not None
            response = await self.crawler.engine.download_async(make())
            try:
                token, expires_in = token_from(response.body)
            except ValueError as exc:
                log.error("OPS token request failed: HTTP %s (%s)", response.status, exc)
                self._inc("ops/token_failed")
                # stop instead of crawling nothing: a failed run never replaces a good partition
                await self.crawler.engine.close_spider_async(reason="ops_auth_failed")
                raise IgnoreRequest("no OPS token") from exc
            self.token = token
            self.expires_at = time.monotonic() + max(0.0, expires_in - self.margin)
            self._inc("ops/token_fetched")
            return token

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
