"""The taxonomy's IPC rules are the shared seed table verbatim, and the evaluation's truth (core rules on the
shipped titles' IPC subclasses) agrees with a second, deliberately naive reading of that seed table."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from transforms.taxonomy import DEFAULT_TAXONOMY, load_taxonomy
from transforms.textclass.dataset import TRAIN_CSV, read_labelled_csv
from transforms.textclass.weak import core_labels

SEED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "reference"
    / "ipc"
    / "proposed"
    / "ipc_to_target_industry_proposed.csv"
)
pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} is absent (the shared reference tables)")

# The seed names two targets differently from the taxonomy's codes.
SEED_TARGET_TO_CODE = {"PUMPVALVE": "PUMP_VALVE", "SMART": "SMART_MFG"}


def _seed_rows() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _code(target: str) -> str:
    head = target.split()[0]
    return SEED_TARGET_TO_CODE.get(head, head)


def test_ipc_rules_are_the_seed_verbatim() -> None:
    seed = Counter(
        (_code(r["target"]), r["ipc_pattern"], r["role"], r["condition_keywords_regex"] or None)
        for r in _seed_rows()
    )
    doc = yaml.safe_load(DEFAULT_TAXONOMY.read_text(encoding="utf-8"))
    ours = Counter((r["industry"], r["ipc"], r["role"], r.get("keywords")) for r in doc["ipc_rules"])
    assert ours == seed, f"only in the taxonomy: {ours - seed}; only in the seed: {seed - ours}"


def test_evaluation_truth_matches_a_naive_reading_of_the_seed() -> None:
    """The shipped titles carry IPC subclasses (4 characters), so only subclass-level core rules can fire:
    a plain string comparison against the seed's 4-character core patterns must give the same labels as
    the taxonomy's parser and pattern matcher."""
    by_subclass: dict[str, set[str]] = {}
    for r in _seed_rows():
        if r["role"] == "core" and len(r["ipc_pattern"]) == 4:
            by_subclass.setdefault(r["ipc_pattern"], set()).add(_code(r["target"]))
    taxonomy = load_taxonomy()
    rows = read_labelled_csv(TRAIN_CSV)
    assert len(rows) == 9739
    differ = []
    positives = 0
    for row in rows:
        naive = set().union(*(by_subclass.get(code.strip().upper(), set()) for code in row.ipc))
        ours = set(core_labels(row.ipc, taxonomy))
        positives += len(naive)
        if naive != ours:
            differ.append((row.id, row.ipc, sorted(naive), sorted(ours)))
    assert not differ, differ[:10]
    assert positives == 1478  # the evaluation table's micro-average positives
