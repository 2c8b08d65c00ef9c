"""Load the demo generator's bundled data tables (patentdb/demo/data) once, as plain typed objects."""

from __future__ import annotations

import csv
import gzip
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from transforms.titles import DEV_CSV

DATA_DIR = Path(__file__).resolve().parent / "data"
TITLES_CSV = DEV_CSV  # shared with the embedding build and the text model
_MIN_POOL = 40
_NEWER_MAIN_GROUPS = (
    "G06V10/00",
    "G06V20/00",
    "G06V30/00",
    "G06V40/00",
    "G16Y10/00",
    "G16Y20/00",
    "G16Y40/00",
)
INDUSTRIES = ("MARINE", "AUTO", "METAL", "MOTOR", "PUMP_VALVE", "HVAC", "SMART_MFG", "OTHER")


@dataclass(frozen=True)
class Title:
    """A real CN title with its real IPC subclasses; ``kind`` is the real publication's kind (A, B, U)."""

    text: str
    subclasses: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class PoolEntry:
    """A title usable for an industry, with the subclass to put first (the main IPC)."""

    title: int
    main: str


@dataclass
class Tables:
    """Everything the generator samples from."""

    titles: list[Title]
    real_numbers: frozenset[str]
    pools: dict[tuple[str, bool, bool], list[PoolEntry]]
    ipc_groups: dict[str, list[str]]
    main_group_titles: dict[str, str]
    legal_codes: dict[str, tuple[str, str]]
    ann_types: dict[str, str]
    places: dict[str, Any]
    industries: dict[str, Any]
    names: dict[str, Any]
    target_prefixes: tuple[str, ...] = field(default=())


def _read_json(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _titles() -> list[tuple[str, Title]]:
    with TITLES_CSV.open(encoding="utf-8") as fh:
        return [
            (
                row["publication_number"],
                Title(row["title"], tuple(row["ipc_subclasses"].split("|")), row["publication_number"][-1]),
            )
            for row in csv.DictReader(fh)
        ]


def _pools(titles: list[Title], spec: dict[str, Any]) -> dict[tuple[str, bool, bool], list[PoolEntry]]:
    """(industry, utility_model, core) -> titles of that industry; 'OTHER' is every title.

    A title belongs to an industry by one of its IPC subclasses or by a title keyword; it is *core* when one
    of its subclasses is a target-industry subclass (then that subclass becomes the main IPC).
    Inventions draw from real A/B titles, utility models from real U titles; a small pool is topped up
    with the other kind's titles (never a method title for a utility model).
    """
    target = tuple(spec["target_ipc_prefixes"])
    pools: dict[tuple[str, bool, bool], list[PoolEntry]] = {}
    for code in INDUSTRIES:
        prefixes = tuple(spec["industries"][code]["ipc"])
        words = spec["industries"][code]["keywords"]
        keywords = re.compile(words) if words else None
        matched: dict[bool, list[PoolEntry]] = {False: [], True: []}
        for idx, title in enumerate(titles):
            hits = [s for s in title.subclasses if s.startswith(prefixes)] if prefixes else []
            if not hits and prefixes and not (keywords and keywords.search(title.text)):
                continue
            core = [s for s in title.subclasses if s.startswith(target)] if prefixes else []
            main = next((s for s in hits if s in core), None) or (core or hits or list(title.subclasses))[0]
            matched[bool(core)].append(PoolEntry(idx, main))
        for um in (False, True):
            for is_core in (False, True):
                entries = matched[is_core] if prefixes else matched[False]
                same = [e for e in entries if (titles[e.title].kind == "U") == um]
                if len(same) < _MIN_POOL:
                    same += [e for e in entries if (titles[e.title].kind == "U") != um]
                pools[(code, um, is_core)] = [e for e in same if not (um and "方法" in titles[e.title].text)]
    return pools


def _ipc() -> tuple[dict[str, list[str]], dict[str, str]]:
    groups: dict[str, list[str]] = {}
    main_titles: dict[str, str] = {}
    with gzip.open(DATA_DIR / "ipc_groups.csv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"]
            groups.setdefault(code[:4], []).append(code)
            if row["main_group_title"]:
                main_titles[code] = row["main_group_title"]
    for code in _NEWER_MAIN_GROUPS:  # subclasses created after the bundled 2020.01 scheme
        groups.setdefault(code[:4], []).append(code)
    return groups, main_titles


def _legal_codes() -> dict[str, tuple[str, str]]:
    with (DATA_DIR / "cn_legal_event_codes.csv").open(encoding="utf-8") as fh:
        return {
            row["Event-code"].strip(): (row["Description ENG"], row["Event-class Description"])
            for row in csv.DictReader(fh)
        }


@lru_cache(maxsize=1)
def load_tables() -> Tables:
    """All tables, loaded once per process."""
    numbered = _titles()
    titles = [t for _, t in numbered]
    spec = _read_json("industries.json")
    groups, main_titles = _ipc()
    anns = {row["ann_type_code"]: row["ann_type"] for row in _read_json("tm_ann_type_codes.json")}
    return Tables(
        titles=titles,
        real_numbers=frozenset(n for n, _ in numbered),
        pools=_pools(titles, spec),
        ipc_groups=groups,
        main_group_titles=main_titles,
        legal_codes=_legal_codes(),
        ann_types=anns,
        places=_read_json("places.json"),
        industries=spec,
        names=_read_json("names.json"),
        target_prefixes=tuple(spec["target_ipc_prefixes"]),
    )
