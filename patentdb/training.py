"""Labelled titles for the text model from the database's own real records (weak labels: their IPC codes).

The shipped training set has 9,739 real titles; every crawled or imported real patent with a Chinese title and
IPC codes is one more weakly labelled title. Synthetic records (and records merged with one) are never used.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from patentdb.stages import MERGE_STAGE, MERGED
from transforms.io import read_records, stage_partition
from transforms.textclass.dataset import Labelled, labelled_from


@dataclass(frozen=True)
class ExportReport:
    written: int
    synthetic: int  # skipped: synthetic, or merged with a synthetic record
    unlabelled: int  # skipped: no Chinese title or no IPC code
    run_dates: int


def merged_partitions(home: Path, run_dates: Iterable[str] | None = None) -> list[tuple[str, Path]]:
    """(run date, path) of the merge stage's partitions, oldest first (all of them without ``run_dates``)."""
    root = stage_partition(home, MERGE_STAGE, MERGED, "-").parent
    wanted = set(run_dates) if run_dates is not None else None
    found = sorted((p.stem, p) for p in root.glob("*.jsonl")) if root.is_dir() else []
    return [(d, p) for d, p in found if wanted is None or d in wanted]


def export_training_data(home: Path, out: TextIO, run_dates: Iterable[str] | None = None) -> ExportReport:
    """Write ``publication_number,title,abstract,ipc`` rows, one per real labelled patent, sorted by
    number; a record in several run dates is taken from the latest one (the same files give the same CSV)."""
    latest: dict[str, Labelled] = {}
    synthetic = unlabelled = 0
    partitions = merged_partitions(home, run_dates)
    for run_date, path in partitions:
        for record in read_records(path, stage="training-data", source=run_date).records:
            if record.provenance.synthetic:
                synthetic += 1
                continue
            row = labelled_from(record)
            if row is None:
                unlabelled += 1
                continue
            latest[row.id] = row
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["publication_number", "title", "abstract", "ipc"])
    for number in sorted(latest):
        row = latest[number]
        writer.writerow([row.id, row.title, row.abstract, "|".join(row.ipc)])
    return ExportReport(len(latest), synthetic, unlabelled, len(partitions))
