"""The configured sentence-transformers embedder (``PATENTDB_EMBEDDING_MODEL``), or None when disabled."""

from __future__ import annotations

from pathlib import Path

from patentdb.errors import UserError
from patentdb.settings import Settings
from search.documents import vector_dims
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
    embedder = Embedder(location, cache_dir=settings.home / "cache" / "embeddings")
    if embedder.dims != vector_dims():
        raise UserError(
            f"embedding model {embedder.model_id} gives {embedder.dims}-d vectors; the index stores "
            f"{vector_dims()}-d ones (index_mappings/patents.json, embedding.dims): use a {vector_dims()}-d "
            "model, or change dims there and bump _meta.schema_version"
        )
    return embedder
