"""Evaluation: counts, splits without leakage, markdown with markers, the whole run on tiny data."""

from __future__ import annotations

import pytest

from transforms.taxonomy import Taxonomy
from transforms.textclass.dataset import Labelled
from transforms.textclass.evaluate import Counts, count, evaluate, folds_for
from transforms.textclass.report import BEGIN, END, merge_into, to_markdown


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
