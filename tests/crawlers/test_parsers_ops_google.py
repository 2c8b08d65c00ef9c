"""Fixture tests of the OPS legal / family / full-cycle paths and the Google search JSON (saved input +
expected JSON), their malformed inputs, and the merge of one publication's records."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from crawlers.formats import get_format
from crawlers.parsers import epo_ops, google_search
from crawlers.parsers.epo_ops_family import parse_family
from crawlers.parsers.errors import ParseError
from crawlers.parsers.merge import merge_records
from crawlers.replay import RECORDINGS
from tests.crawlers.conftest import FIXTURES, context
from tests.crawlers.test_parsers import EXPECTED, Parser, _dump

G = RECORDINGS / "google-patents"
CASES = {
    "epo_legal_EP2400812A1": (epo_ops.parse, "epo-ops", RECORDINGS / "epo-ops/legal_EP2400812A1.xml", False),
    "epo_legal_example_1": (epo_ops.parse, "epo-ops", FIXTURES / "epo/legal_example_1.xml", False),
    "epo_full_cycle_EP1000000": (epo_ops.parse, "epo-ops", FIXTURES / "epo/full_cycle_EP1000000.xml", False),
    "epo_family_EP1000000A1": (
        epo_ops.parse,
        "epo-ops",
        RECORDINGS / "epo-ops/family_EP1000000A1.xml",
        False,
    ),
    "epo_synthetic_legal_CN219000202U": (
        epo_ops.parse,
        "epo-ops",
        RECORDINGS / "epo-ops/synthetic_legal_CN219000202U.xml",
        True,
    ),
    "google_search_page": (
        google_search.parse,
        "google-patents",
        G / "synthetic_xhr_query_assignee_jingjiang_2023_p0.json",
        True,
    ),
    "google_search_zero_hits": (
        google_search.parse,
        "google-patents",
        G / "synthetic_xhr_query_zero_hits.json",
        True,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_parser_matches_expected_output(case: str) -> None:
    parser, source, path, synthetic = CASES[case]
    run: Parser = parser
    actual = _dump(run(path.read_bytes(), context(source, path.name, synthetic)))
    expected_path = EXPECTED / f"{case}.json"
    if os.environ.get("UPDATE_EXPECTED") == "1":
        expected_path.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    assert actual == json.loads(expected_path.read_text(encoding="utf-8"))


def test_legal_events_attach_to_the_publication() -> None:
    body = (RECORDINGS / "epo-ops/legal_EP2400812A1.xml").read_bytes()
    (record,) = epo_ops.parse(body, context("epo-ops")).records
    assert record.publication_number == "EP2400812A1" and record.family_id == "43088294"
    first = record.legal_events[0]
    assert (first.date, first.code) == (dt.date(2011, 12, 28), "AK")
    assert first.description.startswith("DESIGNATED CONTRACTING STATES")
    dates = [e.date for e in record.legal_events if e.date]
    assert dates == sorted(dates)


def test_family_members_and_id() -> None:
    from lxml import etree

    root = etree.fromstring((RECORDINGS / "epo-ops/family_EP1000000A1.xml").read_bytes())
    family = parse_family(root)
    assert family is not None and family.family_id == "19768124"
    assert family.members[:2] == ["EP1000000A1", "EP1000000B1"] and len(family.members) == 6
    records = epo_ops.parse(etree.tostring(root), context("epo-ops")).records
    assert {r.family_id for r in records} == {"19768124"}


def test_biblio_and_legal_records_merge_in_any_order() -> None:
    biblio = epo_ops.parse((RECORDINGS / "epo-ops/biblio_EP2400812A1.xml").read_bytes(), context("epo-ops"))
    legal = epo_ops.parse((RECORDINGS / "epo-ops/legal_EP2400812A1.xml").read_bytes(), context("epo-ops"))
    a, b = biblio.records[0], legal.records[0]
    merged = merge_records(a, b)
    assert merged == merge_records(b, a)
    assert merged.titles == a.titles and merged.legal_events == b.legal_events
    assert merge_records(merged, b) == merged  # idempotent: a rerun adds nothing


@pytest.mark.parametrize(
    ("parser", "body", "message"),
    [
        (epo_ops.parse, b"", "empty body"),
        (
            epo_ops.parse,
            b"<ops:world-patent-data xmlns:ops='http://ops.epo.org'><ops:patent-family>",
            "truncated",
        ),
        (
            epo_ops.parse,
            (RECORDINGS / "epo-ops/fault_invalid_access_token.xml").read_bytes(),
            "invalid_access_token",
        ),
        (google_search.parse, b"", "empty body"),
        (google_search.parse, b'{"results": {"total_num_results": 3, "cluster": [{"res', "truncated"),
        (google_search.parse, b'{"error": "blocked"}', "no results.cluster"),
    ],
)
def test_malformed_inputs_raise_parse_error(parser: Parser, body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parser(body, context("x"))


def test_google_search_paging_and_hits() -> None:
    page = google_search.parse_search_page(
        (G / "synthetic_xhr_query_assignee_jingjiang_2023_p0.json").read_bytes()
    )
    assert (page.total, page.pages, page.page) == (3, 2, 0)
    assert [h.path for h in page.hits] == ["patent/CN219000101U/zh", "patent/CN219000303U/zh"]
    empty = google_search.parse_search_page((G / "synthetic_xhr_query_zero_hits.json").read_bytes())
    assert empty.hits == [] and empty.total == 0
    record = google_search.parse(
        (G / "synthetic_xhr_query_assignee_jingjiang_2023_p0.json").read_bytes(), context("g")
    )
    assert record.records[0].titles == {
        "zh": "一种船舶可调螺距推进器的桨毂密封结构"
    }  # <b> highlights removed


def test_formats_registry() -> None:
    assert get_format("trs").source == "cnipa-trs"
    page = (G / "synthetic_xhr_query_zero_hits.json").read_bytes()
    assert get_format("google-patents").parser(page, context("google-patents")).records == []
    with pytest.raises(ValueError, match="unknown format"):
        get_format("nope")
