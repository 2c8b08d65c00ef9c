"""The versioned legal-status tables (transforms/data/*.csv) as read-only lookups, read once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transforms.records import LegalStatus

DATA = Path(__file__).resolve().parent / "data"
#: Pseudo-status of a category that revives a right: in force when granted before, else pending.
RESTORED = "restored"


@dataclass(frozen=True)
class Category:
    """What an event category means for the status, and the lapse reason it records."""

    name: str
    status: LegalStatus | None
    restores: bool
    lapse_reason: str | None
    group: str


@dataclass(frozen=True)
class StatusText:
    status: LegalStatus
    lapse_reason: str | None


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def event_categories() -> dict[str, str]:
    """CN INPADOC event code (stripped, upper case) → category, from ``cn_legal_events.csv``."""
    return {row["code"].strip().upper(): row["category"] for row in _rows("cn_legal_events.csv")}


#: Characters left out of a CN legal-status description before it is looked up (brackets, spaces).
_TEXT_NOISE = str.maketrans("", "", " \u3000()（）[]【】:：")


def description_key(text: str) -> str:
    return text.strip().translate(_TEXT_NOISE)


@lru_cache(maxsize=1)
def description_categories() -> tuple[tuple[str, str], ...]:
    """CNIPA legal-status descriptions (``实质审查的生效``) → category, from ``cn_legal_texts.csv``,
    longest first (the longest wording found in a description decides)."""
    rows = [(description_key(row["text"]), row["category"]) for row in _rows("cn_legal_texts.csv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def category_of_description(text: str | None) -> str | None:
    """The category of a CN legal-status description, else None.

    Of the known wordings it contains, the one that ends last wins (a Chinese phrase ends with its head:
    ``授权公告的更正`` is a correction), then the longest (``未缴年费专利权终止`` → ``lapse_fee``); a wording
    right after 未 / 不 / 非 is negated and skipped (``未授权``)."""
    if not text:
        return None
    key = description_key(text)
    best: tuple[int, int, str] | None = None
    for wording, category in description_categories():
        start = key.rfind(wording)
        while start > 0 and key[start - 1] in "未不非" and not wording.startswith("未"):
            start = key.rfind(wording, 0, start)
        if start < 0:
            continue
        rank = (start + len(wording), len(wording), category)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


@lru_cache(maxsize=1)
def categories() -> dict[str, Category]:
    """Category → meaning, from ``cn_legal_categories.csv``."""
    out: dict[str, Category] = {}
    for row in _rows("cn_legal_categories.csv"):
        status = row["status"]
        out[row["category"]] = Category(
            name=row["category"],
            status=LegalStatus(status) if status and status != RESTORED else None,
            restores=status == RESTORED,
            lapse_reason=row["lapse_reason"] or None,
            group=row["group"],
        )
    return out


@lru_cache(maxsize=1)
def status_texts() -> dict[str, StatusText]:
    """Export / Google status text (upper case, no spaces around ``-``) → status and lapse reason."""
    return {
        _text_key(row["text"]): StatusText(LegalStatus(row["status"]), row["lapse_reason"] or None)
        for row in _rows("cn_status_texts.csv")
    }


def _text_key(text: str) -> str:
    return "-".join(part.strip() for part in text.strip().upper().replace("－", "-").split("-"))


def lookup_status_text(text: str) -> StatusText | None:
    """Exact text first (``无权-未缴年费``), then its head before ``-`` (``无权-其他`` → ``无权``)."""
    table = status_texts()
    key = _text_key(text)
    return table.get(key) or table.get(key.split("-", 1)[0])


@lru_cache(maxsize=1)
def trademark_announcements() -> dict[str, LegalStatus | None]:
    """CN trademark announcement type, by code and by name (``TMZCZC`` / ``商标注册公告（一）``) → the
    status it sets (None: the announcement says nothing about the right), from
    ``cn_trademark_announcements.csv`` (the gazette's 55 real types)."""
    out: dict[str, LegalStatus | None] = {}
    for row in _rows("cn_trademark_announcements.csv"):
        status = LegalStatus(row["status"]) if row["status"] else None
        out[row["ann_type_code"]] = status
        out[description_key(row["ann_type"])] = status
    return out
