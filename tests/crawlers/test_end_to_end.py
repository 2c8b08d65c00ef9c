"""Each spider runs as its own process against the replay server; the raw partition is checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawlers.importer import import_files
from crawlers.replay import serve_recordings
from tests.crawlers.conftest import FIXTURES, run_crawl
from transforms.io import from_line, read_jsonl

RUN_DATE = "2024-06-01"
REPO = Path(__file__).resolve().parents[2]


def _crawl(source: str, base: str, home: Path) -> dict[str, object]:
    return run_crawl(source, base, home, run_date=RUN_DATE, timeout=120)[0]


def _snapshot(home: Path, source: str) -> dict[str, bytes]:
    root = home / "raw" / source / RUN_DATE
    files = {str(p.relative_to(home)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    quarantine = home / "quarantine" / "crawl" / source / f"{RUN_DATE}.jsonl"
    if quarantine.exists():
        files["quarantine"] = quarantine.read_bytes()
    return files


@pytest.mark.slow
def test_epo_ops_spider_end_to_end(tmp_path: Path) -> None:
    with serve_recordings() as base:
        summary = _crawl("epo-ops", base, tmp_path)
        first = _snapshot(tmp_path, "epo-ops")
    with (
        serve_recordings() as other_port
    ):  # a fresh server (new port, 429 again) must give the same partition
        assert _crawl("epo-ops", other_port, tmp_path) == summary
    assert _snapshot(tmp_path, "epo-ops") == first

    lines = list(read_jsonl(tmp_path / "raw/epo-ops" / RUN_DATE / "records.jsonl"))
    records = [from_line(line) for line in lines]
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids)) == summary["parsed"] == 10
    assert summary["duplicates"] == 3  # EP2400812A1 twice, two CN documents by number and by search
    # the CN batch was answered 429 first: the retry still delivered all three documents, once
    assert {"CN219000101U", "CN219000202U", "CN219000303U", "CN116000404A"} <= set(ids)
    for record in records:
        assert record.provenance.synthetic is record.publication_number.startswith("CN")
        assert record.provenance.source_url and record.provenance.source_url.startswith(
            "https://ops.epo.org/"
        )
    quarantined = [json.loads(x) for x in first["quarantine"].decode().splitlines()]
    assert summary["quarantined"] == len(quarantined) == 1
    assert "OPS fault 404" in quarantined[0]["reason"]
    index = [
        json.loads(x) for x in first[f"raw/epo-ops/{RUN_DATE}/responses/index.jsonl"].decode().splitlines()
    ]
    assert summary["fetched"] == len(index) == 7
    assert not any("accesstoken" in row["url"] for row in index)  # tokens are never stored


@pytest.mark.slow
def test_google_patents_spider_end_to_end(tmp_path: Path) -> None:
    with serve_recordings() as base:
        summary = _crawl("google-patents", base, tmp_path)
        first = _snapshot(tmp_path, "google-patents")
        assert _crawl("google-patents", base, tmp_path) == summary
        assert _snapshot(tmp_path, "google-patents") == first
    records = [from_line(x) for x in read_jsonl(tmp_path / "raw/google-patents" / RUN_DATE / "records.jsonl")]
    assert [r.id for r in records] == ["CN219000101U", "CN219000303U"]
    assert all(r.provenance.synthetic for r in records)
    assert records[0].cpc == ["B63H3/08", "B63H1/14"] and records[1].cpc == []
    assert summary["quarantined"] == 1  # CN219999999U has no page (404)


def test_import_files_writes_the_same_layout_and_is_idempotent(tmp_path: Path) -> None:
    paths = [
        FIXTURES / "cn/patentsemantix_case_records.csv",
        FIXTURES / "cn/synthetic_jingjiang_export_gbk.csv",
    ]
    summary = import_files("cnipa-export", paths, tmp_path, RUN_DATE)
    assert (summary.parsed, summary.quarantined) == (12, 2)
    partition = tmp_path / "raw/cnipa-export" / RUN_DATE
    first = {p.name: p.read_bytes() for p in partition.rglob("*") if p.is_file()}
    assert import_files("cnipa-export", paths, tmp_path, RUN_DATE) == summary
    assert {p.name: p.read_bytes() for p in partition.rglob("*") if p.is_file()} == first
    assert len(list((partition / "responses").iterdir())) == 3  # two inputs + index.jsonl


def test_import_files_quarantines_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "broken.trs"
    bad.write_text("no fields here\n", encoding="utf-8")
    summary = import_files(
        "cnipa-trs", [FIXTURES / "cn/cnipa_trs_format_sample.trs", bad], tmp_path, RUN_DATE
    )
    assert (summary.parsed, summary.quarantined) == (2, 1)
    (entry,) = read_jsonl(tmp_path / "quarantine/crawl/cnipa-trs" / f"{RUN_DATE}.jsonl")
    assert entry["source_url"] == str(bad) and "no TRS records" in entry["reason"]


def test_a_merged_import_reports_what_its_own_files_gave(tmp_path: Path) -> None:
    """`patentdb import` adds to the run date's partition: the totals are the partition's, `added` and
    `rejected` (with reasons) are the files just imported."""
    first = import_files(
        "cnipa-export", [FIXTURES / "cn/patentsemantix_case_records.csv"], tmp_path, RUN_DATE, merge=True
    )
    bad = tmp_path / "notitle.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    second = import_files("cnipa-export", [bad], tmp_path, RUN_DATE, merge=True)
    assert (second.added, second.rejected) == (0, 1)
    assert second.parsed == first.parsed and second.quarantined == first.quarantined + 1
    (reason,) = second.reasons
    assert reason.startswith("notitle.csv: ") and "neither UTF-8 nor GBK" in reason


def test_the_cli_knows_every_format() -> None:
    from crawlers.formats import formats
    from patentdb.commands.crawling import FORMAT_NAMES

    assert set(FORMAT_NAMES) == set(formats())
