"""The embedded tantivy backend on 50 records: substring truth, filters, facets, upserts, knn, paging."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from search.backend import FACET_FIELDS, SearchQuery
from search.cjk import fold_width, is_cjk
from search.documents import schema_fields, strip_vector
from search.embedded import EmbeddedBackend, IndexLockedError, writer_lock
from search.script_fold import fold_script

TEXT_FIELDS = [k for k, v in schema_fields().items() if v == "text"]
QUERIES = [
    "船",  # one character: found inside 船舶, 船用 … through the zh_uni sub-fields
    "泵",
    "推进器",
    "推进装置",
    "螺旋桨",
    "船用",
    "柴油机",
    "控制器",
    "舱盖",
    "新港园区",
    "靖江a船业",
    "ｌｎｇ储罐",
    "锂电池",
]


def _text(doc: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for field in TEXT_FIELDS:
        value = doc.get(field, [])
        out.extend(value if isinstance(value, list) else [value])
    return [fold_width(fold_script(v)).lower() for v in out]


def substring_truth(docs: list[dict[str, Any]], query: str) -> set[str]:
    needle = fold_width(fold_script(query)).lower()
    return {d["id"] for d in docs if any(needle in v for v in _text(d))}


def _ids(backend: EmbeddedBackend, **kw: Any) -> list[str]:
    return [h.id for h in backend.search(SearchQuery(size=1000, **kw)).hits]


def _values(doc: dict[str, Any], field: str) -> list[str]:
    value = doc.get(field)
    values = value if isinstance(value, list) else [] if value is None else [value]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in values]


@pytest.fixture(scope="module")
def backend(
    tmp_path_factory: pytest.TempPathFactory, documents: list[dict[str, Any]]
) -> Iterator[EmbeddedBackend]:
    be = EmbeddedBackend(tmp_path_factory.mktemp("index"))
    assert be.upsert(documents) == len(documents)
    yield be
    be.close()


def test_count_and_get(backend: EmbeddedBackend, documents: list[dict[str, Any]]) -> None:
    assert backend.count() == 50
    got = backend.get(documents[3]["id"])
    assert got is not None and got["title"] == documents[3]["title"] and "embedding" not in got
    assert got["record"] == documents[3]["record"]
    assert backend.get("CN0000000X") is None


@pytest.mark.parametrize("query", QUERIES)
def test_cjk_query_equals_substring_truth(
    backend: EmbeddedBackend, documents: list[dict[str, Any]], query: str
) -> None:
    truth = substring_truth(documents, query)
    result = backend.search(SearchQuery(text=query, size=1000))
    assert {h.id for h in result.hits} == truth
    assert result.total == len(truth)


def test_propeller_query_is_non_trivial(documents: list[dict[str, Any]]) -> None:
    assert 0 < len(substring_truth(documents, "推进器")) < len(documents)


def test_english_words_match_whole_words(backend: EmbeddedBackend, documents: list[dict[str, Any]]) -> None:
    expected = {d["id"] for d in documents if "propeller" in d.get("title_en", "").lower().split()}
    assert expected and set(_ids(backend, text="PROPELLER")) == expected


def test_cjk_runs_match_as_phrases(tmp_path: Path) -> None:
    """推进 and 进器 apart (推进装置 … 引进器材) do not make 推进器; groups may match in different fields."""
    be = EmbeddedBackend(tmp_path)
    be.upsert([{"id": "X1", "title": "推进装置", "abstract": "引进器材"}, {"id": "X2", "title": "推进器"}])
    assert _ids(be, text="推进器") == ["X2"]
    assert _ids(be, text="进器材") == ["X1"]
    assert set(_ids(be, text="推进 器材")) == {"X1"}
    assert set(_ids(be, text="推进")) == {"X1", "X2"}


def test_every_cjk_substring_equals_substring_truth(
    backend: EmbeddedBackend, documents: list[dict[str, Any]]
) -> None:
    queries = {
        text[i : i + n]
        for doc in documents
        for text in (doc["title"], doc["abstract"])
        for n in (1, 2, 3, 4, 5)
        for i in range(len(text) - n + 1)
        if all(is_cjk(ch) for ch in text[i : i + n])
    }
    assert len(queries) > 100
    wrong = [
        q for q in sorted(queries) if set(_ids(backend, text=q, facets=())) != substring_truth(documents, q)
    ]
    assert wrong == []


def test_one_character_is_found_inside_words(tmp_path: Path) -> None:
    """泵 inside 离心泵 and 泵阀 (indexed by zh_cjk only as bigrams) is found through the zh_uni sub-fields,
    in every text field, traditional or simplified; Latin letters stay whole words."""
    be = EmbeddedBackend(tmp_path)
    be.upsert(
        [
            {"id": "P1", "title": "一种离心泵"},
            {"id": "P2", "title": "阀门", "abstract": "用于泵阀的密封结构"},
            {"id": "P3", "title": "船舶", "applicants": ["靖江市某某泵业有限公司"]},
            {"id": "P4", "title": "推进装置"},
            {"id": "P5", "title": "一種電機"},
        ]
    )
    assert set(_ids(be, text="泵")) == {"P1", "P2", "P3"}
    assert set(_ids(be, text="船")) == {"P3"}
    assert set(_ids(be, text="电")) == set(_ids(be, text="電")) == {"P5"}
    assert set(_ids(be, text="泵 船")) == {"P3"}
    assert _ids(be, text="a") == []


def test_traditional_and_simplified_find_each_other(tmp_path: Path) -> None:
    be = EmbeddedBackend(tmp_path)
    be.upsert(
        [
            {"id": "S", "title": "一种汽车变速器"},
            {"id": "T", "title": "一種汽車變速器"},
            {"id": "O", "title": "一种船"},
        ]
    )
    assert set(_ids(be, text="汽車變速器")) == set(_ids(be, text="汽车变速器")) == {"S", "T"}
    assert be.get("T")["title"] == "一種汽車變速器"  # the stored document keeps its script


def test_title_boost(tmp_path: Path) -> None:
    be = EmbeddedBackend(tmp_path)
    be.upsert(
        [
            {"id": "A", "title": "锚链", "abstract": "螺旋桨"},
            {"id": "T", "title": "螺旋桨", "abstract": "锚链"},
        ]
    )
    assert _ids(be, text="螺旋桨") == ["T", "A"]


@pytest.mark.parametrize("text", ["", "  ", "，。！"])
def test_empty_text_matches_all(backend: EmbeddedBackend, text: str) -> None:
    assert backend.search(SearchQuery(text=text)).total == 50


def test_filters_or_within_and_across(backend: EmbeddedBackend, documents: list[dict[str, Any]]) -> None:
    filters = {"town": ["新港园区", "斜桥镇"], "legal_status": ["in_force"], "synthetic": ["true"]}
    expected = {
        d["id"]
        for d in documents
        if set(d.get("town", [])) & {"新港园区", "斜桥镇"}
        and d["legal_status"] == "in_force"
        and d["synthetic"]
    }
    assert expected and set(_ids(backend, filters=filters)) == expected
    years = {"application_year": ["2019", "2021"]}
    assert set(_ids(backend, filters=years)) == {
        d["id"] for d in documents if d["application_year"] in (2019, 2021)
    }
    both = set(_ids(backend, text="推进器", filters=years))
    assert both == substring_truth(documents, "推进器") & set(_ids(backend, filters=years))


def test_bad_filters(backend: EmbeddedBackend) -> None:
    with pytest.raises(ValueError, match="not filterable"):
        backend.search(SearchQuery(filters={"title": ["x"]}))
    with pytest.raises(ValueError, match="integers"):
        backend.search(SearchQuery(filters={"application_year": ["abc"]}))


@pytest.mark.parametrize("text", ["", "推进器", "船用"])
def test_facets_count_the_whole_matching_set(
    backend: EmbeddedBackend, documents: list[dict[str, Any]], text: str
) -> None:
    result = backend.search(SearchQuery(text=text, size=2))
    matching = [d for d in documents if not text or d["id"] in substring_truth(documents, text)]
    assert len(result.hits) == 2 and result.total == len(matching)
    for field in FACET_FIELDS:
        manual = Counter(v for d in matching for v in _values(d, field))
        assert {b.value: b.count for b in result.facets[field]} == dict(manual), field
        counts = [b.count for b in result.facets[field]]
        assert counts == sorted(counts, reverse=True)


def test_a_filtered_facet_is_counted_without_its_own_filter(
    backend: EmbeddedBackend, documents: list[dict[str, Any]]
) -> None:
    """Filters OR within a field: the town facet under town=X still lists every town (its counts are what
    adding that town gives), the other facets count the filtered hits."""
    towns = Counter(v for d in documents for v in _values(d, "town"))
    first, second = [t for t, _ in towns.most_common(2)]
    text = ""
    filters = {"town": [first], "synthetic": ["true"]}
    result = backend.search(SearchQuery(text=text, filters=filters, size=1000))
    hits = [d for d in documents if first in _values(d, "town") and "true" in _values(d, "synthetic")]
    assert {h.id for h in result.hits} == {d["id"] for d in hits} and result.total == len(hits)
    synthetic_only = [d for d in documents if "true" in _values(d, "synthetic")]
    town_counts = {b.value: b.count for b in result.facets["town"]}
    assert town_counts == dict(Counter(v for d in synthetic_only for v in _values(d, "town")))
    assert second in town_counts
    either = backend.search(SearchQuery(filters={"town": [first, second], "synthetic": ["true"]}, size=1000))
    both = {d["id"] for d in synthetic_only if {first, second} & set(_values(d, "town"))}
    assert either.total == len(both)
    industries = {b.value: b.count for b in result.facets["industries"]}
    assert industries == dict(Counter(v for d in hits for v in _values(d, "industries")))


def test_paging(backend: EmbeddedBackend) -> None:
    full = backend.search(SearchQuery(text="船用", size=1000))
    pages = [backend.search(SearchQuery(text="船用", size=4, offset=o)) for o in range(0, full.total + 4, 4)]
    assert all(p.total == full.total for p in pages)
    assert [h.id for p in pages for h in p.hits] == [h.id for h in full.hits]
    assert backend.search(SearchQuery(text="船用", size=0)).hits == []


def test_upsert_is_idempotent_and_replaces(tmp_path: Path, documents: list[dict[str, Any]]) -> None:
    be = EmbeddedBackend(tmp_path)
    be.upsert(documents)
    be.upsert(documents)
    assert be.count() == len(documents)
    changed = {**documents[0], "title": "全新的锚泊设备"}
    be.upsert([changed])
    assert be.count() == len(documents)
    assert _ids(be, text="锚泊设备") == [changed["id"]]
    assert changed["id"] not in _ids(be, text=documents[0]["title"])
    assert EmbeddedBackend(tmp_path).count() == len(documents)  # persisted, readable by a new instance


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not in the index template"):
        EmbeddedBackend(tmp_path).upsert([{"id": "X", "colour": "red"}])


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    be = EmbeddedBackend(tmp_path)
    with writer_lock(be.path / "writer.lock"), pytest.raises(IndexLockedError, match="one writer process"):
        be.upsert([{"id": "X", "title": "锚链"}])
    assert be.upsert([{"id": "X", "title": "锚链"}]) == 1


def test_knn_returns_the_nearest(
    backend: EmbeddedBackend, documents: list[dict[str, Any]], vectors: np.ndarray
) -> None:
    query = vectors[7] + 0.01 * np.random.default_rng(1).standard_normal(vectors.shape[1])
    hits = backend.knn(list(map(float, query)), k=5)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cos = unit @ (query / np.linalg.norm(query))
    assert [h.id for h in hits] == [documents[i]["id"] for i in np.argsort(-cos)[:5]]
    assert hits[0].id == documents[7]["id"] and hits[0].score == pytest.approx((1 + cos.max()) / 2, abs=1e-5)


def test_knn_with_filters(
    backend: EmbeddedBackend, documents: list[dict[str, Any]], vectors: np.ndarray
) -> None:
    allowed = [i for i, d in enumerate(documents) if "斜桥镇" in d.get("town", [])]
    hits = backend.knn(list(map(float, vectors[0])), k=3, filters={"town": ["斜桥镇"]})
    cos = {
        i: float(vectors[i] @ vectors[0] / np.linalg.norm(vectors[i]) / np.linalg.norm(vectors[0]))
        for i in allowed
    }
    assert [h.id for h in hits] == [documents[i]["id"] for i in sorted(allowed, key=lambda i: -cos[i])[:3]]
    assert all("斜桥镇" in h.doc["town"] for h in hits)


def test_vectors_follow_upserts(tmp_path: Path, documents: list[dict[str, Any]]) -> None:
    be = EmbeddedBackend(tmp_path)
    be.upsert(documents[:3])
    be.upsert([{k: v for k, v in documents[0].items() if k != "embedding"}])  # replaced without a vector
    hits = be.knn(documents[0]["embedding"], k=10)
    assert {h.id for h in hits} == {documents[1]["id"], documents[2]["id"]}


def test_similar_uses_the_stored_vector_and_skips_itself(
    backend: EmbeddedBackend, documents: list[dict[str, Any]], vectors: np.ndarray
) -> None:
    from search.similar import similar

    target = documents[7]["id"]
    stored = backend.vector(target)
    assert stored is not None
    unit = vectors[7] / np.linalg.norm(vectors[7])
    assert np.allclose(stored, unit, atol=1e-6)
    hits = similar(backend, target, k=4)
    assert hits is not None and len(hits) == 4 and target not in {h.id for h in hits}
    cos = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)) @ unit
    expected = [documents[i]["id"] for i in np.argsort(-cos) if documents[i]["id"] != target][:4]
    assert [h.id for h in hits] == expected
    assert backend.vector("NO-SUCH-ID") is None and similar(backend, "NO-SUCH-ID") is None


def test_a_new_schema_version_adopts_the_older_index(tmp_path: Path, documents: list[dict[str, Any]]) -> None:
    """After a template change (schema_version bump) the index starts from the previous version's
    documents and vectors, as the ES backend's migrate() reindexes; the older directory is kept."""
    from search.documents import schema_version

    current = f"v{schema_version()}"
    first = EmbeddedBackend(tmp_path)
    first.upsert(documents[:20])
    first.close()
    (tmp_path / current).rename(tmp_path / "v1")  # pretend it was written under schema version 1
    upgraded = EmbeddedBackend(tmp_path)
    assert upgraded.count() == 20 and (tmp_path / "v1" / "meta.json").exists()
    assert upgraded.get(documents[4]["id"]) == strip_vector(documents[4])
    assert [h.id for h in upgraded.knn(documents[2]["embedding"], k=1)] == [documents[2]["id"]]
    assert set(_ids(upgraded, text="船")) == substring_truth(documents[:20], "船")
    again = EmbeddedBackend(tmp_path)  # not empty any more: nothing is copied twice
    assert again.count() == 20


