"""End-to-end runs of the refresh DAG with dag.test(): wiring on recorded stages, then the real pipeline."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from tests.dags.conftest import RunDag

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
STAGES = ["crawl", "transform", "merge", "classify", "index"]


def test_dag_runs_each_stage_once_in_order_for_the_run_date(run_dag: RunDag) -> None:
    result = run_dag("fake", "2024-06-01")
    assert result["state"] == "success", result["log_tail"]
    assert result["tasks"] == dict.fromkeys([*STAGES, "quality_gate"], "success")
    assert [call[:2] for call in result["calls"]] == [[stage, "2024-06-01"] for stage in STAGES]
    assert all(call[2].endswith("/data") for call in result["calls"])  # PATENTDB_HOME reached the stages
    crawl_call = result["calls"][0]
    # dag.test() makes a manual run whose data interval may be empty; when it is not, crawl gets it
    assert crawl_call[3:] == [], crawl_call  # dag.test(): a manual run, empty interval → the run date's day
    for stage in STAGES:  # only the small StageReport travels through XCom
        assert result["xcom"][stage] == {
            "stage": stage,
            "run_date": "2024-06-01",
            "produced": 3,
            "quarantined": 0,
            "by_source": {},
            "notes": {},
        }
    assert result["xcom"]["quality_gate"] == {"index_count": 3}
    print(f"dag.test(): {result['dag_test_seconds']} s (resetdb {result['db_seconds']} s)")


def test_quality_gate_fails_the_run_when_the_index_is_empty(run_dag: RunDag) -> None:
    result = run_dag("fake-empty", "2024-06-02")
    assert result["state"] == "failed"
    assert result["tasks"]["index"] == "success"
    assert result["tasks"]["quality_gate"] == "failed"
    assert "quality gate, 2024-06-02: the index is empty after indexing" in result["log_tail"]


def _pipeline_is_stubbed() -> bool:
    from patentdb import pipeline

    return any("raise NotImplementedError" in inspect.getsource(getattr(pipeline, s)) for s in STAGES)


@pytest.mark.skipif(_pipeline_is_stubbed(), reason="patentdb.pipeline stages are still stubs")
def test_refresh_dag_fills_the_index(run_dag: RunDag, default_model_dir: Path) -> None:
    """The real pipeline on replayed sources in a fresh PATENTDB_HOME: the run succeeds, the index is full."""
    # the default embedding model, built once per test session, so the index stage embeds for real
    result = run_dag("real", "2024-06-01", env={"PATENTDB_EMBEDDING_MODEL": str(default_model_dir)})
    assert result["state"] == "success", "\n".join(result["errors"]) or result["log_tail"]
    assert result["tasks"] == dict.fromkeys([*STAGES, "quality_gate"], "success")
    assert result["index_count"] > 0
    assert result["xcom"]["index"]["produced"] > 0
    assert result["xcom"]["index"]["notes"] == {"embedding_model": "patentdb-static-zh-256-v1"}
    print(f"dag.test() with the real pipeline: {result['dag_test_seconds']} s, {result['index_count']} docs")
