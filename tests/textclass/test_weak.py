"""Weak labels from the core IPC rules, and taxonomy keyword terms."""

from __future__ import annotations

import pytest

from transforms.taxonomy import Taxonomy
from transforms.textclass.weak import core_labels, keyword_hits, keyword_terms


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["B63B"], ("MARINE",)),
        (["B63H23/32"], ("MARINE",)),
        (["H02K5/04", "B63H21/17"], ("MARINE", "MOTOR")),
        (["F16C3/06"], ("AUTO",)),
        (["F16C33/10"], ()),  # F16C3/* must not catch F16C33
        (["F16H57/02"], ()),  # conditional rules are not core
        (["B23Q3/00"], ()),  # supporting
        (["E02B17/00"], ("MARINE",)),
        (["E02B"], ()),  # a bare subclass does not match a group rule
        (["not-a-code", "F04D"], ("PUMP_VALVE",)),
        ([], ()),
    ],
)
def test_core_labels(taxonomy: Taxonomy, codes: list[str], expected: tuple[str, ...]) -> None:
    assert core_labels(codes, taxonomy) == expected


def test_keyword_terms_and_hits(taxonomy: Taxonomy) -> None:
    terms = keyword_terms(taxonomy)
    assert "船舶" in terms and "充电桩" in terms and len(terms) == len(set(terms))
    assert keyword_hits("一种船舶用电机", taxonomy) == {"MARINE": "船舶", "MOTOR": "电机"}
    assert keyword_hits("一种茶杯", taxonomy) == {}
