"""Shared paths and helpers of the crawler tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crawlers.parsers.common import ParseContext
from crawlers.replay import RECORDINGS

FIXTURES = Path(__file__).parent / "fixtures"
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
