"""The crawl stage: each spider as its own process, each bulk-file source through the importer.

In replay mode (the default: development machines have no network) the spiders crawl the
recorded responses served on 127.0.0.1, and the bulk-file sources import the recorded files
shipped with the crawlers as well as the operator's inbox.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from crawlers.sources import SOURCES
from patentdb.errors import UserError
from patentdb.settings import Settings

log = logging.getLogger(__name__)

RECORDED_FILES = Path(__file__).resolve().parents[1] / "crawlers" / "recordings" / "files"


class CrawlError(UserError):
    """One or more sources failed; the others' partitions were still written."""


def default_window(run_date: str, lookback_days: int = 0) -> tuple[str, str]:
    """The window a run crawls when none is given: the run date's day, or ``lookback_days`` before it too."""
    day = dt.date.fromisoformat(run_date)
    return (day - dt.timedelta(days=max(0, lookback_days))).isoformat(), day.isoformat()


def widen(since: str | None, until: str | None, run_date: str, lookback_days: int) -> tuple[str, str]:
    """The window a run crawls: ``since``..``until`` (default: the run date's day), its start moved back
    by ``lookback_days`` whether the window was given (the DAG's data interval) or not: sources such as
    OPS/DOCDB load documents days after publication."""
    default_since, default_until = default_window(run_date)
    start, end = since or default_since, until or default_until
    moved = dt.date.fromisoformat(start) - dt.timedelta(days=max(0, lookback_days))
    return moved.isoformat(), end


def crawl_one(
    settings: Settings,
    source: str,
    run_date: str,
    since: str | None = None,
    until: str | None = None,
    base_url: str | None = None,
    *,
    extra: Sequence[str] = (),
) -> tuple[int, int]:
    """Crawl or import one source for ``run_date``; returns (records, quarantined).

    ``extra``: further ``crawlers.run`` options, e.g. ``("-a", "legal=1", "--http-cache")``.
    """
    if source not in SOURCES:
        raise CrawlError(f"unknown source {source!r}; known: {', '.join(sorted(SOURCES))}")
    if SOURCES[source].kind == "file":
        return _import_source(settings, source, run_date)
    if not settings.replay and source == "tsdr" and not any("numbers=" in e for e in extra):
        numbers = [n.strip() for n in settings.tsdr_numbers.split(",") if n.strip()]
        if not numbers:  # TSDR has no search: without marks to follow there is nothing to ask
            log.warning("tsdr: no PATENTDB_TSDR_NUMBERS to follow; skipped")
            return 0, 0
        extra = [*extra, "-a", "numbers=" + ",".join(numbers)]
    if base_url is None and settings.replay:
        from crawlers.replay import serve_recordings

        with serve_recordings() as url:
            return _spider(settings, source, run_date, since, until, url, extra)
    return _spider(settings, source, run_date, since, until, base_url, extra)


def crawl_sources(
    settings: Settings,
    run_date: str,
    sources: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Iterator[tuple[str, int, int]]:
    """Crawl every selected source for the window ``since``..``until`` (default: the run date's day),
    its start moved back by the ``crawl_lookback_days`` setting (:func:`widen`); yields (source, records,
    quarantined) and raises
    CrawlError at the end when a source failed."""
    since, until = widen(since, until, run_date, settings.crawl_lookback_days)
    selected = list(sources) if sources else list(SOURCES)
    failures: list[str] = []
    with contextlib.ExitStack() as stack:
        base_url = None
        if settings.replay and any(SOURCES[s].kind == "spider" for s in selected if s in SOURCES):
            from crawlers.replay import serve_recordings

            base_url = stack.enter_context(serve_recordings())
        for source in selected:
            try:
                produced, quarantined = crawl_one(settings, source, run_date, since, until, base_url)
            except CrawlError as exc:
                failures.append(str(exc))
                continue
            yield source, produced, quarantined
    if failures:
        raise CrawlError("; ".join(failures))


def _spider(
    settings: Settings,
    source: str,
    run_date: str,
    since: str | None,
    until: str | None,
    base_url: str | None,
    extra: Sequence[str] = (),
) -> tuple[int, int]:
    cmd = [sys.executable, "-m", "crawlers.run", source, "--run-date", run_date, "--home", str(settings.home)]
    cmd += ["--requests", "demo" if settings.replay else "watch"]
    for flag, value in (("--since", since), ("--until", until), ("--base-url", base_url)):
        if value:
            cmd += [flag, value]
    if settings.http_cache:  # development: Scrapy's HTTP cache under <home>/httpcache
        cmd.append("--http-cache")
    cmd += list(extra)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=3600)
    summary = _last_json_line(proc.stdout)
    if proc.returncode != 0 or summary is None:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise CrawlError(f"{source}: crawl failed (exit {proc.returncode}): {' | '.join(tail)}")
    return int(summary.get("parsed", 0)), int(summary.get("quarantined", 0))


def _last_json_line(stdout: str) -> dict[str, Any] | None:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                data = json.loads(line)
                if isinstance(data, dict):
                    return data
    return None


def _import_source(settings: Settings, source: str, run_date: str) -> tuple[int, int]:
    from crawlers.importer import import_files

    folders = [settings.inbox_dir / source]
    if settings.replay:
        folders.append(RECORDED_FILES / source)
    paths = sorted(p for folder in folders if folder.is_dir() for p in folder.iterdir() if p.is_file())
    if not paths:
        return 0, 0
    summary = import_files(source, paths, settings.home, run_date)
    return summary.parsed, summary.quarantined


def interval_window(start: dt.datetime | None, end: dt.datetime | None) -> dict[str, str]:
    """A scheduler's data interval [start, end) as inclusive crawl dates; {} for an empty interval."""
    if start is None or end is None or end <= start:
        return {}
    last = end - dt.timedelta(microseconds=1)
    return {"since": start.date().isoformat(), "until": last.date().isoformat()}
