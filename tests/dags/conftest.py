"""Run tests/dags/run_dag.py in a subprocess with a throwaway AIRFLOW_HOME (pytest never imports airflow)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("run_dag.py")
RESULT_PREFIX = "DAG-TEST-RESULT "

RunDag = Callable[..., dict[str, Any]]


def airflow_env(tmp: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for an isolated Airflow: its own home and SQLite DB, this repo's dags, no examples."""
    home = tmp / "airflow"
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "PATENTDB_"))}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__DAGS_FOLDER=str(REPO / "dags"),
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home / 'airflow.db'}",
        PATENTDB_HOME=str(tmp / "data"),
        PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        PATENTDB_EMBEDDING_MODEL="none",
    )
    env.update(extra or {})
    return env


@pytest.fixture
def run_dag(tmp_path: Path) -> RunDag:
    """``run_dag(mode, run_date)`` → the runner's JSON summary; fails the test with the log if none."""

    def run(
        mode: str, run_date: str = "2024-06-01", timeout: float = 600, env: dict[str, str] | None = None
    ) -> dict[str, Any]:
        proc = subprocess.run(
            [sys.executable, str(RUNNER), mode, run_date],
            env=airflow_env(tmp_path, env),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        output = proc.stdout + proc.stderr
        lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
        if proc.returncode != 0 or not lines:
            pytest.fail(f"run_dag.py {mode} exited {proc.returncode}:\n{output[-6000:]}")
        result: dict[str, Any] = json.loads(lines[-1][len(RESULT_PREFIX) :])
        result["log_tail"] = output[-6000:]
        result["errors"] = [ln for ln in output.splitlines() if "Error: " in ln or "Exception: " in ln]
        return result

    return run
