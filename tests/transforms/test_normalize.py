from __future__ import annotations

from typing import Any

import pytest

from transforms.errors import NormalizationError
from transforms.normalize import normalize_patent
from transforms.records import LegalStatus, Party, PartyKind, PatentType


def test_normalizes_a_local_utility_model(patent_factory: Any, local_party: Party) -> None:
    patent = patent_factory(
        publication_number="cn 218751475 u",
        application_number="CN201730033448.8",
        titles={"zh": " 一种船用　推进器 "},
        ipc=["B63H  23/32", "F16J 15/00", "B63H23/32"],
        applicants=[local_party],
        legal_status_raw="有权-审定授权",
    )
    out = normalize_patent(patent)
    assert out.publication_number == "CN218751475U"
    assert out.application_number == "201730033448.8"
    assert out.kind == "U" and out.patent_type is PatentType.UTILITY_MODEL
    assert out.titles == {"zh": "一种船用 推进器"}
    assert out.ipc == ["B63H23/32", "F16J15/00"]
    party = out.applicants[0]
    assert party.name == "靖江市某某船舶配件有限公司"
    assert party.kind is PartyKind.ENTERPRISE
    assert party.place.town == "新桥镇" and party.is_local
    assert out.legal_status is LegalStatus.IN_FORCE


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ipc": ["not-an-ipc"]}, "ipc"),
        ({"ipc": ["B63H23/32", "E09B1/00"]}, "no IPC class E09"),
        ({"application_number": "CN201730033448.1"}, "check digit"),
        ({"publication_number": "XX"}, "publication"),
        ({"applicants": [Party(raw_name="  ")]}, "applicant"),
    ],
)
def test_malformed_values_raise_clear_errors(
    patent_factory: Any, fields: dict[str, Any], message: str
) -> None:
    if "publication_number" in fields:
        with pytest.raises(ValueError, match=message):  # the model itself rejects it
            patent_factory(**fields)
        return
    with pytest.raises(NormalizationError, match=message):
        normalize_patent(patent_factory(**fields))


def test_epodoc_names_lose_country_suffix(patent_factory: Any) -> None:
    out = normalize_patent(patent_factory(applicants=[Party(raw_name="BYD CO LTD [CN]")]))
    assert out.applicants[0].name == "BYD CO LTD"
    assert out.applicants[0].kind is PartyKind.ENTERPRISE


@pytest.mark.parametrize(
    ("ipc", "locarno", "kept"),
    [
        (["11-02"], ["11-02"], []),  # a design's Locarno class where IPC goes (CNIPA / qichacha exports)
        (["11-"], ["11"], []),  # the real qichacha record states the class only: IPCList ['11-']
        (["LOC (13) Cl. 12-06", "B63B1/00"], ["12-06"], ["B63B1/00"]),
        (["１２－１６"], ["12-16"], []),
        (["99-00"], ["99-00"], []),  # class 99: miscellaneous
    ],
)
def test_design_classes_stated_as_ipc_go_to_locarno(
    patent_factory: Any, ipc: list[str], locarno: list[str], kept: list[str]
) -> None:
    out = normalize_patent(patent_factory(publication_number="CN304218960S", ipc=ipc))
    assert out.locarno == locarno and out.ipc == kept


@pytest.mark.parametrize("code", ["33-01", "11-2", "1102"])
def test_what_is_neither_ipc_nor_locarno_is_still_refused(patent_factory: Any, code: str) -> None:
    with pytest.raises(NormalizationError, match="ipc"):
        normalize_patent(patent_factory(publication_number="CN304218960S", ipc=[code]))
