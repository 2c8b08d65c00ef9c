"""Where the shipped real CN titles live (versioned data in transforms/data; origins in its SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).parent / "data"
#: 2,917 real CN titles + IPC subclasses: the demo generator's titles and the embedding build's corpus
DEV_CSV = _DATA / "cn_titles_ipc.csv"
#: 9,739 real CN titles + IPC subclasses (a superset of DEV_CSV) with the published baseline's folds and
#: out-of-fold predictions: the text model's training set and the evaluation set
TRAIN_CSV = _DATA / "cn_titles_ipc_full.csv"
