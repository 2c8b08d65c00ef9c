"""The synthetic corpus: determinism, validity, provenance, streaming and bounded memory."""

from __future__ import annotations

import gc
import hashlib
import inspect
import itertools
import json
import tracemalloc
from pathlib import Path

from patentdb.demo import generate, write_demo_partition
from patentdb.demo.__main__ import main
from tests.demo.conftest import FETCHED_AT, RUN_DATE
from transforms.io import from_line, raw_partition, to_line
from transforms.records import Patent, Trademark


def _digest(n: int, seed: int) -> str:
    h = hashlib.sha256()
    for record in generate(n, seed, run_date=RUN_DATE, fetched_at=FETCHED_AT):
        h.update(json.dumps(to_line(record), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def test_same_seed_same_bytes_different_seed_differs() -> None:
    assert _digest(1_500, 7) == _digest(1_500, 7)
    assert _digest(1_500, 7) != _digest(1_500, 8)


def test_shorter_run_is_a_prefix_of_a_longer_one() -> None:
    short = [to_line(r) for r in generate(300, 3, run_date=RUN_DATE, fetched_at=FETCHED_AT)]
    long = [to_line(r) for r in generate(900, 3, run_date=RUN_DATE, fetched_at=FETCHED_AT)]
    assert short == long[:300]


def test_every_record_round_trips_validation_and_is_synthetic(corpus: list[Patent | Trademark]) -> None:
    assert len(corpus) == 5_000
    for record in corpus:
        again = from_line(json.loads(json.dumps(to_line(record))))  # full pydantic validation
        assert again == record
        prov = record.provenance
        assert prov.source == "synthetic" and prov.synthetic is True
        assert (
            prov.fetched_at == FETCHED_AT and prov.source_url and prov.source_url.startswith("synthetic://")
        )


def test_trademark_share_about_15_percent(
    corpus: list[Patent | Trademark], trademarks: list[Trademark]
) -> None:
    assert 0.12 <= len(trademarks) / len(corpus) <= 0.18


def test_natural_ids_are_unique(patents: list[Patent], trademarks: list[Trademark]) -> None:
    assert len({p.publication_number for p in patents}) == len(patents)
    assert len({p.application_number for p in patents}) == len(patents)
    assert len({t.registration_number for t in trademarks}) == len(trademarks)


def test_generate_is_lazy_and_streams() -> None:
    assert inspect.isgeneratorfunction(generate)
    stream = generate(1_000_000, 1, run_date=RUN_DATE)  # a million is only a promise until consumed
    first = list(itertools.islice(stream, 50))
    assert len(first) == 50
    stream.close()


def test_memory_does_not_grow_with_n() -> None:
    def peak_after(n: int) -> int:
        gc.collect()
        tracemalloc.start()
        for record in generate(n, 5, run_date=RUN_DATE):
            del record
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak

    peak_after(100)  # load the cached tables outside the measurement
    small, large = peak_after(2_000), peak_after(20_000)
    assert large < small * 1.5 + 2_000_000, (small, large)


def test_write_demo_partition_is_atomic_and_idempotent(tmp_path: Path) -> None:
    path = write_demo_partition(tmp_path, n=400, seed=11, run_date=RUN_DATE)
    assert path == raw_partition(tmp_path, "synthetic", "2026-11-25")
    first = path.read_bytes()
    assert write_demo_partition(tmp_path, n=400, seed=11, run_date=RUN_DATE).read_bytes() == first
    assert len(first.splitlines()) == 400
    assert [p.name for p in path.parent.iterdir()] == ["records.jsonl"]  # no temp files left


def test_cli_prints_path_and_counts(tmp_path: Path, capsys: object) -> None:
    assert main(["--n", "200", "--seed", "42", "--home", str(tmp_path), "--run-date", "2026-11-25"]) == 0
    out = capsys.readouterr().out.splitlines()  # type: ignore[attr-defined]
    assert out[0].endswith("raw/synthetic/2026-11-25/records.jsonl")
    counts = dict(item.split("=") for item in out[1].split())
    assert int(counts["patent"]) + int(counts["trademark"]) == 200
