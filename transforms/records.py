"""Typed records: the contract between crawl, transform, classify, index and serve.

Every stage reads and writes these models. A record's identity is its natural id
(normalized publication number for patents, registration/application number for
trademarks), never a random id, so every stage can upsert.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Lang = Literal["zh", "en"]


class PatentType(StrEnum):
    """CN patent types (发明 / 实用新型 / 外观设计)."""

    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"
    UNKNOWN = "unknown"


class LegalStatus(StrEnum):
    """Normalized legal status of a patent."""

    IN_FORCE = "in_force"
    LAPSED = "lapsed"
    PENDING = "pending"
    UNKNOWN = "unknown"


class PartyKind(StrEnum):
    """What kind of applicant a party is."""

    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    PERSON = "person"
    OTHER = "other"
    UNKNOWN = "unknown"


class Record(BaseModel):
    """Base of every record model: strict field names, no silent extras."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Provenance(Record):
    """Where a record came from and which pipeline produced it."""

    source: str = Field(description="source id, e.g. epo-ops, google-patents, cnipa-export, synthetic")
    source_url: str | None = Field(default=None, description="URL or file the record was parsed from")
    fetched_at: dt.datetime
    pipeline_version: str
    synthetic: bool = Field(description="True when the record is generated, not a real public record")


class Place(Record):
    """Administrative location, down to town / industrial park where known."""

    country: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    town: str | None = None
    postcode: str | None = None


class Party(Record):
    """An applicant / assignee / registrant."""

    raw_name: str
    alt_names: list[str] = Field(
        default_factory=list, description="other spellings the source states, e.g. OPS epodoc names"
    )
    name: str | None = Field(default=None, description="normalized name")
    kind: PartyKind = PartyKind.UNKNOWN
    address: str | None = None
    place: Place = Field(default_factory=Place)
    is_local: bool = Field(default=False, description="derived: located in Jingjiang (靖江)")
    applicant_id: str | None = Field(
        default=None, description="derived: one id per applicant across sources (hash of the canonical name)"
    )
    former_names: list[str] = Field(
        default_factory=list, description="derived: earlier names of this party, from name-change events"
    )


class LegalEvent(Record):
    """One legal event (INPADOC code or CN transaction)."""

    date: dt.date | None = None
    code: str | None = None
    description: str
    category: str | None = Field(default=None, description="normalized meaning, e.g. grant, lapse_fee")


class Evidence(Record):
    """Why a record sits in an industry."""

    kind: Literal["ipc_core", "ipc_conditional", "ipc_supporting", "locarno", "keyword", "nice", "model"]
    rule: str = Field(description="the rule or pattern that fired, e.g. B63H or keyword 船")
    matched: str = Field(description="what in the record matched, e.g. the IPC code B63H21/17")
    weight: float


class IndustryLabel(Record):
    """One industry assigned to a record, with score and evidence."""

    code: str
    score: float
    primary: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


class Classification(Record):
    """Which taxonomy and model produced the industry labels."""

    taxonomy_version: str
    model_id: str | None = None
    needs_review: bool = False
    review_reason: str | None = None


class Patent(Record):
    """A patent publication."""

    publication_number: str = Field(description="normalized, e.g. CN218751475U")
    country: str
    kind: str | None = Field(default=None, description="kind code, e.g. A, B, U, S")
    patent_type: PatentType = PatentType.UNKNOWN
    application_number: str | None = None
    titles: dict[Lang, str] = Field(default_factory=dict)
    abstracts: dict[Lang, str] = Field(default_factory=dict)
    claims: dict[Lang, str] = Field(default_factory=dict)
    applicants: list[Party] = Field(default_factory=list)
    inventors: list[str] = Field(default_factory=list)
    ipc: list[str] = Field(default_factory=list, description="IPC codes, main first")
    cpc: list[str] = Field(default_factory=list)
    locarno: list[str] = Field(default_factory=list, description="Locarno classes of designs")
    application_date: dt.date | None = None
    publication_date: dt.date | None = None
    grant_date: dt.date | None = None
    priority_date: dt.date | None = None
    legal_status: LegalStatus = LegalStatus.UNKNOWN
    legal_status_raw: str | None = None
    legal_events: list[LegalEvent] = Field(default_factory=list)
    lapse_reason: str | None = Field(
        default=None,
        description="derived when lapsed: fee, expiry, withdrawal, rejection, abandonment, invalidation, "
        "revocation, other",
    )
    family_id: str | None = None
    citations: list[str] = Field(default_factory=list)
    agency: str | None = None
    industries: list[IndustryLabel] = Field(default_factory=list)
    classification: Classification | None = None
    provenance: Provenance
    field_sources: dict[str, str] = Field(
        default_factory=dict, description="merge stage: field name → the source its value was taken from"
    )
    merged_from: list[Provenance] = Field(
        default_factory=list, description="merge stage: provenance of every source record merged here"
    )

    @field_validator("publication_number")
    @classmethod
    def _publication_number_shape(cls, value: str) -> str:
        if not value or not value[:2].isalpha() or not any(ch.isdigit() for ch in value):
            raise ValueError(f"not a publication number: {value!r}")
        return value

    @property
    def id(self) -> str:
        """Natural id of the record."""
        return self.publication_number

    def title(self) -> str:
        """Best title for display: Chinese first, then English."""
        return self.titles.get("zh") or self.titles.get("en") or ""


class Announcement(Record):
    """A trademark gazette announcement (商标公告)."""

    ann_type_code: str | None = None
    ann_type: str | None = None
    ann_num: str | None = None
    ann_date: dt.date | None = None


class Trademark(Record):
    """A trademark application / registration."""

    registration_number: str = Field(description="registration (or application) number, the natural id")
    office: str = Field(default="CN", description="CN (CNIPA) or US (USPTO)")
    application_number: str | None = None
    mark_text: str | None = None
    nice_classes: list[int] = Field(default_factory=list)
    goods_services: list[str] = Field(default_factory=list)
    applicants: list[Party] = Field(default_factory=list)
    application_date: dt.date | None = None
    registration_date: dt.date | None = None
    status: str | None = None
    announcements: list[Announcement] = Field(default_factory=list)
    industries: list[IndustryLabel] = Field(default_factory=list)
    classification: Classification | None = None
    provenance: Provenance

    @property
    def id(self) -> str:
        """Natural id of the record."""
        return f"TM-{self.office}-{self.registration_number}"


class Quarantined(Record):
    """A record that failed a stage, kept with its reason so nothing is lost."""

    stage: str
    source: str
    reason: str
    source_url: str | None = None
    payload: dict[str, object] | str
