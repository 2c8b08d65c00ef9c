"""Timelines of synthetic CN patents: realistic lags, CN INPADOC-style legal events and status texts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from patentdb.demo.tables import Tables
from transforms.records import LegalEvent, LegalStatus

TUE_FRI = (1, 4)  # CNIPA publishes invention applications and grants on Tuesdays and Fridays
TUE = (1,)  # utility-model and design grants on Tuesdays
MODERN_CODES_FROM = date(2017, 4, 10)  # CNIPA's PB01/SE01/GR01/CF01 codes replace C06/C10/C14/C17
# category -> (code before, code from MODERN_CODES_FROM)
CODES = {  # category (the names transforms.legal uses) -> (code before, code from MODERN_CODES_FROM)
    "publication": ("C06", "PB01"),
    "examination_request": ("C10", "SE01"),
    "grant": ("C14", "GR01"),
    "lapse_fee": ("C19", "CF01"),
    "lapse_expiry": ("C17", "CX01"),
    "withdrawn": ("C02", "WD01"),
    "withdrawn_active": ("C04", "WW01"),
    "rejected": ("C12", "RJ01"),
    "transfer": ("C41", "TR01"),
    "pledge": ("PLDC", "PE01"),
    "license": ("LICC", "EE01"),
}
FEE_HAZARD = {"invention": 0.06, "utility_model": 0.12, "design": 0.15}  # yearly, enterprises


@dataclass
class Timeline:
    """Dates, kind code, legal events and status of one patent as of the run date."""

    kind: str
    publication_date: date
    grant_date: date | None = None
    status: LegalStatus = LegalStatus.PENDING
    status_raw: str = "审中-公开"
    events: list[LegalEvent] = field(default_factory=list)


def snap(day: date, weekdays: tuple[int, ...]) -> date:
    """The first day on or after ``day`` that falls on one of ``weekdays`` (Monday = 0)."""
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


def _days(rng: random.Random, low: float, high: float, mode: float) -> timedelta:
    return timedelta(days=int(rng.triangular(low, high, mode)))


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


class Lifecycle:
    """Builds a :class:`Timeline` for an application filed on a given day."""

    def __init__(self, tables: Tables, run_date: date) -> None:
        self.codes = tables.legal_codes
        self.run_date = run_date

    def event(self, category: str, day: date) -> LegalEvent:
        old, new = CODES[category]
        code = new if day >= MODERN_CODES_FROM else old
        label = "withdrawn" if category == "withdrawn_active" else category
        return LegalEvent(date=day, code=code, description=self.codes[code][0], category=label)

    def timeline(self, rng: random.Random, patent_type: str, filed: date, person: bool) -> Timeline | None:
        """None when the application is not yet published at the run date (it cannot be in a database)."""
        if patent_type == "invention":
            return self._invention(rng, filed, person)
        low, high, mode = (120, 420, 200) if patent_type == "utility_model" else (90, 330, 150)
        granted = snap(filed + _days(rng, low, high, mode), TUE)
        if granted > self.run_date:
            return None
        line = Timeline("U" if patent_type == "utility_model" else "S", granted, granted)
        line.events.append(self.event("grant", granted))
        term = 15 if patent_type == "design" and filed >= date(2021, 6, 1) else 10
        self._maintain(rng, line, patent_type, filed, term, person)
        return line

    def _invention(self, rng: random.Random, filed: date, person: bool) -> Timeline | None:
        if rng.random() < 0.3:  # early publication on request
            published = filed + _days(rng, 60, 400, 200)
        else:
            published = filed + timedelta(days=548 + rng.randint(0, 40))
        published = snap(published, TUE_FRI)
        if published > self.run_date:
            return None
        line = Timeline("A", published)
        line.events.append(self.event("publication", published))
        if rng.random() < 0.1:  # no examination request within 3 years: deemed withdrawn
            self._close(line, "withdrawn", snap(_anniversary(filed, 3) + _days(rng, 40, 160, 90), TUE_FRI))
            return line
        examined = snap(max(published, filed + _days(rng, 30, 700, 420)), TUE_FRI)
        if examined > self.run_date:
            return line
        line.events.append(self.event("examination_request", examined))
        line.status_raw = "审中-实质审查"
        decided = snap(examined + _days(rng, 250, 1300, 600), TUE_FRI)
        draw = rng.random()
        if draw < 0.58:
            if decided <= self.run_date:
                line.kind, line.grant_date = "B", decided
                line.events.append(self.event("grant", decided))
                self._maintain(rng, line, "invention", filed, 20, person)
        elif draw < 0.76:
            self._close(line, "rejected", decided)
        else:
            self._close(line, "withdrawn_active" if rng.random() < 0.2 else "withdrawn", decided)
        return line

    def _close(self, line: Timeline, category: str, day: date) -> None:
        if day > self.run_date:
            return
        line.events.append(self.event(category, day))
        line.status = LegalStatus.LAPSED
        line.status_raw = {"rejected": "无权-驳回", "withdrawn_active": "无权-撤回"}.get(
            category, "无权-视为撤回"
        )

    def _maintain(
        self, rng: random.Random, line: Timeline, patent_type: str, filed: date, term: int, person: bool
    ) -> None:
        """After grant: transfers, pledges, licences; lapse for unpaid annual fees; expiry."""
        assert line.grant_date is not None
        line.status, line.status_raw = LegalStatus.IN_FORCE, "有权-审定授权"
        hazard = FEE_HAZARD[patent_type] * (1.8 if person else 1.0)
        end: date | None = None
        for year in range(1, term):
            due = _anniversary(filed, year)
            if due <= line.grant_date:
                continue
            if due > self.run_date:
                break
            if rng.random() < hazard:
                lapse = snap(due + _days(rng, 190, 320, 240), TUE_FRI)
                if lapse <= self.run_date:
                    end = lapse
                    line.events.append(self.event("lapse_fee", lapse))
                    line.status, line.status_raw = LegalStatus.LAPSED, "无权-未缴年费"
                break
        expiry = _anniversary(filed, term)
        if end is None and expiry <= self.run_date:
            end = expiry
            line.events.append(self.event("lapse_expiry", expiry))
            line.status, line.status_raw = LegalStatus.LAPSED, "无权-期限届满"
        last = end or self.run_date
        span = (last - line.grant_date).days
        for category, chance in (("transfer", 0.06), ("pledge", 0.03), ("license", 0.015)):
            if span > 30 and rng.random() < chance:
                line.events.append(
                    self.event(category, line.grant_date + timedelta(days=rng.randint(1, span - 1)))
                )
        line.events.sort(key=lambda e: (e.date or date.min, e.code or ""))
