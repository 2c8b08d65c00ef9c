"""Benchmark: synthetic corpus generation rate, median of 3 runs of 100k records (optionally serialized)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from patentdb.demo import generate
from transforms.io import to_line

RUN_DATE = date(2026, 11, 25)


def run_once(n: int, seed: int, serialize: bool) -> float:
    start = time.perf_counter()
    for record in generate(n, seed, run_date=RUN_DATE):
        if serialize:
            to_line(record)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serialize", action="store_true", help="also build each record's JSONL envelope")
    args = parser.parse_args(argv)
    list(generate(10, 0, run_date=RUN_DATE))  # warm the table cache
    times = [run_once(args.n, 42, args.serialize) for _ in range(args.runs)]
    median = statistics.median(times)
    print(f"cpus={os.cpu_count()} n={args.n} runs={[round(t, 2) for t in times]} median={median:.2f}s")
    print(f"{args.n / median:,.0f} records/s{' (with to_line)' if args.serialize else ''}")


if __name__ == "__main__":
    main()
