"""The industry taxonomy, loaded from versioned YAML data (transforms/taxonomy/industries.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from transforms.ipc import IpcPattern

DEFAULT_TAXONOMY = Path(__file__).with_name("taxonomy") / "industries.yaml"
Role = Literal["core", "conditional", "supporting"]


@dataclass(frozen=True)
class Industry:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class IpcRule:
    industry: str
    pattern: IpcPattern
    role: Role
    keywords: re.Pattern[str] | None
    text: str


@dataclass(frozen=True)
class KeywordRule:
    industry: str
    keywords: re.Pattern[str]


@dataclass(frozen=True)
class NiceRule:
    industry: str
    nice_class: int
    keywords: re.Pattern[str] | None


@dataclass(frozen=True)
class LocarnoRule:
    industry: str
    locarno: str
    keywords: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Taxonomy:
    version: str
    industries: tuple[Industry, ...]
    ipc_rules: tuple[IpcRule, ...]
    keyword_rules: tuple[KeywordRule, ...]
    nice_rules: tuple[NiceRule, ...]
    locarno_rules: tuple[LocarnoRule, ...]
    model_keywords: tuple[KeywordRule, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.industries)


def _regex(value: str | None) -> re.Pattern[str] | None:
    return re.compile(value, re.IGNORECASE) if value else None


def parse_taxonomy(doc: dict[str, Any]) -> Taxonomy:
    """Build a Taxonomy from its YAML document (validates every pattern)."""
    industries = tuple(Industry(i["code"], i["name_zh"], i.get("name_en", "")) for i in doc["industries"])
    known = {i.code for i in industries}
    ipc_rules = []
    for row in doc.get("ipc_rules", []):
        if row["industry"] not in known or row["role"] not in ("core", "conditional", "supporting"):
            raise ValueError(f"bad taxonomy rule: {row}")
        ipc_rules.append(
            IpcRule(
                row["industry"],
                IpcPattern.parse(row["ipc"]),
                row["role"],
                _regex(row.get("keywords")),
                row["ipc"],
            )
        )
    keyword_rules = tuple(
        KeywordRule(r["industry"], re.compile(r["keywords"])) for r in doc.get("keyword_rules", [])
    )
    nice_rules = tuple(
        NiceRule(r["industry"], int(r["nice_class"]), _regex(r.get("keywords")))
        for r in doc.get("nice_rules", [])
    )
    locarno_rules = tuple(
        LocarnoRule(r["industry"], str(r["locarno"]), _regex(r.get("keywords")))
        for r in doc.get("locarno_rules", [])
    )
    model_keywords = tuple(
        KeywordRule(r["industry"], re.compile(r["keywords"])) for r in doc.get("model_keywords", [])
    )
    if any(r.industry not in known for r in (*keyword_rules, *model_keywords)):
        raise ValueError("bad taxonomy: a keyword rule names an unknown industry")
    return Taxonomy(
        str(doc["version"]),
        industries,
        tuple(ipc_rules),
        keyword_rules,
        nice_rules,
        locarno_rules,
        model_keywords,
    )


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> Taxonomy:
    """Load and parse a taxonomy file (cached per path)."""
    with path.open(encoding="utf-8") as fh:
        return parse_taxonomy(yaml.safe_load(fh))
