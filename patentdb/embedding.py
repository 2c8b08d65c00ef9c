"""The configured sentence-transformers embedder (``PATENTDB_EMBEDDING_MODEL``), or None when disabled."""

from __future__ import annotations

from pathlib import Path

from patentdb.settings import Settings
from transforms.embeddings import Embedder, ensure_default_model

DISABLED = "none"
DEFAULT = "default"


def model_location(settings: Settings) -> str | Path | None:
    """Where the model comes from: the project's default (built once), a path or name, or None."""
    choice = settings.embedding_model.strip()
    if choice.lower() == DISABLED:
        return None
    if choice.lower() == DEFAULT:
        return ensure_default_model(settings.home)
    return choice


def open_embedder(settings: Settings) -> Embedder | None:
    """An embedder with its content-hash cache under ``<home>/cache/embeddings``; None when disabled."""
    location = model_location(settings)
    if location is None:
        return None
    return Embedder(location, cache_dir=settings.home / "cache" / "embeddings")
