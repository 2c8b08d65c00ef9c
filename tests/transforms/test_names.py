from __future__ import annotations

import pytest

from transforms.errors import NormalizationError
from transforms.names import applicant_id, clean_name, name_key, party_kind
from transforms.records import PartyKind
from transforms.transliterate import pair_transliterations, transliteration_score


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("靖江市 某某船舶配件有限公司 ", "靖江市某某船舶配件有限公司"),
        ("靖江市某某(集团)有限公司", "靖江市某某（集团）有限公司"),
        ("ＢＹＤ　ＣＯ　ＬＴＤ", "BYD CO LTD"),
        ("BYD CO LTD [CN]", "BYD CO LTD"),
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    "variants",
    [
        [
            "靖江市某某机械有限公司",
            "靖江市某某机械有限责任公司",
            "靖江市某某机械股份有限公司",
            " 靖江市 某某机械 有限公司",
            "\ufeff靖江市某某\u200b机械有限公司",  # BOM and zero-width space
        ],
        ["靖江市某某（集团）有限公司", "靖江市某某集团有限公司", "靖江市某某(集团)有限公司"],
        ["BYD CO LTD [CN]", "BYD Co., Ltd.", "byd company limited"],
        ["Jiangsu Haosai Technology Co ltd", "JIANGSU HAOSAI TECHNOLOGY CO LTD [CN]"],
        # traditional characters
        ["靖江市华达机械制造有限公司", "靖江市華達機械製造有限公司", "靖江市華達機械製造股份有限公司"],
    ],
)
def test_variants_share_key_and_id(variants: list[str]) -> None:
    keys = {name_key(v) for v in variants}
    assert len(keys) == 1
    assert len({applicant_id(k) for k in keys}) == 1


def test_different_parties_differ() -> None:
    assert name_key("靖江市甲机械有限公司") != name_key("靖江市乙机械有限公司")


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("靖江市华达机械厂", "靖江市華達機械廠"),
        ("江苏大学", "江蘇大學"),
        ("江苏省船舶研究所", "江蘇省船舶研究所"),
    ],
)
def test_party_kind_does_not_depend_on_the_script(simplified: str, traditional: str) -> None:
    assert party_kind(traditional) == party_kind(simplified) != PartyKind.OTHER


def test_script_variants_fold_into_one_key_and_display_keeps_its_script() -> None:
    assert name_key("靖江市香薰科技有限公司") == name_key("靖江市香熏科技有限公司") == "zh:靖江市香熏科技"
    assert clean_name("靖江市華達機械有限公司") == "靖江市華達機械有限公司"  # display keeps its script
    assert name_key("有限公司") == "zh:有限公司"  # a bare suffix is never stripped to nothing
    assert applicant_id("zh:x") == applicant_id("zh:x") and applicant_id("zh:x").startswith("A")


@pytest.mark.parametrize("bad", ["", "   ", "---", "123 456", "（）"])
def test_malformed_names_raise(bad: str) -> None:
    with pytest.raises(NormalizationError, match="applicant"):
        name_key(bad)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("靖江市某某船舶配件有限公司", PartyKind.ENTERPRISE),
        ("江苏某某（集团）有限公司", PartyKind.ENTERPRISE),
        ("靖江市某某机械厂", PartyKind.ENTERPRISE),
        ("北京大学资产经营有限公司", PartyKind.ENTERPRISE),  # company words win
        ("上海交通大学", PartyKind.UNIVERSITY),
        ("泰州职业技术学院", PartyKind.UNIVERSITY),
        ("中国科学院长春光学精密机械与物理研究所", PartyKind.INSTITUTE),  # 科学院 holds 学院
        ("江苏省农业科学院", PartyKind.INSTITUTE),
        ("中国科学院大学", PartyKind.UNIVERSITY),
        ("中科大数据研究院", PartyKind.INSTITUTE),
        ("江苏省特种设备安全监督检验研究院", PartyKind.INSTITUTE),
        ("王元卓", PartyKind.PERSON),
        ("欧阳·娜娜", PartyKind.PERSON),
        ("靖江市人民政府", PartyKind.OTHER),
        ("BYD CO LTD", PartyKind.ENTERPRISE),
        ("UNIV JIANGSU SCIENCE & TECH", PartyKind.UNIVERSITY),
        ("CHINESE ACAD SCI INST", PartyKind.INSTITUTE),
        ("LIU DI", PartyKind.PERSON),
        ("", PartyKind.UNKNOWN),
    ],
)
def test_party_kind(name: str, kind: PartyKind) -> None:
    assert party_kind(name) is kind


@pytest.mark.parametrize(
    ("zh", "en", "matches"),
    [
        ("江苏浩赛科技有限公司", "Jiangsu Haosai Technology Co ltd", True),
        ("靖江市浩赛科技有限公司", "JINGJIANG HAOSAI TECH CO LTD [CN]", True),
        (
            "江苏长江重工有限公司",
            "Jiangsu Haosai Technology Co ltd",
            False,
        ),  # the province alone proves nothing
        ("江苏浩赛科技有限公司", "江苏浩赛科技有限公司", False),
        ("江苏浩赛科技有限公司", "CO LTD", False),
        # 市 + 长江 is not 市长 (shizhang): the place is read on its own
        ("靖江市长江港机制造有限公司", "JINGJIANG CHANGJIANG PORT MACHINERY MFG CO LTD", True),
    ],
)
def test_transliteration_score(zh: str, en: str, matches: bool) -> None:
    assert (transliteration_score(zh, en) >= 0.3) is matches


def test_pair_transliterations_by_pinyin_then_position() -> None:
    zh = ["江苏长江重工有限公司", "靖江市浩赛科技有限公司"]
    assert pair_transliterations(
        zh, ["JINGJIANG HAOSAI TECH CO LTD", "JIANGSU CHANGJIANG HEAVY IND CO LTD"]
    ) == {
        0: 1,
        1: 0,
    }
    assert pair_transliterations(["甲公司"], ["ALPHA CO LTD"]) == {0: 0}  # no evidence, same count: position
    assert pair_transliterations(["甲公司", "乙公司"], ["ALPHA CO LTD"]) == {}
