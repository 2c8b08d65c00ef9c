"""Downloader middleware: OPS X-Throttling-Control pacing, and bounded Retry-After waits on HTTP 429."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

log = logging.getLogger(__name__)
_SERVICE = re.compile(r"(\w+)=(\w+):(\d+)")


@dataclass(frozen=True)
class ServiceQuota:
    colour: str
    per_minute: int


def parse_throttling_control(value: str) -> tuple[str, dict[str, ServiceQuota]]:
    """``idle (search=green:30, retrieval=black:0)`` → (``idle``, {service: quota})."""
    state = value.split("(", 1)[0].strip()
    return state, {m[1]: ServiceQuota(m[2], int(m[3])) for m in _SERVICE.finditer(value)}


def retry_after_seconds(value: str | None, default: float, ceiling: float) -> float:
    """Seconds from a Retry-After header (delta-seconds form; dates fall back to the default), bounded."""
    try:
        seconds = float(value) if value is not None else default
    except ValueError:
        seconds = default
    return max(0.0, min(seconds, ceiling))


class ThrottleMiddleware:
    """Paces OPS services from their last quota header; waits out 429s instead of hammering the host."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self.retry_after_default = settings.getfloat("RETRY_AFTER_DEFAULT", 10.0)
        self.max_retries = settings.getint("THROTTLE_429_MAX_RETRIES", 3)
        self.max_delay = settings.getfloat("OPS_THROTTLE_MAX_DELAY", 60.0)
        self.quotas: dict[str, ServiceQuota] = {}
        self.last_request: dict[str, float] = {}
        self.closing: asyncio.Future[None] | None = None  # the engine's close, once a quota is spent

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _interval(self, service: str) -> float:
        quota = self.quotas.get(service)
        if quota is None:
            return 0.0
        interval = self.max_delay if quota.per_minute <= 0 else 60.0 / quota.per_minute
        return min(interval, self.max_delay)

    def _reserve(self, service: str) -> float:
        """The wait before this request's slot, the slot taken at once: concurrent requests of a service
        queue one interval apart instead of all waking together after one wait."""
        now = time.monotonic()
        slot = max(now, self.last_request.get(service, float("-inf")) + self._interval(service))
        self.last_request[service] = slot
        return slot - now

    async def process_request(self, request: Request) -> None:
        service = request.meta.get("ops_service")
        if not service:
            return None
        delay = self._reserve(service)
        if delay > 0:
            self._inc("throttle/ops_waits")
            await asyncio.sleep(delay)
        return None

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        header = response.headers.get("X-Throttling-Control")
        if header:  # a 429 carries it too (e.g. retrieval=black:0): every later request paces by it
            state, quotas = parse_throttling_control(header.decode("latin-1"))
            self.quotas.update(quotas)
            if self.crawler.stats is not None:
                self.crawler.stats.set_value("throttle/ops_state", state)
        rejection = (response.headers.get("X-Rejection-Reason") or b"").decode("latin-1")
        if response.status == 403 and "quota" in rejection.lower():
            # a fair-use quota is spent (RegisteredQuotaPerWeek, IndividualQuotaPerHour): every further
            # request would be refused too, so the run stops and its partition is not replaced
            log.error("OPS quota exhausted (%s): stopping the crawl", rejection)
            self._inc("throttle/quota_exhausted")
            if self.crawler.engine is not None and self.closing is None:
                self.closing = asyncio.ensure_future(
                    self.crawler.engine.close_spider_async(reason="quota_exhausted")
                )
            return response
        if response.status != 429:
            return response
        retries = int(request.meta.get("throttle_429_retries", 0))
        if retries >= self.max_retries or request.meta.get("dont_retry"):
            log.warning("HTTP 429 for %s: giving up after %d retries", request.url, retries)
            self._inc("throttle/429_gave_up")
            return response
        raw = response.headers.get("Retry-After")
        delay = retry_after_seconds(
            raw.decode("latin-1") if raw else None, self.retry_after_default, self.retry_after_max
        )
        log.info(
            "HTTP 429 for %s: waiting %.1fs (Retry-After) before retry %d", request.url, delay, retries + 1
        )
        self._inc("throttle/429_retries")
        service = request.meta.get("ops_service")
        if service:  # the whole service waits, not just this request
            self.last_request[service] = max(self.last_request.get(service, 0.0), time.monotonic() + delay)
        await asyncio.sleep(delay)
        # dont_filter: the dupefilter has already seen this request; the retry must still go out, once
        return request.replace(dont_filter=True, meta={**request.meta, "throttle_429_retries": retries + 1})

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
