"""Shared fixtures: one n=5,000 corpus generated once per test session."""

from __future__ import annotations

import datetime as dt

import pytest

from patentdb.demo import generate
from transforms.records import Patent, Trademark

RUN_DATE = dt.date(2026, 11, 25)
FETCHED_AT = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def corpus() -> list[Patent | Trademark]:
    return list(generate(5_000, seed=42, run_date=RUN_DATE, fetched_at=FETCHED_AT))


@pytest.fixture(scope="session")
def patents(corpus: list[Patent | Trademark]) -> list[Patent]:
    return [r for r in corpus if isinstance(r, Patent)]


@pytest.fixture(scope="session")
def trademarks(corpus: list[Patent | Trademark]) -> list[Trademark]:
    return [r for r in corpus if isinstance(r, Trademark)]
