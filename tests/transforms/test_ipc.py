from __future__ import annotations

import pytest

from transforms.errors import NormalizationError
from transforms.ipc import IpcPattern, normalize_ipc, parse_ipc, split_ipc_list


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("H04W  84/    20            A I", "H04W84/20"),  # OPS classifications-ipcr text
        ("B64U20/80", "B64U20/80"),
        ("B64U 20/80", "B64U20/80"),
        ("H 04 W 84/20", "H04W84/20"),
        ("H04W 84/20 (2009.01)", "H04W84/20"),
        ("A01B0001020000", "A01B1/02"),  # 14-character scheme form
        ("B63B0035441300", "B63B35/4413"),
        ("b63h 21/17", "B63H21/17"),
        ("Ｆ１６Ｋ１/００", "F16K1/00"),
        ("G05B19/418", "G05B19/418"),
        ("B63B", "B63B"),
        ("F16C 3/6", "F16C3/60"),
        ("A01B 1/020000", "A01B1/02"),  # the padded subgroup with a space: same as A01B0001020000
        ("  H04W84/20      ", "H04W84/20"),  # epodoc
        ("B63H 21/17(2006.01)I", "B63H21/17"),  # version and indicator letter
        ("H04W84/20 A I (2009.01)", "H04W84/20"),
        ("B63H21/17 20060101", "B63H21/17"),  # a version date
    ],
)
def test_normalize_ipc(raw: str, expected: str) -> None:
    assert normalize_ipc(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "63B",
        "B6",
        "Z99Z1/00",
        "B63H/17",
        "hello",
        "H04W84/20;H04W84/18",
        "B63H21/17 B63H23/32",
        "B63H21/1720060101",
    ],
)
def test_bad_ipc(raw: str) -> None:
    with pytest.raises(NormalizationError, match="ipc"):
        normalize_ipc(raw)


@pytest.mark.parametrize(
    ("pattern", "code", "matches"),
    [
        ("B63B", "B63B35/44", True),
        ("B63B", "B63C1/00", False),
        ("E02B17/*", "E02B17/02", True),
        ("E02B17/*", "E02B1/00", False),
        ("F16C3/*", "F16C33/10", False),  # not by string prefix
        ("F16C3/*", "F16C3/02", True),
        ("B63B35/44", "B63B35/4413", True),
        ("B63B35/44", "B63B35/40", False),
        ("G05B19/418", "G05B19/4183", True),
        ("G05B19/418", "G05B19/41", False),
    ],
)
def test_pattern_hierarchy(pattern: str, code: str, matches: bool) -> None:
    assert IpcPattern.parse(pattern).matches(parse_ipc(code)) is matches


def test_split_lists() -> None:
    assert split_ipc_list("B01J23/44;C07C49/245") == ["B01J23/44", "C07C49/245"]
    assert split_ipc_list("B63H | F16J15/00 ,") == ["B63H", "F16J15/00"]
    assert split_ipc_list("B64U20/80；B64U101/30、G05D1/10，H04N7/18") == [
        "B64U20/80",
        "B64U101/30",
        "G05D1/10",
        "H04N7/18",
    ]
