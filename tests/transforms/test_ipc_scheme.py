from __future__ import annotations

import csv

import pytest

from transforms.errors import NormalizationError
from transforms.ipc import parse_ipc
from transforms.ipc_scheme import load_scheme, parse_scheme
from transforms.textclass.dataset import DEV_CSV


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("H04W  84/    20            A I", "H04W84/20"),
        ("B64U20/80", "B64U20/80"),  # a subclass newer than the 2020.01 copy (IPC 2023.01)
        ("G06V 10/82", "G06V10/82"),  # IPC 2022.01
        ("G06F40/289", "G06F40/289"),  # a main group newer than the copy: groups are not checked
        ("F24J2/46", "F24J2/46"),  # retired in 2018 (F24S): old CN records keep it
        ("H10D 30/01", "H10D30/01"),  # a subclass newer than the table, in a known class
        ("A01B0001020000", "A01B1/02"),
        ("B63B", "B63B"),
    ],
)
def test_known_subclasses_normalize(raw: str, expected: str) -> None:
    assert load_scheme().normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("E09B 1/00", "no IPC class E09 in any edition"),  # well formed, no such class
        ("H77A", "no IPC class H77"),
        ("B63H/17", "not an IPC symbol"),
        ("", "empty"),
    ],
)
def test_unknown_or_malformed_symbols_raise(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError, match=reason) as info:
        load_scheme().normalize(raw)
    assert info.value.field == "ipc"


def test_shipped_table_has_every_subclass_of_the_real_dev_titles() -> None:
    scheme = load_scheme()
    assert scheme.edition.startswith("2020.01") and len(scheme.subclasses) == 651
    with DEV_CSV.open(encoding="utf-8-sig") as fh:
        seen = {s for row in csv.DictReader(fh) for s in row["ipc_subclasses"].split("|")}
    assert len(seen) == 400
    assert not {s for s in seen if scheme.title(s) is None}
    assert scheme.title("B63B") is not None and scheme.title("B63B").startswith("SHIPS OR OTHER WATERBORNE")


def test_known_tells_table_subclasses_from_other_editions() -> None:
    scheme = load_scheme()
    assert scheme.known(parse_ipc("B63B35/44")) and scheme.known(parse_ipc("G06V10/82"))
    assert not scheme.known(parse_ipc("F24J2/46"))
    assert len(scheme.classes) == 132


def test_parse_scheme_reads_edition_and_rejects_an_empty_table() -> None:
    scheme = parse_scheme(["# edition: test-1", "# a comment", "B63B\tSHIPS", ""])
    assert scheme.edition == "test-1" and dict(scheme.subclasses) == {"B63B": "SHIPS"}
    assert scheme.check(parse_ipc("B63B35/44")).group == 35
    with pytest.raises(ValueError, match="empty"):
        parse_scheme(["# edition: x"])