def test_adopting_builds_aside_and_leaves_no_partial_index(
    tmp_path: Path, documents: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that fails leaves no index of the new version (the next open copies again) and says what to
    do; a copy that another process already renamed into place is not written over."""
    from search.documents import schema_version
    from search.embedded import IndexUpgradeError

    current = f"v{schema_version()}"
    first = EmbeddedBackend(tmp_path)
    first.upsert(documents[:10])
    (tmp_path / current).rename(tmp_path / "v1")

    def broken(self: EmbeddedBackend, older: Path, target: Path) -> int:
        (target / "half-written").write_text("x", encoding="utf-8")
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(EmbeddedBackend, "_copy_index", broken)
        with pytest.raises(IndexUpgradeError, match="repair or remove"):
            EmbeddedBackend(tmp_path)
    assert not (tmp_path / current).exists()
    assert not list(tmp_path.glob(f".{current}.adopting-*"))
    winner = EmbeddedBackend(tmp_path)  # the next open copies
    assert winner.count() == 10
    newer = {**documents[0], "title": "新标题"}
    winner.upsert([newer])
    assert EmbeddedBackend(tmp_path).get(documents[0]["id"])["title"] == "新标题"  # type: ignore[index]


def test_fields_the_template_dropped_are_left_out_of_the_copy(
    tmp_path: Path, documents: list[dict[str, Any]]
) -> None:
    import json as _json

    import tantivy

    from search.documents import schema_version
    from search.embedded import SOURCE

    old = tmp_path / "v1"
    old.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(SOURCE, stored=True)
    index = tantivy.Index(builder.build(), path=str(old))
    writer = index.writer()
    doc = tantivy.Document()
    doc.add_text(
        SOURCE, _json.dumps({"id": "CN1A", "title": "船舶", "retired_field": "x"}, ensure_ascii=False)
    )
    writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    backend = EmbeddedBackend(tmp_path)
    assert backend.get("CN1A") == {"id": "CN1A", "title": "船舶"}
    assert (tmp_path / f"v{schema_version()}" / "meta.json").exists()


def test_neighbours_come_from_the_same_embedding_model(
    tmp_path: Path, documents: list[dict[str, Any]]
) -> None:
    """Vectors of two models are not comparable: similar() keeps to the stored record's model."""
    from search.similar import similar

    be = EmbeddedBackend(tmp_path)
    be.upsert(
        [{**d, "embedding_model": "model-a" if i % 2 else "model-b"} for i, d in enumerate(documents[:12])]
    )
    hits = similar(be, documents[1]["id"], k=10)
    assert hits and all(h.doc["embedding_model"] == "model-a" for h in hits) and len(hits) == 5
