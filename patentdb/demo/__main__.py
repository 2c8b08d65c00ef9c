"""CLI: ``python -m patentdb.demo --n 1000 --seed 42 --home DIR --run-date 2026-11-25``."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path

from patentdb.demo import write_demo_partition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m patentdb.demo", description="Write a synthetic Jingjiang corpus."
    )
    parser.add_argument("--n", type=int, default=10_000, help="number of records (default 10000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--home", type=Path, default=Path("./data"), help="data directory (PATENTDB_HOME)")
    parser.add_argument("--run-date", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    path = write_demo_partition(args.home, args.n, args.seed, args.run_date)
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            counts[row["record_type"]] += 1
            if row["record_type"] == "patent":
                counts[row["record"]["patent_type"]] += 1
    print(path)
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
