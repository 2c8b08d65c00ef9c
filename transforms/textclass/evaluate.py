"""Precision / recall / F1 per industry against weak labels (core IPC rules), text-only and with IPC, and
for a baseline's IPC predictions when the labelled file carries them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from transforms.classify import classify_patent
from transforms.classify_csv import row_to_patent
from transforms.embeddings.corpus import is_heldout
from transforms.taxonomy import Taxonomy
from transforms.textclass.calibrate import fold_of
from transforms.textclass.dataset import Labelled, examples
from transforms.textclass.model import TextModel, fit_text_model
from transforms.textclass.weak import core_labels

Split = Literal["cv", "given", "heldout", "none"]
Mode = Literal["text", "ipc", "both"]
_FETCHED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # provenance of the throw-away records


@dataclass(frozen=True)
class Counts:
    code: str
    positives: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.positives if self.positives else 0.0

    @property
    def f1(self) -> float:
        total = self.predicted + self.positives
        return 2 * self.correct / total if total else 0.0


@dataclass(frozen=True)
class Report:
    rows: int
    tested_text: int
    split: str
    text: list[Counts] | None
    ipc: list[Counts] | None
    baseline: list[Counts] | None = None  # the file's baseline IPC predictions through the same core rules


def count(truth: Sequence[set[str]], predicted: Sequence[set[str]], codes: Sequence[str]) -> list[Counts]:
    """Per-industry counts, then the micro total (code ``all``)."""
    rows = [
        Counts(
            c,
            sum(c in t for t in truth),
            sum(c in p for p in predicted),
            sum(c in t and c in p for t, p in zip(truth, predicted, strict=True)),
        )
        for c in codes
    ]
    return [
        *rows,
        Counts("all", *(sum(getattr(r, f) for r in rows) for f in ("positives", "predicted", "correct"))),
    ]


def predict(
    rows: Sequence[Labelled], taxonomy: Taxonomy, model: TextModel | None, with_ipc: bool
) -> list[set[str]]:
    """Industries the product assigns: rules on the IPC codes, or the text model on title + abstract."""
    out = []
    for r in rows:
        fields = {"publication_number": r.id, "title": r.title, "abstract": r.abstract}
        patent = row_to_patent(fields | {"ipc": "|".join(r.ipc) if with_ipc else ""}, _FETCHED, "evaluate")
        out.append({lab.code for lab in classify_patent(patent, taxonomy, model).industries})
    return out


def folds_for(rows: Sequence[Labelled], split: Split, folds: int) -> list[tuple[list[int], list[int]]]:
    """(train, test) index lists; no test row is ever in its training part."""
    index = range(len(rows))
    if split == "cv":
        fold = [fold_of(r.id, folds, salt=2) for r in rows]
        return [
            ([i for i in index if fold[i] != k], [i for i in index if fold[i] == k]) for k in range(folds)
        ]
    if split == "given":
        missing = sum(r.fold is None for r in rows)
        if missing:
            raise ValueError(f"split 'given' needs a fold on every row; {missing} row(s) have none")
        given = [r.fold or 0 for r in rows]
        return [
            ([i for i in index if given[i] != k], [i for i in index if given[i] == k])
            for k in sorted(set(given))
        ]
    if split == "heldout":
        return [
            ([i for i in index if not is_heldout(rows[i].id)], [i for i in index if is_heldout(rows[i].id)])
        ]
    return [([], list(index))]


def evaluate(
    rows: Sequence[Labelled],
    taxonomy: Taxonomy,
    mode: Mode,
    split: Split,
    folds: int = 5,
    shipped: Callable[[], TextModel] | None = None,
    scored: Collection[str] | None = None,
) -> Report:
    """Text-only scores from models trained per fold (``none``: the shipped model); IPC and baseline scores on
    all rows. ``scored``: only rows with these ids are scored (models still train on every other-fold row)."""
    codes = taxonomy.codes
    truth = [set(core_labels(r.ipc, taxonomy)) for r in rows]
    keep = [scored is None or r.id in scored for r in rows]
    text: list[Counts] | None = None
    tested = 0
    if mode in ("text", "both"):
        t_truth: list[set[str]] = []
        t_pred: list[set[str]] = []
        for train, test in folds_for(rows, split, folds):
            if split == "none":
                if shipped is None:
                    raise ValueError("split 'none' needs the shipped model")
                model = shipped()
            else:
                model = fit_text_model(examples([rows[i] for i in train], taxonomy), taxonomy)
            test = [i for i in test if keep[i]]
            t_pred += predict([rows[i] for i in test], taxonomy, model, with_ipc=False)
            t_truth += [truth[i] for i in test]
        text, tested = count(t_truth, t_pred, codes), len(t_truth)
    kept = [r for r, k in zip(rows, keep, strict=True) if k]
    kept_truth = [t for t, k in zip(truth, keep, strict=True) if k]
    ipc = (
        count(kept_truth, predict(kept, taxonomy, None, with_ipc=True), codes)
        if mode in ("ipc", "both")
        else None
    )
    baseline = None
    if all(r.baseline_ipc is not None for r in kept):
        baseline = count(kept_truth, [set(core_labels(r.baseline_ipc or (), taxonomy)) for r in kept], codes)
    return Report(len(kept), tested, split, text, ipc, baseline)
