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
    text = {c.code: c for c in report.text or []}
    ipc = {c.code: c for c in report.ipc or []}
    base = {c.code: c for c in report.baseline or []}
    codes = list(text or ipc or base)
    head = "| industry | positives | text-only P | R | F1 | with IPC P | R | F1 |"
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|"
    notes = []
    if base:
        head += " baseline P | R | F1 |"
        rule += "---:|---:|---:|"
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
        f"- Text-only: {model_name} on title (+ abstract when given), no IPC; {report.tested_text} rows "
        f"predicted; split: {SPLITS[report.split]}.",
        "- With IPC: the rule classifier on the same codes (core + conditional rules; conditional ones need "
        "a keyword, so they can add labels the core truth lacks).",
        *notes,
        "",
        head,
        rule,
    ]
    for code in codes:
        src = text.get(code) or ipc.get(code) or base[code]
        name = "micro avg" if code == "all" else code
        line = f"| {name} | {src.positives} | {_cells(text.get(code))} | {_cells(ipc.get(code))} |"
        lines.append(line + (f" {_cells(base.get(code))} |" if base else ""))
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
