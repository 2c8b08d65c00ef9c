"""The crawler commands of the CLI as subprocesses: `parse`, `import` (idempotent) and `crawl`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.replay import RECORDINGS
from patentdb.settings import Settings
from search.factory import open_backend
from tests.crawlers.conftest import FIXTURES

REPO = Path(__file__).resolve().parents[2]
RUN_DATE = "2024-06-01"


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATENTDB_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "patentdb.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env=env,
    )


def test_parse_prints_one_json_line_per_record(tmp_path: Path) -> None:
    files = [
        RECORDINGS / "epo-ops/biblio_EP2400812A1_EP2533477A1_EP2533477B1.xml",
        RECORDINGS / "epo-ops/legal_EP2400812A1.xml",
    ]
    proc = cli(tmp_path, "parse", "epo-ops", *map(str, files), "--run-date", RUN_DATE)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    numbers = [x["record"]["publication_number"] for x in lines]
    assert numbers == ["EP2400812A1", "EP2533477A1", "EP2533477B1", "EP2400812A1"]
    biblio, legal = lines[0]["record"], lines[3]["record"]
    assert biblio["titles"]["en"] and biblio["applicants"][0]["alt_names"] and biblio["ipc"]
    assert legal["legal_events"][0]["code"] == "AK" and legal["family_id"] == "43088294"


def test_parse_reports_unreadable_files_and_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "truncated.xml"
    bad.write_bytes((RECORDINGS / "epo-ops/biblio_EP2400812A1.xml").read_bytes()[:500])
    good = RECORDINGS / "google-patents/synthetic_xhr_query_assignee_jingjiang_2023_p0.json"
    proc = cli(tmp_path, "parse", "epo-ops", str(bad), "--run-date", RUN_DATE)
    assert proc.returncode == 1 and "truncated" in proc.stderr
    proc = cli(tmp_path, "parse", "google-patents", str(bad), str(good), "--synthetic")
    assert proc.returncode == 1 and len(proc.stdout.splitlines()) == 2
    assert cli(tmp_path, "parse", "nope", str(good)).returncode == 2


@pytest.mark.slow
def test_import_twice_changes_nothing(tmp_path: Path) -> None:
    files = [
        str(FIXTURES / "cn/synthetic_jingjiang_export_gbk.csv"),
        str(RECORDINGS / "epo-ops/legal_EP2400812A1.xml"),
    ]
    first = cli(tmp_path, "import", "cnipa-export", files[0], "--run-date", RUN_DATE)
    assert first.returncode == 0, first.stderr
    assert cli(tmp_path, "import", "epo-ops", files[1], "--run-date", RUN_DATE).returncode == 0

    def count() -> int:
        backend = open_backend(Settings(home=tmp_path))
        try:
            return backend.count()
        finally:
            backend.close()

    before = count()
    raw = (tmp_path / "raw/cnipa-export" / RUN_DATE / "records.jsonl").read_bytes()
    again = cli(tmp_path, "import", "cnipa-export", files[0], "--run-date", RUN_DATE)
    assert again.returncode == 0, again.stderr
    assert (
        json.loads(again.stdout.splitlines()[0])["parsed"]
        == json.loads(first.stdout.splitlines()[0])["parsed"]
    )
    assert count() == before > 0
    assert (tmp_path / "raw/cnipa-export" / RUN_DATE / "records.jsonl").read_bytes() == raw


@pytest.mark.slow
def test_crawl_command_runs_a_window(tmp_path: Path) -> None:
    proc = cli(
        tmp_path, "crawl", "epo-ops", "--since", "2024-05-01", "--until", "2024-05-31", "--run-date", RUN_DATE
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.splitlines()[-1])
    assert summary == {
        "source": "epo-ops",
        "run_date": RUN_DATE,
        "since": "2024-05-01",
        "until": "2024-05-31",
        "produced": 10,
        "quarantined": 1,
    }
    assert (tmp_path / "raw/epo-ops" / RUN_DATE / "records.jsonl").is_file()
    assert cli(tmp_path, "crawl", "nope", "--since", "2024-05-01").returncode == 1
    assert cli(tmp_path, "crawl", "epo-ops", "--since", "2024-13-01").returncode == 2


def test_production_runs_ask_the_standing_searches_over_their_window() -> None:
    """Against the real host a run asks the watch searches (no dates of their own, so the run's window
    applies); against a replay server the recorded demo queries."""
    import argparse

    from crawlers.run import spider_arguments

    def args(**kw: object) -> argparse.Namespace:
        base = {"numbers": None, "query": [], "since": None, "until": None, "arg": [], "base_url": None}
        return argparse.Namespace(**{**base, "requests": "auto", **kw})

    import datetime as dt

    day = dt.date(2024, 6, 1)
    watch = spider_arguments("epo-ops", args(since=day, until=day))
    assert watch == {
        "searches": [{"q": "pa=jingjiang and pn=CN"}],
        "since": "2024-06-01",
        "until": "2024-06-01",
    }
    assert all("since" not in s for s in spider_arguments("google-patents", args())["searches"])
    demo = spider_arguments("epo-ops", args(base_url="http://127.0.0.1:1"))
    assert demo["batches"] and any(s.get("all_dates") for s in demo["searches"])
    assert spider_arguments("epo-ops", args(requests="demo"))["batches"]
