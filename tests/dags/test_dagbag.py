"""The DAG folder parses cleanly and the refresh DAG has the agreed shape."""

from __future__ import annotations

from tests.dags.conftest import RunDag


def test_dag_folder_imports_cleanly(run_dag: RunDag) -> None:
    info = run_dag("describe")
    assert info["import_errors"] == {}
    assert set(info["dags"]) == {"patentdb_refresh"}
    dag = info["dags"]["patentdb_refresh"]
    assert {"patentdb", "refresh"} <= set(dag["tags"])
    assert dag["catchup"] is False and dag["max_active_runs"] == 1
    assert "0 0 * * *" in dag["schedule"] or "daily" in dag["schedule"]
    tasks = dag["tasks"]
    assert set(tasks) == {"crawl", "transform", "merge", "classify", "index", "quality_gate"}
    for task_id in ("crawl", "transform", "merge", "classify", "index"):
        assert tasks[task_id]["retries"] >= 2, task_id
        assert tasks[task_id]["retry_delay_s"] > 0, task_id
    # the stages run in order; the gate reads every stage's report
    assert tasks["crawl"]["downstream"] == ["quality_gate", "transform"]
    assert tasks["transform"]["downstream"] == ["merge", "quality_gate"]
    assert tasks["merge"]["downstream"] == ["classify", "quality_gate"]
    assert tasks["classify"]["downstream"] == ["index", "quality_gate"]
    assert tasks["index"]["downstream"] == ["quality_gate"]
    assert tasks["quality_gate"]["downstream"] == []
    # thin DAG file: library code is imported inside the tasks, not when the file is parsed
    assert info["heavy_modules"] == []
