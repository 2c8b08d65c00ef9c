"""Precision / recall / F1 per industry against weak labels (core IPC rules), text-only and with IPC, and
for a baseline's IPC predictions when the labelled file carries them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence, Set
from dataclasses import dataclass
from typing import Literal

from transforms.classify import classify_patent
from transforms.classify_csv import row_to_patent
from transforms.embeddings.corpus import is_heldout
from transforms.records import IndustryLabel
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
class Outcome:
    """One scored row: its truth and what each method assigned (None: that method did not run)."""

    row: Labelled
    truth: frozenset[str]
    text: frozenset[str] | None
    ipc_labels: tuple[IndustryLabel, ...] | None  # with IPC, with their evidence
    baseline: frozenset[str] | None

    @property
    def ipc(self) -> frozenset[str] | None:
        return None if self.ipc_labels is None else frozenset(lab.code for lab in self.ipc_labels)

    @property
    def disagrees(self) -> bool:
        return any(p is not None and p != self.truth for p in (self.text, self.ipc, self.baseline))


@dataclass(frozen=True)
class Report:
    """Every scored row's outcome; the per-industry counts of each method that ran derive from them."""

    split: str
    codes: tuple[str, ...]
    outcomes: tuple[Outcome, ...]  # in input order

    @property
    def rows(self) -> int:
        return len(self.outcomes)

    @property
    def tested_text(self) -> int:
        return sum(o.text is not None for o in self.outcomes)

    def _counts(self, of: Callable[[Outcome], Set[str] | None]) -> list[Counts] | None:
        ran = [o for o in self.outcomes if of(o) is not None]
        if not ran and self.outcomes:
            return None
        return count([o.truth for o in ran], [of(o) or frozenset() for o in ran], self.codes)

    @property
    def text(self) -> list[Counts] | None:
        return self._counts(lambda o: o.text)

    @property
    def ipc(self) -> list[Counts] | None:
        return self._counts(lambda o: o.ipc)

    @property
    def baseline(self) -> list[Counts] | None:
        return self._counts(lambda o: o.baseline)


def count(truth: Sequence[Set[str]], predicted: Sequence[Set[str]], codes: Sequence[str]) -> list[Counts]:
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


def labels_for(
    rows: Sequence[Labelled], taxonomy: Taxonomy, model: TextModel | None, with_ipc: bool
) -> list[list[IndustryLabel]]:
    """The labels (with evidence) the product assigns: rules on the IPC codes, or the text model on title +
    abstract."""
    out = []
    for r in rows:
        fields = {"publication_number": r.id, "title": r.title, "abstract": r.abstract}
        patent = row_to_patent(fields | {"ipc": "|".join(r.ipc) if with_ipc else ""}, _FETCHED, "evaluate")
        out.append(classify_patent(patent, taxonomy, model).industries)
    return out


def predict(
    rows: Sequence[Labelled], taxonomy: Taxonomy, model: TextModel | None, with_ipc: bool
) -> list[set[str]]:
    """Industry codes the product assigns (see ``labels_for``)."""
    return [{lab.code for lab in labels} for labels in labels_for(rows, taxonomy, model, with_ipc)]


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
    truth = [frozenset(core_labels(r.ipc, taxonomy)) for r in rows]
    keep = [i for i, r in enumerate(rows) if scored is None or r.id in scored]
    text_pred: dict[int, frozenset[str]] = {}
    if mode in ("text", "both"):
        kept = set(keep)
        for train, test in folds_for(rows, split, folds):
            if split == "none":
                if shipped is None:
                    raise ValueError("split 'none' needs the shipped model")
                model = shipped()
            else:
                model = fit_text_model(examples([rows[i] for i in train], taxonomy), taxonomy)
            test = [i for i in test if i in kept]
            predicted = predict([rows[i] for i in test], taxonomy, model, with_ipc=False)
            text_pred.update((i, frozenset(p)) for i, p in zip(test, predicted, strict=True))
    ipc_labels = None
    if mode in ("ipc", "both"):
        ipc_labels = labels_for([rows[i] for i in keep], taxonomy, None, with_ipc=True)
    with_baseline = all(rows[i].baseline_ipc is not None for i in keep)
    outcomes = tuple(
        Outcome(
            rows[i],
            truth[i],
            text_pred.get(i),
            tuple(ipc_labels[n]) if ipc_labels is not None else None,
            frozenset(core_labels(rows[i].baseline_ipc or (), taxonomy)) if with_baseline else None,
        )
        for n, i in enumerate(keep)
    )
    return Report(split, codes, outcomes)
