"""Spiders as their own processes against the replay server: token renewal, 429, window splitting,
legal events and families, Google search paging, resumed jobs, and reruns of one window."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.replay import base_url, replay_server
from transforms.io import from_line, read_jsonl
from transforms.records import Patent

RUN_DATE = "2024-06-01"
REPO = Path(__file__).resolve().parents[2]
TOKEN = "/3.2/auth/accesstoken"
LEGAL = "/3.2/rest-services/legal/publication/docdb/"
FAMILY = "/3.2/rest-services/family/publication/docdb/"
SEARCH = "/3.2/rest-services/published-data/search/biblio"
CN_BATCH = 'batches=[["CN219000101U","CN219000202U","CN219000303U"]]'
WINDOW_2022 = 'searches=[{"q":"pa=jingjiang","since":"2022-01-01","until":"2022-12-31","page_size":2}]'
pytestmark = pytest.mark.slow


def crawl(source: str, base: str, home: Path, *options: str) -> dict[str, object]:
    cmd = [sys.executable, "-m", "crawlers.run", source, "--run-date", RUN_DATE, "--base-url", base]
    proc = subprocess.run(
        [*cmd, "--home", str(home), *options], capture_output=True, text=True, timeout=180, cwd=REPO
    )
    assert proc.stdout.strip(), proc.stderr[-3000:]
    summary: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return summary


def ops_only(*args: str) -> list[str]:
    """Spider arguments replacing the demo request list."""
    out = ["-a", "numbers=", "-a", "batches=", "-a", "searches="]
    for arg in args:
        out += ["-a", arg]
    return out


def partition(home: Path, source: str) -> dict[str, bytes]:
    root = home / "raw" / source / RUN_DATE
    files = {str(p.relative_to(home)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    quarantine = home / "quarantine" / "crawl" / source / f"{RUN_DATE}.jsonl"
    files["quarantine"] = quarantine.read_bytes() if quarantine.exists() else b""
    return files


def records(home: Path, source: str) -> dict[str, Patent]:
    out: dict[str, Patent] = {}
    for line in read_jsonl(home / "raw" / source / RUN_DATE / "records.jsonl"):
        record = from_line(line)
        assert isinstance(record, Patent) and record.id not in out
        out[record.id] = record
    return out


def test_token_renewed_after_400_and_401_legal_and_family_merged(tmp_path: Path) -> None:
    args = ops_only(CN_BATCH, "legal=1", "family=1")
    with replay_server() as server:
        summary = crawl("epo-ops", base_url(server), tmp_path, *args)
        # one token at the start, one after OPS's invalid_access_token (400), one after the 401
        assert server.served("POST", TOKEN) == 3
        assert server.served("GET", LEGAL + "CN.219000101.U") == 2  # rejected once, retried once
        assert server.served("GET", FAMILY + "CN.219000101.U") == 2
    assert summary["finish_reason"] == "finished" and summary["quarantined"] == 0
    found = records(tmp_path, "epo-ops")
    assert sorted(found) == ["CN115900101A", "CN219000101U", "CN219000202U", "CN219000303U"]
    # the batch was answered 429 first: its three documents are still there, once, with titles
    assert all(found[n].titles for n in ("CN219000101U", "CN219000202U", "CN219000303U"))
    assert [e.code for e in found["CN219000202U"].legal_events] == ["C14", "CF01"]
    assert found["CN115900101A"].family_id == found["CN219000101U"].family_id == "90000101"
    assert all(r.provenance.synthetic for r in found.values())
    first = partition(tmp_path, "epo-ops")
    with replay_server() as again:  # the same window again: the same partition, byte for byte
        assert crawl("epo-ops", base_url(again), tmp_path, *args)["parsed"] == summary["parsed"]
    assert partition(tmp_path, "epo-ops") == first


def test_expired_token_is_renewed_before_each_request(tmp_path: Path) -> None:
    with replay_server() as server:
        summary = crawl(
            "epo-ops", base_url(server), tmp_path, *ops_only(CN_BATCH), "-s", "OPS_TOKEN_MARGIN=100000"
        )
        assert server.served("POST", TOKEN) >= 2  # the 429 retry went out with a fresh token
    assert summary["parsed"] == 3 and summary["quarantined"] == 0


def test_window_over_2000_hits_is_split(tmp_path: Path) -> None:
    with replay_server() as server:
        summary = crawl("epo-ops", base_url(server), tmp_path, *ops_only(WINDOW_2022))
        for window in ("20220101 20221231", "20220101 20220702", "20220703 20221231"):
            query = f'Range=1-2&q=pa=jingjiang and pd within "{window}"'
            assert server.served("GET", SEARCH, query) == 1, window
    assert sorted(records(tmp_path, "epo-ops")) == ["CN217000101U", "CN217500202U", "CN217600303U"]
    assert summary["duplicates"] == 0  # the overfull page's documents were not kept twice


def test_google_search_pages_and_hits(tmp_path: Path) -> None:
    with replay_server() as server:
        summary = crawl("google-patents", base_url(server), tmp_path, "-a", "numbers=")
        assert server.served("GET", "/patent/CN219000101U/zh") == 1
    assert sorted(records(tmp_path, "google-patents")) == ["CN219000101U", "CN219000303U"]
    assert summary["quarantined"] == 1  # the page-2 hit CN219999999U has no page (404)
    index = [
        json.loads(x)
        for x in partition(tmp_path, "google-patents")[f"raw/google-patents/{RUN_DATE}/responses/index.jsonl"]
        .decode()
        .splitlines()
    ]
    assert sum("/xhr/query?" in row["url"] for row in index) == 3  # two pages + the zero-hit search


def test_interrupted_job_resumes_to_the_same_partition(tmp_path: Path) -> None:
    args = ops_only(CN_BATCH, WINDOW_2022, "legal=1", "family=1")
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    with replay_server() as server:
        assert crawl("epo-ops", base_url(server), whole, *args)["finish_reason"] == "finished"
    with replay_server() as server:
        cut = crawl("epo-ops", base_url(server), parts, *args, "-s", "CLOSESPIDER_ITEMCOUNT=4")
        port = server.server_address[1]
    assert cut["finish_reason"] == "closespider_itemcount"
    assert not (parts / "raw").exists() and (parts / "jobs/epo-ops" / RUN_DATE / "partition.json").is_file()
    with replay_server(port=port) as server:  # a job resumes against the endpoint its queue points at
        resumed = crawl("epo-ops", base_url(server), parts, *args)
    assert resumed["resumed"] is True and resumed["finish_reason"] == "finished"
    assert partition(parts, "epo-ops") == partition(whole, "epo-ops")
    assert not (parts / "jobs/epo-ops" / RUN_DATE).exists()  # a finished job leaves nothing to resume


def test_a_job_that_cannot_be_resumed_starts_afresh(tmp_path: Path) -> None:
    """A job killed hard (no saved state) or queued against another endpoint is not resumed: the run
    starts afresh and writes the whole partition."""
    args = ops_only(CN_BATCH, WINDOW_2022, "legal=1", "family=1")
    whole, killed, moved = tmp_path / "whole", tmp_path / "killed", tmp_path / "moved"
    with replay_server() as server:
        assert crawl("epo-ops", base_url(server), whole, *args)["finish_reason"] == "finished"
        crawl("epo-ops", base_url(server), moved, *args, "-s", "CLOSESPIDER_ITEMCOUNT=4")
    jobdir = killed / "jobs/epo-ops" / RUN_DATE
    jobdir.mkdir(parents=True)
    (jobdir / "requests.seen").write_text("f" * 40 + "\n", encoding="utf-8")  # what a SIGKILL leaves
    with replay_server() as server:  # another port than the interrupted run of `moved`
        for home in (killed, moved):
            summary = crawl("epo-ops", base_url(server), home, *args)
            assert summary["resumed"] is False and summary["finish_reason"] == "finished"
            assert partition(home, "epo-ops") == partition(whole, "epo-ops")


def test_an_http_error_after_retries_is_quarantined_not_dropped(tmp_path: Path) -> None:
    """A 503 that outlives its retries reaches the errback: quarantined with its status, and the other
    number of the run is still written."""
    root = tmp_path / "recordings"
    (root / "tsdr").mkdir(parents=True)
    real = REPO / "crawlers/recordings/tsdr/sn76044902.xml"
    (root / "tsdr/sn76044902.xml").write_bytes(real.read_bytes())
    (root / "tsdr/busy.html").write_text("<html>busy</html>", encoding="utf-8")
    routes = [
        {
            "path": "/ts/cd/casestatus/sn76044902/info.xml",
            "synthetic": False,
            "responses": [{"file": "tsdr/sn76044902.xml", "content_type": "application/xml"}],
        },
        {
            "path": "/ts/cd/casestatus/sn99999999/info.xml",
            "synthetic": True,
            "responses": [{"file": "tsdr/busy.html", "status": 503, "content_type": "text/html"}],
        },
    ]
    (root / "manifest.json").write_text(json.dumps({"routes": routes}), encoding="utf-8")
    home = tmp_path / "home"
    with replay_server(root) as server:
        summary = crawl(
            "tsdr", base_url(server), home, "-a", "numbers=sn76044902,sn99999999", "-s", "RETRY_TIMES=1"
        )
    assert (summary["parsed"], summary["quarantined"]) == (1, 1)
    (entry,) = read_jsonl(home / "quarantine/crawl/tsdr" / f"{RUN_DATE}.jsonl")
    assert entry["reason"] == "HTTP 503 (after retries)"
    assert entry["source_url"] == "https://tsdrapi.uspto.gov/ts/cd/casestatus/sn99999999/info.xml"


def test_a_spent_ops_quota_stops_the_crawl_and_keeps_the_partition(tmp_path: Path) -> None:
    """A 403 with X-Rejection-Reason …Quota… stops the run (every later request would be refused) and
    the run date's partition is not replaced with what little came back."""
    root = tmp_path / "recordings"
    (root / "epo-ops").mkdir(parents=True)
    token = REPO / "crawlers/recordings/epo-ops/accesstoken.json"
    (root / "epo-ops/accesstoken.json").write_bytes(token.read_bytes())
    (root / "epo-ops/fault.xml").write_text("<fault>quota</fault>", encoding="utf-8")
    numbers = [f"EP{2400800 + i}A1" for i in range(12)]
    quota = {"X-Rejection-Reason": "RegisteredQuotaPerWeek"}
    routes = [
        {
            "method": "POST",
            "path": TOKEN,
            "synthetic": True,
            "responses": [{"file": "epo-ops/accesstoken.json", "content_type": "application/json"}],
        },
        *(
            {
                "path": f"/3.2/rest-services/published-data/publication/docdb/EP.{n[2:-2]}.A1/biblio",
                "synthetic": True,
                "responses": [{"file": "epo-ops/fault.xml", "status": 403, "headers": quota}],
            }
            for n in numbers
        ),
    ]
    (root / "manifest.json").write_text(json.dumps({"routes": routes}), encoding="utf-8")
    home = tmp_path / "home"
    batches = "batches=" + json.dumps([[n] for n in numbers])
    with replay_server(root) as server:
        summary = crawl("epo-ops", base_url(server), home, *ops_only(batches), "-s", "CONCURRENT_REQUESTS=1")
    assert summary["finish_reason"] == "quota_exhausted"
    assert int(str(summary["fetched"])) < len(numbers)
    assert not (home / "raw").exists()


