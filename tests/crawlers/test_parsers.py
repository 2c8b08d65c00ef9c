"""Fixture tests of the pure parsers: saved input + expected JSON per case, plus malformed inputs."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from crawlers.parsers import cnipa_export, epo_ops, google_patents, trs
from crawlers.parsers.common import ParseContext, ParseResult, normalize_ipc, parse_date
from crawlers.parsers.errors import ParseError
from crawlers.replay import RECORDINGS
from patentdb.settings import get_settings
from tests.crawlers.conftest import FIXTURES, context

Parser = Callable[[bytes, ParseContext], ParseResult]
EXPECTED = FIXTURES / "expected"

CASES: dict[str, tuple[Parser, str, Path, bool]] = {
    "epo_biblio_EP2400812A1": (
        epo_ops.parse,
        "epo-ops",
        RECORDINGS / "epo-ops/biblio_EP2400812A1.xml",
        False,
    ),
    "epo_biblio_multiple": (
        epo_ops.parse,
        "epo-ops",
        RECORDINGS / "epo-ops/biblio_EP2400812A1_EP2533477A1_EP2533477B1.xml",
        False,
    ),
    "epo_abstract_multiple": (epo_ops.parse, "epo-ops", FIXTURES / "epo/abstract_multiple.xml", False),
    "epo_search_siemens": (
        epo_ops.parse,
        "epo-ops",
        RECORDINGS / "epo-ops/search_biblio_pa_siemens_1-3.xml",
        False,
    ),
    "epo_synthetic_jingjiang": (
        epo_ops.parse,
        "epo-ops",
        RECORDINGS / "epo-ops/synthetic_biblio_CN219000101U_CN219000202U_CN219000303U.xml",
        True,
    ),
    "google_synthetic_with_classifications": (
        google_patents.parse,
        "google-patents",
        RECORDINGS / "google-patents/synthetic_CN219000101U_zh.html",
        True,
    ),
    "google_synthetic_without_classifications": (
        google_patents.parse,
        "google-patents",
        RECORDINGS / "google-patents/synthetic_CN219000303U_zh.html",
        True,
    ),
    "cnipa_export_real_csv": (
        cnipa_export.parse,
        "cnipa-export",
        FIXTURES / "cn/patentsemantix_case_records.csv",
        False,
    ),
    "cnipa_export_synthetic_gbk": (
        cnipa_export.parse,
        "cnipa-export",
        FIXTURES / "cn/synthetic_jingjiang_export_gbk.csv",
        True,
    ),
    "cnipa_trs_real": (trs.parse, "cnipa-trs", FIXTURES / "cn/cnipa_trs_format_sample.trs", False),
}


def _dump(result: ParseResult) -> dict[str, object]:
    return {
        "records": [r.model_dump(mode="json", exclude_none=True) for r in result.records],
        "quarantined": [q.model_dump(mode="json") for q in result.quarantined],
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_parser_matches_expected_output(case: str) -> None:
    parser, source, path, synthetic = CASES[case]
    actual = _dump(parser(path.read_bytes(), context(source, path.name, synthetic)))
    expected_path = EXPECTED / f"{case}.json"
    if os.environ.get("UPDATE_EXPECTED") == "1":
        expected_path.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    assert actual == json.loads(expected_path.read_text(encoding="utf-8"))


def test_ops_facts() -> None:
    path = RECORDINGS / "epo-ops/biblio_EP2400812A1.xml"
    (patent,) = epo_ops.parse(path.read_bytes(), context("epo-ops")).records
    assert patent.publication_number == "EP2400812A1"
    assert patent.ipc == ["H04W84/20"]
    assert patent.family_id == "43088294"
    assert patent.applicants[0].raw_name == "9SOLUTIONS OY"
    assert "9SOLUTIONS OY [FI]" in patent.applicants[0].alt_names
    assert str(patent.publication_date) == "2011-12-28"


def test_ops_synthetic_jingjiang_is_cn_utility_model() -> None:
    path = RECORDINGS / "epo-ops/synthetic_biblio_CN219000101U_CN219000202U_CN219000303U.xml"
    records = epo_ops.parse(path.read_bytes(), context("epo-ops", synthetic=True)).records
    assert [r.patent_type.value for r in records] == ["utility_model"] * 3
    assert records[0].titles["zh"].startswith("一种船舶")
    assert records[0].ipc[0] == "B63H3/08"
    assert all(r.provenance.synthetic for r in records)


def test_cn_export_address_region_and_type() -> None:
    result = cnipa_export.parse(
        (FIXTURES / "cn/synthetic_jingjiang_export_gbk.csv").read_bytes(), context("x")
    )
    first = result.records[0]
    assert first.applicants[0].address == "214500江苏省靖江市新港园区沿江路88号"
    assert first.applicants[0].place.province == "江苏"
    assert first.ipc == ["B63H3/08", "B63H1/14"]
    assert first.legal_status_raw == "有权-审定授权"
    assert len(result.records[1].applicants) == 2 and result.records[1].applicants[1].address is None
    reasons = [q.reason for q in result.quarantined]
    assert len(reasons) == 2 and "not a date" in reasons[0] and "no publication number" in reasons[1]


def test_cn_export_utf8_gbk_and_xlsx_agree() -> None:
    from openpyxl import Workbook

    data = (FIXTURES / "cn/synthetic_jingjiang_export_gbk.csv").read_bytes()
    gbk = cnipa_export.parse(data, context("x"))
    utf8 = cnipa_export.parse(data.decode("gbk").encode("utf-8-sig"), context("x"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    import csv

    for row in csv.reader(io.StringIO(data.decode("gbk"))):
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    xlsx = cnipa_export.parse(buf.getvalue(), context("x"))
    assert _dump(gbk) == _dump(utf8) == _dump(xlsx)


def test_real_google_page_when_reference_is_present() -> None:
    page = get_settings().reference_dir / "google-patents/CN101551481B_zh.html"
    if not page.exists():
        pytest.skip("shared reference not present (the page may not be redistributed)")
    (patent,) = google_patents.parse(page.read_bytes(), context("google-patents")).records
    assert patent.publication_number == "CN101551481B"
    assert patent.applicants[0].raw_name == "Fujifilm Corp"
    assert patent.cpc == []  # this page has no classifications block
    assert patent.legal_status_raw == "Expired - Fee Related"
    assert [e.code for e in patent.legal_events][-2:] == ["CF01", "EXPY"]
    assert patent.citations == ["CN1542067A", "CN101081941A"]


@pytest.mark.parametrize(
    ("parser", "data"),
    [
        (epo_ops.parse, b""),
        (epo_ops.parse, (RECORDINGS / "epo-ops/biblio_EP2400812A1.xml").read_bytes()[:2000]),
        (epo_ops.parse, b"<html><body>not xml</body>"),
        (epo_ops.parse, b"<?xml version='1.0'?><other/>"),
        (google_patents.parse, b""),
        (
            google_patents.parse,
            (RECORDINGS / "google-patents/synthetic_CN219000101U_zh.html").read_bytes()[:600],
        ),
        (google_patents.parse, b"<html><body>Sorry, we're having trouble</body></html>"),
        (cnipa_export.parse, b""),
        (cnipa_export.parse, "名称,日期\n一,二\n".encode()),
        (cnipa_export.parse, b"PK\x03\x04truncated-xlsx"),
        (cnipa_export.parse, '公开号,申请号,专利名称\nCN1A,CN1,"unterminated\n'.encode()),
        (trs.parse, b""),
        (trs.parse, b"just some text\nwithout fields\n"),
        (trs.parse, b"\xff\xfe\x00\xd8 binary"),
    ],
)
def test_malformed_input_raises_parse_error(parser: Parser, data: bytes) -> None:
    with pytest.raises(ParseError):
        parser(data, context("x"))


@pytest.mark.parametrize("name", ["fault_404.xml", "fault_429.xml"])
def test_ops_fault_bodies(name: str) -> None:
    with pytest.raises(epo_ops.OpsFault) as info:
        epo_ops.parse((RECORDINGS / "epo-ops" / name).read_bytes(), context("epo-ops"))
    assert info.value.code == name[6:9]


@pytest.mark.parametrize(
    ("csv_text", "missing"),
    [
        (
            "名称,日期\n一,二\n",
            "missing 公开号 or 公开（公告）号 or 授权公告号; 申请号; 专利名称 (first row: 名称、日期)",
        ),
        ("公开号,申请号,标题\nCN1A,CN1,x\n", "missing 专利名称 (first row: 公开号、申请号、标题)"),
    ],
)
def test_export_header_error_names_the_missing_columns(csv_text: str, missing: str) -> None:
    with pytest.raises(ParseError, match=re.escape(missing)):
        cnipa_export.parse(csv_text.encode(), context("x"))


def test_truncated_csv_row_is_quarantined_not_dropped() -> None:
    data = (FIXTURES / "cn/patentsemantix_case_records.csv").read_bytes()
    cut = data[: data.rindex(b"\r\n") - 400]  # the last row loses its tail
    result = cnipa_export.parse(cut, context("x"))
    assert len(result.records) == 9
    assert len(result.quarantined) == 1 and "fields" in result.quarantined[0].reason


def test_truncated_trs_record_is_quarantined() -> None:
    text = (FIXTURES / "cn/cnipa_trs_format_sample.trs").read_text(encoding="utf-8")
    cut = text[: text.index("<申请号>=CN98811333.3")].encode("utf-8")[:-1]
    result = trs.parse(cut, context("x"))
    assert [r.publication_number for r in result.records] == ["CN85100462A"]
    assert len(result.quarantined) == 1 and "truncated" in result.quarantined[0].reason


def test_utf8_cut_inside_a_character_still_reads() -> None:
    data = (FIXTURES / "cn/cnipa_trs_format_sample.trs").read_bytes()
    result = trs.parse(data[:-2], context("x"))
    assert len(result.records) == 2


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("H04W  84/    20            A I                    ", "H04W84/20"),
        ("B63H   3/    08            A I", "B63H3/08"),
        ("B64U20/80", "B64U20/80"),
        ("F03D  17/    00            C I", "F03D17/00"),
        ("not ipc", None),
    ],
)
def test_normalize_ipc(raw: str, code: str | None) -> None:
    assert normalize_ipc(raw) == code


@pytest.mark.parametrize(
    ("raw", "iso"), [("20230328", "2023-03-28"), ("1985.11.10", "1985-11-10"), ("0", None)]
)
def test_parse_date(raw: str, iso: str | None) -> None:
    value = parse_date(raw)
    assert (value.isoformat() if value else None) == iso


def test_parse_date_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_date("2023-13-45")


@pytest.mark.parametrize("raw", ["B63B", "Ｆ１６Ｋ１/００", "A01B0001020000", "H 04 W 84/20"])
def test_parse_time_ipc_is_the_canonical_grammar(raw: str) -> None:
    """The crawlers' lenient normalize_ipc is transforms.ipc's grammar, None instead of an error."""
    from transforms.ipc import normalize_ipc as canonical

    assert normalize_ipc(raw) == canonical(raw)
