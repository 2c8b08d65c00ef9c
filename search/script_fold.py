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
    """``traditional => simplified`` rules (Elasticsearch mapping syntax), sorted by code point.

    Chains are resolved to their end (the table has 薴 → 苧 and 苧 → 苎: both map to 苎), so folding is
    idempotent: text folded once (a query the ES backend re-sends) folds to itself.
    """
    first: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if _bmp_han(source) and _bmp_han(target) and source != target:
            first[source] = target
    rules: dict[str, str] = {}
    for source in first:
        target, seen = first[source], {source}
        while target in first and target not in seen:  # follow the chain; a cycle stops where it closes
            seen.add(target)
            target = first[target]
        if target != source:
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


def write_template(path: Path, rules: list[str], per_line: int = 16) -> None:
    """Rewrite the ``zh_t2s`` rules inside the template file, leaving the rest of its text as it is."""
    import json
    import re

    text = path.read_text(encoding="utf-8")
    indent = " " * 14
    body = ",\n".join(
        indent + ", ".join(json.dumps(r, ensure_ascii=False) for r in rules[i : i + per_line])
        for i in range(0, len(rules), per_line)
    )
    pattern = re.compile(r'("zh_t2s": \{\s*"type": "mapping",\s*"mappings": \[)(.*?)(\n\s*\])', re.DOTALL)
    new, count = pattern.subn(lambda m: f"{m.group(1)}\n{body}{m.group(3)}", text, count=1)
    if count != 1:
        raise ValueError(f"{path}: no zh_t2s mapping char filter to rewrite")
    json.loads(new)  # still valid JSON
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":  # regenerate after an opencc-purepy upgrade: python -m search.script_fold
    from search.documents import TEMPLATE_PATH

    write_template(TEMPLATE_PATH, mappings_from_opencc(opencc_table()))
