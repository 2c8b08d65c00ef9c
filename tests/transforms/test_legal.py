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
    trademark_status_of,
)
from transforms.records import Announcement, LegalEvent, LegalStatus


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
        ("实质审查的生效", LegalStatus.PENDING),  # a CNIPA event description used as the status (qichacha)
        ("授权", LegalStatus.IN_FORCE),
        ("专利申请权、专利权的转移", LegalStatus.UNKNOWN),  # an event that does not change the status
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
        # the gazette's announcement types, by name (transforms/data/cn_trademark_announcements.csv)
        ("商标注册公告（一）", LegalStatus.IN_FORCE),
        ("商标注册申请撤回公告", LegalStatus.LAPSED),
        ("准予撤回商标注册申请决定书送达公告", LegalStatus.LAPSED),
        ("商标注册申请审查意见书送达公告", LegalStatus.PENDING),
        ("商标使用许可合同备案撤销公告", LegalStatus.UNKNOWN),  # a licence record, not the right
        ("商标评审委员会驳回转让复审决定公告", LegalStatus.UNKNOWN),  # a transfer, not the right
        ("送达公告", LegalStatus.UNKNOWN),
        # free text
        ("不予注册", LegalStatus.LAPSED),
        ("注册申请初步审定", LegalStatus.PENDING),
        ("商标转让", LegalStatus.UNKNOWN),
        ("The registration has been renewed. (status 800)", LegalStatus.IN_FORCE),
        (
            "A Sections 8 and 15 combined declaration has been accepted and acknowledged. (status 702)",
            LegalStatus.IN_FORCE,
        ),
    ],
)
def test_trademark_status(text: str | None, status: LegalStatus) -> None:
    assert trademark_status(text) == status


def ann(code: str, day: str) -> Announcement:
    return Announcement(ann_type_code=code, ann_date=dt.date.fromisoformat(day))


@pytest.mark.parametrize(
    ("announcements", "text", "status"),
    [
        ([ann("TMZCSQ", "2020-01-06"), ann("TMZCZC", "2020-04-06")], None, LegalStatus.IN_FORCE),
        # a later licence notice leaves the registration in force (the record's status text is that notice)
        (
            [ann("TMZCZC", "2020-04-06"), ann("TMXKSQ", "2022-03-01")],
            "商标使用许可备案公告",
            LegalStatus.IN_FORCE,
        ),
        ([ann("TMXZZX", "2031-05-01"), ann("TMZCZC", "2020-04-06")], None, LegalStatus.LAPSED),  # any order
        ([ann("TMZCSQ", "2020-01-06")], None, LegalStatus.PENDING),
        ([ann("TMSDGG", "2020-01-06")], "已注册", LegalStatus.IN_FORCE),  # nothing decisive: the text
        ([], None, LegalStatus.UNKNOWN),
    ],
)
def test_trademark_status_from_announcements(
    announcements: list[Announcement], text: str | None, status: LegalStatus
) -> None:
    assert trademark_status_of(announcements, text) == status


def test_every_announcement_type_of_the_gazette_is_in_the_table() -> None:
    import json
    from pathlib import Path

    from transforms.legal_tables import trademark_announcements

    ref = (
        Path(__file__).resolve().parents[3]
        / "shared"
        / "reference"
        / "cnipa-trademark-gazette"
        / "ann_type_codes.json"
    )
    if not ref.exists():
        pytest.skip(f"{ref} is absent")
    table = trademark_announcements()
    types = json.loads(ref.read_text(encoding="utf-8"))
    assert len(types) == 55 and all(t["ann_type_code"] in table for t in types)


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("公开", "publication"),
        ("实质审查的生效", "examination_request"),
        ("授权", "grant"),
        ("未缴年费专利权终止", "lapse_fee"),
        ("专利权的终止（未缴年费）", "lapse_fee"),
        ("专利权有效期届满", "lapse_expiry"),
        ("发明专利申请公布后的视为撤回", "withdrawn"),
        ("发明专利申请公布后的驳回", "rejected"),
        ("避免重复授权放弃专利权", "abandoned_double_patenting"),  # not grant, though it says 授权
        ("专利权的全部无效", "invalidated"),
        ("专利申请权、专利权的转移", "transfer"),
        ("专利权质押合同登记的注销", "pledge_release"),
        ("某种未知事务", None),
        ("授权公告的更正", "correction"),  # the head of the phrase decides, not 授权
        ("公开号的更正", "correction"),
        ("未授权", None),  # negated
    ],
)
def test_cnipa_descriptions_get_a_category(description: str, category: str | None) -> None:
    assert categorize(LegalEvent(description=description)).category == category


@pytest.mark.parametrize(
    ("codes", "reason"),
    [(["CF01", "EXPY"], "fee"), (["EXPY", "CF01"], "fee"), (["CX01", "EXPY"], "expiry"), (["EXPY"], "other")],
)
def test_same_day_lapse_events_keep_the_specific_reason(codes: list[str], reason: str) -> None:
    """Google lists CF01 and EXPY on one date (the real sample); EXPY alone only says 'terminated'."""
    result = status_result_from_events([ev(c, "2016-05-11") for c in codes])
    assert (result.status, result.lapse_reason) == (LegalStatus.LAPSED, reason)


def test_cnipa_transactions_give_a_status() -> None:
    """CNIPA epub 事务数据 rows carry a description and no code."""
    events = [
        categorize(LegalEvent(description=d, date=dt.date(2020, m, 1)))
        for m, d in [(1, "公开"), (3, "实质审查的生效"), (9, "授权"), (12, "未缴年费专利权终止")]
    ]
    assert status_result_from_events(events[:2]).status == LegalStatus.PENDING
    assert status_result_from_events(events[:3]).status == LegalStatus.IN_FORCE
    result = status_result_from_events(events)
    assert (result.status, result.lapse_reason) == (LegalStatus.LAPSED, "fee")
    # a coded event keeps the code's meaning even when its description reads otherwise
    assert categorize(LegalEvent(code="ZZ99", description="授权")).category is None


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
