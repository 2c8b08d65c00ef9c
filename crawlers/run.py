"""Run one source's spider in this process and print a one-line JSON summary.

``python -m crawlers.run <source> --run-date YYYY-MM-DD [--since D] [--until D] [--base-url URL]
[--home DIR] [-a ARG=VALUE] [--http-cache] [--fresh]``

The job state lives in ``<home>/jobs/<source>/<run_date>`` (Scrapy ``JOBDIR``): an interrupted run
is resumed by running the same command again; a finished run removes it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from crawlers.sources import SOURCES
from patentdb.settings import get_settings


def job_dir(home: Path, source: str, run_date: str) -> Path:
    return home / "jobs" / source / run_date


def _scrapy_settings(
    run_date: str, home: Path, base_url: str | None, overrides: list[str], jobdir: Path, http_cache: bool
) -> Settings:
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    settings.set("RUN_DATE", run_date, priority="cmdline")
    settings.set("PATENTDB_HOME", str(home), priority="cmdline")
    settings.set("JOBDIR", str(jobdir), priority="cmdline")
    if http_cache:  # development: replay what was fetched once instead of asking the host again
        settings.set("HTTPCACHE_ENABLED", True, priority="cmdline")
        settings.set("HTTPCACHE_DIR", str(home / "httpcache"), priority="cmdline")
    if base_url and urlsplit(base_url).hostname in ("127.0.0.1", "localhost", "::1"):
        # the local replay server needs no politeness delays (quota/429 handling stays on)
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        settings.set("OPS_THROTTLE_MAX_DELAY", 0.5, priority="cmdline")  # paced, not for a minute
    for item in overrides:
        key, _, value = item.partition("=")
        settings.set(key, value, priority="cmdline")
    return settings


def request_set(args: argparse.Namespace) -> str:
    """``demo`` (recorded queries) against a replay server, ``watch`` (standing searches) against the real
    host, unless ``--requests`` says which."""
    if args.requests != "auto":
        return str(args.requests)
    return "demo" if args.base_url else "watch"


def spider_arguments(source: str, args: argparse.Namespace) -> dict[str, Any]:
    """The source's request list (:func:`request_set`), replaced by --numbers / --query when given."""
    spec = SOURCES[source]
    kwargs: dict[str, Any] = dict(spec.demo_requests if request_set(args) == "demo" else spec.watch_requests)
    if args.numbers:
        kwargs = {k: v for k, v in kwargs.items() if k not in ("numbers", "batches", "searches")}
        kwargs["numbers"] = args.numbers.split(",")
    if args.query:
        kwargs = {k: v for k, v in kwargs.items() if k not in ("batches", "searches")} | (
            {} if args.numbers else {"numbers": []}
        )
        kwargs["searches"] = [{"q": q} for q in args.query]
    # the window (the Airflow data interval) goes to every spider
    kwargs.update({k: v.isoformat() for k, v in (("since", args.since), ("until", args.until)) if v})
    for item in args.arg:
        key, _, value = item.partition("=")
        kwargs[key] = value
    if args.base_url:
        kwargs["base_url"] = args.base_url
    return kwargs


#: The endpoint a job's queued requests point at (kept in its job directory).
ENDPOINT_FILE = "endpoint.txt"


def resumable_problem(jobdir: Path, endpoint: str) -> str | None:
    """Why an interrupted job in ``jobdir`` must not be resumed, or None (nothing there, or resumable).

    A job is resumable only when its run stopped cleanly (it saved ``partition.json``: a hard kill leaves
    Scrapy's seen-request set ahead of what was collected, and resuming would skip those requests) and
    against the same endpoint (its queued requests carry their URLs)."""
    if not jobdir.is_dir():
        return None
    if not (jobdir / "partition.json").is_file():
        return "the interrupted run saved no state (killed?)"
    stored = jobdir / ENDPOINT_FILE
    previous = stored.read_text(encoding="utf-8").strip() if stored.is_file() else None
    if previous != endpoint:
        return f"it was crawling {previous or 'an unknown endpoint'}, not {endpoint}"
    return None


def main(argv: list[str] | None = None) -> int:
    spiders = sorted(s.id for s in SOURCES.values() if s.kind == "spider")
    parser = argparse.ArgumentParser(
        prog="python -m crawlers.run", description="Crawl one source for one run date."
    )
    parser.add_argument("source", choices=spiders)
    parser.add_argument("--run-date", required=True, type=date.fromisoformat)
    parser.add_argument("--since", type=date.fromisoformat, default=None)
    parser.add_argument("--until", type=date.fromisoformat, default=None)
    parser.add_argument("--base-url", default=None, help="e.g. the replay server's URL")
    parser.add_argument("--home", type=Path, default=None, help="data directory (default: PATENTDB_HOME)")
    parser.add_argument("--numbers", default=None, help="comma-separated publication numbers")
    parser.add_argument("--query", action="append", default=[], help="CQL query (epo-ops), repeatable")
    parser.add_argument(
        "--requests",
        choices=("auto", "demo", "watch"),
        default="auto",
        help="recorded demo queries or the standing watch searches (auto: demo with --base-url)",
    )
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="KEY=VALUE", help="Scrapy setting"
    )
    parser.add_argument(
        "-a", "--arg", action="append", default=[], metavar="KEY=VALUE", help="spider argument"
    )
    parser.add_argument("--http-cache", action="store_true", help="Scrapy HTTP cache under <home>/httpcache")
    parser.add_argument("--fresh", action="store_true", help="discard an interrupted job instead of resuming")
    args = parser.parse_args(argv)

    home = args.home or get_settings().home
    run_date = args.run_date.isoformat()
    jobdir = job_dir(home, args.source, run_date)
    endpoint = str(args.base_url or SOURCES[args.source].public_base_url or "")
    stale = resumable_problem(jobdir, endpoint)
    if args.fresh or stale:
        if stale and not args.fresh:
            print(f"crawlers.run: not resuming {jobdir}: {stale}; starting afresh", file=sys.stderr)
        shutil.rmtree(jobdir, ignore_errors=True)
    resumed = jobdir.is_dir()
    jobdir.mkdir(parents=True, exist_ok=True)
    (jobdir / ENDPOINT_FILE).write_text(endpoint, encoding="utf-8")
    settings = _scrapy_settings(run_date, home, args.base_url, args.set, jobdir, args.http_cache)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(load_object(str(SOURCES[args.source].spider)))
    process.crawl(crawler, **spider_arguments(args.source, args))
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    summary = {
        "source": args.source,
        "run_date": run_date,
        "parsed": stats.get("patentdb/parsed", 0),
        "quarantined": stats.get("patentdb/quarantined", 0),
        "fetched": stats.get("patentdb/fetched", 0),
        "duplicates": stats.get("patentdb/duplicates", 0),
        "finish_reason": stats.get("finish_reason"),
        "resumed": resumed,
    }
    if summary["finish_reason"] == "finished":
        shutil.rmtree(jobdir, ignore_errors=True)  # done: the next run of this window starts afresh
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return 0 if summary["finish_reason"] == "finished" else 1


if __name__ == "__main__":
    sys.exit(main())
