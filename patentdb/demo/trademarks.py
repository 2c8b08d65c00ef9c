"""Synthetic CN trademark applications of the same applicants, with gazette announcements."""

from __future__ import annotations

import random
from datetime import date, timedelta

from patentdb.demo.numbers import trademark_number
from patentdb.demo.parties import Applicant, Population
from patentdb.demo.tables import Tables
from transforms.records import Announcement, Party, Provenance, Trademark

GAZETTE_DAYS = (6, 13, 20, 27)  # the CN trademark gazette appears four times a month
_ANCHOR = (date(2019, 1, 20), 1632)  # a real issue: No. 1632 of 2019-01-20


def gazette_day(day: date) -> date:
    """The first gazette date on or after ``day``."""
    for gday in GAZETTE_DAYS:
        if day.day <= gday:
            return day.replace(day=gday)
    first = (day.replace(day=1) + timedelta(days=32)).replace(day=GAZETTE_DAYS[0])
    return first


def issue_number(gday: date) -> str:
    """Gazette issue number of a gazette date, counted from a real anchor issue."""

    def index(d: date) -> int:
        return (d.year * 12 + d.month) * 4 + GAZETTE_DAYS.index(d.day)

    return str(_ANCHOR[1] + index(gday) - index(_ANCHOR[0]))


class TrademarkMaker:
    """Makes one trademark record for an applicant of the population."""

    def __init__(
        self, tables: Tables, population: Population, run_date: date, provenance: Provenance
    ) -> None:
        self.tables = tables
        self.population = population
        self.run_date = run_date
        self.provenance = provenance
        self.spec = tables.industries["industries"]
        self.goods: dict[str, list[str]] = tables.industries["nice_goods"]

    def _announcement(self, code: str, day: date) -> Announcement:
        gday = gazette_day(day)
        return Announcement(
            ann_type_code=code,
            ann_type=self.tables.ann_types[code],
            ann_num=issue_number(gday),
            ann_date=gday,
        )

    def mark_text(self, rng: random.Random, applicant: Applicant) -> str:
        trade = applicant.trade_name or applicant.raw_name[1:3]
        draw = rng.random()
        if draw < 0.4 or not applicant.trade_name:
            return trade
        if draw < 0.6:
            return self.population.pinyin(trade)
        if draw < 0.7:
            return f"{trade} {self.population.pinyin(trade)}"
        if draw < 0.8:
            return "图形"
        if draw < 0.9:
            words = self.spec[applicant.industry]["tm_word"]
            return trade + rng.choice(words)
        return self.population.initials(trade) + rng.choice(
            ["", "-" + str(rng.randint(1, 9)), "TECH", "POWER"]
        )

    def make(self, rng: random.Random, number: int, applicant: Applicant, filed: date, url: str) -> Trademark:
        spec = self.spec[applicant.industry]
        classes = [int(c) for c in spec["nice"]]
        nice = [classes[0] if rng.random() < 0.7 else rng.choice(classes)]
        if rng.random() < 0.15:
            extra = rng.choice([*classes, 35, 42])
            if extra not in nice:
                nice.append(extra)
        goods: list[str] = []
        for cls in nice:
            pool = self.goods.get(str(cls), [])
            goods += rng.sample(pool, min(len(pool), rng.randint(3, 8)))
        anns: list[Announcement] = []
        registered: date | None = None
        status = "等待实质审查"
        prelim = gazette_day(filed + timedelta(days=int(rng.triangular(150, 360, 220))))
        if rng.random() < 0.14:
            status = "驳回" if prelim <= self.run_date else status
        elif prelim <= self.run_date:
            anns.append(self._announcement("TMZCSQ", prelim))
            status = "初审公告"
            reg_day = gazette_day(prelim + timedelta(days=92))
            if reg_day <= self.run_date:
                registered = reg_day
                anns.append(self._announcement("TMZCZC", reg_day))
                status = "已注册"
                status = self._after_registration(rng, anns, reg_day) or status
        anns = sorted(
            (a for a in anns if a.ann_date and a.ann_date <= self.run_date), key=lambda a: a.ann_date or filed
        )
        reg_no = trademark_number(number)
        return Trademark(
            registration_number=reg_no,
            office="CN",
            application_number=reg_no,
            mark_text=self.mark_text(rng, applicant),
            nice_classes=nice,
            goods_services=goods,
            applicants=[Party(raw_name=applicant.raw_name, address=applicant.address, kind=applicant.kind)],
            application_date=filed,
            registration_date=registered,
            status=status,
            announcements=anns,
            provenance=self.provenance.model_copy(update={"source_url": url}),
        )

    def _after_registration(
        self, rng: random.Random, anns: list[Announcement], registered: date
    ) -> str | None:
        span = (self.run_date - registered).days
        if span <= 60:
            return None
        for code, chance in (("TMZRSQ", 0.05), ("TMXKSQ", 0.03), ("TMBMSQ", 0.04)):
            if rng.random() < chance:
                anns.append(self._announcement(code, registered + timedelta(days=rng.randint(30, span - 1))))
        if rng.random() < 0.015:
            anns.append(self._announcement("TMCXSQ", registered + timedelta(days=rng.randint(30, span - 1))))
            return "商标无效"
        expiry = (
            registered.replace(year=registered.year + 10)
            if registered.month != 2
            else registered + timedelta(days=3652)
        )
        if expiry + timedelta(days=200) <= self.run_date:
            if rng.random() < 0.7:
                anns.append(self._announcement("TMXZSQ", expiry + timedelta(days=rng.randint(30, 150))))
            else:
                cancelled = gazette_day(expiry + timedelta(days=rng.randint(200, 400)))
                if cancelled <= self.run_date:
                    anns.append(self._announcement("TMXZZX", cancelled))
                    return "商标无效"
        return None
