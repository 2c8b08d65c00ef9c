"""Stream a deterministic, realistic synthetic corpus of Jingjiang patents and trademarks."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from patentdb import PIPELINE_VERSION
from patentdb.demo.legal import Lifecycle, Timeline
from patentdb.demo.numbers import application_number, publication_number, scramble
from patentdb.demo.parties import Applicant, Population, weighted
from patentdb.demo.tables import Tables, load_tables
from patentdb.demo.trademarks import TrademarkMaker
from transforms.records import Party, PartyKind, Patent, PatentType, Provenance, Trademark

TRADEMARK_SHARE = 0.15
LOCAL_SHARE = 0.75
CORE_SHARE = 0.85  # in an industry's pool, titles with a target-industry IPC subclass
YEARS = 14  # applications filed in the last 14 years before the run date
# relative filing activity per year (CN filings grew, utility models dipped after the 2021 quality drive)
YEAR_WEIGHTS = {
    2012: 4,
    2013: 5,
    2014: 5,
    2015: 6,
    2016: 7,
    2017: 8,
    2018: 9,
    2019: 10,
    2020: 12,
    2021: 13,
    2022: 12,
}
TYPE_MIX = {  # (kind, local) -> invention / utility model / design
    ("enterprise", True): (0.30, 0.60, 0.10),
    ("enterprise", False): (0.35, 0.55, 0.10),
    ("university", False): (0.85, 0.15, 0.0),
    ("person", True): (0.15, 0.60, 0.25),
    ("person", False): (0.15, 0.60, 0.25),
}
TYPES = ("invention", "utility_model", "design")
TYPE_PICKERS = {key: weighted(list(zip(TYPES, mix, strict=True))) for key, mix in TYPE_MIX.items()}
N_CODES = weighted({1: 0.45, 2: 0.35, 3: 0.20})
N_INVENTORS = weighted({1: 0.22, 2: 0.28, 3: 0.24, 4: 0.14, 5: 0.08, 6: 0.04})


class _Corpus:
    """State of one generation run: tables, population, counters and the record RNG."""

    def __init__(self, seed: int, run_date: date, fetched_at: datetime) -> None:
        self.tables: Tables = load_tables()
        self.seed = seed
        self.run_date = run_date
        self.rng = random.Random(seed)
        self.population = Population(seed, self.tables)
        self.life = Lifecycle(self.tables, run_date)
        self.provenance = Provenance(
            source="synthetic", fetched_at=fetched_at, pipeline_version=PIPELINE_VERSION, synthetic=True
        )
        self.trademarks = TrademarkMaker(self.tables, self.population, run_date, self.provenance)
        first = run_date.year - YEARS + 1
        self.years = weighted({y: float(YEAR_WEIGHTS.get(y, 11)) for y in range(first, run_date.year + 1)})
        self.counters: dict[tuple[str, int], int] = {}
        self.salt = (seed * 7_919) % 10_000_000

    def _next(self, block: str, year: int = 0) -> int:
        key = (block, year)
        count = self.counters.get(key, 0)
        self.counters[key] = count + 1
        return scramble(count, (self.salt + hash_block(block, year)) % 10_000_000)

    def filing_date(self) -> date:
        while True:
            year = self.years.pick(self.rng)
            day = date(year, 1, 1) + timedelta(days=self.rng.randrange(366 if year % 4 == 0 else 365))
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
            if day <= self.run_date:
                return day

    def applicant(self) -> Applicant:
        rng = self.rng
        local = rng.random() < LOCAL_SHARE
        draw = rng.random()
        if local:
            return self.population.person(rng, True) if draw < 0.06 else self.population.enterprise(rng, True)
        if draw < 0.06:
            return self.population.university(rng)
        return self.population.person(rng, False) if draw < 0.11 else self.population.enterprise(rng, False)

    def record(self, index: int) -> Patent | Trademark:
        url = f"synthetic://jingjiang/seed-{self.seed}/{index}"
        if self.rng.random() < TRADEMARK_SHARE:
            applicant = self.applicant()
            if applicant.kind is PartyKind.UNIVERSITY or applicant.kind is PartyKind.INSTITUTE:
                applicant = self.population.enterprise(self.rng, applicant.local)
            number = self._next("tm")
            return self.trademarks.make(self.rng, number, applicant, self.filing_date(), url)
        return self.patent(url)

    def patent(self, url: str) -> Patent:
        rng = self.rng
        first = self.applicant()
        kind = (
            "enterprise"
            if first.kind is PartyKind.ENTERPRISE
            else ("person" if first.kind is PartyKind.PERSON else "university")
        )
        ptype: str = TYPE_PICKERS[(kind, first.local if kind != "university" else False)].pick(rng)
        line: Timeline | None = None
        while line is None:
            filed = self.filing_date()
            line = self.life.timeline(rng, ptype, filed, first.kind is PartyKind.PERSON)
        applicants = [first, *self.co_applicants(first)]
        titles, ipc, locarno = self.subject(first, ptype)
        serial = self._next(ptype, filed.year)
        return Patent(
            publication_number=publication_number(ptype, self._next("pub-" + ptype), line.kind),
            country="CN",
            kind=line.kind,
            patent_type=PatentType(ptype),
            application_number=application_number(filed.year, ptype, serial),
            titles=titles,
            applicants=[Party(raw_name=a.raw_name, address=a.address, kind=a.kind) for a in applicants],
            inventors=self.inventors(applicants),
            ipc=ipc,
            locarno=locarno,
            application_date=filed,
            publication_date=line.publication_date,
            grant_date=line.grant_date,
            legal_status=line.status,
            legal_status_raw=line.status_raw,
            legal_events=line.events,
            agency=first.agency
            if first.kind is PartyKind.ENTERPRISE
            else (rng.choice(self.population.agencies) if rng.random() < 0.4 else None),
            provenance=self.provenance.model_copy(update={"source_url": url}),
        )

    def co_applicants(self, first: Applicant) -> list[Applicant]:
        rng = self.rng
        if first.kind is PartyKind.PERSON or rng.random() >= (
            0.2 if first.kind is PartyKind.UNIVERSITY else 0.08
        ):
            return []
        if first.kind is not PartyKind.ENTERPRISE:
            return [self.population.enterprise(rng, rng.random() < 0.6)]
        draw = rng.random()
        if draw < 0.45:
            return [self.population.university(rng, first.industry)]
        if draw < 0.85:
            return [self.population.sibling(rng, first)]
        boss = Applicant(
            first.team[0], first.address, PartyKind.PERSON, first.industry, first.local, team=(first.team[0],)
        )
        return [boss]

    def subject(self, first: Applicant, ptype: str) -> tuple[dict[str, str], list[str], list[str]]:
        """Title(s), IPC codes (main first) and Locarno classes."""
        rng = self.rng
        industry = first.industry
        if first.kind is not PartyKind.ENTERPRISE:
            industry = self.population.industry[first.local].pick(rng)
        spec = self.tables.industries["industries"][industry]
        if ptype == "design":
            product = rng.choice(spec["products"])
            by_product = spec.get("product_locarno", {})
            locarno = by_product.get(product) or rng.choice(spec["locarno"])
            if first.trade_name and rng.random() < 0.3:
                product += f"（{self.population.initials(first.trade_name)}-{rng.randint(1, 60) * 10}）"
            return {"zh": product}, [], [locarno]
        in_pool = spec["in_pool"] if first.kind is PartyKind.ENTERPRISE else 0.6
        um = ptype == "utility_model"
        if rng.random() < in_pool:
            pool = self.tables.pools[(industry, um, rng.random() < CORE_SHARE)]
            pool = pool or self.tables.pools[(industry, um, False)]
        else:
            pool = self.tables.pools[("OTHER", um, False)]
        entry = pool[rng.randrange(len(pool))]
        title = self.tables.titles[entry.title]
        subclasses = [entry.main, *(s for s in title.subclasses if s != entry.main)]
        wanted = N_CODES.pick(rng)
        codes: list[str] = []
        for i in range(wanted):
            groups = self.tables.ipc_groups.get(subclasses[i] if i < len(subclasses) else entry.main)
            if groups:
                code = groups[rng.randrange(len(groups))]
                if code not in codes:
                    codes.append(code)
        if not codes:
            codes.append(f"{entry.main}1/00")
        # No English title: the IPC group's English heading is not a translation of the title.
        titles = {"zh": title.text}
        return titles, codes, []

    def inventors(self, applicants: list[Applicant]) -> list[str]:
        rng = self.rng
        team = applicants[0].team
        lead = team[min(int(rng.paretovariate(1.2)) - 1, len(team) - 1)]
        others = [t for t in team if t != lead]
        names = [lead, *rng.sample(others, min(N_INVENTORS.pick(rng) - 1, len(others)))]
        names.extend(
            other.team[rng.randrange(len(other.team))]
            for other in applicants[1:]
            if other.kind is not PartyKind.PERSON and other.team and rng.random() < 0.7
        )
        return list(dict.fromkeys(names))


def hash_block(block: str, year: int) -> int:
    """A stable (not salted per process) small hash of a numbering block."""
    value = year
    for ch in block:
        value = (value * 131 + ord(ch)) % 10_000_000
    return value


def generate(
    n: int = 10_000, seed: int = 42, *, run_date: date, fetched_at: datetime | None = None
) -> Iterator[Patent | Trademark]:
    """Yield ``n`` synthetic records (about 85 % patents, 15 % trademarks), lazily and deterministically.

    The same ``seed`` and ``run_date`` give the same records; a shorter ``n`` gives a prefix of a longer run.
    Every record carries provenance ``source='synthetic'``, ``synthetic=True``.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    stamp = fetched_at or datetime.combine(run_date, time(0), tzinfo=UTC)
    corpus = _Corpus(seed, run_date, stamp)
    for index in range(n):
        yield corpus.record(index)
