"""The one interface every index backend implements, and the query / result types."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from pydantic import BaseModel, Field

#: Fields that every search facets on (terms aggregations), in display order.
FACET_FIELDS: tuple[str, ...] = (
    "industries",
    "town",
    "patent_type",
    "legal_status",
    "application_year",
    "ipc_subclass",
    "doc_type",
    "synthetic",
)

#: Buckets per facet: large enough that every value of these low-cardinality fields is counted.
FACET_SIZE = 1000
#: The most hits one search returns (both backends; deeper pages use an offset, exports a point in time).
MAX_SIZE = 1000


class SearchQuery(BaseModel):
    """A user query: free text plus exact filters."""

    text: str = ""
    filters: dict[str, list[str]] = Field(
        default_factory=dict, description="keyword field -> allowed values (OR within a field, AND across)"
    )
    size: int = Field(default=20, ge=0, le=MAX_SIZE)
    offset: int = Field(default=0, ge=0)
    facets: tuple[str, ...] = FACET_FIELDS


class Hit(BaseModel):
    """One ranked hit; ``doc`` is the indexed document (see search.documents)."""

    id: str
    score: float
    doc: dict[str, Any]


class FacetBucket(BaseModel):
    value: str
    count: int


class SearchResult(BaseModel):
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetBucket]] = Field(default_factory=dict)


class IndexBackend(Protocol):
    """What the pipeline, CLI, API and portal need from an index."""

    name: str

    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Insert or replace documents by their ``id``; returns how many were written."""
        ...

    def count(self) -> int:
        """Number of documents in the index."""
        ...

    def get(self, doc_id: str) -> dict[str, Any] | None:
        """One document by natural id, or None."""
        ...

    def search(self, query: SearchQuery) -> SearchResult:
        """Ranked hits, exact total and facet counts (over all matches) for a query.

        Free text is analyzed like the template's ``zh_cjk``; each token group (a run of CJK characters
        as its bigram phrase, or one Latin/digit word) must occur in at least one text field, so a CJK
        query finds exactly the records containing it as a substring. No token: every document.
        """
        ...

    def knn(
        self, vector: Sequence[float], k: int = 10, filters: Mapping[str, list[str]] | None = None
    ) -> list[Hit]:
        """The ``k`` documents whose ``embedding`` is nearest to ``vector`` by cosine similarity.

        ``filters`` restrict candidates like SearchQuery.filters; ``Hit.score`` is ``(1 + cos) / 2``
        (Elasticsearch's cosine score). The embedded backend is exact; Elasticsearch uses HNSW.
        """
        ...

    def vector(self, doc_id: str) -> list[float] | None:
        """The stored embedding of one document, or None when it has none."""
        ...

    def close(self) -> None:
        """Release files / connections."""
        ...