def test_a_search_cut_by_max_pages_is_recorded(tmp_path: Path) -> None:
    """The recorded 靖江 search has two pages; with max_pages=1 the cut is a quarantine entry, not silence."""
    search = 'searches=[{"assignee":"靖江","since":"2023-01-01","until":"2023-12-31","max_pages":1}]'
    with replay_server() as server:
        summary = crawl("google-patents", base_url(server), tmp_path, "-a", "numbers=", "-a", search)
    (entry,) = read_jsonl(tmp_path / "quarantine/crawl/google-patents" / f"{RUN_DATE}.jsonl")
    assert entry["reason"].startswith("results truncated: fetched 1 pages of 2")
    assert summary["quarantined"] == 1 and summary["finish_reason"] == "finished"


def test_an_ops_search_without_hits_is_a_quiet_window(tmp_path: Path) -> None:
    """OPS answers a search with no hits by a 404 fault: the run finishes with nothing quarantined."""
    root = tmp_path / "recordings"
    (root / "epo-ops").mkdir(parents=True)
    token = REPO / "crawlers/recordings/epo-ops/accesstoken.json"
    (root / "epo-ops/accesstoken.json").write_bytes(token.read_bytes())
    fault = REPO.parent / "shared/reference/epo-ops/patent-dev-epo-ops/testdata/error_404.xml"
    body = fault.read_bytes() if fault.exists() else b'<?xml version="1.0"?><fault><code>404</code></fault>'
    (root / "epo-ops/none.xml").write_bytes(body)
    routes = [
        {
            "method": "POST",
            "path": TOKEN,
            "synthetic": True,
            "responses": [{"file": "epo-ops/accesstoken.json", "content_type": "application/json"}],
        },
        {
            "path": SEARCH,
            "query": "Range=1-25&q=pa=nobody",
            "synthetic": True,
            "responses": [{"file": "epo-ops/none.xml", "status": 404, "content_type": "application/xml"}],
        },
    ]
    (root / "manifest.json").write_text(json.dumps({"routes": routes}), encoding="utf-8")
    search = 'searches=[{"q":"pa=nobody","all_dates":true,"page_size":25}]'
    with replay_server(root) as server:
        summary = crawl("epo-ops", base_url(server), tmp_path / "home", *ops_only(search))
    assert summary["finish_reason"] == "finished"
    assert (summary["parsed"], summary["quarantined"]) == (0, 0)
