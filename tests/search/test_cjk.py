"""The zh_cjk twin: the token table Elasticsearch's standard + cjk_width + lowercase + cjk_bigram gives."""

from __future__ import annotations

import pytest

from search.cjk import analyze, fold_width, is_cjk, lone_character, segments, surface, unigrams
from search.documents import load_template
from search.script_fold import fold_script, mappings_from_opencc, opencc_table, template_char_map

CASES: list[tuple[str, list[str]]] = [
    ("", []),
    ("推进器", ["推进", "进器"]),
    ("船", ["船"]),  # a lone CJK character stays a unigram
    ("船舶 推进器", ["船舶", "推进", "进器"]),
    ("推进，器", ["推进", "器"]),  # punctuation breaks a run (unaligned offsets)
    ("靖江市新港园区", ["靖江", "江市", "市新", "新港", "港园", "园区"]),
    ("abc推进器def", ["abc", "推进", "进器", "def"]),
    ("2023年", ["2023", "年"]),
    ("ＡＢＣ１２３ 推进", ["abc123", "推进"]),  # full-width → half-width, lowercased
    ("ＬＮＧ储罐", ["lng", "储罐"]),
    ("ｶﾞｷﾞ", ["ガギ"]),  # half-width katakana → full-width, voiced marks composed
    ("漢字かな", ["汉字", "字か", "かな"]),  # han and kana bigram together (漢 folds to 汉)
    ("B63H21/17", ["b63h21", "17"]),
    ("Marine Propeller", ["marine", "propeller"]),
    ("can't stop", ["can't", "stop"]),
    ("3.14 and 1,000", ["3.14", "and", "1,000"]),
    ("a:b x-y", ["a:b", "x", "y"]),
    ("snake_case", ["snake_case"]),
    ("end.", ["end"]),
    ("“引号”《书名》", ["引号", "书名"]),
    ("x" * 300, ["x" * 255, "x" * 45]),  # max_token_length 255
    (
        "一種汽車變速器",
        ["一种", "种汽", "汽车", "车变", "变速", "速器"],
    ),  # zh_t2s: traditional folds to simplified
    ("漢字", ["汉字"]),
]


@pytest.mark.parametrize(("text", "tokens"), CASES)
def test_analyze(text: str, tokens: list[str]) -> None:
    assert analyze(text) == tokens


@pytest.mark.parametrize(
    ("text", "folded"), [("ＡＢＣ", "ABC"), ("１２３", "123"), ("！", "!"), ("中文", "中文"), ("ｱ", "ア")]
)
def test_fold_width(text: str, folded: str) -> None:
    assert fold_width(text) == folded


@pytest.mark.parametrize(
    ("ch", "expected"), [("中", True), ("の", True), ("カ", True), ("한", True), ("a", False)]
)
def test_is_cjk(ch: str, expected: bool) -> None:
    assert is_cjk(ch) is expected


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("船舶推进器 B63H21/17", [["船舶", "舶推", "推进", "进器"], ["b63h21"], ["17"]]),
        ("推进，器", [["推进"], ["器"]]),
        ("ＬＮＧ储罐", [["lng"], ["储罐"]]),
    ],
)
def test_segments_and_surface(text: str, groups: list[list[str]]) -> None:
    assert segments(text) == groups
    assert [segments(surface(g)) for g in groups] == [
        [g] for g in groups
    ]  # a group's surface re-analyzes to it


def test_the_template_fold_table_is_opencc_s_character_table() -> None:
    rules = load_template()["template"]["settings"]["analysis"]["char_filter"]["zh_t2s"]["mappings"]
    assert rules == mappings_from_opencc(opencc_table())  # regenerate the template when OpenCC changes
    assert len(rules) > 2500 and "車 => 车" in rules
    table = template_char_map()
    assert fold_script("靖江市華達機械") == "靖江市华达机械" and len(table) == len(rules)
    assert load_template()["template"]["settings"]["analysis"]["analyzer"]["zh_cjk"]["char_filter"] == [
        "zh_t2s"
    ]


def test_folding_is_idempotent() -> None:
    # the ES backend re-sends folded query text, which the char filter folds again: it must not move
    table = template_char_map()
    assert not [chr(s) for s, t in table.items() if ord(t) in table]
    assert fold_script(fold_script("薴麻纖維")) == fold_script("薴麻纖維") == "苎麻纤维"


@pytest.mark.parametrize(
    ("text", "chars"),
    [
        ("离心泵", ["离", "心", "泵"]),
        ("一種電機 B63H", ["一", "种", "电", "机"]),  # folded like zh_cjk; Latin words are not single tokens
        ("ひらがな", ["ひ", "ら", "が", "な"]),
        ("カタカナ한국", []),  # the standard tokenizer keeps katakana and hangul as words
        ("", []),
    ],
)
def test_unigrams(text: str, chars: list[str]) -> None:
    assert unigrams(text) == chars


@pytest.mark.parametrize(
    ("group", "char"),
    [(["泵"], "泵"), (["泵阀"], None), (["b"], None), (["한"], None), (["泵", "阀"], None)],
)
def test_lone_character(group: list[str], char: str | None) -> None:
    assert lone_character(group) == char
