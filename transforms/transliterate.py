"""English transliterations (Google Patents, OPS epodoc) matched to Chinese applicant names through pinyin."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pypinyin import lazy_pinyin

from transforms.names import en_core_tokens, is_chinese

#: A transliteration matches a Chinese name when at least this share of its letters is found in the pinyin.
MIN_SCORE = 0.3


_PLACE_END = re.compile(r"(?<=[省市县区镇])")


@lru_cache(maxsize=65536)
def pinyin_of(name: str) -> str:
    """``靖江市浩赛科技有限公司`` → ``JINGJIANGSHIHAOSAIKEJIYOUXIANGONGSI`` (no tones, upper case).

    Read piece by piece after each place suffix, so a place and the next word never form a phrase:
    ``靖江市长江港机`` is JINGJIANGSHI + CHANGJIANG…, not 市长 SHIZHANG.
    """
    return "".join(p for piece in _PLACE_END.split(name) if piece for p in lazy_pinyin(piece)).upper()


def transliteration_score(zh: str, en: str) -> float:
    """Share of the English name's letters (legal-form words left out) whose tokens occur in the pinyin.

    ``江苏浩赛科技有限公司`` vs ``Jiangsu Haosai Technology Co ltd``: JIANGSU and HAOSAI match, TECHNOLOGY
    (a translation, not a transliteration) does not → 13/23.
    """
    if not is_chinese(zh) or is_chinese(en):
        return 0.0
    tokens = [t for t in en_core_tokens(en) if t.isalpha() and len(t) >= 2]
    total = sum(len(t) for t in tokens)
    if not total:
        return 0.0
    pinyin = pinyin_of(zh)
    found = [t in pinyin for t in tokens]
    if len(tokens) > 1 and not any(found[1:]):
        return 0.0  # the first token is mostly a place (JIANGSU, JINGJIANG): alone it proves nothing
    return sum(len(t) for t, hit in zip(tokens, found, strict=True) if hit) / total


def pair_transliterations(zh_names: Sequence[str], en_names: Sequence[str]) -> dict[int, int]:
    """Pair English names with Chinese names: ``{en_index: zh_index}``, best score first, each used once.

    Equal counts with no pinyin evidence fall back to position (sources list parties in the same order).
    """
    scored = sorted(
        (
            (-transliteration_score(zh, en), e, z)
            for e, en in enumerate(en_names)
            for z, zh in enumerate(zh_names)
        ),
    )
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for neg, e, z in scored:
        if -neg < MIN_SCORE or e in pairs or z in used:
            continue
        pairs[e] = z
        used.add(z)
    if len(zh_names) == len(en_names):
        free_zh = [z for z in range(len(zh_names)) if z not in used]
        free_en = [e for e in range(len(en_names)) if e not in pairs]
        if free_zh == free_en:
            pairs.update(zip(free_en, free_zh, strict=True))
    return pairs
