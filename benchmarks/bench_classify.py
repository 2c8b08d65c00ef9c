"""Classify-stage throughput: records/s of patentdb.pipeline.classify on synthetic demo records (whole stage:
read the merged partition, rules + text model, write the classify partition)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from patentdb.demo import generate
from patentdb.pipeline import classify
from patentdb.settings import Settings
from transforms.io import read_jsonl, stage_partition, to_line, write_jsonl
from transforms.textclass.store import classifier_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    run_date = "2026-11-25"
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        records = generate(args.n, 42, run_date=dt.date.fromisoformat(run_date))
        write_jsonl(stage_partition(home, "merge", "all", run_date), (to_line(r) for r in records))
        start = time.perf_counter()
        _, model = classifier_for(home)
        print(f"text model {model.model_id}: built in {time.perf_counter() - start:.1f} s (once per home)")
        rates = []
        for _ in range(args.runs):
            start = time.perf_counter()
            report = classify(Settings(home=home), run_date)
            rates.append(report.produced / (time.perf_counter() - start))
        out = [line["record"] for line in read_jsonl(stage_partition(home, "classify", "all", run_date))]
    labelled = sum(bool(r.get("industries")) for r in out)
    flagged = sum(bool((r.get("classification") or {}).get("needs_review")) for r in out)
    text_only = sum(
        any(e["kind"] == "model" for lab in r.get("industries", []) for e in lab["evidence"]) for r in out
    )
    result = {
        "records": len(out),
        "runs_records_per_s": [round(r) for r in rates],
        "median_records_per_s": round(statistics.median(rates)),
        "labelled": labelled,
        "labelled_by_model": text_only,
        "needs_review": flagged,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
