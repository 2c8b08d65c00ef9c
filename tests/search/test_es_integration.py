"""Elasticsearch and the embedded backend give the same hits on the same corpus (needs PATENTDB_ES_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search.backend import SearchQuery
from search.embedded import EmbeddedBackend
from tests.search.test_embedded import QUERIES, substring_truth

ES_URL = os.environ.get("PATENTDB_ES_URL")
pytestmark = [
    pytest.mark.es,
    pytest.mark.skipif(
        not ES_URL, reason="PATENTDB_ES_URL is not set: no Elasticsearch cluster to test against"
    ),
]


@pytest.fixture(scope="module")
def es(documents: list[dict[str, Any]]) -> Iterator[Any]:
    from elasticsearch import Elasticsearch

    from search.elastic import ElasticsearchBackend

    client = Elasticsearch(ES_URL, api_key=os.environ.get("PATENTDB_ES_API_KEY") or None)
    backend = ElasticsearchBackend(client, prefix=f"patents-test-{uuid.uuid4().hex[:8]}")
    try:
        backend.migrate()
        backend.upsert(documents)
        backend.refresh()
        yield backend
    finally:
        client.indices.delete(index=backend.index_name, ignore_unavailable=True)
        client.indices.delete_index_template(name=backend.alias)
        client.close()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, documents: list[dict[str, Any]]) -> EmbeddedBackend:
    backend = EmbeddedBackend(Path(tmp_path_factory.mktemp("embedded")))
    backend.upsert(documents)
    return backend


def _ids(backend: Any, query: SearchQuery) -> set[str]:
    return {h.id for h in backend.search(query).hits}


TRADITIONAL = "推進器"  # folds to 推进器 in both backends (zh_t2s)


@pytest.mark.parametrize("text", ["", *QUERIES, TRADITIONAL, "propeller", "，。"])
def test_same_hits_and_facets(
    es: Any, embedded: EmbeddedBackend, documents: list[dict[str, Any]], text: str
) -> None:
    query = SearchQuery(text=text, size=1000)
    es_result, em_result = es.search(query), embedded.search(query)
    assert _ids(es, query) == _ids(embedded, query)
    if text in (*QUERIES, TRADITIONAL):
        assert _ids(es, query) == substring_truth(documents, text)
    assert es_result.total == em_result.total
    for field, buckets in em_result.facets.items():
        assert {(b.value, b.count) for b in es_result.facets[field]} == {(b.value, b.count) for b in buckets}


def test_same_filtered_hits(es: Any, embedded: EmbeddedBackend) -> None:
    query = SearchQuery(
        text="船用", filters={"town": ["新港园区", "斜桥镇"], "synthetic": ["true"]}, size=1000
    )
    assert _ids(es, query) == _ids(embedded, query)
    es_result, em_result = es.search(query), embedded.search(query)
    assert es_result.total == em_result.total
    for field, buckets in em_result.facets.items():  # filtered facets counted without their own filter
        assert {(b.value, b.count) for b in es_result.facets[field]} == {(b.value, b.count) for b in buckets}


def test_rerun_does_not_duplicate(es: Any, documents: list[dict[str, Any]]) -> None:
    es.upsert(documents)
    es.refresh()
    assert es.count() == len(documents)
    assert es.migrate() == es.index_name and es.count() == len(documents)


def test_knn_and_export(es: Any, embedded: EmbeddedBackend, documents: list[dict[str, Any]]) -> None:
    vector = documents[7]["embedding"]
    assert es.knn(vector, k=1)[0].id == embedded.knn(vector, k=1)[0].id == documents[7]["id"]
    exported = list(es.export_all(SearchQuery(), page_size=7))
    assert sorted(d["id"] for d in exported) == sorted(d["id"] for d in documents)


def test_same_hits_for_numbers_and_symbols(
    es: Any, embedded: EmbeddedBackend, documents: list[dict[str, Any]]
) -> None:
    queries = [d["publication_number"] for d in documents[:3] if d.get("publication_number")]
    queries += [d["ipc_subclass"][0] for d in documents[:3] if d.get("ipc_subclass")]
    assert queries
    for text in queries:
        query = SearchQuery(text=text, size=1000, facets=())
        assert _ids(es, query) == _ids(embedded, query), text
