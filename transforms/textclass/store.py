"""Build the text model once from the repo's real titles (offline) and cache it under <home>/models/."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from transforms.taxonomy import DEFAULT_TAXONOMY, Taxonomy, load_taxonomy
from transforms.textclass.dataset import DEV_CSV, examples, read_labelled_csv
from transforms.textclass.model import DEFAULT_C, MODEL_NAME, TextModel, fit_text_model

MODEL_FILE = "model.pkl"


def model_digest(data: Path, taxonomy: Taxonomy) -> str:
    """Changes whenever the training data, the taxonomy or the hyper-parameters change."""
    h = hashlib.sha256(data.read_bytes())
    h.update(f"\x00{taxonomy.version}\x00{MODEL_NAME}\x00C={DEFAULT_C}".encode())
    return h.hexdigest()[:12]


def build_text_model(data: Path, taxonomy: Taxonomy) -> TextModel:
    """Train on every row of ``data`` (deterministic: the same data gives the same model)."""
    model_id = f"{MODEL_NAME}@{model_digest(data, taxonomy)}"
    return fit_text_model(examples(read_labelled_csv(data), taxonomy), taxonomy, model_id=model_id)


def ensure_text_model(home: Path, taxonomy: Taxonomy, data: Path = DEV_CSV) -> TextModel:
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


def classifier_for(home: Path, taxonomy_path: Path = DEFAULT_TAXONOMY) -> tuple[Taxonomy, TextModel]:
    """What the classify stage and the CLI need: the taxonomy and its text model."""
    taxonomy = load_taxonomy(taxonomy_path)
    return taxonomy, ensure_text_model(home, taxonomy)
