from __future__ import annotations

import datetime as dt

import pytest

from patentdb.crawl import interval_window

UTC = dt.UTC


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            dt.datetime(2024, 6, 1, tzinfo=UTC),
            dt.datetime(2024, 6, 2, tzinfo=UTC),
            ("2024-06-01", "2024-06-01"),
        ),
        (
            dt.datetime(2024, 6, 1, tzinfo=UTC),
            dt.datetime(2024, 6, 8, tzinfo=UTC),
            ("2024-06-01", "2024-06-07"),
        ),
        (
            dt.datetime(2024, 6, 1, 6, tzinfo=UTC),
            dt.datetime(2024, 6, 2, 6, tzinfo=UTC),
            ("2024-06-01", "2024-06-02"),
        ),
    ],
)
def test_data_interval_to_inclusive_dates(
    start: dt.datetime, end: dt.datetime, expected: tuple[str, str]
) -> None:
    assert interval_window(start, end) == {"since": expected[0], "until": expected[1]}


def test_empty_or_missing_interval_gives_no_window() -> None:
    day = dt.datetime(2024, 6, 1, tzinfo=UTC)
    assert interval_window(day, day) == {}
    assert interval_window(None, day) == {}


@pytest.mark.parametrize(
    ("since", "until", "lookback", "expected"),
    [
        (None, None, 0, ("2024-06-10", "2024-06-10")),  # the run date's day
        (None, None, 3, ("2024-06-07", "2024-06-10")),
        ("2024-06-01", "2024-06-01", 3, ("2024-05-29", "2024-06-01")),  # the DAG's interval is widened too
        ("2024-06-01", "2024-06-07", 0, ("2024-06-01", "2024-06-07")),
    ],
)
def test_lookback_widens_every_window(
    since: str | None, until: str | None, lookback: int, expected: tuple[str, str]
) -> None:
    from patentdb.crawl import widen

    assert widen(since, until, "2024-06-10", lookback) == expected


def test_production_tsdr_without_marks_to_follow_is_skipped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from patentdb.crawl import crawl_one
    from patentdb.settings import Settings

    settings = Settings(home=tmp_path, replay=False, tsdr_numbers=" ")
    assert crawl_one(settings, "tsdr", "2024-06-01") == (0, 0)
    assert not (tmp_path / "raw").exists()
