"""Synthetic but well-formed CN numbers: application numbers with check digit, publication and TM numbers."""

from __future__ import annotations

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
TYPE_DIGIT = {"invention": "1", "utility_model": "2", "design": "3"}
# Publication-number blocks no real CN document has used (2026: inventions ~CN12, utility models ~CN22,
# designs ~CN30), so a synthetic number can never be mistaken for a real publication.
PUB_PREFIX = {"invention": "19", "utility_model": "29", "design": "39"}
TM_PREFIX = "9"
_SPACE = 10_000_000  # 7 free digits in every numbering block
_MULT = 7_654_321  # odd and not divisible by 5: k -> k * _MULT mod 10**7 is a bijection


def check_digit(digits: str) -> str:
    """CNIPA check digit of a 12-digit (or 8-digit, pre-2003) application number.

    Weights 2,3,4,5,6,7,8,9 repeat from the left; the weighted sum mod 11 is the check digit,
    written ``X`` when it is 10.
    """
    if not digits.isdigit():
        raise ValueError(f"not digits: {digits!r}")
    total = sum(int(d) * _WEIGHTS[i % len(_WEIGHTS)] for i, d in enumerate(digits))
    value = total % 11
    return "X" if value == 10 else str(value)


def scramble(counter: int, salt: int) -> int:
    """A counter to a random-looking 7-digit serial, unique for counters below 10**7."""
    if not 0 <= counter < _SPACE:
        raise OverflowError("numbering block exhausted")
    return (counter * _MULT + salt) % _SPACE


def application_number(year: int, patent_type: str, serial: int) -> str:
    """E.g. ``CN202122345678.9``: year, type digit, 7-digit serial, '.', check digit."""
    body = f"{year:04d}{TYPE_DIGIT[patent_type]}{serial:07d}"
    return f"CN{body}.{check_digit(body)}"


def publication_number(patent_type: str, serial: int, kind: str) -> str:
    """E.g. ``CN291234567U``: CN, 9 digits starting with the type digit, kind code."""
    return f"CN{PUB_PREFIX[patent_type]}{serial:07d}{kind}"


def trademark_number(serial: int) -> str:
    """An 8-digit CN trademark registration (application) number in an unused block."""
    return f"{TM_PREFIX}{serial:07d}"
