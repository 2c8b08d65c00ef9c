"""A fixed synthetic population of applicants (Jingjiang and peer regions), addresses, inventor teams."""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from typing import Any

from patentdb.demo.tables import INDUSTRIES, Tables
from transforms.records import PartyKind

N_LOCAL = 2400  # enterprises in Jingjiang
N_PEER = 1600  # enterprises in the peer regions
ZIPF = 0.8  # activity of the i-th enterprise of an industry ~ 1 / (i + 1) ** ZIPF


@dataclass(frozen=True)
class Applicant:
    """One applicant: what the record shows (name, address, kind) plus sampling hints."""

    raw_name: str
    address: str
    kind: PartyKind
    industry: str
    local: bool
    trade_name: str = ""
    team: tuple[str, ...] = ()
    agency: str | None = None


class _Weighted:
    """Items with cumulative weights, sampled with one random() call and a bisect."""

    def __init__(self, items: list[Any], weights: list[float]) -> None:
        self.items = items
        self.cum = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


def weighted(pairs: dict[Any, float] | list[tuple[Any, float]]) -> _Weighted:
    items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
    return _Weighted([k for k, _ in items], [w for _, w in items])


class Population:
    """Enterprises (Zipf-active within each region and industry), universities, and ad-hoc individuals."""

    def __init__(self, seed: int, tables: Tables) -> None:
        rng = random.Random(f"jingjiang-population-{seed}")
        self.tables = tables
        names = tables.names
        self._surnames = weighted(names["surnames"])
        self._given: list[str] = names["given_chars"]
        self._trade = list(names["trade_name_chars"])
        self._pinyin: dict[str, str] = names["trade_name_chars"]
        places = tables.places
        self._local = places["local"]
        self._prefixes = weighted([(p, float(w)) for p, w in self._local["prefixes"]])
        self._towns = weighted([(t, float(t["weight"])) for t in self._local["towns"]])
        self._peers = weighted([(p, float(p["weight"])) for p in places["peers"]])
        self._used: set[str] = set()
        self.agencies = [self._agency(rng, tpl) for tpl in names["agencies"] for _ in range(3)]
        spec = tables.industries["industries"]
        self.industry = {
            True: weighted({c: float(spec[c]["local"]) for c in INDUSTRIES}),
            False: weighted({c: float(spec[c]["peer"]) for c in INDUSTRIES}),
        }
        self.enterprises: dict[tuple[bool, str], _Weighted] = {}
        for local, total in ((True, N_LOCAL), (False, N_PEER)):
            shares = {c: float(spec[c]["local" if local else "peer"]) for c in INDUSTRIES}
            norm = sum(shares.values())
            for code in INDUSTRIES:
                count = max(5, round(total * shares[code] / norm))
                firms = [self._enterprise(rng, code, local) for _ in range(count)]
                self.enterprises[(local, code)] = _Weighted(
                    firms, [1 / (i + 1) ** ZIPF for i in range(count)]
                )
        self.universities = [
            Applicant(
                u["name"],
                u["address"],
                PartyKind(u["kind"]),
                u["industries"][0],
                False,
                team=tuple(self.person_name(rng) for _ in range(40)),
            )
            for u in names["universities"]
        ]
        self._uni_by_industry = {
            code: [
                a
                for a, u in zip(self.universities, names["universities"], strict=True)
                if code in u["industries"]
            ]
            or self.universities
            for code in INDUSTRIES
        }

    # names -----------------------------------------------------------------------------------
    def person_name(self, rng: random.Random) -> str:
        given = rng.choice(self._given) + (rng.choice(self._given) if rng.random() < 0.72 else "")
        return self._surnames.pick(rng) + given

    def _trade_name(self, rng: random.Random) -> str:
        return "".join(rng.sample(self._trade, 2))

    def initials(self, trade_name: str) -> str:
        return "".join(self._pinyin[c][0].upper() for c in trade_name)

    def pinyin(self, trade_name: str) -> str:
        return "".join(self._pinyin[c] for c in trade_name).upper()

    def _agency(self, rng: random.Random, template: str) -> str:
        return template.format(zh=self._trade_name(rng), n=f"{rng.randint(100, 399):03d}")

    # addresses -------------------------------------------------------------------------------
    def _road(self, rng: random.Random, roads: list[str]) -> str:
        if roads and rng.random() < 0.8:
            road = rng.choice(roads)
        else:
            road = rng.choice(self.tables.places["road_stems"]) + rng.choice(
                self.tables.places["road_suffixes"]
            )
        number = min(int(rng.paretovariate(0.9) * 3), 999)
        return f"{road}{number}号"

    def _local_town(self, rng: random.Random) -> tuple[str, dict[str, Any]]:
        town = self._towns.pick(rng)
        name = town["name"]
        if town.get("aliases") and rng.random() < 0.4:
            name = rng.choice(town["aliases"])
        if town.get("optional") and rng.random() < 0.4:
            name = ""
        return name, town

    def local_address(self, rng: random.Random, person: bool = False) -> str:
        prefix = self._prefixes.pick(rng).format(pc=self._local["postcode"])
        name, town = self._local_town(rng)
        if person and town["kind"] == "town":
            places = self.tables.places
            village = rng.choice(places["village_stems"]) + "村" + rng.choice(places["village_groups"])
            tail = f"{village}{rng.randint(1, 99)}号"
            return f"{prefix}{name}{tail}"
        return f"{prefix}{name}{self._road(rng, town['roads'])}"

    def peer_address(self, rng: random.Random, region: dict[str, Any] | None = None) -> str:
        region = region or self._peers.pick(rng)
        town = rng.choice(region["towns"])
        county, city = region["county"], region["city"]
        place = f"江苏省{city}{county}" if county.endswith("区") or rng.random() < 0.7 else f"江苏省{county}"
        postcode = f"{region['postcode']} " if rng.random() < 0.65 else ""
        return f"{postcode}{place}{town}{self._road(rng, [])}"

    # applicants ------------------------------------------------------------------------------
    def _enterprise(self, rng: random.Random, industry: str, local: bool) -> Applicant:
        spec = self.tables.industries["industries"][industry]
        region = None if local else self._peers.pick(rng)
        prefixes = ["靖江市", "靖江"] if local else region["name_prefixes"]  # type: ignore[index]
        for _ in range(100):
            trade = self._trade_name(rng)
            name = rng.choice(spec["names"]).format(zh=trade, p=rng.choice(prefixes))
            if (local and not name.startswith(("靖江", "江苏", "泰州"))) or name in self._used:
                continue
            if not local and name.startswith("靖江"):
                name = name.replace("靖江市", prefixes[0], 1)
            if name not in self._used:
                break
        self._used.add(name)
        address = self.local_address(rng) if local else self.peer_address(rng, region)
        team_size = min(2 + int(rng.paretovariate(1.3) * 2), 30)
        team = tuple(self.person_name(rng) for _ in range(team_size))
        agency = rng.choice(self.agencies) if rng.random() < 0.75 else None
        return Applicant(name, address, PartyKind.ENTERPRISE, industry, local, trade, team, agency)

    def enterprise(self, rng: random.Random, local: bool) -> Applicant:
        return self.enterprises[(local, self.industry[local].pick(rng))].pick(rng)

    def person(self, rng: random.Random, local: bool) -> Applicant:
        name = self.person_name(rng)
        address = self.local_address(rng, person=True) if local else self.peer_address(rng)
        industry = self.industry[local].pick(rng)
        return Applicant(name, address, PartyKind.PERSON, industry, local, team=(name,))

    def university(self, rng: random.Random, industry: str | None = None) -> Applicant:
        return rng.choice(self._uni_by_industry[industry] if industry else self.universities)

    def sibling(self, rng: random.Random, firm: Applicant) -> Applicant:
        """Another enterprise of the same region and industry (group companies file together)."""
        other = self.enterprises[(firm.local, firm.industry)].pick(rng)
        return other if other.raw_name != firm.raw_name else self.enterprise(rng, firm.local)
