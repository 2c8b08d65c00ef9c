"""Offline Chinese training text for distilling the default model: real titles, keywords, generated titles."""

from __future__ import annotations

import csv
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from transforms.titles import DEV_CSV

DATA_DIR = Path(__file__).with_name("data")
TITLES_CSV = DEV_CSV  # the real titles, one copy
TAXONOMY_YAML = Path(__file__).parents[1] / "taxonomy" / "industries.yaml"
# 30 % of the real titles never enter training: the quality test measures on them
HELDOUT_PERCENT = 30

# fmt: off
_HEADS = (
    "装置", "系统", "方法", "结构", "设备", "机构", "组件", "总成", "及其制备方法", "的制造方法",
    "生产线", "控制方法", "检测装置", "加工工艺", "用连接件", "固定装置", "冷却系统", "控制系统",
)
# fmt: on
_OPENERS = ("一种", "一种新型", "一种用于", "基于", "一种高效", "一种可调节的", "一种自动", "")
_JOINERS = ("", "用", "的", "式", "及", "与")


@dataclass(frozen=True)
class Title:
    """A real CN patent title with its IPC subclasses."""

    publication_number: str
    title: str
    ipc_subclasses: tuple[str, ...]


def load_titles(path: Path = TITLES_CSV) -> list[Title]:
    """Real CN titles shipped in the repo (a copy of cn-patent-titles-ipc/dev.csv)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Title(row["publication_number"], row["title"].strip(), tuple(row["ipc_subclasses"].split("|")))
            for row in csv.DictReader(fh)
            if row["title"].strip()
        ]


def is_heldout(publication_number: str) -> bool:
    """Stable split by id: held-out titles are for evaluation only."""
    digest = hashlib.sha256(publication_number.encode()).digest()
    return digest[0] * 100 // 256 < HELDOUT_PERCENT


def taxonomy_terms(path: Path = TAXONOMY_YAML) -> list[str]:
    """Industry names (zh, en) and keyword-rule keywords of the taxonomy."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms: list[str] = []
    for ind in data.get("industries", []):
        terms += [ind["name_zh"], ind["name_en"]]
    for rule in data.get("keyword_rules", []) + data.get("nice_rules", []):
        terms += [k for k in str(rule.get("keywords", "")).split("|") if k]
    return list(dict.fromkeys(terms))


def taxonomy_version(path: Path = TAXONOMY_YAML) -> str:
    """The `version` of the taxonomy whose keywords were trained on."""
    return str(yaml.safe_load(path.read_text(encoding="utf-8")).get("version", "unknown"))


def generated_titles(titles: list[str], terms: list[str], n: int, *, seed: int) -> list[str]:
    """Title-like phrases: real titles' segments recombined, and templates around taxonomy keywords."""
    import jieba

    jieba.setLogLevel(60)
    rng = random.Random(seed)
    segmented = [[w for w in jieba.lcut(t) if w.strip()] for t in titles]
    segmented = [s for s in segmented if len(s) >= 3]
    nouns = sorted({w for s in segmented for w in s if len(w) >= 2})
    out: list[str] = []
    while len(out) < n and segmented:
        kind = rng.random()
        if kind < 0.45:  # prefix of one real title + suffix of another
            a, b = rng.choice(segmented), rng.choice(segmented)
            out.append("".join(a[: rng.randint(1, len(a) - 1)] + b[rng.randint(1, len(b) - 1) :]))
        elif kind < 0.8:  # a keyword inside a template
            kw = rng.choice(terms)
            mod = rng.choice(nouns)
            parts = [rng.choice(_OPENERS), mod, rng.choice(_JOINERS), kw, rng.choice(_HEADS)]
            if rng.random() < 0.5:
                parts[1], parts[3] = parts[3], parts[1]
            out.append("".join(parts))
        else:  # a short bag of related words, like a keyword query
            s = rng.choice(segmented)
            k = min(len(s), rng.randint(2, 4))
            out.append(" ".join(rng.sample(s, k)))
    return list(dict.fromkeys(out))


def training_texts(*, n_generated: int = 24_000, seed: int = 0) -> list[str]:
    """Every text the default model is distilled on (no held-out title)."""
    real = [t.title for t in load_titles() if not is_heldout(t.publication_number)]
    terms = taxonomy_terms()
    generated = generated_titles(real, terms, n_generated, seed=seed)
    return list(dict.fromkeys(real + terms + generated))
