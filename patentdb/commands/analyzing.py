"""Analytics commands: `analyze` writes the competition-analysis workbook of one snapshot."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from patentdb.commands.args import date_arg
from patentdb.settings import get_settings


def _xlsx(value: str) -> str:
    if not value.lower().endswith(".xlsx"):
        raise argparse.ArgumentTypeError(f"the workbook is written as XLSX: name it *.xlsx, not {value!r}")
    return value


def cmd_analyze(args: argparse.Namespace) -> int:
    from analytics.frame import load_snapshot
    from analytics.report import write_report

    frame = load_snapshot(get_settings().home, args.run_date)
    if frame.empty:
        print(f"patentdb analyze: no classified patents for {args.run_date}", file=sys.stderr)
        return 2
    names = write_report(frame, Path(args.output), run_date=args.run_date)
    print(f"{args.output}: {len(frame)} patents, sheets {', '.join(names)}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("analyze", help="competition-analysis workbook (XLSX) of one dated snapshot")
    p.add_argument(
        "--run-date", type=date_arg, required=True, help="the snapshot: classify partitions of this run date"
    )
    p.add_argument("--output", type=_xlsx, required=True, help="path of the .xlsx to write")
    p.set_defaults(fn=cmd_analyze)
