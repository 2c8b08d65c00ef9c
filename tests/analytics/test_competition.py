from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.competition import applicant_ranking, filing_trend, region_comparison
from analytics.frame import load_snapshot, patent_rows
from transforms.io import stage_partition, to_line, write_jsonl
from transforms.records import IndustryLabel, LegalStatus, Party, Patent, Place, Provenance

PROV = Provenance(source="t", fetched_at=dt.datetime(2026, 1, 1), pipeline_version="t", synthetic=True)


def patent(num: int, year: int, applicant: str, county: str, industry: str, status: LegalStatus) -> Patent:
    return Patent(
        publication_number=f"CN2{num:08d}U",
        country="CN",
        application_date=dt.date(year, 3, 1),
        applicants=[
            Party(raw_name=applicant, name=applicant, place=Place(county=county), is_local=county == "靖江市")
        ],
        industries=[IndustryLabel(code=industry, score=1.0, primary=True)],
        legal_status=status,
        provenance=PROV,
    )


RECORDS = [
    patent(1, 2020, "甲公司", "靖江市", "MARINE", LegalStatus.IN_FORCE),
    patent(2, 2020, "甲公司", "靖江市", "MARINE", LegalStatus.LAPSED),
    patent(3, 2021, "乙公司", "靖江市", "MOTOR", LegalStatus.IN_FORCE),
    patent(4, 2021, "丙公司", "江阴市", "MARINE", LegalStatus.IN_FORCE),
]


def test_trend_counts_per_year_and_industry() -> None:
    frame = pd.DataFrame(patent_rows(RECORDS))
    trend = filing_trend(frame)
    assert trend.loc[2020, "MARINE"] == 2
    assert trend.loc[2021, "MARINE"] == 1
    assert trend.loc[2020, "MOTOR"] == 0


def test_ranking_and_in_force_share() -> None:
    frame = pd.DataFrame(patent_rows(RECORDS))
    ranking = applicant_ranking(frame, industry="MARINE")
    assert list(ranking.index) == ["甲公司", "丙公司"]
    assert ranking.loc["甲公司", "in_force_share"] == 0.5


def test_every_co_applicant_counts_and_one_id_is_one_row() -> None:
    """Whole counting: a joint patent counts for each applicant; two spellings with one applicant id are one
    applicant; the local ranking leaves out a non-local co-applicant."""
    joint = patent(5, 2022, "甲公司", "靖江市", "MARINE", LegalStatus.IN_FORCE).model_copy(
        update={
            "applicants": [
                Party(raw_name="甲公司", name="甲公司", applicant_id="A1", is_local=True),
                Party(raw_name="江苏科技大学", name="江苏科技大学", applicant_id="U1", is_local=False),
            ]
        }
    )
    spelled = patent(6, 2022, "甲股份有限公司", "靖江市", "MARINE", LegalStatus.LAPSED).model_copy(
        update={
            "applicants": [
                Party(raw_name="甲股份有限公司", name="甲股份有限公司", applicant_id="A1", is_local=True)
            ]
        }
    )
    frame = pd.DataFrame(patent_rows([joint, spelled]))
    ranking = applicant_ranking(frame)
    assert ranking["patents"].to_dict() == {"甲公司": 2, "江苏科技大学": 1}
    assert ranking.loc["甲公司", "in_force_share"] == 0.5
    assert list(applicant_ranking(frame, local_only=True).index) == ["甲公司"]


def test_region_comparison_has_totals() -> None:
    table = region_comparison(pd.DataFrame(patent_rows(RECORDS)))
    assert table.loc["靖江市", "total"] == 3
    assert table.loc["total", "MARINE"] == 3


def test_load_snapshot_reads_classify_partitions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    write_jsonl(
        stage_partition(tmp_path, "classify", "synthetic", "2026-11-25"), (to_line(r) for r in RECORDS)
    )
    frame = load_snapshot(tmp_path, "2026-11-25")
    assert len(frame) == 4
    assert frame["is_local"].sum() == 3


def test_report_workbook_has_every_sheet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from analytics.report import write_report

    frame = pd.DataFrame(patent_rows(RECORDS))
    names = write_report(frame, tmp_path / "report.xlsx", run_date="2026-11-25")
    book = load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames == names
    assert {"about", "trend_local", "ranking_local", "regions", "ranking_MARINE", "ranking_MOTOR"} <= set(
        names
    )
    about = {row[0].value: row[1].value for row in book["about"].iter_rows(min_row=2)}
    assert about["patents"] == 4 and about["local patents"] == 3 and about["synthetic records"] == 4
    # the local trend counts only Jingjiang's patents: 2 MARINE in 2020, 1 MOTOR in 2021
    trend = [[c.value for c in row] for row in book["trend_local"].iter_rows()]
    assert trend[0][1:] == ["MARINE", "MOTOR"]
    assert trend[-2:] == [[2020, 2, 0], [2021, 0, 1]]


def test_analyze_command(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    write_jsonl(stage_partition(tmp_path, "classify", "all", "2026-11-25"), (to_line(r) for r in RECORDS))
    env = {**os.environ, "PATENTDB_HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "patentdb.cli", "analyze", "--run-date", "2026-11-25"]
    ok = subprocess.run([*cmd, "--output", str(tmp_path / "r.xlsx")], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "r.xlsx").stat().st_size > 0 and "4 patents" in ok.stdout
    empty = subprocess.run(
        [sys.executable, "-m", "patentdb.cli", "analyze", "--run-date", "2001-01-01", "--output", "x.xlsx"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert empty.returncode == 2 and "no classified patents" in empty.stderr
