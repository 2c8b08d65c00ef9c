"""classify_patent / classify_trademark with a text model: codes decide, text alone uses the model."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.textclass.conftest import TINY
from transforms.classify import classify_patent, classify_trademark
from transforms.records import Provenance, Trademark
from transforms.taxonomy import load_taxonomy
from transforms.textclass.dataset import Labelled, examples
from transforms.textclass.model import TextModel, fit_text_model

TAX = load_taxonomy()


@pytest.fixture(scope="module")
def model() -> TextModel:
    rows = [Labelled(i, t, "", (c,)) for i, t, c in TINY]
    return fit_text_model(examples(rows, TAX), TAX, model_id="tiny")


@pytest.mark.parametrize(
    ("ipc", "title", "expected", "review"),
    [
        (["B63H23/32"], "一种船舶螺旋桨", ["MARINE"], False),  # rules and model agree
        (["A47B1/00"], "一种船舶螺旋桨推进器", [], True),  # codes decide; the model disagrees
        ([], "一种船舶螺旋桨推进装置", ["MARINE"], None),  # text only: the model decides
        ([], "一种茶杯", [], False),
    ],
)
def test_codes_decide_text_uses_model(
    patent_factory: Any,
    model: TextModel,
    ipc: list[str],
    title: str,
    expected: list[str],
    review: bool | None,
) -> None:
    out = classify_patent(patent_factory(ipc=ipc, titles={"zh": title}), TAX, model)
    assert [lab.code for lab in out.industries] == expected
    assert out.classification is not None
    assert out.classification.model_id == "tiny" and out.classification.taxonomy_version == TAX.version
    if review is not None:
        assert out.classification.needs_review is review
    if out.classification.needs_review:
        assert out.classification.review_reason
    if expected and not ipc:
        assert out.industries[0].primary and out.industries[0].evidence[0].kind == "model"


def test_without_model_keeps_rule_behaviour(patent_factory: Any) -> None:
    out = classify_patent(patent_factory(ipc=[], titles={"zh": "一种船舶用锚链装置"}), TAX)
    assert [lab.code for lab in out.industries] == ["MARINE"] and out.classification is not None
    assert out.classification.model_id is None and out.classification.needs_review


def test_design_without_locarno_match_uses_model(patent_factory: Any, model: TextModel) -> None:
    record = patent_factory(publication_number="CN308000001S", locarno=["99-00"], titles={"zh": "汽车轮毂"})
    assert [lab.code for lab in classify_patent(record, TAX, model).industries] == ["AUTO"]


def _mark(nice: list[int], goods: list[str]) -> Trademark:
    return Trademark(
        registration_number="12345678",
        office="CN",
        mark_text="靖江",
        nice_classes=nice,
        goods_services=goods,
        provenance=Provenance(
            source="t", fetched_at=dt.datetime(2026, 11, 25), pipeline_version="t", synthetic=True
        ),
    )


def test_trademark_nice_rules_then_model(model: TextModel) -> None:
    by_nice = classify_trademark(_mark([6], ["钢材"]), TAX, model)
    assert [lab.code for lab in by_nice.industries] == ["METAL"]
    by_text = classify_trademark(_mark([35], ["船舶螺旋桨推进器"]), TAX, model)
    assert [lab.code for lab in by_text.industries] == ["MARINE"]
    assert by_text.classification is not None and by_text.classification.model_id == "tiny"


@pytest.mark.parametrize(
    ("row", "industries", "review", "error"),
    [
        ({"publication_number": "CN2A", "title": "", "ipc": "B63H23/32"}, "MARINE", "", ""),  # codes alone
        (
            {"publication_number": "CN1A", "title": "   ", "ipc": ""},
            "",
            "no title, abstract or classification code to classify",
            "",
        ),
        ({"publication_number": "A1", "title": "船舶", "ipc": ""}, "", "", "publication_number: Value error"),
        ({"publication_number": "CN3A", "title": "船舶", "ipc": "XYZ"}, "", "", "ipc: not an IPC symbol"),
    ],
)
def test_csv_rows_say_what_is_wrong(
    model: TextModel, row: dict[str, str], industries: str, review: str, error: str
) -> None:
    from transforms.classify_csv import classify_rows

    fetched = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    (out,) = classify_rows(iter([row]), TAX, fetched, "test", model)
    assert out["industries"] == industries and out["review_reason"] == review
    assert out["error"].startswith(error) if error else out["error"] == ""
