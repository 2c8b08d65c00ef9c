"""Evaluation: counts, splits without leakage, markdown with markers, the whole run on tiny data."""

from __future__ import annotations

import csv
import io

import pytest

from transforms.taxonomy import Taxonomy
from transforms.textclass.dataset import Labelled
from transforms.textclass.evaluate import Counts, count, evaluate, folds_for
from transforms.textclass.report import BEGIN, END, merge_into, to_markdown, write_disagreements


def test_counts() -> None:
    rows = count([{"A"}, {"A", "B"}, set()], [{"A"}, {"B"}, {"A"}], ["A", "B"])
    assert rows[0] == Counts("A", 2, 2, 1) and rows[1] == Counts("B", 1, 1, 1)
    assert rows[-1] == Counts("all", 3, 3, 2)
    assert rows[0].precision == 0.5 and rows[0].recall == 0.5 and rows[0].f1 == 0.5
    assert Counts("C", 0, 0, 0).f1 == 0.0


@pytest.mark.parametrize("split", ["cv", "heldout"])
def test_no_test_row_is_trained_on(tiny_rows: list[Labelled], split: str) -> None:
    parts = folds_for(tiny_rows, split, 4)  # type: ignore[arg-type]
    tested = [i for _, test in parts for i in test]
    assert sorted(tested) == sorted(set(tested))
    for train, test in parts:
        assert not set(train) & set(test)
    if split == "cv":
        assert sorted(tested) == list(range(len(tiny_rows)))


def test_evaluate_both_modes(taxonomy: Taxonomy, tiny_rows: list[Labelled]) -> None:
    report = evaluate(tiny_rows, taxonomy, "both", "cv", folds=2)
    assert report.text is not None and report.ipc is not None
    assert report.tested_text == len(tiny_rows)
    assert all(c.f1 == 1.0 for c in report.ipc if c.positives)  # core codes only: rules reproduce truth
    md = to_markdown(report, "patentdb evaluate --input x.csv", taxonomy.version, "m")
    assert md.startswith(BEGIN) and md.rstrip().endswith(END)
    assert "| MARINE | 4 |" in md and "micro avg" in md


def test_split_none_needs_a_model(taxonomy: Taxonomy, tiny_rows: list[Labelled]) -> None:
    with pytest.raises(ValueError):
        evaluate(tiny_rows, taxonomy, "text", "none")


def test_merge_into_keeps_notes() -> None:
    doc = f"# Title\n\nintro\n\n{BEGIN}\nold\n{END}\n\nnotes after\n"
    merged = merge_into(doc, f"{BEGIN}\nnew\n{END}\n")
    assert "new" in merged and "old" not in merged and merged.endswith("notes after\n")
    assert merge_into("", "X\n") == "X\n"


def _with_folds(rows: list[Labelled], baseline: bool) -> list[Labelled]:
    """The tiny rows with a given fold (alternating 1 / 2) and, optionally, a baseline that predicts B63H
    (MARINE) for every row."""
    return [
        Labelled(r.id, r.title, r.abstract, r.ipc, 1 + i % 2, ("B63H",) if baseline else None)
        for i, r in enumerate(rows)
    ]


def test_given_split_uses_the_file_folds(tiny_rows: list[Labelled]) -> None:
    rows = _with_folds(tiny_rows, baseline=False)
    parts = folds_for(rows, "given", 5)
    assert [sorted(test) for _, test in parts] == [list(range(0, 20, 2)), list(range(1, 20, 2))]
    for train, test in parts:
        assert not set(train) & set(test)
    with pytest.raises(ValueError, match="fold on every row"):
        folds_for(tiny_rows, "given", 5)


def test_baseline_counts_go_through_the_core_rules(taxonomy: Taxonomy, tiny_rows: list[Labelled]) -> None:
    report = evaluate(_with_folds(tiny_rows, baseline=True), taxonomy, "ipc", "given")
    assert report.baseline is not None
    marine = next(c for c in report.baseline if c.code == "MARINE")
    assert (marine.positives, marine.predicted, marine.correct) == (4, 20, 4)
    assert all(c.predicted == 0 for c in report.baseline if c.code not in ("MARINE", "all"))
    md = to_markdown(report, "patentdb evaluate --input x.csv", taxonomy.version, "m")
    assert "baseline P | R | F1 |" in md
    assert "| MARINE | 4 | 1.00 | 1.00 | **1.00** | 0.20 | 1.00 | **0.33** |" in md
    assert "text-only" not in md  # a method that did not run has no columns and no note
    assert evaluate(tiny_rows, taxonomy, "ipc", "cv").baseline is None  # no baseline column: no baseline


def test_scored_rows_only(taxonomy: Taxonomy, tiny_rows: list[Labelled]) -> None:
    rows = _with_folds(tiny_rows, baseline=True)
    marine = {r.id for r in rows if "B63" in r.ipc[0]}
    report = evaluate(rows, taxonomy, "both", "given", scored=marine)
    assert report.rows == report.tested_text == 4
    assert report.ipc is not None and report.baseline is not None
    assert [c.positives for c in report.ipc if c.code in ("MARINE", "AUTO")] == [4, 0]
    assert next(c for c in report.baseline if c.code == "MARINE").precision == 1.0


def test_disagreements_list_each_method_against_the_truth(
    taxonomy: Taxonomy, tiny_rows: list[Labelled]
) -> None:
    rows = _with_folds(tiny_rows, baseline=True)
    report = evaluate(rows, taxonomy, "ipc", "given")
    out = io.StringIO()
    written = write_disagreements(report.outcomes, taxonomy.codes, out)
    listed = list(csv.DictReader(io.StringIO(out.getvalue())))
    # the rules reproduce the core truth; the B63H baseline is wrong on every non-MARINE row
    assert written == len(listed) == 16
    assert {r["publication_number"] for r in listed} == {r.id for r in rows if not r.ipc[0].startswith("B63")}
    tea = next(r for r in listed if r["publication_number"] == "CN18A")
    assert (tea["truth"], tea["with_ipc"], tea["baseline"], tea["text_only"]) == ("", "", "MARINE", "")
    assert tea["with_ipc_evidence"] == ""  # with IPC agrees with the truth: no evidence to review


def test_disagreement_with_ipc_carries_the_evidence(taxonomy: Taxonomy) -> None:
    row = Labelled("CN99A", "一种新能源汽车电池包", "", ("H01M",))  # H01M + 汽车: a conditional AUTO rule
    report = evaluate([row], taxonomy, "ipc", "none")
    out = io.StringIO()
    assert write_disagreements(report.outcomes, taxonomy.codes, out) == 1
    listed = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (listed["truth"], listed["with_ipc"], listed["baseline"]) == ("", "AUTO", "")
    assert "ipc_conditional" in listed["with_ipc_evidence"] and "汽车" in listed["with_ipc_evidence"]
