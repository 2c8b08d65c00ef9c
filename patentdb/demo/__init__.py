"""Synthetic, realistic Jingjiang patent & trademark corpus for demos, tests and benchmarks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from patentdb.demo.generator import generate
from transforms.io import raw_partition, to_line, write_jsonl

SOURCE = "synthetic"

__all__ = ["SOURCE", "generate", "write_demo_partition"]


def write_demo_partition(home: Path, n: int, seed: int, run_date: date) -> Path:
    """Write ``raw/synthetic/<run_date>/records.jsonl`` under ``home`` (atomic; reruns are identical)."""
    path = raw_partition(home, SOURCE, run_date.isoformat())
    fetched_at = datetime.combine(run_date, time(0), tzinfo=UTC)
    write_jsonl(path, (to_line(r) for r in generate(n, seed, run_date=run_date, fetched_at=fetched_at)))
    return path
