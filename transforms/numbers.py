"""Patent numbers: publication numbers, kind codes → patent type, CN application numbers."""

from __future__ import annotations

import re

from transforms.errors import NormalizationError
from transforms.records import PatentType
from transforms.text import clean_text

_PUB = re.compile(r"^([A-Z]{2})0*(\d{4,13})([A-Z]\d?)?$")
# CN kind codes (GB/T 18284-2000 and the 2010 revision) → type.
_CN_KIND_TYPE: dict[str, PatentType] = {
    "A": PatentType.INVENTION,
    "B": PatentType.INVENTION,
    "C": PatentType.INVENTION,
    "U": PatentType.UTILITY_MODEL,
    "Y": PatentType.UTILITY_MODEL,
    "S": PatentType.DESIGN,
    "D": PatentType.DESIGN,
}
# ZL: as patent certificates write it; Google adds a kind letter: CN2009101277538A
_CN_APP = re.compile(r"^(?:CN|ZL)?(\d{8}|\d{12})\.?([\dX])?[ABCUYSD]?$")


def normalize_publication_number(value: str) -> str:
    """``CN 218751475 U`` / ``cn218751475u`` / ``CN-218751475-U`` → ``CN218751475U``."""
    if not value or not value.strip():
        raise NormalizationError("publication_number", value, "empty")
    compact = re.sub(r"[\s\-_./]", "", clean_text(value) or "").upper()
    match = _PUB.match(compact)
    if not match:
        raise NormalizationError("publication_number", value, "not a publication number")
    country, digits, kind = match.groups()
    return f"{country}{digits}{kind or ''}"


def split_publication_number(number: str) -> tuple[str, str, str | None]:
    """``CN218751475U`` → (``CN``, ``218751475``, ``U``)."""
    match = _PUB.match(number)
    if not match:
        raise NormalizationError("publication_number", number, "not normalized")
    country, digits, kind = match.groups()
    return country, digits, kind


def patent_type_of(country: str, kind: str | None) -> PatentType:
    """Patent type from a CN kind code; other offices: A/B are inventions, unknown otherwise."""
    if not kind:
        return PatentType.UNKNOWN
    letter = kind[0]
    if country == "CN":
        return _CN_KIND_TYPE.get(letter, PatentType.UNKNOWN)
    if letter in {"A", "B"}:
        return PatentType.INVENTION
    if letter == "U":
        return PatentType.UTILITY_MODEL
    if letter == "S":
        return PatentType.DESIGN
    return PatentType.UNKNOWN


def cn_check_digit(digits: str) -> str:
    """CNIPA application-number check digit: weights 2..9 cycling, mod 11, 10 → X."""
    total = sum(int(d) * (2 + i % 8) for i, d in enumerate(digits))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def normalize_cn_application_number(value: str) -> str:
    """``CN202122345678.9`` / ``2021223456789`` → ``202122345678.9``; the check digit is verified, and
    computed where a 12-digit number comes without it (EPO docdb ``CN200880123968``, Google
    ``CN200910127753A``), so every source gives the same number."""
    if not value or not value.strip():
        raise NormalizationError("application_number", value, "empty")
    compact = re.sub(r"[\s\-_]", "", clean_text(value) or "").upper()
    match = _CN_APP.match(compact)
    if not match:
        raise NormalizationError("application_number", value, "not a CN application number")
    body, check = match.groups()
    expected = cn_check_digit(body)
    if check is None:
        # 12-digit numbers (since 2003) always have a check digit; old 8-digit ones (85100462) may have
        # none, and a guessed one would be wrong where the office gave none: keep them as stated.
        return f"{body}.{expected}" if len(body) == 12 else body
    if check != expected:
        raise NormalizationError("application_number", value, f"check digit {check} != {expected}")
    return f"{body}.{check}"
