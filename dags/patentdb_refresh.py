"""Daily refresh of the patent database: crawl → transform → merge → classify → index → quality gate."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.sdk import dag, task

STAGES = ("crawl", "transform", "merge", "classify", "index")


def _run_date() -> str:
    """The partition this run fills: its data interval start (= logical date), else when it ran."""
    from airflow.sdk import get_current_context

    context = get_current_context()
    moment = context.get("data_interval_start") or context.get("logical_date") or context["dag_run"].run_after
    return moment.date().isoformat()


def _crawl_window() -> dict[str, str]:
    """The data interval as inclusive publication dates ``since``..``until`` (empty outside a schedule)."""
    from airflow.sdk import get_current_context

    from patentdb.crawl import interval_window

    context = get_current_context()
    return interval_window(context.get("data_interval_start"), context.get("data_interval_end"))


def _run_stage(name: str, **kwargs: str) -> dict[str, Any]:
    """Run one pipeline stage for this run's date; only its small report goes to XCom."""
    from patentdb import pipeline
    from patentdb.settings import get_settings

    report = getattr(pipeline, name)(get_settings(), run_date=_run_date(), **kwargs)
    result: dict[str, Any] = report.model_dump(mode="json")
    return result


@dag(
    dag_id="patentdb_refresh",
    schedule="@daily",
    start_date=datetime(2024, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "patentdb", "retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["patentdb", "refresh", "jingjiang"],
    doc_md=__doc__,
)
def patentdb_refresh() -> None:
    @task
    def crawl() -> dict[str, Any]:
        """Each source's spider runs as a subprocess in pipeline.crawl, over the data interval."""
        return _run_stage("crawl", **_crawl_window())

    @task
    def transform() -> dict[str, Any]:
        return _run_stage("transform")

    @task
    def merge() -> dict[str, Any]:
        return _run_stage("merge")

    @task
    def classify() -> dict[str, Any]:
        return _run_stage("classify")

    @task
    def index() -> dict[str, Any]:
        return _run_stage("index")

    @task(retries=0)
    def quality_gate(reports: list[dict[str, Any]]) -> dict[str, Any]:
        """Fail the run (no retry: it would not change the data) on what patentdb.quality finds."""
        from airflow.sdk.exceptions import AirflowFailException

        from patentdb.quality import problems
        from patentdb.settings import get_settings
        from search.factory import open_backend

        backend = open_backend(get_settings())
        try:
            count = backend.count()
        finally:
            backend.close()
        found = problems(reports, count)
        if found:
            raise AirflowFailException(f"quality gate, {_run_date()}: " + "; ".join(found))
        return {"index_count": count}

    reports = [crawl(), transform(), merge(), classify(), index()]
    for before, after in itertools.pairwise(reports):
        before >> after
    quality_gate(reports)  # type: ignore[arg-type]  # XComArgs resolve to the reports at run time


patentdb_refresh()
