"""Shared paths and helpers of the crawler tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.parsers.common import ParseContext
from crawlers.replay import RECORDINGS

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
FETCHED_AT = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def context(source: str, name: str = "input", synthetic: bool = False) -> ParseContext:
    return ParseContext(
        source=source,
        source_url=f"fixture:{name}",
        fetched_at=FETCHED_AT,
        synthetic=synthetic,
        pipeline_version="test",
    )


@pytest.fixture
def recordings() -> Path:
    return RECORDINGS


def run_crawl(
    source: str,
    base: str,
    home: Path,
    *extra: str,
    run_date: str = "2024-06-01",
    env: dict[str, str] | None = None,
    timeout: float = 180,
) -> tuple[dict[str, object], str]:
    """``python -m crawlers.run`` against ``base`` as its own process: (its JSON summary, its log)."""
    cmd = [sys.executable, "-m", "crawlers.run", source, "--run-date", run_date, "--base-url", base]
    proc = subprocess.run(
        [*cmd, "--home", str(home), *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return summary, proc.stderr
