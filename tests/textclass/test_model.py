"""The text model on a tiny built-in dataset: probabilities, thresholds, neighbours, calibration."""

from __future__ import annotations

import numpy as np
import pytest

from transforms.taxonomy import Taxonomy
from transforms.textclass.calibrate import DEFAULT_THRESHOLD, best_source, best_threshold, fold_of
from transforms.textclass.model import Example, TextModel, fit_text_model


@pytest.mark.parametrize(
    ("title", "code"),
    [("一种船舶螺旋桨推进装置", "MARINE"), ("一种汽车轮毂制动器", "AUTO"), ("一种电机转子绕组", "MOTOR")],
)
def test_predicts_the_industry_of_similar_titles(tiny_model: TextModel, title: str, code: str) -> None:
    probs = dict(zip(tiny_model.codes, tiny_model.predict_proba([title])[0], strict=True))
    assert max(probs, key=lambda c: probs[c]) == code
    assert probs[code] > tiny_model.threshold(code)


def test_unrelated_title_scores_low(tiny_model: TextModel) -> None:
    assert tiny_model.predict_proba(["一种茶杯盖"]).max() < 0.5


def test_thresholds_default_with_few_positives(tiny_model: TextModel) -> None:
    assert tiny_model.thresholds.tolist() == [DEFAULT_THRESHOLD] * len(tiny_model.codes)
    assert tiny_model.model_id == "tiny-test-model"


def test_neighbours_sorted_with_ids(tiny_model: TextModel) -> None:
    near = tiny_model.neighbours("一种船用螺旋桨", k=3)
    assert near[0].id == "CN2A"
    assert near[0].labels == ("MARINE",) and near[0].similarity == pytest.approx(1.0, abs=1e-5)
    assert [n.similarity for n in near] == sorted((n.similarity for n in near), reverse=True)


def test_deterministic(taxonomy: Taxonomy, tiny_model: TextModel) -> None:
    again = fit_text_model(list(tiny_model.train), taxonomy, model_id="x")
    np.testing.assert_array_equal(again.weights, tiny_model.weights)


def test_no_positives_never_fires(taxonomy: Taxonomy) -> None:
    model = fit_text_model([Example("a", "一种茶杯", ()), Example("b", "一种船舶", ("MARINE",))], taxonomy)
    assert model.predict_proba(["一种船舶"])[0, model.codes.index("AUTO")] < 1e-6
    with pytest.raises(ValueError):
        fit_text_model([], taxonomy)


@pytest.mark.parametrize(
    ("y", "p", "expected"),
    [
        ([1] * 8 + [0] * 8, [0.9] * 8 + [0.1] * 8, 0.5),  # separable: the default wins the tie
        ([1] * 8 + [0] * 8, [0.3] * 8 + [0.1] * 8, 0.3),
        ([1] * 3 + [0] * 8, [0.3] * 3 + [0.1] * 8, DEFAULT_THRESHOLD),  # too few positives
    ],
)
def test_best_threshold(y: list[int], p: list[float], expected: float) -> None:
    assert best_threshold(np.array(y), np.array(p)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("y", "model", "keywords", "expected"),
    [
        ([1] * 8 + [0] * 8, [1] * 8 + [0] * 8, [1] * 4 + [0] * 12, "model"),
        ([1] * 8 + [0] * 8, [1] * 4 + [0] * 12, [0] * 4 + [1] * 4 + [0] * 8, "either"),
        ([1] * 8 + [0] * 8, [0] * 8 + [1] * 4 + [0] * 4, [1] * 8 + [0] * 8, "keywords"),
        ([1] * 8 + [0] * 8, [1] * 8 + [0] * 8, [1] * 8 + [0] * 8, "model"),  # ties prefer the model
        # either is 0.03 better (15 vs 14 of 20 found): less than the margin, the model keeps deciding
        ([1] * 20 + [0] * 4, [1] * 14 + [0] * 10, [0] * 14 + [1] + [0] * 9, "model"),
        ([1] * 3 + [0] * 8, [1] * 3 + [0] * 8, [0] * 11, "either"),  # too few positives to judge
    ],
)
def test_best_source(y: list[int], model: list[int], keywords: list[int], expected: str) -> None:
    assert best_source(np.array(y), np.array(model, dtype=bool), np.array(keywords, dtype=bool)) == expected


def test_fold_of_is_stable() -> None:
    assert fold_of("CN1A", 5) == fold_of("CN1A", 5)
    assert {fold_of(f"CN{i}", 3) for i in range(50)} == {0, 1, 2}
