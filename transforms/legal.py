"""Legal status: CN export status texts and CN INPADOC event codes → in force / lapsed (and why) / pending.

The meanings live in versioned tables, not code: ``transforms/data/cn_legal_events.csv`` (all 110 CN
INPADOC codes → category), ``cn_legal_categories.csv`` (category → status effect, lapse reason, group)
and ``cn_status_texts.csv`` (export / Google status texts → status, lapse reason).
"""

from __future__ import annotations

from dataclasses import dataclass

from transforms.legal_tables import categories, event_categories, lookup_status_text
from transforms.records import LegalEvent, LegalStatus

#: Lapse reasons a record can carry (``Patent.lapse_reason``).
LAPSE_REASONS = (
    "fee",
    "expiry",
    "withdrawal",
    "rejection",
    "abandonment",
    "invalidation",
    "revocation",
    "other",
)


@dataclass(frozen=True)
class StatusResult:
    status: LegalStatus
    lapse_reason: str | None = None


def status_from_text(text: str | None) -> LegalStatus:
    """``有权-审定授权`` → in force, ``审中-实质审查`` → pending, ``无权-未缴年费`` → lapsed."""
    return status_result_from_text(text).status


def status_result_from_text(text: str | None) -> StatusResult:
    """Status and lapse reason of a status text; unknown texts give UNKNOWN (never a guess)."""
    if not text or not text.strip():
        return StatusResult(LegalStatus.UNKNOWN)
    found = lookup_status_text(text)
    if found is None:
        return StatusResult(LegalStatus.UNKNOWN)
    return StatusResult(found.status, found.lapse_reason if found.status is LegalStatus.LAPSED else None)


def category_of_code(code: str | None) -> str | None:
    """The category of a CN INPADOC event code (``CF01`` → ``lapse_fee``); None when unknown."""
    if not code:
        return None
    return event_categories().get(code.strip().upper())


def categorize(event: LegalEvent) -> LegalEvent:
    """Fill ``category`` from the event code where it is known (a category already set is kept)."""
    if event.category:
        return event
    category = category_of_code(event.code)
    return event.model_copy(update={"category": category}) if category else event


def _status_events(events: list[LegalEvent]) -> list[LegalEvent]:
    table = categories()
    relevant = [
        e
        for e in events
        if e.category in table and (table[e.category].status is not None or table[e.category].restores)
    ]
    # stable sort: undated events count as oldest, same-day events keep the source's order
    return sorted(relevant, key=lambda e: (e.date is not None, e.date))


def status_result_from_events(events: list[LegalEvent]) -> StatusResult:
    """Status (and lapse reason) implied by the latest event whose category changes the status."""
    ordered = _status_events(events)
    if not ordered:
        return StatusResult(LegalStatus.UNKNOWN)
    table = categories()
    last = table[ordered[-1].category or ""]
    if last.restores:
        granted = any(table[e.category or ""].status is LegalStatus.IN_FORCE for e in ordered)
        return StatusResult(LegalStatus.IN_FORCE if granted else LegalStatus.PENDING)
    assert last.status is not None
    return StatusResult(last.status, last.lapse_reason if last.status is LegalStatus.LAPSED else None)


def status_from_events(events: list[LegalEvent]) -> LegalStatus:
    """The status implied by the latest event whose meaning is known."""
    return status_result_from_events(events).status


def lapse_reason_of(status: LegalStatus, text: str | None, events: list[LegalEvent]) -> str | None:
    """Why a lapsed record lapsed: the status text's reason, else the latest lapse event's."""
    if status is not LegalStatus.LAPSED:
        return None
    from_text = status_result_from_text(text)
    if from_text.lapse_reason:
        return from_text.lapse_reason
    from_events = status_result_from_events(events)
    return from_events.lapse_reason if from_events.status is LegalStatus.LAPSED else None


_TM_IN_FORCE = ("已注册", "注册公告", "注册", "续展", "REGISTERED", "LIVE", "RENEWED")
_TM_PENDING = (
    "初审",
    "初步审定",
    "等待",
    "审查",
    "申请",
    "受理",
    "公告期",
    "PENDING",
    "PUBLISHED",
    "NEW APPLICATION",
)
_TM_LAPSED = ("驳回", "无效", "撤销", "注销", "失效", "届满", "ABANDONED", "CANCELLED", "EXPIRED", "DEAD")


def trademark_status(text: str | None) -> LegalStatus:
    """A trademark status text (CNIPA or USPTO wording) → in force / pending / lapsed."""
    if not text:
        return LegalStatus.UNKNOWN
    upper = text.strip().upper()
    for words, status in (
        (_TM_LAPSED, LegalStatus.LAPSED),
        (_TM_IN_FORCE, LegalStatus.IN_FORCE),
        (_TM_PENDING, LegalStatus.PENDING),
    ):
        if any(word in upper for word in words):
            return status
    return LegalStatus.UNKNOWN
