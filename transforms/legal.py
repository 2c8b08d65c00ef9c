"""Legal status: CN export status texts and CN INPADOC event codes → in force / lapsed / pending."""

from __future__ import annotations

from transforms.records import LegalEvent, LegalStatus

# CN INPADOC codes (reference/epo-ops/patent_client/legal/CN_legal_event_codes_extracted.csv) → meaning.
CN_EVENT_CATEGORY: dict[str, str] = {
    "C06": "publication",
    "PB01": "publication",
    "C10": "examination_request",
    "SE01": "examination_request",
    "C14": "grant",
    "GR01": "grant",
    "CF01": "lapse_fee",
    "C19": "lapse_fee",
    "CX01": "lapse_expiry",
    "CE01": "lapse_other",
    "C17": "lapse_other",
    "C20": "abandoned",
    "AD01": "abandoned",
    "AV01": "abandoned",
    "C01": "withdrawn",
    "C02": "withdrawn",
    "C03": "withdrawn",
    "C04": "withdrawn",
    "WD01": "withdrawn",
    "C12": "rejected",
    "RJ01": "rejected",
    "C28": "invalidated",
    "C32": "invalidated",
    "C35": "invalidated",
    "TR01": "transfer",
    "C41": "transfer",
    "PE01": "pledge",
    "PC01": "pledge_release",
}
_CATEGORY_STATUS: dict[str, LegalStatus] = {
    "publication": LegalStatus.PENDING,
    "examination_request": LegalStatus.PENDING,
    "grant": LegalStatus.IN_FORCE,
    "lapse_fee": LegalStatus.LAPSED,
    "lapse_expiry": LegalStatus.LAPSED,
    "withdrawn": LegalStatus.LAPSED,
    "rejected": LegalStatus.LAPSED,
    "invalidated": LegalStatus.LAPSED,
    "abandoned": LegalStatus.LAPSED,
    "lapse_other": LegalStatus.LAPSED,
}


def status_from_text(text: str | None) -> LegalStatus:
    """``有权-审定授权`` → in force, ``审中-实质审查`` → pending, ``无权-未缴年费`` → lapsed."""
    if not text:
        return LegalStatus.UNKNOWN
    head = text.strip().split("-", 1)[0]
    if head.startswith("有权") or head == "授权":
        return LegalStatus.IN_FORCE
    if head.startswith(("审中", "公开", "实质审查")):
        return LegalStatus.PENDING
    if head.startswith(("无权", "失效", "撤回", "驳回", "放弃", "届满")):
        return LegalStatus.LAPSED
    return LegalStatus.UNKNOWN


def categorize(event: LegalEvent) -> LegalEvent:
    """Fill ``category`` from the event code where it is known."""
    if event.category or not event.code:
        return event
    category = CN_EVENT_CATEGORY.get(event.code.strip().upper())
    return event.model_copy(update={"category": category}) if category else event


def status_from_events(events: list[LegalEvent]) -> LegalStatus:
    """The status implied by the latest event whose meaning is known (events in date order)."""
    dated = sorted(
        (e for e in events if e.category in _CATEGORY_STATUS), key=lambda e: (e.date is None, e.date)
    )
    if not dated:
        return LegalStatus.UNKNOWN
    return _CATEGORY_STATUS[dated[-1].category or ""]


_TM_IN_FORCE = ("已注册", "注册公告", "注册", "续展", "REGISTERED", "LIVE", "RENEWED")
_TM_PENDING = ("初审", "初步审定", "等待", "审查", "申请", "受理", "公告期", "PENDING", "PUBLISHED", "NEW APPLICATION")
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
