"""The main job end to end on a small demo corpus plus the replayed recorded sources."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from patentdb.demo import write_demo_partition
from patentdb.pipeline import classify, index, merge, refresh, transform
from patentdb.settings import Settings
from search.backend import SearchQuery
from search.factory import open_backend
from transforms.io import read_jsonl

RUN_DATE = "2026-11-25"
N = 400


@pytest.fixture(scope="module")
def refreshed(
    tmp_path_factory: pytest.TempPathFactory, default_model_dir: Path
) -> tuple[Settings, list[dict[str, object]]]:
    home = tmp_path_factory.mktemp("home")
    settings = Settings(home=home, embedding_model=str(default_model_dir))
    write_demo_partition(home, n=N, seed=7, run_date=dt.date.fromisoformat(RUN_DATE))
    reports = [r.model_dump() for r in refresh(settings, RUN_DATE)]
    return settings, reports


def test_every_stage_reports_per_source(refreshed: tuple[Settings, list[dict[str, object]]]) -> None:
    _, reports = refreshed
    assert [r["stage"] for r in reports] == ["crawl", "transform", "merge", "classify", "index"]
    crawl, transform_, merge_, classify_, index_ = reports
    from crawlers.sources import SOURCES

    assert set(crawl["by_source"]) == set(SOURCES)  # type: ignore[arg-type]
    assert {"epo-ops", "google-patents", "cnipa-epub", "cnipa-export", "tsdr"} <= set(SOURCES)
    assert transform_["by_source"]["synthetic"]["produced"] == N  # type: ignore[index]
    # nothing is lost between stages: every record is produced, quarantined or merged into another
    merged_away = merge_["by_source"]["_merged_away"]["records"]  # type: ignore[index]
    assert merge_["by_source"]["_inputs"] == {  # type: ignore[index]
        s: c["produced"]
        for s, c in transform_["by_source"].items()  # type: ignore[attr-defined]
    }
    assert merge_["produced"] + merge_["quarantined"] + merged_away == transform_["produced"]
    assert classify_["produced"] + classify_["quarantined"] == merge_["produced"]
    assert index_["produced"] == classify_["produced"]


def test_index_holds_one_document_per_natural_id(refreshed: tuple[Settings, list[dict[str, object]]]) -> None:
    settings, _ = refreshed
    ids: set[str] = set()
    for path in (settings.stage_dir / "classify").glob(f"*/{RUN_DATE}.jsonl"):
        for line in read_jsonl(path):
            record = line["record"]
            ids.add(
                record["publication_number"]
                if line["record_type"] == "patent"
                else record["registration_number"]
            )
    backend = open_backend(settings)
    try:
        assert backend.count() == len(ids)
    finally:
        backend.close()


def test_search_finds_exactly_the_records_containing_the_query(
    refreshed: tuple[Settings, list[dict[str, object]]],
) -> None:
    settings, _ = refreshed
    backend = open_backend(settings)
    try:
        result = backend.search(SearchQuery(text="推进器", size=1000, facets=("industries",)))
        all_docs = backend.search(SearchQuery(text="", size=1000, facets=()))
    finally:
        backend.close()
    assert result.total > 0
    fields = (
        "title",
        "title_en",
        "abstract",
        "abstract_en",
        "claims",
        "applicants",
        "inventors",
        "applicant_addresses",
    )

    def contains(doc: dict[str, object]) -> bool:
        values = [doc.get(f) for f in fields]
        text = " ".join(v if isinstance(v, str) else " ".join(v or []) for v in values)  # type: ignore[arg-type]
        return "推进器" in text

    assert {h.id for h in result.hits} == {h.id for h in all_docs.hits if contains(h.doc)}
    assert any(b.value == "MARINE" for b in result.facets["industries"])


def test_rerun_is_idempotent(refreshed: tuple[Settings, list[dict[str, object]]]) -> None:
    settings, _ = refreshed
    before = {p: p.read_bytes() for p in settings.home.glob("stage/**/*.jsonl")}
    backend = open_backend(settings)
    count = backend.count()
    backend.close()
    refresh(settings, RUN_DATE)
    after = {p: p.read_bytes() for p in settings.home.glob("stage/**/*.jsonl")}
    assert before == after
    backend = open_backend(settings)
    try:
        assert backend.count() == count
    finally:
        backend.close()


def test_bad_records_are_quarantined_with_reason(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    raw = write_demo_partition(tmp_path, n=20, seed=1, run_date=dt.date.fromisoformat(RUN_DATE))
    lines = raw.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if json.loads(line)["record_type"] == "patent")
    broken = json.loads(lines[first])
    broken["record"]["ipc"] = ["NOT-IPC"]
    lines[first] = json.dumps(broken, ensure_ascii=False)
    lines.append('{"record_type": "patent", "record": {"publication_number": "CN1"}}')  # fails the model
    raw.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = transform(settings, RUN_DATE)
    assert report.produced == 19 and report.quarantined == 2
    bad = list(read_jsonl(settings.quarantine_dir / "transform" / "synthetic" / f"{RUN_DATE}.jsonl"))
    reasons = sorted(str(b["reason"]) for b in bad)
    assert any("ipc" in r and "NOT-IPC" in r for r in reasons)
    assert any("provenance" in r for r in reasons)
    assert merge(settings, RUN_DATE).produced == 19
    assert classify(settings, RUN_DATE).produced == 19
    assert index(settings, RUN_DATE).produced == 19


def test_lines_that_are_not_records_are_quarantined_not_fatal(tmp_path: Path) -> None:
    """A JSON value that is not an envelope and a line that is not UTF-8 are quarantined with their line."""
    settings = Settings(home=tmp_path)
    raw = write_demo_partition(tmp_path, n=5, seed=1, run_date=dt.date.fromisoformat(RUN_DATE))
    raw.write_bytes(raw.read_bytes() + b"[1, 2, 3]\n" + b'{"record_type": "patent", "x": "\xff\xfe"}\n')
    report = transform(settings, RUN_DATE)
    assert report.produced == 5 and report.quarantined == 2
    bad = list(read_jsonl(settings.quarantine_dir / "transform" / "synthetic" / f"{RUN_DATE}.jsonl"))
    reasons = sorted(str(b["reason"]) for b in bad)
    assert reasons[0].endswith(":6: a JSON list, not a record envelope (object)")
    assert reasons[1].endswith(":7: not UTF-8 text")


def test_two_spellings_of_one_number_in_a_partition_are_merged(tmp_path: Path) -> None:
    """``CN 100000009 U`` and ``CN100000009U`` in one raw partition become one record holding both titles'
    data, not the last one alone."""
    settings = Settings(home=tmp_path)
    raw = write_demo_partition(tmp_path, n=5, seed=1, run_date=dt.date.fromisoformat(RUN_DATE))
    lines = [json.loads(line) for line in raw.read_text(encoding="utf-8").splitlines()]
    first = next(line for line in lines if line["record_type"] == "patent")
    spaced = json.loads(json.dumps(first))
    number = first["record"]["publication_number"]
    spaced["record"]["publication_number"] = f"{number[:2]} {number[2:-1]} {number[-1]}"
    spaced["record"]["titles"] = {"en": "An English title only this line has"}
    with raw.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(spaced, ensure_ascii=False) + "\n")
    report = transform(settings, RUN_DATE)
    assert report.produced == 5 and report.quarantined == 0
    out = [json.loads(x) for x in (settings.stage_dir / "transform/synthetic" / f"{RUN_DATE}.jsonl").open()]
    (merged,) = [r for r in out if r["record"].get("publication_number") == number]
    assert merged["record"]["titles"]["en"] == "An English title only this line has"
    assert merged["record"]["titles"]["zh"] == first["record"]["titles"]["zh"]


def test_cli_search_json(refreshed: tuple[Settings, list[dict[str, object]]]) -> None:
    settings, _ = refreshed
    env = {**os.environ, "PATENTDB_HOME": str(settings.home)}
    out = subprocess.run(
        [sys.executable, "-m", "patentdb.cli", "search", "推进器", "--json", "--size", "5"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data["total"] > 0 and len(data["hits"]) == 5
    for hit in data["hits"]:
        assert set(hit) >= {"publication_number", "title", "applicants", "industries", "score"}
        assert "推进器" in hit["title"] or hit["applicants"]
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_merge_stage_joins_sources_by_number_with_provenance(
    refreshed: tuple[Settings, list[dict[str, object]]],
) -> None:
    settings, _ = refreshed
    merged = list(read_jsonl(settings.stage_dir / "merge" / "all" / f"{RUN_DATE}.jsonl"))
    bodies = [line["record"] for line in merged]
    ids = [(b.get("publication_number"), b.get("registration_number"), b.get("office")) for b in bodies]
    assert len(ids) == len(set(ids))  # one record per natural id across all sources
    patents = [line["record"] for line in merged if line["record_type"] == "patent"]
    assert all(p["field_sources"]["publication_number"] for p in patents)
    assert all(p["merged_from"] for p in patents)
    # classify follows the merged partition
    assert not (settings.stage_dir / "classify" / "synthetic").exists()


def test_applicant_ids_and_lapse_reasons_reach_the_index(
    refreshed: tuple[Settings, list[dict[str, object]]],
) -> None:
    settings, _ = refreshed
    backend = open_backend(settings)
    try:
        ids = backend.search(SearchQuery(text="", size=0, facets=("applicant_ids", "lapse_reason")))
    finally:
        backend.close()
    assert ids.facets["applicant_ids"] and all(b.value.startswith("A") for b in ids.facets["applicant_ids"])
    assert {b.value for b in ids.facets["lapse_reason"]} <= {
        "fee", "expiry", "withdrawal", "rejection", "abandonment", "invalidation", "revocation", "other"
    }  # fmt: skip


def test_index_keeps_the_newest_merged_record(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    newer, older = "2026-11-26", "2026-11-20"
    for day in (newer, older):
        write_demo_partition(tmp_path, n=10, seed=3, run_date=dt.date.fromisoformat(day))
        transform(settings, day)
        merge(settings, day)
        classify(settings, day)
    assert index(settings, newer).produced > 0
    report = index(settings, older)  # a late rerun of an older day must not overwrite fresher records
    kept = report.by_source["_kept_newer"]["all"]
    assert kept > 0 and report.produced + kept == 10


def test_vectors_reach_the_index_and_find_neighbours(
    refreshed: tuple[Settings, list[dict[str, object]]], default_model_dir: Path
) -> None:
    from transforms.embeddings import Embedder

    settings, reports = refreshed
    assert reports[-1]["notes"] == {"embedding_model": "patentdb-static-zh-256-v1"}
    query = Embedder(default_model_dir).encode(["船舶推进器的密封结构"])[0]
    backend = open_backend(settings)
    try:
        hits = backend.knn([float(x) for x in query], k=10)
    finally:
        backend.close()
    assert len(hits) == 10
    assert all(str(h.doc["embedding_model"]).startswith("patentdb-static-zh-256-v1@") for h in hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    # the nearest records are about ships: most carry the MARINE label
    marine = sum("MARINE" in (h.doc.get("industries") or []) for h in hits)
    assert marine >= 6, [h.doc.get("title") for h in hits]


def test_cli_semantic_search(
    refreshed: tuple[Settings, list[dict[str, object]]], default_model_dir: Path
) -> None:
    settings, _ = refreshed
    env = {
        **os.environ,
        "PATENTDB_HOME": str(settings.home),
        "PATENTDB_EMBEDDING_MODEL": str(default_model_dir),
    }
    out = subprocess.run(
        [sys.executable, "-m", "patentdb.cli", "search", "船用螺旋桨", "--semantic", "--json", "--size", "5"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data["mode"] == "semantic" and data["model"] == "patentdb-static-zh-256-v1"
    assert len(data["hits"]) == 5
    off = subprocess.run(
        [sys.executable, "-m", "patentdb.cli", "search", "船用螺旋桨", "--semantic"],
        capture_output=True,
        text=True,
        env={**env, "PATENTDB_EMBEDDING_MODEL": "none"},
        check=False,
    )
    assert off.returncode == 2 and "embedding model" in off.stderr
    blank = subprocess.run(
        [sys.executable, "-m", "patentdb.cli", "search", "  ", "--semantic"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert blank.returncode == 2 and "needs a query text" in blank.stderr
