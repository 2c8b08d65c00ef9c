from __future__ import annotations

import pytest

from transforms.errors import NormalizationError
from transforms.numbers import (
    cn_check_digit,
    normalize_cn_application_number,
    normalize_publication_number,
    patent_type_of,
)
from transforms.records import PatentType


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CN218751475U", "CN218751475U"),
        ("CN 218751475 U", "CN218751475U"),
        ("cn-218751475-u", "CN218751475U"),
        ("ＣＮ２１８７５１４７５Ｕ", "CN218751475U"),
        ("CN101551481B", "CN101551481B"),
        ("EP1000000A1", "EP1000000A1"),
        ("EP 1000000", "EP1000000"),
        ("CN85100462A", "CN85100462A"),
        ("\ufeffCN218751475U", "CN218751475U"),  # a BOM left by an export
        ("CN218751475\u200bU", "CN218751475U"),  # a zero-width space from a web page
    ],
)
def test_publication_numbers(raw: str, expected: str) -> None:
    assert normalize_publication_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "218751475U", "CN", "CNABC", "C1234567"])
def test_bad_publication_numbers(raw: str) -> None:
    with pytest.raises(NormalizationError, match="publication_number"):
        normalize_publication_number(raw)


@pytest.mark.parametrize(
    ("country", "kind", "expected"),
    [
        ("CN", "A", PatentType.INVENTION),
        ("CN", "B", PatentType.INVENTION),
        ("CN", "U", PatentType.UTILITY_MODEL),
        ("CN", "Y", PatentType.UTILITY_MODEL),
        ("CN", "S", PatentType.DESIGN),
        ("EP", "A1", PatentType.INVENTION),
        ("CN", None, PatentType.UNKNOWN),
    ],
)
def test_patent_type(country: str, kind: str | None, expected: PatentType) -> None:
    assert patent_type_of(country, kind) == expected


# Real CN application numbers (reference/cn-patent-records/qichacha_style_patent_records.json).
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CN201710117081.7", "201710117081.7"),
        ("CN201610311380.X", "201610311380.X"),
        ("201730033448.8", "201730033448.8"),
        ("2017301334488", None),  # wrong check digit: 8 expected at the end of 201730133448
        ("CN98811333.3", "98811333.3"),
        ("CN85100462", "85100462"),  # old numbers have no check digit: none is invented
        ("CN200880123968", "200880123968.6"),  # EPO docdb leaves the check digit out (family cassette)
        ("CN200910127753A", "200910127753.8"),  # Google's application number with a kind letter
        ("\ufeffCN201710117081.7", "201710117081.7"),  # a BOM left by an export
        ("ZL 201710117081.7", "201710117081.7"),  # the patent number as certificates and agencies write it
    ],
)
def test_cn_application_numbers(raw: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(NormalizationError, match="check digit"):
            normalize_cn_application_number(raw)
    else:
        assert normalize_cn_application_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "CN2017", "ABC201710117081.7", "20171011708.7"])
def test_bad_application_numbers(raw: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_cn_application_number(raw)


def test_check_digit_ten_is_x() -> None:
    assert cn_check_digit("201610311380") == "X"
