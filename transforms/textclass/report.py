"""The evaluation report as markdown, written between markers so notes around it survive a rerun, and the
rows where a method disagrees with the truth as CSV (for whoever reviews the taxonomy or the model)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

from transforms.classify_csv import evidence_json
from transforms.textclass.evaluate import Counts, Outcome, Report

DISAGREEMENT_FIELDS = (
    "publication_number",
    "title",
    "ipc",
    "truth",
    "text_only",
    "with_ipc",
    "baseline",
    "with_ipc_evidence",
)

BEGIN, END = "<!-- evaluate:begin -->", "<!-- evaluate:end -->"
SPLITS = {
    "cv": "5-fold cross-validation by a hash of the publication number: every text-only prediction comes "
    "from a model trained (its thresholds and deciding sources calibrated) on the other folds only",
    "given": "the folds given by the file (its `fold` column): every text-only prediction comes from a model "
    "trained (its thresholds and deciding sources calibrated) on the other folds only",
    "heldout": "the embedding build's 30 % held-out part (transforms/embeddings/corpus.py is_heldout) is "
    "tested; the text model is trained on the other 70 % only",
    "none": "the shipped model, trained on transforms/data/cn_titles_ipc_full.csv (and "
    "PATENTDB_TEXTCLASS_DATA when set): valid only for rows in neither",
}


def _cells(c: Counts | None) -> str:
    return " | | " if c is None else f"{c.precision:.2f} | {c.recall:.2f} | **{c.f1:.2f}**"


def to_markdown(report: Report, command: str, taxonomy_version: str, model_name: str) -> str:
    """The table has a P / R / F1 group per method that ran (text-only, with IPC, baseline)."""
    methods = [
        (name, {c.code: c for c in counts})
        for name, counts in (
            ("text-only", report.text),
            ("with IPC", report.ipc),
            ("baseline", report.baseline),
        )
        if counts is not None
    ]
    codes = list(next((table for _, table in methods if table), {}))
    head = "| industry | positives |" + "".join(f" {name} P | R | F1 |" for name, _ in methods)
    rule = "|---|---:|" + "---:|---:|---:|" * len(methods)
    described = {name for name, _ in methods}
    notes = []
    if "text-only" in described:
        notes.append(
            f"- Text-only: {model_name} on title (+ abstract when given), no IPC; {report.tested_text} rows "
            f"predicted; split: {SPLITS[report.split]}."
        )
    if "with IPC" in described:
        notes.append(
            "- With IPC: the rule classifier on the same codes (core + conditional rules; conditional ones "
            "need a keyword, so they can add labels the core truth lacks)."
        )
    if "baseline" in described:
        notes.append(
            "- Baseline: the file's `baseline_subclasses` (another classifier's IPC predictions) through the "
            "same core rules, on all rows."
        )
    lines = [
        BEGIN,
        f"Command: `{command}`",
        "",
        f"- Rows: {report.rows} labelled titles; truth = the taxonomy's **core** IPC rules (version "
        f"`{taxonomy_version}`) applied to each row's true IPC codes.",
        *notes,
        "",
        head,
        rule,
    ]
    for code in codes:
        positives = next(table[code].positives for _, table in methods if code in table)
        name = "micro avg" if code == "all" else code
        lines.append(
            f"| {name} | {positives} |" + "".join(f" {_cells(table.get(code))} |" for _, table in methods)
        )
    lines.append(END)
    return "\n".join(lines) + "\n"


def merge_into(existing: str, block: str) -> str:
    """Replace the marked block of ``existing`` (or append it when there is none)."""
    if BEGIN in existing and END in existing:
        head, rest = existing.split(BEGIN, 1)
        return head + block.rstrip("\n") + rest.split(END, 1)[1]
    return (existing.rstrip("\n") + "\n\n" if existing.strip() else "") + block


def _codes(labels: Iterable[str] | None, order: Sequence[str]) -> str:
    return "" if labels is None else "|".join(c for c in order if c in set(labels))


def write_disagreements(outcomes: Sequence[Outcome], codes: Sequence[str], fh: TextIO) -> int:
    """Every scored row where a method's labels differ from the truth (codes in taxonomy order; a column is
    empty when that method did not run); returns the number of rows written."""
    writer = csv.DictWriter(fh, fieldnames=DISAGREEMENT_FIELDS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for o in outcomes:
        if not o.disagrees:
            continue
        writer.writerow(
            {
                "publication_number": o.row.id,
                "title": o.row.title,
                "ipc": "|".join(o.row.ipc),
                "truth": _codes(o.truth, codes),
                "text_only": _codes(o.text, codes),
                "with_ipc": _codes(o.ipc, codes),
                "baseline": _codes(o.baseline, codes),
                "with_ipc_evidence": evidence_json(o.ipc_labels) if o.ipc_labels and o.ipc != o.truth else "",
            }
        )
        written += 1
    return written
