"""Character-level text normalization: full-width → half-width, whitespace, traditional → simplified."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

_SPACES = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII variants (Ａ１（) to their half-width forms; CJK characters untouched."""
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


#: Invisible characters exports and web pages leave in values: BOM, zero-width space and joiners, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))


def clean_text(text: str | None) -> str | None:
    """NFC, half-width ASCII, invisible characters removed, collapsed whitespace; None or blank → None."""
    if text is None:
        return None
    visible = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    value = _SPACES.sub(" ", to_halfwidth(visible)).strip()
    return value or None


@cache
def _t2s() -> Any:
    from opencc_purepy import OpenCC  # OpenCC's dictionaries in pure Python; loaded on first use

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese → simplified (OpenCC ``t2s``), for matching only: name keys, addresses, keywords.

    Always applied, so every spelling of a name meets the same key (t2s also folds a few variants that
    simplified text uses, e.g. 香薰 → 香熏); display text keeps the script its source used.
    """
    return str(_t2s().convert(text)) if text else text
