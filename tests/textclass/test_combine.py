"""Rules + model: text-only labels with neighbour evidence, review reasons, disagreements."""

from __future__ import annotations

import dataclasses

from transforms.records import Evidence, IndustryLabel
from transforms.taxonomy import Taxonomy
from transforms.textclass.combine import disagreements, probabilities, text_only
from transforms.textclass.model import TextModel


def test_text_only_labels_carry_model_evidence(taxonomy: Taxonomy, tiny_model: TextModel) -> None:
    verdict = text_only("一种船舶螺旋桨推进装置", "", taxonomy, tiny_model)
    assert verdict.labels[0].code == "MARINE" and verdict.labels[0].primary
    kinds = [e.kind for e in verdict.labels[0].evidence]
    assert kinds[0] == "model" and "keyword" in kinds
    model_ev = verdict.labels[0].evidence[0]
    assert "nearest labelled titles" in model_ev.matched and "CN" in model_ev.matched
    assert model_ev.rule.startswith("tiny-test-model")


def test_text_only_nothing(taxonomy: Taxonomy, tiny_model: TextModel) -> None:
    verdict = text_only("一种茶杯", "", taxonomy, tiny_model)
    assert verdict.labels == [] and verdict.reasons == []


def _deciding(model: TextModel, source: str) -> TextModel:
    return dataclasses.replace(model, sources=tuple(source for _ in model.codes))


def test_keyword_overruled_by_model_is_a_review_reason(taxonomy: Taxonomy, tiny_model: TextModel) -> None:
    # 法兰 is a METAL keyword the tiny model has never seen; where the model decides, it is overruled
    verdict = text_only("一种法兰", "", taxonomy, _deciding(tiny_model, "model"))
    assert verdict.labels == []
    assert any("keyword 法兰 suggests METAL" in r for r in verdict.reasons)


def test_keyword_decides_where_the_model_has_too_few_examples(
    taxonomy: Taxonomy, tiny_model: TextModel
) -> None:
    assert set(tiny_model.sources) == {"either"}  # every class of the tiny set has < 8 positives
    verdict = text_only("一种法兰", "", taxonomy, tiny_model)
    assert [lab.code for lab in verdict.labels] == ["METAL"]
    label = verdict.labels[0]
    assert label.score == 0.5 and [e.kind for e in label.evidence] == ["keyword"]
    assert label.evidence[0].matched.startswith("法兰; model p=")
    assert any("keyword 法兰 decides METAL (either)" in r for r in verdict.reasons)


def test_keywords_source_ignores_a_confident_model(taxonomy: Taxonomy, tiny_model: TextModel) -> None:
    title = "一种永磁同步电机转子"  # the tiny model says MOTOR; 电机 and 转子 are MOTOR keywords too
    by_model = text_only(title, "", taxonomy, _deciding(tiny_model, "model"))
    assert [e.kind for e in by_model.labels[0].evidence] == ["model", "keyword"]
    by_keywords = text_only(title, "", taxonomy, _deciding(tiny_model, "keywords"))
    assert [lab.code for lab in by_keywords.labels] == ["MOTOR"]
    assert [e.kind for e in by_keywords.labels[0].evidence] == ["keyword"]
    quiet = text_only("一种同步转动装置", "", taxonomy, _deciding(tiny_model, "keywords"))
    assert quiet.labels == []


def test_keywords_decide_on_the_title_alone(taxonomy: Taxonomy, tiny_model: TextModel) -> None:
    # the sources were chosen on titles: a keyword only in the abstract is a reason, not a label
    verdict = text_only("一种连接件", "所述连接件包括法兰。", taxonomy, tiny_model)
    assert "METAL" not in [lab.code for lab in verdict.labels]
    assert any("keyword 法兰 suggests METAL" in r for r in verdict.reasons)


def test_a_model_overruled_by_the_keyword_rules_is_a_review_reason(
    taxonomy: Taxonomy, tiny_model: TextModel
) -> None:
    title = "一种配电开关"  # the tiny model says MOTOR; no MOTOR keyword-rule word in it
    assert text_only(title, "", taxonomy, tiny_model).labels[0].code == "MOTOR"  # either: the model may label
    verdict = text_only(title, "", taxonomy, _deciding(tiny_model, "keywords"))
    assert verdict.labels == []
    assert any(
        r.startswith("model suggests MOTOR p=") and "keyword rules decide" in r for r in verdict.reasons
    )


def test_abstract_averages_with_title(tiny_model: TextModel) -> None:
    alone = probabilities(tiny_model, "一种装置", "")
    with_abstract = probabilities(tiny_model, "一种装置", "船舶螺旋桨推进器")
    assert with_abstract["MARINE"] > alone["MARINE"]


def _label(code: str) -> IndustryLabel:
    ev = Evidence(kind="ipc_core", rule="X", matched="X", weight=1.0)
    return IndustryLabel(code=code, score=1.0, primary=True, evidence=[ev])


def test_disagreements() -> None:
    assert disagreements([_label("AUTO")], {"AUTO": 0.5, "MOTOR": 0.95}) == [
        "model suggests MOTOR p=0.95, rules do not"
    ]
    assert disagreements([_label("AUTO")], {"AUTO": 0.01}) == ["rules give AUTO, model p=0.01"]
    assert disagreements([_label("AUTO")], {"AUTO": 0.3, "MOTOR": 0.5}) == []
