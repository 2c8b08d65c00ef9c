"""A pure-Python twin of the template's ``zh_cjk`` analyzer (zh_t2s char filter, standard tokenizer,
cjk_width, lowercase, cjk_bigram)."""

from __future__ import annotations

import unicodedata

from search.script_fold import fold_script

#: Lucene's standard tokenizer cuts longer tokens into pieces of this length (``max_token_length``).
MAX_TOKEN_LENGTH = 255

# UAX #29 word-break classes the standard tokenizer uses to keep a Latin/digit word whole.
_MID_LETTER = frozenset(":·\u0387\u05f4\u2027\ufe13\ufe55")
_MID_NUM_LET = frozenset(".\u2018\u2019\u2024\ufe52")
_MID_NUM = frozenset(",;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54")
_SINGLE_QUOTE = "'"
_EXTEND_NUM_LET = frozenset("_\u203f\u2040\u2054\ufe33\ufe34\ufe4d\ufe4e\ufe4f")

# Scripts that cjk_bigram turns into bigrams (han, hiragana, katakana, hangul: its defaults).
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3005),  # 々
    (0x3007, 0x3007),  # 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303B),
    (0x3041, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3300, 0x3357),  # Katakana squared words
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B..H
)


# Characters the standard tokenizer emits one per token (ideographs and hiragana; hangul and katakana it
# keeps as words): the tokens of the ``zh_uni`` analyzer that one-character queries search.
_SINGLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3041, 0x309F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)


def is_single(ch: str) -> bool:
    """True for a character the standard tokenizer makes a token of its own (Han ideographs, hiragana)."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _SINGLE_RANGES)


def is_cjk(ch: str) -> bool:
    """True for a Han, kana or Hangul character (the ones cjk_bigram joins)."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def fold_width(text: str) -> str:
    """cjk_width: full-width ASCII variants → basic Latin, half-width katakana → full-width."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif 0xFF65 <= code <= 0xFF9F:
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    # A half-width voiced mark became a combining one: compose it with its kana (ｶﾞ → ガ), as cjk_width does.
    folded = "".join(out)
    return unicodedata.normalize("NFC", folded) if "\u3099" in folded or "\u309a" in folded else folded


def _kind(ch: str) -> str:
    """One-letter word-break class: C cjk, A letter, N digit, E joiner-ext, M mark, J joiner, O other."""
    if is_cjk(ch):
        return "C"
    if ch in _EXTEND_NUM_LET:
        return "E"
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return "N"
    if cat[0] == "L":
        return "A"
    if cat in ("Mn", "Mc", "Me") or ch == "\u200d":
        return "M"
    if ch in _MID_LETTER or ch in _MID_NUM_LET or ch in _MID_NUM or ch == _SINGLE_QUOTE:
        return "J"
    return "O"


def _joins(prev: str, joiner: str, nxt: str) -> bool:
    """UAX #29 WB6/7 and WB11/12: a joiner between two letters or two digits does not break."""
    if prev == "A" and nxt == "A":
        return joiner in _MID_LETTER or joiner in _MID_NUM_LET or joiner == _SINGLE_QUOTE
    if prev == "N" and nxt == "N":
        return joiner in _MID_NUM or joiner in _MID_NUM_LET or joiner == _SINGLE_QUOTE
    return False


def _split_long(token: str) -> list[str]:
    return [token[i : i + MAX_TOKEN_LENGTH] for i in range(0, len(token), MAX_TOKEN_LENGTH)]


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def segments(text: str) -> list[list[str]]:
    """The ``zh_cjk`` tokens of ``text`` grouped by where they come from, in order.

    A run of contiguous CJK characters gives one group of overlapping bigrams (a lone character a
    unigram); the run is broken by anything else, spaces and punctuation included, as cjk_bigram
    breaks on unaligned offsets. Each Latin/digit word is a group of its own, lowercased
    (``B63H21/17`` → ``[b63h21]``, ``[17]``). Searching a group as a phrase finds exactly its substring.
    """
    return _segments(fold(text))


def fold(text: str) -> str:
    """The template's char filter (traditional → simplified), then cjk_width: what both analyzers read."""
    return fold_width(fold_script(text))  # the char filter runs before the tokenizer, cjk_width after it


def _segments(text: str) -> list[list[str]]:
    kinds = [_kind(ch) for ch in text]
    groups: list[list[str]] = []
    i, n = 0, len(text)
    while i < n:
        kind = kinds[i]
        if kind == "C":
            j = i
            while j < n and kinds[j] == "C":
                j += 1
            groups.append(_bigrams(text[i:j]))
            i = j
        elif kind in ("A", "N", "E"):
            j, last = i + 1, kind
            while j < n:
                k = kinds[j]
                if k in ("A", "N", "E"):
                    last = k
                    j += 1
                elif k == "M":
                    j += 1
                elif k == "J" and j + 1 < n and _joins(last, text[j], kinds[j + 1]):
                    j += 2
                else:
                    break
            groups.extend([piece] for piece in _split_long(text[i:j].lower()))
            i = j
        else:
            i += 1
    return groups


def analyze(text: str) -> list[str]:
    """The tokens ``zh_cjk`` produces for ``text``, in order (see :func:`segments`)."""
    return [token for group in segments(text) for token in group]


def surface(group: list[str]) -> str:
    """The text a token group came from (bigrams overlap by one character): re-analyzes to ``group``."""
    return group[0] + "".join(token[-1] for token in group[1:])


def unigrams(text: str) -> list[str]:
    """The one-character tokens ``zh_uni`` produces for ``text`` (after the same folding), in order.

    ``zh_uni`` (standard tokenizer without ``cjk_bigram``) also emits Latin/digit words; only its
    single-character tokens are ever searched, so the embedded twin indexes just those.
    """
    return [ch for ch in fold(text) if is_single(ch)]


def index_tokens(text: str) -> tuple[list[str], list[str]]:
    """The ``zh_cjk`` and the ``zh_uni`` tokens of one value, folded once (the embedded index writes both)."""
    folded = fold(text)
    return [t for group in _segments(folded) for t in group], [ch for ch in folded if is_single(ch)]


def lone_character(group: list[str]) -> str | None:
    """The character when a token group is one ideograph alone (searched in the ``zh_uni`` sub-fields)."""
    if len(group) == 1 and len(group[0]) == 1 and is_single(group[0]):
        return group[0]
    return None
