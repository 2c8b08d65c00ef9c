"""Crawler commands of the CLI: `crawl` (a spider as its own process), `import` and `parse` of files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from crawlers.formats import FORMAT_SOURCES
from patentdb.commands.args import date_arg, today
from patentdb.settings import get_settings

#: The formats of crawlers.formats (names only: the parsers load when a command runs).
FORMAT_NAMES = tuple(FORMAT_SOURCES)


def cmd_crawl(args: argparse.Namespace) -> int:
    from patentdb.crawl import CrawlError, crawl_one, default_window

    settings = get_settings()
    run_date = args.run_date or args.until or today()
    since = (
        args.since or default_window(run_date, settings.crawl_lookback_days)[0]
    )  # an explicit --since stays
    until = args.until or run_date
    if since > until:
        start = "--since" if args.since else "the window start (from --run-date)"
        print(f"patentdb crawl: {start} {since} is after --until {until}", file=sys.stderr)
        return 2
    extra = [opt for arg in args.arg for opt in ("-a", arg)]
    extra += ["--http-cache"] if args.http_cache else []
    extra += ["--fresh"] if args.fresh else []
    try:
        produced, quarantined = crawl_one(
            settings, args.source, run_date, since, until, args.base_url, extra=extra
        )
    except CrawlError as exc:
        print(f"patentdb crawl: {exc}", file=sys.stderr)
        return 1
    summary = {"source": args.source, "run_date": run_date, "since": since, "until": until}
    print(json.dumps(summary | {"produced": produced, "quarantined": quarantined}, ensure_ascii=False))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from crawlers.importer import import_files
    from patentdb import pipeline
    from transforms.io import quarantine_partition

    settings = get_settings()
    missing = [p for p in args.files if not Path(p).is_file()]
    if missing:
        print(f"patentdb import: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        summary = import_files(
            args.format, args.files, settings.home, args.run_date, synthetic=args.synthetic, merge=True
        )
    except ValueError as exc:
        print(f"patentdb import: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"stage": "import", **summary.model_dump()}, ensure_ascii=False))
    if summary.rejected:
        where = quarantine_partition(settings.home, "crawl", summary.source, args.run_date)
        print(
            f"patentdb import: {summary.rejected} quarantined from these files ({where}); "
            f"first: {summary.reasons[0]}",
            file=sys.stderr,
        )
    # the main job's stages after crawl, in its order
    for stage in (pipeline.transform, pipeline.merge, pipeline.classify, pipeline.index):
        report = stage(settings, args.run_date).model_dump()
        print(json.dumps({k: report[k] for k in ("stage", "produced", "quarantined", "by_source")}))
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from crawlers.formats import get_format
    from crawlers.parsers.common import ParseContext
    from crawlers.parsers.errors import ParseError
    from transforms.io import to_line

    try:
        spec = get_format(args.format)
    except ValueError as exc:
        print(f"patentdb parse: {exc}", file=sys.stderr)
        return 2
    when = dt.datetime.combine(dt.date.fromisoformat(args.run_date), dt.time(), tzinfo=dt.UTC)
    failed = 0
    for name in args.files:
        ctx = ParseContext(source=spec.source, source_url=name, fetched_at=when, synthetic=args.synthetic)
        try:
            result = spec.parser(Path(name).read_bytes(), ctx)
        except (OSError, ParseError) as exc:
            print(f"patentdb parse: {name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        for record in result.records:
            print(json.dumps(to_line(record), ensure_ascii=False, sort_keys=True))
        for entry in result.quarantined:
            line: dict[str, Any] = {"quarantined": entry.reason, "source_url": entry.source_url}
            print(json.dumps(line, ensure_ascii=False), file=sys.stderr)
    return 1 if failed else 0


def register(sub: Any) -> None:
    """Add `crawl`, `import` and `parse` to the `patentdb` sub-command parsers."""
    p = sub.add_parser(
        "crawl", help="crawl one source for a date window (the spider runs as its own process)"
    )
    p.add_argument("source")
    p.add_argument("--since", type=date_arg, help="first publication date of the window (default: run date)")
    p.add_argument("--until", type=date_arg, help="last publication date of the window (default: run date)")
    p.add_argument("--run-date", type=date_arg, help="the partition written (default: --until, else today)")
    p.add_argument("--base-url", help="crawl this host instead (e.g. a replay server)")
    p.add_argument("-a", "--arg", action="append", default=[], metavar="KEY=VALUE", help="spider argument")
    p.add_argument(
        "--http-cache", action="store_true", help="Scrapy HTTP cache under PATENTDB_HOME/httpcache"
    )
    p.add_argument("--fresh", action="store_true", help="discard an interrupted job instead of resuming it")
    p.set_defaults(fn=cmd_crawl)

    p = sub.add_parser("import", help="parse saved / exported files and run transform → classify → index")
    p.add_argument("format", choices=FORMAT_NAMES, metavar="format", help=", ".join(FORMAT_NAMES))
    p.add_argument("files", nargs="+")
    p.add_argument("--run-date", type=date_arg, default=today())
    p.add_argument("--synthetic", action="store_true", help="mark the records synthetic")
    p.set_defaults(fn=cmd_import)

    p = sub.add_parser("parse", help="print the records a parser extracts from saved files (JSON lines)")
    p.add_argument("format", choices=FORMAT_NAMES, metavar="format", help=", ".join(FORMAT_NAMES))
    p.add_argument("files", nargs="+")
    p.add_argument("--run-date", type=date_arg, default=today(), help="fetched_at of the records")
    p.add_argument("--synthetic", action="store_true", help="mark the records synthetic")
    p.set_defaults(fn=cmd_parse)
