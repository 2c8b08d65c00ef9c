"""Distributions and field shapes of the synthetic corpus (n = 5,000, seed 42) within tolerances."""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from patentdb.demo.tables import TITLES_CSV
from tests.demo.conftest import RUN_DATE
from transforms.legal import status_from_events, status_from_text
from transforms.places import locate
from transforms.records import LegalStatus, PartyKind, Patent, PatentType, Trademark

DATA = Path(__file__).resolve().parents[2] / "patentdb" / "demo" / "data"
TARGET = (
    "B63",
    "B60",
    "B62",
    "F16",
    "C21",
    "C22",
    "B21",
    "B22",
    "H02K",
    "H01F",
    "H02B",
    "F04",
    "F24F",
    "F25",
    "B23",
    "B25",
    "G05B",
)
PUB = {"A": r"CN1\d{8}A", "B": r"CN1\d{8}B", "U": r"CN2\d{8}U", "S": r"CN3\d{8}S"}
TYPE_DIGIT = {PatentType.INVENTION: "1", PatentType.UTILITY_MODEL: "2", PatentType.DESIGN: "3"}


def independent_check_digit(body: str) -> str:
    """CNIPA rule, written separately from the generator: weights 2..9 repeating, mod 11, 10 is X."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    rest = sum(w * int(c) for w, c in zip(weights, body, strict=True)) % 11
    return "X" if rest == 10 else str(rest)


def _is_local(p: Patent) -> bool:
    return "靖江" in (p.applicants[0].address or "")


def test_check_digit_rule_matches_real_numbers() -> None:
    # real CN application numbers from ../reference/cn-patent-records
    for real in ("201610311380.X", "202121635235.X", "202223220665.2", "202310605823.6", "201730033448.8"):
        body, check = real.split(".")
        assert independent_check_digit(body) == check


def test_application_and_publication_numbers(patents: list[Patent]) -> None:
    with TITLES_CSV.open(encoding="utf-8") as fh:
        real_numbers = {row["publication_number"] for row in csv.DictReader(fh)}
    for p in patents:
        m = re.fullmatch(r"CN(\d{4})([123])(\d{7})\.([\dX])", p.application_number or "")
        assert m, p.application_number
        assert m.group(4) == independent_check_digit(m.group(1) + m.group(2) + m.group(3))
        assert int(m.group(1)) == p.application_date.year if p.application_date else False
        assert m.group(2) == TYPE_DIGIT[p.patent_type]
        assert p.kind and re.fullmatch(PUB[p.kind], p.publication_number), p.publication_number
        assert p.publication_number not in real_numbers


def test_type_mix_of_local_enterprises(patents: list[Patent]) -> None:
    local = [p for p in patents if _is_local(p) and p.applicants[0].kind is PartyKind.ENTERPRISE]
    mix = Counter(p.patent_type for p in local)
    assert abs(mix[PatentType.INVENTION] / len(local) - 0.30) < 0.04
    assert abs(mix[PatentType.UTILITY_MODEL] / len(local) - 0.60) < 0.04
    assert abs(mix[PatentType.DESIGN] / len(local) - 0.10) < 0.03


def test_local_share_70_to_80_percent(patents: list[Patent]) -> None:
    assert 0.70 <= sum(map(_is_local, patents)) / len(patents) <= 0.80


def test_target_industries_over_represented_among_local_applicants(patents: list[Patent]) -> None:
    def share(group: list[Patent]) -> float:
        return sum(any(c.startswith(TARGET) for c in p.ipc) for p in group) / len(group)

    local = [p for p in patents if p.ipc and _is_local(p)]
    other = [p for p in patents if p.ipc and not _is_local(p)]
    with TITLES_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    base = sum(any(s.startswith(TARGET) for s in r["ipc_subclasses"].split("|")) for r in rows) / len(rows)
    assert share(local) >= 0.55
    assert share(local) >= base + 0.3
    assert share(local) >= share(other) + 0.1


def test_titles_and_ipc_come_from_the_real_tables(patents: list[Patent]) -> None:
    with TITLES_CSV.open(encoding="utf-8") as fh:
        real: dict[str, set[str]] = {}
        for row in csv.DictReader(fh):  # a few titles occur twice with different IPC
            real.setdefault(row["title"], set()).update(row["ipc_subclasses"].split("|"))
    with gzip.open(DATA / "ipc_groups.csv.gz", "rt", encoding="utf-8") as fh:
        groups = {row["code"] for row in csv.DictReader(fh)}
    for p in patents:
        if p.patent_type is PatentType.DESIGN:
            assert not p.ipc and len(p.locarno) == 1 and re.fullmatch(r"\d{2}-\d{2}", p.locarno[0])
            continue
        assert p.titles["zh"] in real
        assert 1 <= len(p.ipc) <= 3 and not p.locarno
        assert {c[:4] for c in p.ipc} <= real[p.titles["zh"]]
        assert all(re.fullmatch(r"[A-H]\d\d[A-Z]\d{1,4}/\d{2,6}", c) for c in p.ipc)
        assert all(c in groups or c[:4] in {"G06V", "G16Y"} for c in p.ipc)
    # no invented English titles: the real set has Chinese titles only
    assert not any("en" in p.titles for p in patents)


def test_date_order_and_lags(patents: list[Patent]) -> None:
    lags: dict[PatentType, list[int]] = {t: [] for t in TYPE_DIGIT}
    for p in patents:
        assert p.application_date and p.publication_date
        assert p.application_date <= p.publication_date <= RUN_DATE
        if p.grant_date:
            assert p.publication_date <= p.grant_date <= RUN_DATE
            lags[p.patent_type].append((p.grant_date - p.application_date).days)
        assert all(e.date and p.application_date <= e.date <= RUN_DATE for e in p.legal_events)
        assert [e.date for e in p.legal_events] == sorted(e.date for e in p.legal_events if e.date)
    um = sorted(lags[PatentType.UTILITY_MODEL])
    inv = sorted(lags[PatentType.INVENTION])
    assert 150 <= um[len(um) // 2] <= 365  # utility models granted ~6-12 months after filing
    assert 2 * 365 <= inv[len(inv) // 2] <= 4 * 365  # inventions ~2-4 years


def test_legal_status_mix_and_consistency(patents: list[Patent]) -> None:
    mix = Counter(p.legal_status for p in patents)
    for status in (LegalStatus.IN_FORCE, LegalStatus.LAPSED, LegalStatus.PENDING):
        assert mix[status] / len(patents) > 0.03
    for p in patents:
        assert status_from_events(p.legal_events) is p.legal_status
        assert status_from_text(p.legal_status_raw) is p.legal_status
        if p.kind == "B" or p.patent_type is not PatentType.INVENTION:
            assert p.grant_date and any(e.category == "grant" for e in p.legal_events)
    codes = Counter(e.code for p in patents for e in p.legal_events)
    for code in ("C14", "GR01", "CF01", "C06", "PB01", "C10", "SE01"):
        assert codes[code] > 0, code


def test_applicants_addresses_and_inventors(patents: list[Patent]) -> None:
    towns: Counter[str | None] = Counter()
    for p in patents:
        assert p.inventors and all(2 <= len(name) <= 3 for name in p.inventors)
        for party in p.applicants:
            assert party.address and party.name is None and not party.is_local  # left to the pipeline
            located = locate(party.address)
            assert located.is_local == ("靖江" in party.address)
            if located.is_local:
                towns[located.place.town] += 1
    assert len([t for t in towns if t]) >= 12  # applicants spread over Jingjiang's towns and parks
    assert 0.03 < sum(len(p.applicants) > 1 for p in patents) / len(patents) < 0.2


def test_trademarks(trademarks: list[Trademark]) -> None:
    codes = {row["ann_type_code"] for row in json.loads((DATA / "tm_ann_type_codes.json").read_text("utf-8"))}
    nice = Counter(c for t in trademarks for c in t.nice_classes)
    assert {7, 12, 6, 9, 11} <= set(nice)
    for t in trademarks:
        assert re.fullmatch(r"\d{8}", t.registration_number) and t.mark_text and t.goods_services
        assert t.applicants and t.applicants[0].address and t.application_date
        for ann in t.announcements:
            assert ann.ann_type_code in codes and ann.ann_num and ann.ann_date
            assert t.application_date <= ann.ann_date <= RUN_DATE
        if t.registration_date:
            assert t.application_date < t.registration_date <= RUN_DATE
            assert any(a.ann_type_code == "TMZCZC" for a in t.announcements)
