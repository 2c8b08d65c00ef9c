"""Traditional → simplified folding of the ``zh_cjk`` analyzer: a ``mapping`` char filter in the template.

Both backends fold the same way because the table lives in the index template (Elasticsearch applies it as
the ``zh_t2s`` char filter; the embedded twin reads it from there). It is built from OpenCC's character
table (``TSCharacters.txt``, shipped by opencc-purepy): the first simplified candidate of every
traditional character of the Basic Multilingual Plane. Queries and documents are folded alike, so 汽車
finds 汽车 and the other way round; display text is never changed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

CHAR_FILTER = "zh_t2s"


def _bmp_han(ch: str) -> bool:
    return len(ch) == 1 and (0x3400 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF)


def opencc_table() -> Path:
    import opencc_purepy

    return Path(opencc_purepy.__file__).parent / "dicts" / "TSCharacters.txt"


def mappings_from_opencc(path: Path) -> list[str]:
    """``traditional => simplified`` rules (Elasticsearch mapping syntax), sorted by code point."""
    rules: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if _bmp_han(source) and _bmp_han(target) and source != target:
            rules[source] = target
    return [f"{s} => {rules[s]}" for s in sorted(rules)]


def char_map(template: dict[str, Any]) -> dict[int, str]:
    """The template's ``zh_t2s`` rules as a ``str.translate`` table."""
    rules = template["template"]["settings"]["analysis"]["char_filter"][CHAR_FILTER]["mappings"]
    table: dict[int, str] = {}
    for rule in rules:
        source, _, target = rule.partition(" => ")
        table[ord(source)] = target
    return table


@cache
def template_char_map() -> dict[int, str]:
    from search.documents import load_template

    return char_map(load_template())


def fold_script(text: str) -> str:
    """What the ``zh_t2s`` char filter does to ``text``."""
    return text.translate(template_char_map())
