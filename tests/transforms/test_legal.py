from __future__ import annotations

import datetime as dt

import pytest

from transforms.legal import categorize, status_from_events, status_from_text, trademark_status
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
