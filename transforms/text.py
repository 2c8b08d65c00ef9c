"""Character-level text normalization: full-width → half-width, whitespace."""

from __future__ import annotations

import re
import unicodedata

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


def clean_text(text: str | None) -> str | None:
    """NFC, half-width ASCII, collapsed whitespace; None or blank → None."""
    if text is None:
        return None
    value = _SPACES.sub(" ", to_halfwidth(unicodedata.normalize("NFC", text))).strip()
    return value or None
