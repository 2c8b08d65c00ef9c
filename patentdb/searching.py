"""Search as the CLI prints it: hits flattened to publication number, title, applicants, industries, score."""

from __future__ import annotations

from typing import Any

from patentdb.settings import Settings
from search.backend import SearchQuery


def hit_summary(doc: dict[str, Any], score: float) -> dict[str, Any]:
    """The JSON shape of one CLI hit."""
    return {
        "id": doc.get("id"),
        "publication_number": doc.get("publication_number"),
        "title": doc.get("title") or doc.get("title_en") or "",
        "applicants": list(doc.get("applicants") or []),
        "industries": list(doc.get("industries") or []),
        "town": list(doc.get("town") or []),
        "score": round(score, 4),
        "synthetic": bool(doc.get("synthetic")),
        "source": doc.get("source"),
    }


def run_search(
    settings: Settings, text: str, *, filters: dict[str, list[str]], size: int = 10
) -> dict[str, Any]:
    """Run one query on the configured backend; return ``{total, hits: [...]}``."""
    from search.factory import open_backend

    backend = open_backend(settings)
    try:
        result = backend.search(SearchQuery(text=text, filters=filters, size=size, facets=()))
    finally:
        backend.close()
    return {"query": text, "total": result.total, "hits": [hit_summary(h.doc, h.score) for h in result.hits]}


def run_semantic(
    settings: Settings, text: str, *, filters: dict[str, list[str]], size: int = 10
) -> dict[str, Any]:
    """Nearest records to ``text`` by embedding (cosine), with the same JSON shape as run_search."""
    from patentdb.embedding import open_embedder
    from search.factory import open_backend

    if not text.strip():
        raise ValueError("semantic search needs a query text")
    embedder = open_embedder(settings)
    if embedder is None:
        raise ValueError("semantic search needs an embedding model (PATENTDB_EMBEDDING_MODEL is 'none')")
    try:
        vector = [float(x) for x in embedder.encode([text])[0]]
        model_id, space = embedder.model_id, embedder.cache_namespace
    finally:
        embedder.close()
    backend = open_backend(settings)
    try:  # only vectors of the same model: another model's vectors are not comparable
        hits = backend.knn(vector, k=size, filters={**filters, "embedding_model": [space]})
    finally:
        backend.close()
    return {
        "query": text,
        "mode": "semantic",
        "model": model_id,
        "total": len(hits),
        "hits": [hit_summary(h.doc, h.score) for h in hits],
    }
