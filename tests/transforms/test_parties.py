from __future__ import annotations

import datetime as dt

import pytest

from transforms.errors import NormalizationError
from transforms.names import applicant_id, name_key
from transforms.parties import former_names_of, normalize_party
from transforms.records import LegalEvent, Party, PartyKind, Place


def test_epodoc_alt_name_joins_the_chinese_name() -> None:
    party = normalize_party(
        Party(raw_name="JINGJIANG HAOSAI TECH CO LTD [CN]", alt_names=["靖江市浩赛科技有限公司"])
    )
    assert party.name == "靖江市浩赛科技有限公司"
    assert party.alt_names == ["JINGJIANG HAOSAI TECH CO LTD"]
    assert party.applicant_id == applicant_id(name_key("靖江市浩赛科技有限责任公司"))
    assert party.kind is PartyKind.ENTERPRISE


def test_place_from_address_completed_by_stated_place() -> None:
    party = normalize_party(
        Party(
            raw_name="某某有限公司",
            address="江苏省靖江市城南园区",
            place=Place(country="CN", province="江苏"),
        )
    )
    assert party.place.county == "靖江市" and party.place.town == "城南园区" and party.is_local


def test_is_local_never_from_the_name() -> None:
    party = normalize_party(Party(raw_name="靖江市某某有限公司"))
    assert party.is_local is False and party.place.county is None
    stale = normalize_party(Party(raw_name="某某有限公司", address="江苏省江阴市", is_local=True))
    assert stale.is_local is False  # derived from the place, whatever the input said


@pytest.mark.parametrize("raw", ["", "   ", "（）", "---"])
def test_malformed_names_raise(raw: str) -> None:
    with pytest.raises(NormalizationError, match="applicant"):
        normalize_party(Party(raw_name=raw))


def _event(description: str, category: str | None, code: str | None = None) -> LegalEvent:
    return LegalEvent(date=dt.date(2022, 1, 1), code=code, description=description, category=category)


@pytest.mark.parametrize(
    ("event", "former"),
    [
        (
            _event(
                "变更事项：专利权人 变更前：靖江市某某机械有限公司 变更后：江苏某某机械股份有限公司",
                "change_name",
            ),
            ["靖江市某某机械有限公司"],
        ),
        (
            _event(
                "Patentee after: 江苏某某机械股份有限公司 Patentee before: 靖江市某某机械厂",
                "change_name_address",
            ),
            ["靖江市某某机械厂"],
        ),
        (  # a transfer to another party: the earlier owner is not a former name
            _event("变更前权利人：靖江市甲公司 变更后权利人：江苏某某机械股份有限公司", "transfer", "TR01"),
            [],
        ),
        (  # a change of legal form recorded as a transfer is a former name
            _event(
                "变更前权利人：江苏某某机械有限公司 变更后权利人：江苏某某机械股份有限公司",
                "transfer",
                "TR01",
            ),
            ["江苏某某机械有限公司"],
        ),
        (_event("变更前：", "change_name"), []),  # malformed: nothing to read
        (_event("专利权质押合同登记的生效 出质人：江苏某某机械股份有限公司", "pledge"), []),
    ],
)
def test_former_names(event: LegalEvent, former: list[str]) -> None:
    key = name_key("江苏某某机械股份有限公司")
    assert former_names_of(key, [event]) == former
    party = normalize_party(Party(raw_name="江苏某某机械股份有限公司"), [event])
    assert party.former_names == former
