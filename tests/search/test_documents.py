"""Index documents against the template: every key is a template field and every value fits its type."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from search.documents import (
    TEMPLATE_PATH,
    exact_fields,
    schema_fields,
    search_fields,
    to_document,
    vector_dims,
)
from transforms.records import Party, Patent, Place, Provenance, Trademark


def _fits(kind: str, value: Any) -> bool:
    values = value if isinstance(value, list) and kind != "dense_vector" else [value]
    for v in values:
        if kind in ("keyword", "text") and not isinstance(v, str):
            return False
        if kind == "integer" and (not isinstance(v, int) or isinstance(v, bool)):
            return False
        if kind == "boolean" and not isinstance(v, bool):
            return False
        if kind == "date":
            datetime.fromisoformat(v)
        if kind == "dense_vector" and not (len(v) == vector_dims() and all(isinstance(x, float) for x in v)):
            return False
        if kind == "object" and not isinstance(v, dict):
            return False
    return True


def _trademark() -> Trademark:
    return Trademark(
        registration_number="12345678",
        mark_text="靖江船ＡＢ",
        nice_classes=[12, 7, 12],
        goods_services=["船舶", "船用螺旋桨"],
        applicants=[Party(raw_name="靖江某船厂", place=Place(town="新港园区"), is_local=True)],
        application_date=date(2020, 3, 4),
        registration_date=date(2021, 3, 4),
        status="注册",
        provenance=Provenance(
            source="cnipa-tm",
            fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
            pipeline_version="0.1.0",
            synthetic=True,
        ),
    )


def test_schema_fields_are_the_template() -> None:
    props = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))["template"]["mappings"]["properties"]
    assert schema_fields() == {k: v.get("type", "object") for k, v in props.items()}
    assert {"industries", "town", "synthetic", "application_year"} <= exact_fields()
    assert "title" not in exact_fields()


def test_search_fields_cover_every_text_field_with_zh_cjk() -> None:
    paths = {path for path, _, _ in search_fields()}
    text = {k for k, v in schema_fields().items() if v == "text"}
    assert {p.split(".")[0] for p in paths} == text
    assert {"title", "title_en.cjk", "abstract_en.cjk"} <= paths
    assert dict((f, b) for _, f, b in search_fields())["title"] > 1.0


def test_patent_documents_fit_the_template(documents: list[dict[str, Any]]) -> None:
    types = schema_fields()
    for doc in documents:
        assert set(doc) <= set(types), set(doc) - set(types)
        for key, value in doc.items():
            assert _fits(types[key], value), (key, value)


def test_patent_document_values(patents: list[Patent], documents: list[dict[str, Any]]) -> None:
    p, doc = patents[0], documents[0]
    assert doc["id"] == p.publication_number and doc["doc_type"] == "patent"
    assert doc["title"] == p.titles["zh"] and doc["title_en"] == "Marine propeller"
    assert (
        doc["applicants"] == ["靖江A船业有限公司"] and doc["town"] == ["新港园区"] and doc["is_local"] is True
    )
    assert doc["ipc_main"] == p.ipc[0] and doc["ipc_subclass"] == ["B63H", "B66C"]
    assert doc["application_year"] == p.application_date.year if p.application_date else False
    assert doc["industry_primary"] == next(lab.code for lab in p.industries if lab.primary)
    assert doc["taxonomy_version"] == "riverside-2024.1" and doc["pipeline_version"] == "0.1.0"
    assert doc["record"] == p.model_dump(mode="json")
    assert Patent.model_validate(doc["record"]) == p


def test_trademark_document() -> None:
    tm = _trademark()
    doc = to_document(tm)
    types = schema_fields()
    assert set(doc) <= set(types) and all(_fits(types[k], v) for k, v in doc.items())
    assert doc["id"] == "TM-CN-12345678" and doc["doc_type"] == "trademark"
    assert doc["title"] == "靖江船ＡＢ" and doc["nice_classes"] == [12, 7]
    assert doc["applicants"] == ["靖江某船厂"] and doc["application_year"] == 2020
    assert "embedding" not in doc and "title_en" not in doc


def test_embedding_must_have_template_dims(patents: list[Patent]) -> None:
    assert len(to_document(patents[0], [0.5] * vector_dims())["embedding"]) == vector_dims()
    with pytest.raises(ValueError, match="dims"):
        to_document(patents[0], [0.5, 0.5])
