"""Trademarks: CNIPA 商标公告 JSON and USPTO TSDR XML parsers (fixtures), and both spiders end to end."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crawlers.parsers import cnipa_gazette, tsdr
from crawlers.parsers.common import ParseResult
from crawlers.parsers.errors import ParseError
from crawlers.replay import RECORDINGS, serve_recordings
from tests.crawlers.conftest import FIXTURES, context, run_crawl
from transforms.io import from_line, read_jsonl
from transforms.records import Trademark

TM = FIXTURES / "tm"
RUN_DATE = "2024-06-01"
REPO = Path(__file__).resolve().parents[2]
CASES = {
    "gazette_documented_rows": (cnipa_gazette.parse, TM / "documented_rows_page.json", False),
    "gazette_synthetic_p1": (
        cnipa_gazette.parse,
        RECORDINGS / "cnipa-trademarks/synthetic_annSearchDG_regName_jingjiang_p1.json",
        True,
    ),
    "gazette_synthetic_bad_rows": (cnipa_gazette.parse, TM / "synthetic_bad_rows.json", True),
    "tsdr_st66_sn76044902": (tsdr.parse, RECORDINGS / "tsdr/sn76044902.xml", False),
    "tsdr_st96_v2_rn2178784": (tsdr.parse, RECORDINGS / "tsdr/rn2178784-ST-962.2.1.xml", False),
    "tsdr_st96_v1_rn2178784": (tsdr.parse, TM / "rn2178784-ST-961_D3.xml", False),
}


def _dump(result: ParseResult) -> dict[str, object]:
    return {
        "records": [r.model_dump(mode="json", exclude_none=True) for r in result.records],
        "quarantined": [q.model_dump(mode="json") for q in result.quarantined],
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_parser_matches_expected_output(case: str) -> None:
    parser, path, synthetic = CASES[case]
    source = "tsdr" if case.startswith("tsdr") else "cnipa-trademarks"
    actual = _dump(parser(path.read_bytes(), context(source, path.name, synthetic)))
    expected = TM / f"expected_{case}.json"
    if os.environ.get("UPDATE_EXPECTED") == "1":
        expected.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    assert actual == json.loads(expected.read_text(encoding="utf-8"))


def test_the_55_real_announcement_types_are_all_known() -> None:
    codes = json.loads((TM / "ann_type_codes.json").read_text(encoding="utf-8"))
    assert len(codes) == 55
    assert {c["ann_type_code"]: c["ann_type"] for c in codes} == cnipa_gazette.ANN_TYPES


def test_gazette_rows_of_one_mark_merge_into_announcements() -> None:
    path = RECORDINGS / "cnipa-trademarks/synthetic_annSearchDG_regName_jingjiang_p1.json"
    records = cnipa_gazette.parse(path.read_bytes(), context("cnipa-trademarks")).records
    mark = next(r for r in records if isinstance(r, Trademark) and r.registration_number == "66012345")
    assert [a.ann_type_code for a in mark.announcements] == ["TMZCSQ", "TMZCZC"]
    assert mark.status == "商标注册公告（一）" and mark.applicants[0].raw_name == "靖江市江滨船舶重工有限公司"


def test_tsdr_st66_facts() -> None:
    (mark,) = tsdr.parse((RECORDINGS / "tsdr/sn76044902.xml").read_bytes(), context("tsdr")).records
    assert isinstance(mark, Trademark)
    assert (mark.id, mark.application_number, mark.mark_text) == ("TM-US-2824281", "76044902", "PYTHON")
    assert mark.nice_classes == [9, 42] and len(mark.goods_services) == 2
    assert mark.applicants[0].address and "NEW HAMPSHIRE" in mark.applicants[0].address
    assert mark.announcements[-1].ann_type_code == "C15A" and len(mark.announcements) == 31


@pytest.mark.parametrize(
    ("parser", "name", "message"),
    [
        (cnipa_gazette.parse, "truncated_annSearchDG.json", "not JSON"),
        (tsdr.parse, "truncated_sn76044902.xml", "malformed or truncated"),
        (tsdr.parse, "documented_rows_page.json", "malformed or truncated"),
        (cnipa_gazette.parse, "rn2178784-ST-961_D3.xml", "not JSON"),
    ],
)
def test_malformed_inputs_raise(parser: object, name: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parser((TM / name).read_bytes(), context("x"))  # type: ignore[operator]


def test_gazette_gate_page_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not JSON"):
        cnipa_gazette.parse((RECORDINGS / "cnipa-epub/synthetic_gate.html").read_bytes(), context("x"))


def _crawl(source: str, home: Path, env: dict[str, str] | None = None) -> tuple[dict[str, object], str]:
    with serve_recordings() as base:
        return run_crawl(source, base, home, run_date=RUN_DATE, env=env)


def _records(home: Path, source: str) -> list[Trademark]:
    lines = read_jsonl(home / "raw" / source / RUN_DATE / "records.jsonl")
    records = [from_line(line) for line in lines]
    assert all(isinstance(r, Trademark) for r in records)
    return records  # type: ignore[return-value]


@pytest.mark.slow
@pytest.mark.browser
def test_cnipa_trademark_spider_gate_then_paged_json(tmp_path: Path) -> None:
    summary, log = _crawl("cnipa-trademarks", tmp_path)
    assert (summary["parsed"], summary["quarantined"], summary["fetched"]) == (4, 0, 2)
    assert "'playwright/request_count/navigation': 2" in log  # the gate page, then its reload
    marks = _records(tmp_path, "cnipa-trademarks")
    assert sorted(m.registration_number for m in marks) == ["30112233", "66012345", "67098765", "8801234"]
    assert all(m.provenance.synthetic and "靖江" in m.applicants[0].raw_name for m in marks)


@pytest.mark.slow
def test_tsdr_spider_sends_the_key_and_never_logs_it(tmp_path: Path) -> None:
    secret = "tsdr-secret-1234567890"
    summary, log = _crawl("tsdr", tmp_path, {"PATENTDB_TSDR_API_KEY": secret})
    assert (summary["parsed"], summary["quarantined"]) == (2, 0)
    assert secret not in log
    marks = {m.id: m for m in _records(tmp_path, "tsdr")}
    assert set(marks) == {"TM-US-2824281", "TM-US-2178784"}
    assert not any(m.provenance.synthetic for m in marks.values())
    assert marks["TM-US-2178784"].mark_text == "JAVA"
