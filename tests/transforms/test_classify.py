from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from transforms.classify import classify_patent, classify_trademark
from transforms.records import Provenance, Trademark
from transforms.taxonomy import load_taxonomy, parse_taxonomy

TAX = load_taxonomy()


@pytest.mark.parametrize(
    ("ipc", "title", "expected", "primary"),
    [
        (["B63H23/32"], "一种推进器", ["MARINE"], "MARINE"),
        (["H02K5/04", "B63H21/17"], "一种船用电机", ["MARINE", "MOTOR"], "MOTOR"),
        (["F16K1/00"], "一种阀门", ["PUMP_VALVE"], "PUMP_VALVE"),
        (["F16H57/02"], "一种齿轮箱", [], None),  # conditional without keyword: no label
        (["F16H57/02"], "一种汽车变速器壳体", ["AUTO"], "AUTO"),
        (["F16H57/02"], "一種汽車變速器殼體", ["AUTO"], "AUTO"),  # traditional title, simplified keywords
        (["F16C33/10"], "一种轴承", [], None),  # F16C3/* must not catch F16C33
        (["F16C3/06"], "一种曲轴", ["AUTO"], "AUTO"),
        (["B23Q3/00"], "一种夹具", [], None),  # supporting alone decides nothing
        (["A01B1/00"], "一种锄头", [], None),
    ],
)
def test_ipc_rules(
    patent_factory: Any, ipc: list[str], title: str, expected: list[str], primary: str | None
) -> None:
    out = classify_patent(patent_factory(ipc=ipc, titles={"zh": title}), TAX)
    assert sorted(label.code for label in out.industries) == sorted(expected)
    primaries = [label.code for label in out.industries if label.primary]
    assert primaries == ([primary] if primary else [])
    for label in out.industries:
        assert label.evidence and 0 < label.score <= 1
    assert out.classification is not None and out.classification.taxonomy_version == TAX.version


def test_evidence_names_the_rule_and_the_code(patent_factory: Any) -> None:
    out = classify_patent(patent_factory(ipc=["F16H57/02"], titles={"zh": "汽车变速器壳体"}), TAX)
    ev = out.industries[0].evidence[0]
    assert ev.kind == "ipc_conditional" and ev.rule == "F16H" and ev.matched.startswith("F16H57/02 + ")


def test_text_only_records_are_flagged_for_review(patent_factory: Any) -> None:
    out = classify_patent(patent_factory(ipc=[], titles={"zh": "一种船舶用锚链装置"}), TAX)
    assert [label.code for label in out.industries] == ["MARINE"]
    assert out.classification is not None and out.classification.needs_review


def test_traditional_text_meets_the_simplified_keywords(patent_factory: Any) -> None:
    out = classify_patent(patent_factory(ipc=[], titles={"zh": "一種船舶用錨鏈裝置"}), TAX)
    assert [label.code for label in out.industries] == ["MARINE"]
    assert out.titles == {"zh": "一種船舶用錨鏈裝置"}  # the record keeps its script


def test_designs_use_locarno(patent_factory: Any) -> None:
    out = classify_patent(patent_factory(publication_number="CN308000001S", locarno=["12-06"]), TAX)
    assert [label.code for label in out.industries] == ["MARINE"]


def test_trademarks_use_nice_classes() -> None:
    mark = Trademark(
        registration_number="12345678",
        mark_text="江海",
        nice_classes=[7, 12],
        goods_services=["电动机", "船用螺旋桨"],
        provenance=Provenance(
            source="t", fetched_at=dt.datetime(2026, 1, 1), pipeline_version="t", synthetic=True
        ),
    )
    out = classify_trademark(mark, TAX)
    assert {label.code for label in out.industries} == {"MARINE", "MOTOR"}  # class 12 alone is not AUTO
    car = mark.model_copy(update={"goods_services": ["汽车座椅"], "nice_classes": [12]})
    assert [label.code for label in classify_trademark(car, TAX).industries] == ["AUTO"]


def test_bad_taxonomy_is_rejected() -> None:
    doc = {
        "version": "x",
        "industries": [{"code": "A", "name_zh": "甲"}],
        "ipc_rules": [{"industry": "B", "ipc": "B63B", "role": "core"}],
    }
    with pytest.raises(ValueError, match="bad taxonomy rule"):
        parse_taxonomy(doc)


@pytest.mark.parametrize(
    ("title", "expected"),
    [("船用推进器", ["MARINE"]), ("汽车轮毂", ["AUTO"]), ("支架", [])],
)
def test_locarno_12_16_needs_the_kind_of_vehicle(
    patent_factory: Any, title: str, expected: list[str]
) -> None:
    design = patent_factory(publication_number="CN308000002S", locarno=["12-16"], titles={"zh": title})
    assert [label.code for label in classify_patent(design, TAX).industries] == expected


def test_locarno_evidence_is_named_as_such(patent_factory: Any) -> None:
    out = classify_patent(patent_factory(publication_number="CN308000001S", locarno=["12-06"]), TAX)
    assert [e.kind for e in out.industries[0].evidence] == ["locarno"]
    assert out.industries[0].evidence[0].rule == "Locarno 12-06"
