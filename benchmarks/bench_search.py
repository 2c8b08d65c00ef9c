"""Embedded index: query and facet latency on synthetic demo records, against a substring-scan baseline.

Both answer the same question (which records contain the query text) on the same documents in the same
run; the baseline is a plain Python scan over the indexed text fields. Medians over repeated queries.
"""

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
from typing import Any

from patentdb.demo import generate
from search.backend import FACET_FIELDS, SearchQuery
from search.documents import to_document
from search.embedded import EmbeddedBackend
from transforms.classify import classify_patent, classify_trademark
from transforms.normalize import normalize_patent, normalize_trademark
from transforms.records import Patent
from transforms.taxonomy import load_taxonomy

QUERIES = ["推进器", "船舶", "电机", "阀门", "汽车", "钢管", "控制系统", "装置", "靖江", "一种", "泵", "船"]
TEXT_FIELDS = ("title", "abstract", "claims", "applicants", "inventors", "applicant_addresses")


def _docs(n: int) -> list[dict[str, Any]]:
    taxonomy = load_taxonomy()
    docs = []
    for rec in generate(n, 42, run_date=dt.date(2026, 11, 25)):
        if isinstance(rec, Patent):
            docs.append(to_document(classify_patent(normalize_patent(rec), taxonomy)))
        else:
            docs.append(to_document(classify_trademark(normalize_trademark(rec), taxonomy)))
    return docs


def _text(doc: dict[str, Any]) -> str:
    parts = [doc.get(f) for f in TEXT_FIELDS]
    return "\n".join(p if isinstance(p, str) else "\n".join(p or []) for p in parts)


def _median_ms(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    docs = _docs(args.n)
    texts = [(d["id"], _text(d)) for d in docs]
    with tempfile.TemporaryDirectory() as tmp:
        backend = EmbeddedBackend(Path(tmp))
        start = time.perf_counter()
        backend.upsert(docs)
        build_s = time.perf_counter() - start
        rows: list[dict[str, Any]] = []
        for q in QUERIES:
            hits = backend.search(SearchQuery(text=q, size=20, facets=()))
            truth = {i for i, t in texts if q in t}
            rows.append(
                {
                    "query": q,
                    "hits": hits.total,
                    "substring_truth": len(truth),
                    "query_ms": round(
                        _median_ms(
                            lambda q=q: backend.search(SearchQuery(text=q, size=20, facets=())), args.repeat
                        ),
                        2,
                    ),
                    "query_facets_ms": round(
                        _median_ms(
                            lambda q=q: backend.search(SearchQuery(text=q, size=20, facets=FACET_FIELDS)),
                            args.repeat,
                        ),
                        2,
                    ),
                    "scan_ms": round(_median_ms(lambda q=q: [i for i, t in texts if q in t], args.repeat), 2),
                }
            )
    result = {
        "records": len(docs),
        "index_build_s": round(build_s, 2),
        "median_query_ms": statistics.median(float(r["query_ms"]) for r in rows),
        "median_query_facets_ms": statistics.median(float(r["query_facets_ms"]) for r in rows),
        "median_scan_ms": statistics.median(float(r["scan_ms"]) for r in rows),
        "same_hits_as_scan": all(r["hits"] == r["substring_truth"] for r in rows),
        "queries": rows,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
