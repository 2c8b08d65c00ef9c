"""Suite-wide fixtures: embeddings are off unless a test opts in; the default model is built once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from transforms.embeddings.embedder import ensure_default_model


@pytest.fixture(scope="session", autouse=True)
def _embeddings_off_by_default() -> Iterator[None]:
    """Settings built in tests read PATENTDB_EMBEDDING_MODEL: 'none' keeps unrelated tests fast."""
    old = os.environ.get("PATENTDB_EMBEDDING_MODEL")
    os.environ["PATENTDB_EMBEDDING_MODEL"] = "none"
    yield
    if old is None:
        os.environ.pop("PATENTDB_EMBEDDING_MODEL", None)
    else:
        os.environ["PATENTDB_EMBEDDING_MODEL"] = old


@pytest.fixture(scope="session")
def model_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data home with the default model: PATENTDB_TEST_HOME reuses one, else it is built (~2-3 min)."""
    reuse = os.environ.get("PATENTDB_TEST_HOME")
    home = Path(reuse) if reuse else tmp_path_factory.mktemp("model-home")
    ensure_default_model(home)
    return home


@pytest.fixture(scope="session")
def default_model_dir(model_home: Path) -> Path:
    return ensure_default_model(model_home)
