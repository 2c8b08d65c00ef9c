""" "More like this": the records nearest to a stored record's embedding."""

from __future__ import annotations

from collections.abc import Mapping

from search.backend import Hit, IndexBackend


def similar(
    backend: IndexBackend, doc_id: str, k: int = 10, filters: Mapping[str, list[str]] | None = None
) -> list[Hit] | None:
    """Up to ``k`` nearest other records; None when the record has no embedding."""
    vector = backend.vector(doc_id)
    if vector is None:
        return None
    doc = backend.get(doc_id) or {}
    space = doc.get("embedding_model")  # neighbours embedded by the same model only
    scoped = {**(filters or {}), **({"embedding_model": [str(space)]} if space else {})}
    hits = backend.knn(vector, k=k + 1, filters=scoped or None)
    return [h for h in hits if h.id != doc_id][:k]
