"""Labelled CSVs (publication_number, title[, abstract], ipc or ipc_subclasses[, fold,
baseline_subclasses]) and the shipped sets of real titles."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transforms.ipc import split_ipc_list
from transforms.records import Patent
from transforms.taxonomy import Taxonomy
from transforms.text import to_simplified
from transforms.textclass.model import Example
from transforms.textclass.weak import core_labels
from transforms.titles import DEV_CSV, TRAIN_CSV

__all__ = ["DEV_CSV", "TRAIN_CSV", "Labelled", "examples", "labelled_from", "read_labelled_csv"]


@dataclass(frozen=True)
class Labelled:
    """One row of a labelled CSV."""

    id: str
    title: str
    abstract: str
    ipc: tuple[str, ...]
    fold: int | None = None  # a fold given by the file (column ``fold``)
    baseline_ipc: tuple[str, ...] | None = None  # another classifier's IPC guess (``baseline_subclasses``)


def _fold(value: str | None, where: str) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{where}: fold is not a whole number: {value!r}") from None


def read_labelled_csv(path: Path) -> list[Labelled]:
    """Rows with a title and at least one IPC code; raises ValueError when a column is missing."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = set(reader.fieldnames or [])
        ipc_col = "ipc" if "ipc" in fields else "ipc_subclasses"
        missing = {"publication_number", "title", ipc_col} - fields
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        has_baseline = "baseline_subclasses" in fields
        rows = [
            Labelled(
                r["publication_number"].strip(),
                r["title"].strip(),
                (r.get("abstract") or "").strip(),
                tuple(split_ipc_list(r[ipc_col] or "")),
                _fold(r.get("fold"), f"{path}:{reader.line_num}"),
                tuple(split_ipc_list(r["baseline_subclasses"] or "")) if has_baseline else None,
            )
            for r in reader
        ]
    return [r for r in rows if r.title and r.ipc]


def labelled_from(record: object) -> Labelled | None:
    """A patent as a labelled row (its Chinese title, abstract and IPC codes); None without a Chinese title
    or without IPC codes, and for anything that is not a patent."""
    if not isinstance(record, Patent):
        return None
    title = record.titles.get("zh")
    if not title or not record.ipc:
        return None
    return Labelled(record.publication_number, title, record.abstracts.get("zh") or "", tuple(record.ipc))


def examples(rows: Sequence[Labelled], taxonomy: Taxonomy) -> list[Example]:
    """Training examples: the title (in simplified characters, as the classifier sees it), weakly labelled
    by the core IPC rules."""
    return [Example(r.id, to_simplified(r.title), core_labels(r.ipc, taxonomy)) for r in rows]
