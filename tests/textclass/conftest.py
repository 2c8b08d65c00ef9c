"""A tiny built-in labelled dataset and a text model trained on it (fast: no dev-set build)."""

from __future__ import annotations

import pytest

from transforms.taxonomy import Taxonomy, load_taxonomy
from transforms.textclass.dataset import Labelled, examples
from transforms.textclass.model import TextModel, fit_text_model

TINY: list[tuple[str, str, str]] = [
    ("CN1A", "一种船舶推进器", "B63H"),
    ("CN2A", "一种船用螺旋桨", "B63H"),
    ("CN3A", "一种船体甲板结构", "B63B"),
    ("CN4A", "一种游艇锚链装置", "B63B"),
    ("CN5A", "一种汽车轮毂", "B60B"),
    ("CN6A", "一种汽车制动器", "B60T"),
    ("CN7A", "一种新能源汽车充电桩", "B60L"),
    ("CN8A", "一种汽车座椅调节装置", "B60N"),
    ("CN9A", "一种永磁同步电机", "H02K"),
    ("CN10A", "一种电机定子绕组", "H02K"),
    ("CN11A", "一种配电开关柜", "H02B"),
    ("CN12A", "一种变压器冷却装置", "H01F"),
    ("CN13A", "一种不锈钢板轧制方法", "B21B"),
    ("CN14A", "一种高温合金热处理工艺", "C22F"),
    ("CN15A", "一种离心泵叶轮", "F04D"),
    ("CN16A", "一种截止阀", "F16K"),
    ("CN17A", "一种家用桌子", "A47B"),
    ("CN18A", "一种茶杯", "A47G"),
    ("CN19A", "一种图像识别方法", "G06V"),
    ("CN20A", "一种数据存储方法", "G06F"),
]


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="session")
def tiny_rows() -> list[Labelled]:
    return [Labelled(i, t, "", (ipc,)) for i, t, ipc in TINY]


@pytest.fixture(scope="session")
def tiny_model(taxonomy: Taxonomy, tiny_rows: list[Labelled]) -> TextModel:
    return fit_text_model(examples(tiny_rows, taxonomy), taxonomy, model_id="tiny-test-model")
