"""The replay server: recordings (synthetic ones flagged), 429-then-data sequences, the token call."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from crawlers.middlewares import parse_throttling_control, retry_after_seconds
from crawlers.replay import SYNTHETIC_HEADER, serve_recordings

CN_BATCH = (
    "/3.2/rest-services/published-data/publication/docdb/CN.219000101.U,CN.219000202.U,CN.219000303.U/biblio"
)


def test_serves_real_and_synthetic_recordings() -> None:
    with serve_recordings() as base:
        assert base.startswith("http://127.0.0.1:")
        real = urllib.request.urlopen(
            base + "/3.2/rest-services/published-data/publication/docdb/EP.2400812.A1/biblio"
        )
        assert real.status == 200 and real.headers.get(SYNTHETIC_HEADER) is None
        assert real.headers["Date"] == "Wed, 22 May 2024 16:13:50 GMT"
        assert "retrieval=green:200" in real.headers["X-Throttling-Control"]
        query = urlencode({"Range": "1-2", "q": 'pa=jingjiang and pd within "20230101 20231231"'})
        synthetic = urllib.request.urlopen(f"{base}/3.2/rest-services/published-data/search/biblio?{query}")
        assert synthetic.headers[SYNTHETIC_HEADER] == "1"
        assert urllib.request.urlopen(base + "/robots.txt").read().startswith(b"User-agent")


def test_unknown_path_is_404_and_429_comes_before_data() -> None:
    with serve_recordings() as base:
        try:
            urllib.request.urlopen(base + "/nothing/here")
            raise AssertionError("expected 404")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
        try:
            urllib.request.urlopen(base + CN_BATCH)
            raise AssertionError("expected 429")
        except urllib.error.HTTPError as exc:
            assert exc.code == 429 and exc.headers["Retry-After"] == "1"
        assert urllib.request.urlopen(base + CN_BATCH).status == 200


def test_token_endpoint_answers_post() -> None:
    with serve_recordings() as base:
        request = urllib.request.Request(
            base + "/3.2/auth/accesstoken", data=b"grant_type=client_credentials"
        )
        body = json.loads(urllib.request.urlopen(request).read())
        assert body["token_type"] == "BearerToken" and body["access_token"]


def test_throttling_header_and_retry_after_bounds() -> None:
    state, quotas = parse_throttling_control(
        "idle (images=green:200, inpadoc=yellow:50, search=green:200, other=red:5, retrieval=black:0)"
    )
    assert state == "idle"
    assert quotas["retrieval"].colour == "black" and quotas["retrieval"].per_minute == 0
    assert quotas["inpadoc"].per_minute == 50
    assert retry_after_seconds("5", 10, 120) == 5
    assert retry_after_seconds("9999", 10, 120) == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 10, 120) == 10
    assert retry_after_seconds(None, 10, 120) == 10


def test_throttled_requests_queue_one_interval_apart() -> None:
    """Requests of one service take successive slots (quota 30/min: 2 s apart) instead of all waking after
    one shared wait; a 429's header paces the service too."""
    import asyncio
    import time

    from scrapy.http import HtmlResponse, Request
    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector

    from crawlers.middlewares import ThrottleMiddleware

    class Crawler:
        settings = Settings({"RETRY_AFTER_DEFAULT": 0.0, "THROTTLE_429_MAX_RETRIES": 0})
        stats = None

    crawler = Crawler()
    crawler.stats = MemoryStatsCollector(crawler)  # type: ignore[arg-type]
    middleware = ThrottleMiddleware(crawler)  # type: ignore[arg-type]
    _, quotas = parse_throttling_control("busy (retrieval=yellow:30)")
    middleware.quotas.update(quotas)
    start = time.monotonic()
    waits = [middleware._reserve("retrieval") for _ in range(3)]
    assert [round(w) for w in waits] == [0, 2, 4]
    assert middleware.last_request["retrieval"] - start == pytest.approx(4, abs=0.1)
    request = Request("http://x/a", meta={"ops_service": "search"})
    headers = {"X-Throttling-Control": "overloaded (search=black:0)"}
    response = HtmlResponse("http://x/a", status=429, headers=headers, body=b"")
    asyncio.run(middleware.process_response(request, response))
    assert middleware._interval("search") == middleware.max_delay  # black: the longest pacing
