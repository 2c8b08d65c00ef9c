"""The Elasticsearch index backend: template + versioned index + alias, bulk upserts, pure request bodies."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk

from search.backend import FACET_SIZE, FacetBucket, Hit, SearchQuery, SearchResult
from search.cjk import lone_character, segments, surface
from search.documents import check_exact_fields, load_template, schema_version, search_fields, unigram_fields
from search.exact import EXACT_BOOST, exact_terms

#: Stored vectors are not sent back with hits (they are large and only knn needs them).
SOURCE_FILTER: dict[str, Any] = {"excludes": ["embedding"]}
DEFAULT_PREFIX = "patents"
EXPORT_KEEP_ALIVE = "2m"
#: Name of the terms aggregation inside a facet's own ``filter`` aggregation.
FACET_VALUES = "values"


def text_clauses(text: str) -> list[dict[str, Any]]:
    """Each zh_cjk token group of ``text`` as a phrase in at least one text field (titles boosted).

    A CJK run (``推进器``: bigrams 推进 进器) must occur as a phrase, i.e. as a substring; a lone ideograph
    (``泵``) is matched in the ``zh_uni`` sub-fields, so inside longer words too; groups may match in
    different fields. No token at all matches everything. Same semantics as the embedded backend.
    """
    fields = [f"{path}^{boost:g}" if boost != 1.0 else path for path, _, boost in search_fields()]
    uni = [f"{path}^{boost:g}" if boost != 1.0 else path for path, _, boost in unigram_fields()]
    groups = dict.fromkeys((surface(g), lone_character(g) is not None) for g in segments(text))
    if not groups:
        return [{"match_all": {}}]
    return [
        {"multi_match": {"query": g, "type": "phrase", "fields": uni if lone else fields}}
        for g, lone in groups
    ]


def filter_clauses(filters: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """One ``terms`` per field (OR within a field, AND across); an empty list is no constraint."""
    check_exact_fields(filters)
    return [{"terms": {field: list(values)}} for field, values in filters.items() if values]


def build_query(text: str, filters: Mapping[str, list[str]]) -> dict[str, Any]:
    """The bool query shared by search and export: the text groups, or (for a number or an IPC symbol)
    the text groups OR the keyword field holding that value; AND the filters."""
    must = text_clauses(text)
    exact = exact_terms(text)
    if exact:
        either: list[dict[str, Any]] = [{"bool": {"must": must}}]
        either += [{"terms": {field: values, "boost": EXACT_BOOST}} for field, values in exact.items()]
        must = [{"bool": {"should": either, "minimum_should_match": 1}}]
    return {"bool": {"must": must, "filter": filter_clauses(filters)}}


def build_search_body(query: SearchQuery) -> dict[str, Any]:
    """The ``_search`` body of a SearchQuery: same hit set as the embedded backend, exact total, facets.

    A facet with an active filter is counted without it (OR within a field): the filters of such facets
    go to ``post_filter`` (the hits get them), the query keeps the others, and every facet is counted
    under the post-filtered fields' filters except its own.
    """
    check_exact_fields(query.facets)
    active = {f: query.filters[f] for f in query.facets if query.filters.get(f)}
    rest = {k: v for k, v in query.filters.items() if k not in active}
    body: dict[str, Any] = {
        "query": build_query(query.text, rest),
        "from": query.offset,
        "size": query.size,
        "track_total_hits": True,
        "_source": SOURCE_FILTER,
    }
    if active:
        body["post_filter"] = {"bool": {"filter": filter_clauses(active)}}
    if query.facets:
        body["aggs"] = {
            f: _facet_agg(f, {k: v for k, v in active.items() if k != f}, bool(active)) for f in query.facets
        }
    return body


def _facet_agg(field: str, others: Mapping[str, list[str]], filtered: bool) -> dict[str, Any]:
    """A terms aggregation; under a ``filter`` aggregation when facets are post-filtered."""
    terms = {"terms": {"field": field, "size": FACET_SIZE}}
    if not filtered:
        return terms
    return {"filter": {"bool": {"filter": filter_clauses(others)}}, "aggs": {FACET_VALUES: terms}}


def build_knn_body(
    vector: Sequence[float], k: int, filters: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    """A ``_search`` body with a ``knn`` section on ``embedding`` (filters applied during the search)."""
    knn: dict[str, Any] = {
        "field": "embedding",
        "query_vector": [float(x) for x in vector],
        "k": k,
        "num_candidates": min(max(10 * k, 100), 10_000),
    }
    clauses = filter_clauses(filters or {})
    if clauses:
        knn["filter"] = clauses
    return {"knn": knn, "size": k, "_source": SOURCE_FILTER}


def build_export_body(
    query: SearchQuery, pit_id: str, search_after: list[Any] | None = None, size: int = 1000
) -> dict[str, Any]:
    """One page of a point-in-time export, sorted by ``_shard_doc`` (no 10,000-hit cap)."""
    body: dict[str, Any] = {
        "query": build_query(query.text, query.filters),
        "size": size,
        "pit": {"id": pit_id, "keep_alive": EXPORT_KEEP_ALIVE},
        "sort": [{"_shard_doc": "asc"}],
        "track_total_hits": False,
        "_source": SOURCE_FILTER,
    }
    if search_after is not None:
        body["search_after"] = search_after
    return body


def parse_search_response(resp: Mapping[str, Any]) -> SearchResult:
    """A ``_search`` response as a SearchResult (boolean facet keys become ``true``/``false``)."""
    hits = resp["hits"]
    total = hits.get("total", {"value": len(hits["hits"])})
    facets = {
        name: [
            FacetBucket(value=str(b.get("key_as_string", b["key"])), count=int(b["doc_count"]))
            for b in agg.get("buckets", [])
        ]
        for name, wrapped in (resp.get("aggregations") or {}).items()
        for agg in [wrapped.get(FACET_VALUES, wrapped)]  # a facet counted under its own filter
    }
    return SearchResult(
        total=int(total["value"] if isinstance(total, Mapping) else total),
        hits=[
            Hit(id=h["_id"], score=float(h.get("_score") or 0.0), doc=h.get("_source", {}))
            for h in hits["hits"]
        ],
        facets=facets,
    )


def bulk_actions(docs: Iterable[Mapping[str, Any]], index: str = DEFAULT_PREFIX) -> Iterator[dict[str, Any]]:
    """``index`` operations with the natural ``_id``: a rerun overwrites instead of duplicating."""
    for doc in docs:
        if not doc.get("id"):
            raise ValueError("every document needs an 'id'")
        yield {"_op_type": "index", "_index": index, "_id": str(doc["id"]), "_source": dict(doc)}


def template_body(prefix: str = DEFAULT_PREFIX) -> dict[str, Any]:
    """The put_index_template body for indices ``<prefix>-*`` (from index_mappings/patents.json)."""
    body = copy.deepcopy(load_template())
    if prefix != DEFAULT_PREFIX:
        # a more specific pattern overlapping patents-* must not share its priority
        body["index_patterns"] = [f"{prefix}-*"]
        body["priority"] = int(body.get("priority", 0)) + 1
    return body


class ElasticsearchBackend:
    """IndexBackend on Elasticsearch; reads and writes go through the alias ``prefix``."""

    name = "elasticsearch"

    def __init__(self, client: Elasticsearch, prefix: str = DEFAULT_PREFIX) -> None:
        self.client = client
        self.alias = prefix

    @property
    def index_name(self) -> str:
        """The versioned index of the current template: ``<prefix>-v<schema_version>``."""
        return f"{self.alias}-v{schema_version()}"

    def install_template(self) -> None:
        self.client.indices.put_index_template(name=self.alias, body=template_body(self.alias))

    def migrate(self, reindex: bool = True) -> str:
        """Create the versioned index (template applied), copy the old one in, swap the alias atomically."""
        self.install_template()
        new = self.index_name
        if not self.client.indices.exists(index=new):
            self.client.indices.create(index=new)
        old: list[str] = []
        if self.client.indices.exists_alias(name=self.alias):
            old = sorted(i for i in self.client.indices.get_alias(name=self.alias) if i != new)
        if reindex and old:
            self.client.reindex(
                source={"index": old}, dest={"index": new}, wait_for_completion=True, refresh=True
            )
        actions: list[Mapping[str, Any]] = [{"add": {"index": new, "alias": self.alias}}]
        actions += [{"remove": {"index": i, "alias": self.alias}} for i in old]
        self.client.indices.update_aliases(actions=actions)
        return new

    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        written = 0
        for ok, item in streaming_bulk(self.client, bulk_actions(docs, self.alias), raise_on_error=True):
            written += int(ok)
            if not ok:  # pragma: no cover - raise_on_error raises first
                raise RuntimeError(f"bulk item failed: {item}")
        return written

    def refresh(self) -> None:
        """Make recent writes searchable now (tests, end of a pipeline stage)."""
        self.client.indices.refresh(index=self.alias)

    def count(self) -> int:
        return int(self.client.count(index=self.alias)["count"])

    def get(self, doc_id: str) -> dict[str, Any] | None:
        try:
            resp = self.client.get(index=self.alias, id=doc_id, source_excludes=["embedding"])
        except NotFoundError:
            return None
        source: dict[str, Any] = resp["_source"]
        return source

    def vector(self, doc_id: str) -> list[float] | None:
        try:
            resp = self.client.get(index=self.alias, id=doc_id, source_includes=["embedding"])
        except NotFoundError:
            return None
        value = resp["_source"].get("embedding")
        return [float(x) for x in value] if value else None

    def search(self, query: SearchQuery) -> SearchResult:
        return parse_search_response(self.client.search(index=self.alias, body=build_search_body(query)).body)

    def knn(
        self, vector: Sequence[float], k: int = 10, filters: Mapping[str, list[str]] | None = None
    ) -> list[Hit]:
        body = build_knn_body(vector, k, filters)
        return parse_search_response(self.client.search(index=self.alias, body=body).body).hits

    def export_all(self, query: SearchQuery, page_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Every matching document, page by page through a point in time + search_after."""
        pit = self.client.open_point_in_time(index=self.alias, keep_alive=EXPORT_KEEP_ALIVE)["id"]
        after: list[Any] | None = None
        try:
            while True:
                resp = self.client.search(body=build_export_body(query, pit, after, page_size))
                pit = resp.body.get("pit_id", pit)
                page = resp["hits"]["hits"]
                yield from (hit["_source"] for hit in page)
                if len(page) < page_size:
                    return
                after = page[-1]["sort"]
        finally:
            self.client.close_point_in_time(id=pit)

    def close(self) -> None:
        """Close the client (the backend owns the client it was given)."""
        self.client.close()
