from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from transforms.merge import group_by_id, merge_records, source_rank
from transforms.normalize import normalize_patent
from transforms.records import LegalEvent, LegalStatus, Party, Patent, Provenance


def _prov(source: str, hour: int = 8, synthetic: bool = False) -> Provenance:
    return Provenance(
        source=source,
        source_url=f"https://example.test/{source}",
        fetched_at=dt.datetime(2026, 11, 25, hour, 0, tzinfo=dt.UTC),
        pipeline_version="test",
        synthetic=synthetic,
    )


def _records(make: Any) -> list[Patent]:
    export = make(
        provenance=_prov("cnipa-export"),
        titles={"zh": "一种船用推进器"},
        ipc=["B63H23/32"],
        application_number="CN202223220665.2",
        applicants=[Party(raw_name="靖江市浩赛科技有限公司", address="214500 江苏省靖江市新桥镇")],
        legal_status_raw="无权-未缴年费",
        legal_events=[LegalEvent(date=dt.date(2023, 3, 28), code="GR01", description="授权")],
    )
    ops = make(
        provenance=_prov("epo-ops", hour=9),
        titles={"en": "Marine propeller"},
        abstracts={"en": "A propeller."},
        ipc=["B63H23/32", "F16J15/00"],
        applicants=[Party(raw_name="JINGJIANG HAOSAI TECH CO LTD [CN]")],
        legal_events=[
            LegalEvent(date=dt.date(2023, 3, 28), code="GR01", description="PATENT GRANT"),
            LegalEvent(date=dt.date(2025, 1, 10), code="CF01", description="LAPSE FOR FEE"),
        ],
        family_id="88000001",
    )
    google = make(
        provenance=_prov("google-patents", hour=10),
        titles={"zh": "一种船用推进器（机器标题）", "en": "Marine thruster"},
        abstracts={"zh": "一种推进器。"},
        applicants=[Party(raw_name="Jiangsu Haosai Technology Co ltd")],
        citations=["CN1000000A"],
    )
    return [normalize_patent(r) for r in (google, ops, export)]


def test_two_sources_one_record_with_provenance_per_field(patent_factory: Any) -> None:
    merged = merge_records(_records(patent_factory))
    assert merged.publication_number == "CN218751475U"
    assert merged.titles == {"zh": "一种船用推进器", "en": "Marine propeller"}
    fs = merged.field_sources
    assert fs["titles.zh"] == "cnipa-export" and fs["titles.en"] == "epo-ops"
    assert fs["abstracts.zh"] == "google-patents" and fs["abstracts.en"] == "epo-ops"
    assert fs["application_number"] == "cnipa-export" and fs["family_id"] == "epo-ops"
    assert fs["ipc"] == "cnipa-export,epo-ops" and merged.ipc == ["B63H23/32", "F16J15/00"]
    assert fs["applicants"] == "cnipa-export" and fs["applicants.address"] == "cnipa-export"
    assert fs["legal_status"] == "cnipa-export" and merged.legal_status is LegalStatus.LAPSED
    assert merged.lapse_reason == "fee"
    assert [e.code for e in merged.legal_events] == ["GR01", "CF01"]  # same date + code = one event
    assert merged.citations == ["CN1000000A"]
    assert [p.source for p in merged.merged_from] == ["cnipa-export", "epo-ops", "google-patents"]
    assert merged.provenance.source == "cnipa-export"
    assert merged.provenance.fetched_at == dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)  # freshest


def test_transliterations_join_one_applicant(patent_factory: Any) -> None:
    merged = merge_records(_records(patent_factory))
    assert len(merged.applicants) == 1
    party = merged.applicants[0]
    assert party.name == "靖江市浩赛科技有限公司" and party.is_local and party.place.town == "新桥镇"
    assert set(party.alt_names) == {"JINGJIANG HAOSAI TECH CO LTD", "Jiangsu Haosai Technology Co ltd"}
    google_only = merge_records(
        [r for r in _records(patent_factory) if r.provenance.source == "google-patents"]
    )
    assert google_only.applicants[0].applicant_id != party.applicant_id  # English only: its own key


def test_merge_is_deterministic_regardless_of_input_order(patent_factory: Any) -> None:
    records = _records(patent_factory)
    results = {merge_records(list(p)).model_dump_json() for p in itertools.permutations(records)}
    assert len(results) == 1


