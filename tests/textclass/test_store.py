"""The cached model: built once from a CSV, loaded afterwards, id changes with the data."""

from __future__ import annotations

from pathlib import Path

from tests.textclass.conftest import TINY
from transforms.taxonomy import Taxonomy
from transforms.textclass.model import MODEL_NAME
from transforms.textclass.store import ensure_text_model


def _write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "publication_number,title,ipc_subclasses\n" + "".join(f"{i},{t},{c}\n" for i, t, c in rows),
        encoding="utf-8",
    )
    return path


def test_built_once_then_loaded(tmp_path: Path, taxonomy: Taxonomy) -> None:
    data = _write(tmp_path / "train.csv", TINY)
    first = ensure_text_model(tmp_path / "home", taxonomy, (data,))
    files = list((tmp_path / "home" / "models" / MODEL_NAME).glob("*/model.pkl"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    second = ensure_text_model(tmp_path / "home", taxonomy, (data,))
    assert files[0].stat().st_mtime_ns == mtime and second.model_id == first.model_id
    assert first.model_id.startswith(f"{MODEL_NAME}@") and first.taxonomy_version == taxonomy.version
    other = ensure_text_model(tmp_path / "home", taxonomy, (_write(tmp_path / "b.csv", TINY[:-1]),))
    assert other.model_id != first.model_id
