"""Elasticsearch backend without a server: pure bodies checked against Elastic's spec, a faked transport."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from elasticsearch.helpers import expand_action

from search.backend import FACET_FIELDS, FACET_SIZE, SearchQuery
from search.documents import TEMPLATE_PATH, schema_version, vector_dims
from search.elastic import (
    ElasticsearchBackend,
    build_export_body,
    build_knn_body,
    build_search_body,
    bulk_actions,
    parse_search_response,
    template_body,
)
from tests.search.fake_es import FakeNode

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_CHECK = REPO_ROOT.parent / "shared" / "tools" / "es_spec_check.py"
needs_checker = pytest.mark.skipif(
    not SPEC_CHECK.exists(), reason=f"{SPEC_CHECK} is absent (no ES spec checker)"
)

SEARCHES = [
    SearchQuery(),
    SearchQuery(
        text="船舶推进器", filters={"town": ["新港园区", "斜桥镇"], "synthetic": ["true"]}, size=5, offset=10
    ),
    SearchQuery(text="propeller B63H", filters={"application_year": ["2021"], "industries": []}, facets=()),
    SearchQuery(text="，。", facets=("industries", "town")),
    SearchQuery(text="泵 推进器"),
    SearchQuery(text="CN218751475U", filters={"town": ["新桥镇"]}),
]


def spec_check(kind: str, path: Path, *extra: str) -> None:
    proc = subprocess.run(
        [sys.executable, str(SPEC_CHECK), kind, str(path), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARN" not in proc.stdout, proc.stdout


def _write(tmp_path: Path, name: str, body: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def ndjson(actions: Iterator[dict[str, Any]]) -> str:
    lines: list[str] = []
    for action in actions:
        head, source = expand_action(action)  # what streaming_bulk itself sends
        lines.append(json.dumps(head, ensure_ascii=False))
        if source is not None:
            lines.append(json.dumps(source, ensure_ascii=False))
    return "\n".join(lines) + "\n"


@needs_checker
@pytest.mark.parametrize("prefix", ["patents", "patents-test-1"])
def test_template_passes_spec(tmp_path: Path, prefix: str) -> None:
    spec_check("template", TEMPLATE_PATH)
    spec_check("template", _write(tmp_path, "template.json", template_body(prefix)))


def test_template_body_for_a_temporary_prefix() -> None:
    assert template_body()["index_patterns"] == ["patents-*"]
    body = template_body("patents-test-1")
    assert body["index_patterns"] == ["patents-test-1-*"] and body["priority"] > template_body()["priority"]


@needs_checker
@pytest.mark.parametrize("query", SEARCHES)
def test_search_bodies_pass_spec(tmp_path: Path, query: SearchQuery) -> None:
    spec_check(
        "search", _write(tmp_path, "search.json", build_search_body(query)), "--template", str(TEMPLATE_PATH)
    )


@needs_checker
def test_knn_and_export_bodies_pass_spec(tmp_path: Path) -> None:
    knn = build_knn_body([0.1] * vector_dims(), 5, {"town": ["新港园区"]})
    spec_check("search", _write(tmp_path, "knn.json", knn), "--template", str(TEMPLATE_PATH))
    for after in (None, [12, 3]):
        body = build_export_body(SEARCHES[1], "pit-id", after, size=500)
        spec_check("search", _write(tmp_path, "export.json", body), "--template", str(TEMPLATE_PATH))


@needs_checker
def test_bulk_ndjson_passes_spec(tmp_path: Path, documents: list[dict[str, Any]]) -> None:
    path = tmp_path / "actions.ndjson"
    path.write_text(ndjson(bulk_actions(documents[:5])), encoding="utf-8")
    spec_check("bulk", path, "--template", str(TEMPLATE_PATH))


def test_search_body_semantics() -> None:
    body = build_search_body(SEARCHES[1])
    must = [clause["multi_match"] for clause in body["query"]["bool"]["must"]]
    assert [(m["type"], m["query"]) for m in must] == [("phrase", "船舶推进器")]
    assert (
        "title^3" in must[0]["fields"]
        and "title_en.cjk^3" in must[0]["fields"]
        and "abstract" in must[0]["fields"]
    )
    groups = build_search_body(SearchQuery(text="ＬＮＧ储罐 推进器，B63H21/17 推进器"))["query"]["bool"][
        "must"
    ]
    assert [g["multi_match"]["query"] for g in groups] == ["lng", "储罐", "推进器", "b63h21", "17"]
    # town and synthetic are facets with active filters: the hits get them through post_filter, and each
    # facet is counted under the other one only (OR within a field)
    assert body["query"]["bool"]["filter"] == []
    town, synthetic = {"terms": {"town": ["新港园区", "斜桥镇"]}}, {"terms": {"synthetic": ["true"]}}
    assert body["post_filter"] == {"bool": {"filter": [town, synthetic]}}
    assert body["aggs"]["town"]["filter"] == {"bool": {"filter": [synthetic]}}
    assert body["aggs"]["synthetic"]["filter"] == {"bool": {"filter": [town]}}
    assert body["aggs"]["town"]["aggs"] == {"values": {"terms": {"field": "town", "size": FACET_SIZE}}}
    assert body["from"] == 10 and body["size"] == 5 and body["track_total_hits"] is True
    assert set(body["aggs"]) == set(FACET_FIELDS)
    assert body["aggs"]["industries"]["filter"] == {"bool": {"filter": [town, synthetic]}}  # under both
    assert all(a["aggs"]["values"]["terms"]["size"] == FACET_SIZE for a in body["aggs"].values())
    plain = build_search_body(SearchQuery(text="推进器", filters={"kind": ["U"]}))  # no facet filtered
    assert (
        all(a["terms"]["size"] == FACET_SIZE for a in plain["aggs"].values()) and "post_filter" not in plain
    )
    two = build_search_body(
        SearchQuery(filters={"industries": ["AUTO"], "town": ["新桥镇"], "kind": ["U"]})  # kind: no facet
    )
    assert two["query"]["bool"]["filter"] == [{"terms": {"kind": ["U"]}}]
    assert two["aggs"]["town"]["filter"] == {"bool": {"filter": [{"terms": {"industries": ["AUTO"]}}]}}
    assert two["aggs"]["industries"]["filter"] == {"bool": {"filter": [{"terms": {"town": ["新桥镇"]}}]}}
    assert build_search_body(SEARCHES[3])["query"]["bool"]["must"] == [{"match_all": {}}]
    lone, run = (c["multi_match"] for c in build_search_body(SEARCHES[4])["query"]["bool"]["must"])
    assert lone["query"] == "泵" and "title.uni^3" in lone["fields"] and "abstract.uni" in lone["fields"]
    assert all(f.split("^")[0].endswith(".uni") for f in lone["fields"])
    assert run["query"] == "推进器" and not any(".uni" in f for f in run["fields"])
    assert "aggs" not in build_search_body(SEARCHES[2])
    with pytest.raises(ValueError, match="not filterable"):
        build_search_body(SearchQuery(filters={"abstract": ["x"]}))


def test_knn_body() -> None:
    body = build_knn_body([1.0] * vector_dims(), 3, {"town": ["斜桥镇"]})
    assert body["knn"]["k"] == 3 and body["knn"]["num_candidates"] >= 3 and body["size"] == 3
    assert body["knn"]["filter"] == [{"terms": {"town": ["斜桥镇"]}}]


def test_bulk_actions_use_natural_ids(documents: list[dict[str, Any]]) -> None:
    actions = list(bulk_actions(documents[:3], "patents"))
    assert [a["_id"] for a in actions] == [d["id"] for d in documents[:3]]
    assert all(a["_op_type"] == "index" and a["_index"] == "patents" for a in actions)
    with pytest.raises(ValueError, match="id"):
        list(bulk_actions([{"title": "x"}]))


def test_parse_search_response() -> None:
    resp = {
        "hits": {
            "total": {"value": 42, "relation": "eq"},
            "hits": [{"_id": "CN1U", "_score": 2.5, "_source": {"id": "CN1U"}}],
        },
        "aggregations": {
            "synthetic": {"buckets": [{"key": 1, "key_as_string": "true", "doc_count": 40}]},
            "application_year": {"buckets": [{"key": 2021, "doc_count": 7}]},
            # a facet counted under its own filter aggregation (it has an active filter)
            "town": {"doc_count": 9, "values": {"buckets": [{"key": "新桥镇", "doc_count": 9}]}},
        },
    }
    result = parse_search_response(resp)
    assert result.total == 42 and result.hits[0].id == "CN1U" and result.hits[0].score == 2.5
    assert [(b.value, b.count) for b in result.facets["synthetic"]] == [("true", 40)]
    assert [(b.value, b.count) for b in result.facets["application_year"]] == [("2021", 7)]
    assert [(b.value, b.count) for b in result.facets["town"]] == [("新桥镇", 9)]


@pytest.fixture
def fake_backend() -> Iterator[ElasticsearchBackend]:
    FakeNode.requests.clear()
    backend = ElasticsearchBackend(Elasticsearch("http://localhost:9200", node_class=FakeNode))
    yield backend
    backend.close()


def test_upsert_sends_natural_ids(
    fake_backend: ElasticsearchBackend, documents: list[dict[str, Any]]
) -> None:
    assert fake_backend.upsert(documents[:4]) == 4
    assert fake_backend.upsert(documents[:4]) == 4  # a rerun sends the same ids: overwrite, not duplicate
    lines = [line for method, path, lines in FakeNode.requests if path.endswith("/_bulk") for line in lines]
    heads = [line["index"] for line in lines if "index" in line]
    assert [h["_id"] for h in heads] == [d["id"] for d in documents[:4]] * 2
    assert all(h["_index"] == "patents" for h in heads)


def test_migrate_swaps_the_alias_atomically(fake_backend: ElasticsearchBackend) -> None:
    new = f"patents-v{schema_version()}"
    assert fake_backend.migrate() == new
    calls = [(m, p) for m, p, _ in FakeNode.requests]
    assert ("PUT", "/_index_template/patents") in calls and ("PUT", f"/{new}") in calls
    reindex = next(body for m, p, body in FakeNode.requests if p == "/_reindex")
    assert reindex == {"source": {"index": ["patents-v0"]}, "dest": {"index": new}}
    alias_calls = [body for m, p, body in FakeNode.requests if p == "/_aliases"]
    assert alias_calls == [
        {
            "actions": [
                {"add": {"index": new, "alias": "patents"}},
                {"remove": {"index": "patents-v0", "alias": "patents"}},
            ]
        }
    ]
    assert calls.index(("PUT", f"/{new}")) < calls.index(("POST", "/_aliases"))


def test_export_all_pages_through_a_point_in_time(fake_backend: ElasticsearchBackend) -> None:
    exported = [doc["id"] for doc in fake_backend.export_all(SearchQuery(text="船"), page_size=3)]
    assert exported == FakeNode.stored_ids
    searches = [body for method, path, body in FakeNode.requests if path == "/_search"]
    assert [b.get("search_after") for b in searches] == [None, [2], [5]]
    assert all(
        b["pit"]["id"] in ("pit-1", "pit-2") and b["sort"] == [{"_shard_doc": "asc"}] for b in searches
    )
    assert FakeNode.requests[-1][:2] == ("DELETE", "/_pit")


def test_vector_reads_only_the_embedding(fake_backend: ElasticsearchBackend) -> None:
    first, second = FakeNode.stored_ids[:2]
    assert fake_backend.vector(first) == [0.6, 0.8]
    assert fake_backend.vector(second) is None  # stored without an embedding
    assert fake_backend.vector("CN404U") is None  # unknown id
    gets = [p for m, p, _ in FakeNode.requests if m == "GET" and "/_doc/" in p]
    assert gets == [f"/patents/_doc/{first}", f"/patents/_doc/{second}", "/patents/_doc/CN404U"]


def _terms_match(doc: dict[str, Any], clauses: list[dict[str, Any]]) -> bool:
    def values(field: str) -> set[str]:
        value = doc.get(field)
        items = value if isinstance(value, list) else [] if value is None else [value]
        return {str(v).lower() if isinstance(v, bool) else str(v) for v in items}

    return all(values(field) & set(allowed) for c in clauses for field, allowed in c["terms"].items())


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("", {"town": ["新港园区"]}),
        ("船用", {"town": ["新港园区", "斜桥镇"], "synthetic": ["true"]}),
        ("", {"industries": ["MARINE"], "application_year": ["2021", "2022"], "kind": ["U"]}),
    ],
)
def test_es_body_semantics_equal_the_embedded_backend(
    tmp_path: Path, documents: list[dict[str, Any]], text: str, filters: dict[str, list[str]]
) -> None:
    """Evaluate the ES body's filter structure (query filters, post_filter, per-facet filter aggregations)
    over the documents, with the text part answered by the embedded backend: hits, total and every facet
    count must equal the embedded backend's own answer."""
    from search.embedded import EmbeddedBackend

    backend = EmbeddedBackend(tmp_path)
    backend.upsert(documents)
    query = SearchQuery(text=text, filters=filters, size=1000)
    body = build_search_body(query)
    query_filters = body["query"]["bool"]["filter"]
    rest = {f: v for c in query_filters for f, v in c["terms"].items()}
    matched = [h.doc for h in backend.search(SearchQuery(text=text, filters=rest, size=1000, facets=())).hits]
    post = body.get("post_filter", {"bool": {"filter": []}})["bool"]["filter"]
    hits = {d["id"] for d in matched if _terms_match(d, post)}
    expected = backend.search(query)
    assert hits == {h.id for h in expected.hits} and len(hits) == expected.total
    for field, agg in body["aggs"].items():
        scope = agg["filter"]["bool"]["filter"] if "filter" in agg else []
        counts: dict[str, int] = {}
        for d in matched:
            if _terms_match(d, scope):
                value = d.get(field)
                for v in value if isinstance(value, list) else [] if value is None else [value]:
                    key = str(v).lower() if isinstance(v, bool) else str(v)
                    counts[key] = counts.get(key, 0) + 1
        assert counts == {b.value: b.count for b in expected.facets[field]}, field
