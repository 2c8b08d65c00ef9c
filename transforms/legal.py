"""Legal status: CN export status texts and CN INPADOC event codes → in force / lapsed (and why) / pending.

The meanings live in versioned tables, not code: ``transforms/data/cn_legal_events.csv`` (all 110 CN
INPADOC codes → category), ``cn_legal_categories.csv`` (category → status effect, lapse reason, group)
and ``cn_status_texts.csv`` (export / Google status texts → status, lapse reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transforms.legal_tables import (
    categories,
    category_of_description,
    description_key,
    event_categories,
    lookup_status_text,
    trademark_announcements,
)
from transforms.records import Announcement, LegalEvent, LegalStatus

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
        return _status_of_description(text)
    return StatusResult(found.status, found.lapse_reason if found.status is LegalStatus.LAPSED else None)


def _status_of_description(text: str) -> StatusResult:
    """A CNIPA event description used as a status (``实质审查的生效`` → pending): the status its
    category sets; UNKNOWN for a description whose category does not set one."""
    category = categories().get(category_of_description(text) or "")
    if category is None or category.status is None:
        return StatusResult(LegalStatus.UNKNOWN)
    lapsed = category.status is LegalStatus.LAPSED
    return StatusResult(category.status, category.lapse_reason if lapsed else None)


def category_of_code(code: str | None) -> str | None:
    """The category of a CN INPADOC event code (``CF01`` → ``lapse_fee``); None when unknown."""
    if not code:
        return None
    return event_categories().get(code.strip().upper())


def categorize(event: LegalEvent) -> LegalEvent:
    """Fill ``category`` from the event code where it is known, else from a CNIPA description
    (``未缴年费专利权终止``: CNIPA transactions carry no code); a category already set is kept."""
    if event.category:
        return event
    category = category_of_code(event.code) or (
        None if event.code else category_of_description(event.description)
    )
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


def deciding_event(events: list[LegalEvent]) -> LegalEvent | None:
    """The latest event whose category changes the status (what :func:`status_result_from_events` reads)."""
    ordered = _status_events(events)
    return ordered[-1] if ordered else None


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
    if last.status is not LegalStatus.LAPSED:
        return StatusResult(last.status)
    # Same-day lapse events (CF01 + EXPY on one date): the specific reason, not the generic "other".
    same_day = [table[e.category or ""].lapse_reason for e in ordered if e.date == ordered[-1].date]
    specific = [r for r in same_day if r and r != "other"]
    return StatusResult(last.status, specific[-1] if specific else last.lapse_reason)


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


# Free-text trademark statuses (CNIPA search results, USPTO TSDR wording), tried in this order; a CN
# announcement type is looked up in its table first.
_TM_NEUTRAL = (
    "转让",
    "移转",
    "许可",
    "质权",
    "变更",
    "更正",
    "遗失",
    "ASSIGNMENT",
)  # say nothing about the right
_TM_RULES: tuple[tuple[tuple[str, ...], LegalStatus], ...] = (
    (
        (
            "撤回",
            "不予注册",
            "驳回",
            "无效",
            "撤销",
            "注销",
            "失效",
            "届满",
            "ABANDONED",
            "CANCELLED",
            "EXPIRED",
            "DEAD",
        ),
        LegalStatus.LAPSED,
    ),
    (("已注册", "续展", "REGISTERED", "RENEWED", "SECTION 8", "SECTIONS 8", "LIVE"), LegalStatus.IN_FORCE),
    (
        (
            "初审",
            "初步审定",
            "等待",
            "审查",
            "申请",
            "受理",
            "公告期",
            "异议",
            "PENDING",
            "PUBLISHED",
            "NEW APPLICATION",
        ),
        LegalStatus.PENDING,
    ),
    (("注册",), LegalStatus.IN_FORCE),
)


def trademark_status(text: str | None) -> LegalStatus:
    """A trademark status text (a CN announcement type, CNIPA or USPTO wording) → in force / pending /
    lapsed; UNKNOWN when the text says nothing about the right (a licence or transfer notice)."""
    if not text or not text.strip():
        return LegalStatus.UNKNOWN
    table = trademark_announcements()
    key = description_key(text)
    if key in table:
        return table[key] or LegalStatus.UNKNOWN
    upper = text.strip().upper()
    if any(word in upper for word in _TM_NEUTRAL):
        return LegalStatus.UNKNOWN
    for words, status in _TM_RULES:
        if any(word in upper for word in words):
            return status
    return LegalStatus.UNKNOWN


def trademark_status_of(announcements: Sequence[Announcement], text: str | None) -> LegalStatus:
    """A mark's status: set by its latest announcement whose type changes it (dated ones in date
    order), else read from its status text."""
    table = trademark_announcements()
    ordered = sorted(
        (a for a in announcements if a.ann_type_code or a.ann_type),
        key=lambda a: (a.ann_date is not None, a.ann_date),
    )
    for announcement in reversed(ordered):
        for key in (announcement.ann_type_code or "", description_key(announcement.ann_type or "")):
            if status := table.get(key):  # a type that sets no status: look further back
                return status
    return trademark_status(text)
