"""Run the patentdb_refresh DAG once with dag.test() in a fresh process; print a JSON summary line.

Usage: ``python tests/dags/run_dag.py {describe|real|fake|fake-empty} RUN_DATE`` with AIRFLOW_HOME,
AIRFLOW__DATABASE__SQL_ALCHEMY_CONN, AIRFLOW__CORE__DAGS_FOLDER and PATENTDB_HOME already set
(tests/dags/test_dag_run.py does it). ``fake`` swaps the pipeline stages and the index for
recorders, so the DAG machinery is tested on its own; ``real`` runs the real pipeline;
``describe`` only parses the DAG folder (no database) and reports the DAG's shape.
"""

from __future__ import annotations

import json
import os
import sys
import time
import types
from datetime import UTC, datetime
from typing import Any

STAGES = ("crawl", "transform", "merge", "classify", "index")
RESULT_PREFIX = "DAG-TEST-RESULT "
#: Packages a DAG file must not import at parse time (library code is imported inside tasks).
HEAVY = ("patentdb", "search", "transforms", "crawlers", "scrapy", "tantivy", "elasticsearch", "torch")


def install_fake_pipeline(docs_per_run: int, calls: list[list[str]]) -> None:
    """Replace the stage functions and search.factory.open_backend with in-memory recorders."""
    from patentdb import pipeline

    index = {"count": 0}

    def make_stage(name: str) -> Any:
        def stage(settings: Any, run_date: str, sources: Any = None, **window: str) -> pipeline.StageReport:
            calls.append(
                [name, run_date, str(settings.home), *(f"{k}={v}" for k, v in sorted(window.items()))]
            )
            if name == "index":
                index["count"] += docs_per_run
            return pipeline.StageReport(stage=name, run_date=run_date, produced=docs_per_run)

        return stage

    for name in STAGES:
        setattr(pipeline, name, make_stage(name))

    class CountingBackend:
        name = "fake"

        def count(self) -> int:
            return index["count"]

        def close(self) -> None:
            pass

    factory = types.ModuleType("search.factory")
    factory.open_backend = lambda settings: CountingBackend()  # type: ignore[attr-defined]
    sys.modules["search.factory"] = factory


def index_count() -> int:
    from patentdb.settings import get_settings
    from search.factory import open_backend

    backend = open_backend(get_settings())
    try:
        return backend.count()
    finally:
        backend.close()


def describe() -> dict[str, Any]:
    """Parse the DAG folder the way the dag-processor does and report what a reviewer checks."""
    from airflow.dag_processing.dagbag import DagBag

    started = time.perf_counter()
    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    parse_seconds = time.perf_counter() - started
    dags = {
        dag_id: {
            "tags": sorted(dag.tags),
            "schedule": str(dag.schedule),
            "catchup": dag.catchup,
            "max_active_runs": dag.max_active_runs,
            "tasks": {
                t.task_id: {
                    "retries": t.retries,
                    "retry_delay_s": t.retry_delay.total_seconds(),
                    "downstream": sorted(t.downstream_task_ids),
                }
                for t in dag.tasks
            },
        }
        for dag_id, dag in bag.dags.items()
    }
    return {
        "import_errors": {str(k): str(v) for k, v in bag.import_errors.items()},
        "dags": dags,
        "heavy_modules": sorted(m for m in sys.modules if m.split(".")[0] in HEAVY),
        "parse_seconds": round(parse_seconds, 2),
    }


def main(mode: str, run_date: str) -> dict[str, Any]:
    if mode == "describe":
        return describe()
    started = time.perf_counter()
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils import db

    db.resetdb()
    db_seconds = time.perf_counter() - started

    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    if bag.import_errors:
        return {"import_errors": {str(k): str(v) for k, v in bag.import_errors.items()}}
    dag = bag.dags["patentdb_refresh"]
    for task in dag.tasks:
        task.retries = 0  # fail fast under test; the DagBag test checks the production retries
    calls: list[list[str]] = []
    if mode != "real":
        install_fake_pipeline(0 if mode == "fake-empty" else 3, calls)

    test_started = time.perf_counter()
    run = dag.test(logical_date=datetime.fromisoformat(run_date).replace(tzinfo=UTC))
    test_seconds = time.perf_counter() - test_started
    tis = run.get_task_instances()
    return {
        "state": str(run.state),
        "tasks": {ti.task_id: str(ti.state) for ti in tis},
        "xcom": {ti.task_id: ti.xcom_pull(task_ids=ti.task_id) for ti in tis if str(ti.state) == "success"},
        "calls": calls,
        "index_count": index_count() if str(run.state) == "success" else None,
        "db_seconds": round(db_seconds, 2),
        "dag_test_seconds": round(test_seconds, 2),
    }


if __name__ == "__main__":
    summary = main(sys.argv[1], sys.argv[2])
    print(RESULT_PREFIX + json.dumps(summary, default=str), flush=True)
