from __future__ import annotations

import datetime as dt

import pytest

from transforms.legal import (
    categorize,
    category_of_code,
    lapse_reason_of,
    status_from_events,
    status_from_text,
    status_result_from_events,
    status_result_from_text,
    trademark_status,
)
from transforms.records import LegalEvent, LegalStatus


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("有权-审定授权", LegalStatus.IN_FORCE),
        ("审中-实质审查", LegalStatus.PENDING),
        ("审中-公开", LegalStatus.PENDING),
        ("无权-未缴年费", LegalStatus.LAPSED),
        ("无权-视为撤回", LegalStatus.LAPSED),
        ("", LegalStatus.UNKNOWN),
        (None, LegalStatus.UNKNOWN),
        ("其他", LegalStatus.UNKNOWN),
    ],
)
def test_status_texts(text: str | None, status: LegalStatus) -> None:
    assert status_from_text(text) == status


def ev(code: str, day: str) -> LegalEvent:
    return categorize(LegalEvent(code=code, description=code, date=dt.date.fromisoformat(day)))


def test_event_categories_from_cn_codes() -> None:
    assert ev("C14", "2020-01-01").category == "grant"
    assert ev("CF01", "2020-01-01").category == "lapse_fee"
    assert ev("ZZ99", "2020-01-01").category is None


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ([("C06", "2019-01-01"), ("C10", "2019-03-01")], LegalStatus.PENDING),
        ([("C06", "2019-01-01"), ("C14", "2021-03-01")], LegalStatus.IN_FORCE),
        ([("C14", "2021-03-01"), ("CF01", "2023-05-01")], LegalStatus.LAPSED),
        ([("CF01", "2023-05-01"), ("C14", "2021-03-01")], LegalStatus.LAPSED),  # order of input is irrelevant
        ([("TR01", "2022-01-01")], LegalStatus.UNKNOWN),
        ([], LegalStatus.UNKNOWN),
    ],
)
def test_status_from_events(events: list[tuple[str, str]], status: LegalStatus) -> None:
    assert status_from_events([ev(c, d) for c, d in events]) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("已注册", LegalStatus.IN_FORCE),
        ("初审公告", LegalStatus.PENDING),
        ("等待实质审查", LegalStatus.PENDING),
        ("驳回", LegalStatus.LAPSED),
        ("商标无效", LegalStatus.LAPSED),
        ("Registered", LegalStatus.IN_FORCE),
        ("Abandoned - Failure To Respond", LegalStatus.LAPSED),
        (None, LegalStatus.UNKNOWN),
    ],
)
def test_trademark_status(text: str | None, status: LegalStatus) -> None:
    assert trademark_status(text) == status


def test_every_cn_inpadoc_code_of_the_reference_is_mapped() -> None:
    import csv
    from pathlib import Path

    from transforms.legal_tables import categories, event_categories

    ref = Path("/work/shared/reference/epo-ops/patent_client/legal/CN_legal_event_codes_extracted.csv")
    table = event_categories()
    assert len(table) == 110
    assert set(table.values()) <= set(categories())
    if ref.is_file():
        with ref.open(encoding="utf-8") as fh:
            codes = {row["Event-code"].strip() for row in csv.DictReader(fh)}
        assert codes == set(table)


@pytest.mark.parametrize(
    ("text", "status", "reason"),
    [
        ("有权-审定授权", LegalStatus.IN_FORCE, None),
        ("审中-实质审查", LegalStatus.PENDING, None),
        ("无权-未缴年费", LegalStatus.LAPSED, "fee"),
        ("无权-期限届满", LegalStatus.LAPSED, "expiry"),
        ("无权-视为撤回", LegalStatus.LAPSED, "withdrawal"),
        ("无权-驳回", LegalStatus.LAPSED, "rejection"),
        ("无权-视为放弃", LegalStatus.LAPSED, "abandonment"),
        ("无权-全部无效", LegalStatus.LAPSED, "invalidation"),
        ("无权 - 未缴年费 ", LegalStatus.LAPSED, "fee"),
        ("无权-新的说法", LegalStatus.LAPSED, None),  # unknown detail: the head decides, no invented reason
        ("Expired - Fee Related", LegalStatus.LAPSED, "fee"),
        ("Active", LegalStatus.IN_FORCE, None),
        ("???", LegalStatus.UNKNOWN, None),
    ],
)
def test_status_text_reasons(text: str, status: LegalStatus, reason: str | None) -> None:
    result = status_result_from_text(text)
    assert (result.status, result.lapse_reason) == (status, reason)


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("CF01", "lapse_fee"),
        ("MM4A", "lapse_fee"),
        ("CX01", "lapse_expiry"),
        ("WD01", "withdrawn"),
        ("IW01", "invalidated"),
        ("IP01", "invalidated_partial"),
        ("AV01", "abandoned"),
        ("TR01", "transfer"),
        ("C41 ", "transfer"),
        ("ASS", "transfer"),
        ("PE01", "pledge"),
        ("PC01", "pledge_release"),
        ("EE01", "license"),
        ("CP01", "change_name"),
        ("RR01", "restoration"),
        ("cf01", "lapse_fee"),
        ("XX99", None),
        ("", None),
    ],
)
def test_code_categories(code: str, category: str | None) -> None:
    assert category_of_code(code) == category


@pytest.mark.parametrize(
    ("events", "status", "reason"),
    [
        ([("GR01", "2020-01-01"), ("CF01", "2023-01-01")], LegalStatus.LAPSED, "fee"),
        ([("GR01", "2020-01-01"), ("CX01", "2030-01-01")], LegalStatus.LAPSED, "expiry"),
        ([("PB01", "2020-01-01"), ("WD01", "2022-01-01")], LegalStatus.LAPSED, "withdrawal"),
        ([("GR01", "2020-01-01"), ("IW01", "2022-01-01")], LegalStatus.LAPSED, "invalidation"),
        (
            [("GR01", "2020-01-01"), ("IP01", "2022-01-01")],
            LegalStatus.IN_FORCE,
            None,
        ),  # partial: still in force
        (
            [("GR01", "2020-01-01"), ("CF01", "2021-01-01"), ("RR01", "2021-06-01")],
            LegalStatus.IN_FORCE,
            None,
        ),
        ([("PB01", "2020-01-01"), ("WD01", "2021-01-01"), ("C52", "2021-06-01")], LegalStatus.PENDING, None),
        (
            [("GR01", "2020-01-01"), ("TR01", "2022-01-01"), ("PE01", "2022-02-01")],
            LegalStatus.IN_FORCE,
            None,
        ),
    ],
)
def test_status_and_reason_from_events(
    events: list[tuple[str, str]], status: LegalStatus, reason: str | None
) -> None:
    result = status_result_from_events([ev(c, d) for c, d in events])
    assert (result.status, result.lapse_reason) == (status, reason)


def test_lapse_reason_text_first_then_events() -> None:
    events = [ev("GR01", "2020-01-01"), ev("CF01", "2023-01-01")]
    assert lapse_reason_of(LegalStatus.LAPSED, "无权-期限届满", events) == "expiry"
    assert lapse_reason_of(LegalStatus.LAPSED, None, events) == "fee"
    assert lapse_reason_of(LegalStatus.IN_FORCE, "无权-期限届满", events) is None
