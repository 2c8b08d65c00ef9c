"""The ``patentdb`` command line: refresh, search, serve, demo and the stage commands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import Any

from patentdb.commands.args import date_arg, int_in, today
from patentdb.errors import UserError
from patentdb.settings import get_settings
from search.backend import MAX_SIZE


def _print_reports(reports: Sequence[object]) -> None:
    for report in reports:
        data = report.model_dump()  # type: ignore[attr-defined]
        print(f"{data['stage']:<10} produced {data['produced']:>7}   quarantined {data['quarantined']:>5}")
        for source, counts in sorted(data["by_source"].items()):
            detail = "  ".join(f"{k}={v}" for k, v in counts.items())
            print(f"    {source:<22} {detail}")
        for key, value in sorted(data.get("notes", {}).items()):
            print(f"    {key}: {value}")


def cmd_refresh(args: argparse.Namespace) -> int:
    from patentdb.pipeline import refresh

    sources = args.sources.split(",") if args.sources else None
    _print_reports(refresh(get_settings(), args.run_date, sources))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from patentdb.searching import run_search, run_semantic
    from transforms.taxonomy import load_taxonomy
    from transforms.text import to_simplified

    codes = load_taxonomy().codes
    industries = [code.strip().upper() for code in args.industry or []]
    unknown = [code for code in industries if code not in codes]
    if unknown:
        print(
            f"patentdb search: unknown industry {', '.join(unknown)}; one of {', '.join(codes)}",
            file=sys.stderr,
        )
        return 2
    towns = [to_simplified(town.strip()) for town in args.town or []]  # 新橋鎮 is 新桥镇, as in queries
    filters = {k: v for k, v in {"industries": industries, "town": towns}.items() if v}
    if args.semantic:
        try:
            result = run_semantic(get_settings(), args.query, filters=filters, size=args.size)
        except ValueError as exc:
            print(f"patentdb search: {exc}", file=sys.stderr)
            return 2
    else:
        result = run_search(get_settings(), args.query, filters=filters, size=args.size)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"{result['total']} hits")
    for hit in result["hits"]:
        print(format_hit(hit))
    return 0


def format_hit(hit: dict[str, Any]) -> str:
    """One hit of `patentdb search` as text: score, number (a trademark's id), title, industries, and the
    applicants on a second line."""
    industries = ",".join(hit["industries"])
    synthetic = " [synthetic]" if hit.get("synthetic") else ""
    number = hit.get("publication_number") or hit["id"]  # a trademark has no publication number
    line = f"{hit['score']:7.3f}  {number:<16} {hit['title']}  ({industries}){synthetic}"
    return line + (f"\n         {'; '.join(hit['applicants'])}" if hit["applicants"] else "")


def cmd_serve(args: argparse.Namespace) -> int:
    from portal.server import serve

    settings = get_settings()
    if args.port:
        settings = settings.model_copy(update={"port": args.port})
    serve(settings)
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from patentdb.demo import write_demo_partition

    path = write_demo_partition(
        get_settings().home, n=args.n, seed=args.seed, run_date=dt.date.fromisoformat(args.run_date)
    )
    print(f"synthetic demo partition: {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from patentdb.demo import write_demo_partition
    from patentdb.pipeline import refresh

    settings = get_settings()
    run_date = args.run_date
    path = write_demo_partition(
        settings.home, n=args.n, seed=args.seed, run_date=dt.date.fromisoformat(run_date)
    )
    print(f"demo data (synthetic, seed {args.seed}): {args.n} records → {path}")
    if settings.embedding_model == "default":
        from transforms.embeddings import default_model_path, ensure_default_model

        if not default_model_path(settings.home).exists():
            print("embedding model: building the offline Chinese model once (2-4 minutes on 2 cores) …")
        print(f"embedding model: {ensure_default_model(settings.home)}")
    _print_reports(refresh(settings, run_date))
    if args.no_serve:
        return 0
    print(f"portal: http://{settings.host}:{settings.port}/   (Ctrl-C to stop)")
    from portal.server import serve

    serve(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="patentdb", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("refresh", help="crawl → transform → classify → index for one run date")
    p.add_argument("--run-date", type=date_arg, default=today())
    p.add_argument("--sources", help="comma-separated source ids (default: all)")
    p.set_defaults(fn=cmd_refresh)

    p = sub.add_parser("search", help="search the index and print ranked hits")
    p.add_argument("query")
    p.add_argument("--json", action="store_true", help="print JSON hits")
    p.add_argument("--semantic", action="store_true", help="nearest records by embedding instead of keywords")
    p.add_argument("--size", type=int_in(1, MAX_SIZE), default=10, help=f"hits to print (1..{MAX_SIZE})")
    p.add_argument("--industry", action="append", help="filter: industry code (repeatable)")
    p.add_argument("--town", action="append", help="filter: town / park (repeatable)")
    p.set_defaults(fn=cmd_search)

    p = sub.add_parser("serve", help="serve the portal (default http://127.0.0.1:8000)")
    p.add_argument("--port", type=int_in(1, 65535))
    p.set_defaults(fn=cmd_serve)

    p = sub.add_parser("demo-data", help="write the synthetic demo partition")
    p.add_argument("--n", type=int_in(0), default=10_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--run-date", type=date_arg, default=today())
    p.set_defaults(fn=cmd_demo_data)

    p = sub.add_parser("demo", help="demo data + refresh + serve the portal")
    p.add_argument("--n", type=int_in(0), default=10_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--run-date", type=date_arg, default=today())
    p.add_argument("--no-serve", action="store_true")
    p.set_defaults(fn=cmd_demo)

    import importlib

    from patentdb.commands import COMMAND_MODULES

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.fn(args))
    except BrokenPipeError:  # e.g. `patentdb search … | head`
        sys.stderr.close()
        return 0
    except UserError as exc:  # what the user asked for cannot be done: one line, no traceback
        print(f"patentdb {args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # an output path that cannot be written, a file that cannot be read
        name = f": {exc.filename}" if exc.filename else ""
        print(f"patentdb {args.command}: {exc.strerror or exc}{name}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
