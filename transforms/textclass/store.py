"""Build the text model once from the repo's real titles (offline) and cache it under <home>/models/."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from transforms.taxonomy import DEFAULT_TAXONOMY, Taxonomy, load_taxonomy
from transforms.textclass.dataset import TRAIN_CSV, Labelled, examples, read_labelled_csv
from transforms.textclass.model import DEFAULT_C, MODEL_NAME, TextModel, fit_text_model

MODEL_FILE = "model.pkl"


def model_digest(data: Sequence[Path], taxonomy: Taxonomy) -> str:
    """Changes whenever the training data, the taxonomy or the hyper-parameters change."""
    h = hashlib.sha256()
    for path in data:
        h.update(path.read_bytes())
        h.update(b"\x00")
    h.update(f"{taxonomy.version}\x00{MODEL_NAME}\x00C={DEFAULT_C}".encode())
    return h.hexdigest()[:12]


def training_rows(data: Sequence[Path]) -> list[Labelled]:
    """The rows of every file in order; a publication number seen before is skipped (the shipped titles
    come first, so an export of the same patent never trains twice)."""
    seen: set[str] = set()
    rows: list[Labelled] = []
    for path in data:
        for row in read_labelled_csv(path):
            if row.id not in seen:
                seen.add(row.id)
                rows.append(row)
    return rows


def build_text_model(data: Sequence[Path], taxonomy: Taxonomy) -> TextModel:
    """Train on every row of ``data`` (deterministic: the same data gives the same model)."""
    model_id = f"{MODEL_NAME}@{model_digest(data, taxonomy)}"
    return fit_text_model(examples(training_rows(data), taxonomy), taxonomy, model_id=model_id)


def ensure_text_model(home: Path, taxonomy: Taxonomy, data: Sequence[Path] = (TRAIN_CSV,)) -> TextModel:
    """The cached model for this data and taxonomy; built (seconds) and saved on first use."""
    from filelock import FileLock

    target = home / "models" / MODEL_NAME / model_digest(data, taxonomy) / MODEL_FILE
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(target.parent / ".lock")):
            if not target.exists():
                model = build_text_model(data, taxonomy)
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".model-")
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
    with target.open("rb") as fh:
        model = pickle.load(fh)  # our own file, written above from data in the repo
    if not isinstance(model, TextModel):
        raise TypeError(f"{target} is not a text model")
    return model


def shipped_text_model(home: Path, taxonomy: Taxonomy, extra: Sequence[Path] = ()) -> TextModel:
    """The product's text model: trained on the shipped real titles plus the ``extra`` labelled CSVs
    (``PATENTDB_TEXTCLASS_DATA``); a missing extra file is a ValueError."""
    missing = [str(p) for p in extra if not p.is_file()]
    if missing:
        raise ValueError(f"training data: no such file: {', '.join(missing)}")
    return ensure_text_model(home, taxonomy, (TRAIN_CSV, *extra))


def classifier_for(
    home: Path, taxonomy_path: Path = DEFAULT_TAXONOMY, extra: Sequence[Path] = ()
) -> tuple[Taxonomy, TextModel]:
    """What the classify stage and the CLI need: the taxonomy and the shipped text model."""
    taxonomy = load_taxonomy(taxonomy_path)
    return taxonomy, shipped_text_model(home, taxonomy, extra)