def test_best_source_lacking_a_field_falls_back(patent_factory: Any) -> None:
    export = normalize_patent(patent_factory(provenance=_prov("cnipa-export"), titles={"zh": "甲"}))
    synthetic = normalize_patent(
        patent_factory(provenance=_prov("synthetic", synthetic=True), titles={"zh": "乙"}, agency="某代理所")
    )
    merged = merge_records([synthetic, export])
    assert merged.titles["zh"] == "甲" and merged.agency == "某代理所"
    assert merged.field_sources["agency"] == "synthetic"
    assert merged.provenance.synthetic  # anything synthetic in it makes the merged record synthetic


def test_group_by_id_joins_kindless_numbers(patent_factory: Any) -> None:
    a = normalize_patent(
        patent_factory(publication_number="CN218751475U", provenance=_prov("google-patents"))
    )
    b = normalize_patent(patent_factory(publication_number="CN218751475", provenance=_prov("epo-ops")))
    c = normalize_patent(patent_factory(publication_number="CN218751476U", provenance=_prov("epo-ops")))
    groups = group_by_id([c, b, a])
    assert [sorted(r.provenance.source for r in g) for g in groups] == [
        ["epo-ops", "google-patents"],
        ["epo-ops"],
    ]
    assert merge_records(groups[0]).publication_number == "CN218751475U"  # type: ignore[arg-type]


def test_source_priority_and_empty_input() -> None:
    assert source_rank("cnipa-export") < source_rank("epo-ops") < source_rank("google-patents")
    assert source_rank("synthetic") < source_rank("zzz-unknown")
    with pytest.raises(ValueError, match="at least one"):
        merge_records([])


def test_the_latest_observation_of_the_status_wins(patent_factory: Any) -> None:
    """An export fetched in 2014 says 有权; Google, fetched later, knows the 2016 lapse for fees."""
    export = patent_factory(
        provenance=_prov("cnipa-export").model_copy(
            update={"fetched_at": dt.datetime(2014, 6, 1, tzinfo=dt.UTC)}
        ),
        legal_status_raw="有权-审定授权",
    )
    google = patent_factory(
        provenance=_prov("google-patents"),
        legal_status_raw="Expired - Fee Related",
        legal_events=[LegalEvent(date=dt.date(2016, 5, 11), code="CF01", description="Termination")],
    )
    merged = merge_records([normalize_patent(r) for r in (export, google)])
    assert (merged.legal_status, merged.lapse_reason) == (LegalStatus.LAPSED, "fee")
    assert merged.field_sources["legal_status"] == "google-patents"


def test_an_event_after_the_observed_status_decides(patent_factory: Any) -> None:
    old = _prov("cnipa-export").model_copy(update={"fetched_at": dt.datetime(2014, 6, 1, tzinfo=dt.UTC)})
    export = patent_factory(provenance=old, legal_status_raw="有权-审定授权")
    ops = patent_factory(
        provenance=old.model_copy(update={"source": "epo-ops"}),
        legal_events=[LegalEvent(date=dt.date(2016, 5, 11), code="CF01", description="LAPSE FOR FEE")],
    )
    merged = merge_records([normalize_patent(r) for r in (export, ops)])
    assert (merged.legal_status, merged.lapse_reason) == (LegalStatus.LAPSED, "fee")
    assert merged.field_sources["legal_status"] == "legal_events"


def test_a_later_event_that_does_not_change_the_status_does_not_decide(patent_factory: Any) -> None:
    """OPS knows a 2020 lapse; the export fetched in 2022 says 有权 (restored); a 2022-09 transfer changes no
    status, so the export's observation stands."""
    ops = patent_factory(
        provenance=_prov("epo-ops").model_copy(update={"fetched_at": dt.datetime(2021, 1, 1, tzinfo=dt.UTC)}),
        legal_events=[
            LegalEvent(date=dt.date(2018, 1, 1), code="C14", description="GRANT"),
            LegalEvent(date=dt.date(2020, 1, 1), code="CF01", description="LAPSE FOR FEE"),
        ],
    )
    export = patent_factory(
        provenance=_prov("cnipa-export").model_copy(
            update={"fetched_at": dt.datetime(2022, 6, 1, tzinfo=dt.UTC)}
        ),
        legal_status_raw="有权-审定授权",
    )
    epub = patent_factory(
        provenance=_prov("cnipa-epub").model_copy(
            update={"fetched_at": dt.datetime(2021, 1, 1, tzinfo=dt.UTC)}
        ),
        legal_events=[LegalEvent(date=dt.date(2022, 9, 1), description="专利申请权、专利权的转移")],
    )
    merged = merge_records([normalize_patent(r) for r in (ops, export, epub)])
    assert (
        merged.legal_status is LegalStatus.IN_FORCE and merged.field_sources["legal_status"] == "cnipa-export"
    )
