"""CNIPA epub: parser fixtures (detail, search, gate, captcha, truncated) and the browser spider."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from crawlers.parsers import cnipa_epub
from crawlers.parsers.common import ParseResult
from crawlers.parsers.errors import ParseError
from crawlers.replay import RECORDINGS, serve_recordings
from tests.crawlers.conftest import FIXTURES, context, run_crawl
from transforms.io import from_line, read_jsonl

EPUB = RECORDINGS / "cnipa-epub"
RUN_DATE = "2024-06-01"
REPO = Path(__file__).resolve().parents[2]


def _dump(result: ParseResult) -> dict[str, object]:
    return {
        "records": [r.model_dump(mode="json", exclude_none=True) for r in result.records],
        "quarantined": [q.model_dump(mode="json") for q in result.quarantined],
    }


@pytest.mark.parametrize("number", ["CN116000505A", "CN218000111U", "CN115000222B", "CN217000333U"])
def test_detail_pages_match_expected(number: str) -> None:
    path = EPUB / f"synthetic_{number}.html"
    actual = _dump(cnipa_epub.parse(path.read_bytes(), context("cnipa-epub", path.name, synthetic=True)))
    expected = FIXTURES / "epub" / f"expected_{number}.json"
    if os.environ.get("UPDATE_EXPECTED") == "1":
        expected.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    assert actual == json.loads(expected.read_text(encoding="utf-8"))


def test_detail_facts_address_and_transactions() -> None:
    data = (EPUB / "synthetic_CN115000222B.html").read_bytes()
    (patent,) = cnipa_epub.parse(data, context("cnipa-epub", synthetic=True)).records
    assert patent.id == "CN115000222B" and patent.application_number == "CN202210098765.8"
    first, second = patent.applicants  # type: ignore[union-attr]
    assert first.address == "214500 江苏省靖江市经济开发区城北园区沿江路1号" and second.address is None
    assert [e.description for e in patent.legal_events][-1] == "未缴年费专利权终止"  # type: ignore[union-attr]
    assert patent.provenance.synthetic


def test_bad_date_is_quarantined_not_dropped() -> None:
    result = cnipa_epub.parse((EPUB / "synthetic_CN217000333U.html").read_bytes(), context("cnipa-epub"))
    assert not result.records and "2023.13.45" in result.quarantined[0].reason


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("epub/truncated_CN116000505A.html", "truncated"),
        ("epub/truncated_head_CN116000505A.html", "truncated"),
    ],
)
def test_truncated_pages_raise(name: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        cnipa_epub.parse((FIXTURES / name).read_bytes(), context("cnipa-epub"))


@pytest.mark.parametrize(
    ("name", "kind"),
    [("synthetic_gate.html", "gate"), ("synthetic_captcha.html", "captcha"), ("synthetic_home.html", "home")],
)
def test_gate_captcha_and_home_are_not_records(name: str, kind: str) -> None:
    data = (EPUB / name).read_bytes()
    assert cnipa_epub.page_kind(data) == kind
    with pytest.raises(ParseError, match=kind):
        cnipa_epub.parse(data, context("cnipa-epub"))


def test_search_page_paging_and_links() -> None:
    page = cnipa_epub.parse_search_page((EPUB / "synthetic_search_address_jingjiang_p1.html").read_bytes())
    assert (page.total, page.page, page.pages) == (4, 1, 2)
    assert page.detail_paths == ["/patent/CN116000505A", "/patent/CN218000111U", "/patent/CN115000222B"]
    with pytest.raises(ParseError):
        cnipa_epub.parse_search_page((EPUB / "synthetic_gate.html").read_bytes())


def _crawl(home: Path, *extra: str) -> tuple[dict[str, object], str]:
    with serve_recordings() as base:
        return run_crawl("cnipa-epub", base, home, *extra, run_date=RUN_DATE)


@pytest.mark.slow
@pytest.mark.browser
def test_spider_passes_the_gate_in_chromium_and_pages_the_search(tmp_path: Path) -> None:
    started = time.monotonic()
    summary, log = _crawl(tmp_path)
    assert time.monotonic() - started < 120
    assert summary["parsed"] == 3 and summary["quarantined"] == 1 and summary["finish_reason"] == "finished"
    assert "'playwright/page_count': 7" in log  # home, 2 result pages, 4 detail pages (one listed twice)
    assert "'playwright/request_count/navigation': 8" in log  # + the gate's one reload, only once
    records = [from_line(x) for x in read_jsonl(tmp_path / "raw/cnipa-epub" / RUN_DATE / "records.jsonl")]
    assert sorted(r.id for r in records) == ["CN115000222B", "CN116000505A", "CN218000111U"]
    for record in records:
        assert record.provenance.synthetic
        assert (record.provenance.source_url or "").startswith("http://epub.cnipa.gov.cn/patent/CN")
        assert record.applicants[0].address and "靖江" in record.applicants[0].address
    index = list(read_jsonl(tmp_path / "raw/cnipa-epub" / RUN_DATE / "responses/index.jsonl"))
    assert sum("#POST:" in str(e["url"]) for e in index) == 2  # both result pages kept apart


@pytest.mark.slow
@pytest.mark.browser
def test_captcha_makes_the_spider_back_off_and_report(tmp_path: Path) -> None:
    summary, log = _crawl(tmp_path, "--numbers", "CN219000444U,CN116000505A")
    assert summary["parsed"] == 0 and summary["finish_reason"] == "finished"
    assert "'cnipa/captcha': 1" in log and "'cnipa/skipped_after_captcha': 1" in log
    assert "captcha at" in log and "backing off" in log
    quarantine = tmp_path / "quarantine/crawl/cnipa-epub" / f"{RUN_DATE}.jsonl"
    (entry,) = [json.loads(line) for line in quarantine.read_text(encoding="utf-8").splitlines()]
    assert "captcha" in entry["reason"] and entry["source_url"].endswith("/patent/CN219000444U")


def test_replay_gate_needs_the_cookie_and_posts_match_on_their_form() -> None:
    import urllib.request

    cookie = "__jsl_clearance_s=1717200000.000|0|amluZ2ppYW5nLXJlcGxheQ%3D%3D"
    with serve_recordings() as base:
        plain = urllib.request.urlopen(base + "/patent/CN116000505A").read()
        assert cnipa_epub.page_kind(plain) == "gate"  # a plain HTTP client never gets past the script
        form = "pageSize=10&pageNum=2&address=%E9%9D%96%E6%B1%9F&applicant="
        request = urllib.request.Request(
            base + "/Dxb/PageQuery", data=form.encode(), headers={"Cookie": cookie}
        )
        page = cnipa_epub.parse_search_page(urllib.request.urlopen(request).read())
        assert page.page == 2
