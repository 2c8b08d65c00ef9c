"""CLI (subprocess): `patentdb classify`, `evaluate` and `review-queue` on a fresh home, no network."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from pathlib import Path

from tests.patentdb.cli_run import run_cli
from tests.textclass.conftest import TINY
from transforms.io import stage_partition, to_line, write_jsonl
from transforms.records import Classification, Patent, Provenance


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args)


def test_classify_csv_builds_the_model_once(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "publication_number,title,abstract,ipc\n"
        "CN1A,一种船舶推进器,,B63H23/32\n"
        "CN2A,一种新能源汽车充电桩,,\n"
        "CN3A,一种茶杯,,\n"
        "CN4A,一种永磁电机,,H02K1/27;B60L50/00\n"
        "CN5A,坏代码,,XYZ\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    done = _run(tmp_path / "home", "classify", "--input", str(src), "--output", str(out))
    assert done.returncode == 0, done.stderr
    rows = {r["publication_number"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["CN1A"]["industries"] == "MARINE"
    assert rows["CN2A"]["industries"].split("|")[0] == "AUTO" and "model" in rows["CN2A"]["evidence"]
    assert rows["CN3A"]["industries"] == ""
    assert set(rows["CN4A"]["industries"].split("|")) == {"MOTOR", "AUTO"}
    assert rows["CN5A"]["error"]
    assert list((tmp_path / "home" / "models").glob("patentdb-textclass-*/*/model.pkl"))


def test_evaluate_writes_markdown(tmp_path: Path) -> None:
    src = tmp_path / "labelled.csv"
    src.write_text(
        "publication_number,title,ipc\n" + "".join(f"{i},{t},{c}\n" for i, t, c in TINY), encoding="utf-8"
    )
    doc = tmp_path / "eval.md"
    doc.write_text("# Evaluation\n\nnotes\n", encoding="utf-8")
    args = ["evaluate", "--input", str(src), "--mode", "both", "--folds", "2", "--output", str(doc)]
    done = _run(tmp_path / "home", *args)
    assert done.returncode == 0, done.stderr
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Evaluation\n\nnotes") and "| MARINE | 4 |" in text and "--folds 2" in text
    bad = _run(tmp_path / "home", "evaluate", "--input", str(tmp_path / "missing.csv"))
    assert bad.returncode == 2


def test_evaluate_given_folds_baseline_and_scored_subset(tmp_path: Path) -> None:
    src = tmp_path / "labelled.csv"
    src.write_text(
        "publication_number,title,ipc,fold,baseline_subclasses\n"
        + "".join(f"{i},{t},{c},{1 + n % 2},B63H\n" for n, (i, t, c) in enumerate(TINY)),
        encoding="utf-8",
    )
    subset = tmp_path / "subset.csv"
    subset.write_text("publication_number,title,ipc\nCN1A,船,B63H\nCN5A,车,B60B\n", encoding="utf-8")
    wrong = tmp_path / "wrong.csv"
    args = ["evaluate", "--input", str(src), "--split", "given", "--score-only", str(subset)]
    done = _run(tmp_path / "home", *args, "--disagreements", str(wrong))
    assert done.returncode == 0, done.stderr
    listed = list(csv.DictReader(wrong.open(encoding="utf-8")))
    assert [(r["publication_number"], r["truth"], r["baseline"]) for r in listed] == [
        ("CN5A", "AUTO", "MARINE")
    ]
    assert "- Rows: 2 labelled titles" in done.stdout and "--score-only" in done.stdout
    assert "| MARINE | 1 |" in done.stdout and "baseline P | R | F1 |" in done.stdout
    no_folds = tmp_path / "no_folds.csv"
    no_folds.write_text("publication_number,title,ipc\nCN1A,一种船舶推进器,B63H\n", encoding="utf-8")
    bad = _run(tmp_path / "home", "evaluate", "--input", str(no_folds), "--split", "given")
    assert bad.returncode == 2 and "fold on every row" in bad.stderr


def test_review_queue_lists_flagged_records(tmp_path: Path) -> None:
    home = tmp_path / "home"
    prov = Provenance(source="t", fetched_at=dt.datetime(2026, 11, 25), pipeline_version="t", synthetic=True)

    def patent(number: str, review: bool) -> Patent:
        reason = "low confidence AUTO p=0.55" if review else None
        return Patent(
            publication_number=number,
            country="CN",
            titles={"zh": f"标题{number}"},
            classification=Classification(taxonomy_version="v", needs_review=review, review_reason=reason),
            provenance=prov,
        )

    records = [patent("CN1A", True), patent("CN2A", False), patent("CN3A", True)]
    write_jsonl(stage_partition(home, "classify", "all", "2026-11-25"), (to_line(r) for r in records))
    listing = _run(home, "review-queue", "--run-date", "2026-11-25", "--limit", "1")
    assert listing.returncode == 0, listing.stderr
    assert "CN1A" in listing.stdout and "CN3A" not in listing.stdout and "2 records" in listing.stderr
    as_csv = _run(home, "review-queue", "--run-date", "2026-11-25", "--csv", "-")
    rows = list(csv.DictReader(as_csv.stdout.splitlines()))
    assert [r["id"] for r in rows] == ["CN1A", "CN3A"] and rows[0]["review_reason"].startswith("low")
    assert _run(home, "review-queue", "--run-date", "2020-01-01").returncode == 1
