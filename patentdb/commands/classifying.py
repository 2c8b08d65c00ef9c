"""Classification commands: `classify` a CSV, `evaluate` on a labelled CSV, list the `review-queue`, export
`training-data` for the text model."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from patentdb.commands.args import date_arg
from patentdb.settings import get_settings
from transforms.records import Patent

if TYPE_CHECKING:
    from transforms.io import AnyRecord


REVIEW_FIELDS = ["id", "title", "industries", "scores", "review_reason", "model_id"]


def cmd_classify(args: argparse.Namespace) -> int:
    from transforms.classify_csv import InputError, classify_csv
    from transforms.textclass.store import classifier_for

    fetched_at = dt.datetime.now(dt.UTC)
    settings = get_settings()
    try:
        taxonomy, model = classifier_for(settings.home, extra=settings.textclass_extra)
        if args.output == "-":
            total, errors = classify_csv(Path(args.input), sys.stdout, taxonomy, fetched_at, model)
        else:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                total, errors = classify_csv(Path(args.input), fh, taxonomy, fetched_at, model)
    except (InputError, OSError, ValueError) as exc:
        print(f"patentdb classify: {exc}", file=sys.stderr)
        return 2
    print(
        f"classified {total} rows ({errors} with an error column set); model {model.model_id}",
        file=sys.stderr,
    )
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from transforms.taxonomy import load_taxonomy
    from transforms.textclass.dataset import read_labelled_csv
    from transforms.textclass.evaluate import evaluate
    from transforms.textclass.model import MODEL_NAME
    from transforms.textclass.report import merge_into, to_markdown, write_disagreements
    from transforms.textclass.store import shipped_text_model

    taxonomy = load_taxonomy()
    settings = get_settings()
    try:
        rows = read_labelled_csv(Path(args.input))
        scored = {r.id for r in read_labelled_csv(Path(args.score_only))} if args.score_only else None
        report = evaluate(
            rows,
            taxonomy,
            args.mode,
            args.split,
            args.folds,
            shipped=lambda: shipped_text_model(settings.home, taxonomy, settings.textclass_extra),
            scored=scored,
        )
    except (OSError, ValueError) as exc:
        print(f"patentdb evaluate: {exc}", file=sys.stderr)
        return 2
    parts = ["--input", args.input, "--mode", args.mode, "--split", args.split]
    parts += ["--folds", str(args.folds)] if args.split == "cv" else []
    parts += ["--score-only", args.score_only] if args.score_only else []
    parts += ["--output", args.output] if args.output else []
    command = "patentdb evaluate " + " ".join(shlex.quote(a) for a in parts)
    block = to_markdown(report, command, taxonomy.version, MODEL_NAME)
    if args.disagreements:
        with open(args.disagreements, "w", encoding="utf-8", newline="") as fh:
            written = write_disagreements(report.outcomes, taxonomy.codes, fh)
        print(f"wrote {written} disagreeing rows to {args.disagreements}", file=sys.stderr)
    if args.output in (None, "-"):
        print(block, end="")
        return 0
    out = Path(args.output)
    existing = out.read_text(encoding="utf-8") if out.exists() else ""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(merge_into(existing, block), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


def review_rows(records: list[AnyRecord]) -> list[dict[str, str]]:
    """Records flagged for review, as flat rows (primary industry first)."""
    out = []
    for record in records:
        review = record.classification
        if review is None or not review.needs_review:
            continue
        labels = sorted(record.industries, key=lambda lab: not lab.primary)
        title = record.title() if isinstance(record, Patent) else (record.mark_text or "")
        out.append(
            {
                "id": record.id,
                "title": title,
                "industries": "|".join(lab.code for lab in labels),
                "scores": "|".join(f"{lab.score:.3f}" for lab in labels),
                "review_reason": review.review_reason or "",
                "model_id": review.model_id or "",
            }
        )
    return out


def _write_csv(fh: TextIO, rows: list[dict[str, str]]) -> None:
    writer = csv.DictWriter(fh, fieldnames=REVIEW_FIELDS)
    writer.writeheader()
    writer.writerows(rows)


def cmd_review_queue(args: argparse.Namespace) -> int:
    from transforms.io import read_records

    root = get_settings().stage_dir / "classify"
    paths = sorted(root.glob(f"*/{args.run_date}.jsonl"))
    if not paths:
        print(
            f"patentdb review-queue: no classify partition for {args.run_date} under {root}", file=sys.stderr
        )
        return 1
    rows = [
        row
        for p in paths
        for row in review_rows(read_records(p, stage="review", source=p.parent.name).records)
    ]
    shown = rows[: args.limit] if args.limit else rows
    if args.csv == "-":
        _write_csv(sys.stdout, shown)
    elif args.csv:
        with open(args.csv, "w", encoding="utf-8", newline="") as fh:
            _write_csv(fh, shown)
    else:
        for row in shown:
            industries = row["industries"] or "-"
            print(f"{row['id']:<16} {industries:<18} {row['title'][:40]}  ← {row['review_reason']}")
    print(f"{len(rows)} records to review ({len(shown)} shown)", file=sys.stderr)
    return 0


def cmd_training_data(args: argparse.Namespace) -> int:
    from patentdb.training import export_training_data

    home = get_settings().home
    run_dates = args.run_date or None
    if args.output == "-":
        report = export_training_data(home, sys.stdout, run_dates)
    else:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as fh:
            report = export_training_data(home, fh, run_dates)
    print(
        f"{report.written} labelled titles from {report.run_dates} merged partition(s); "
        f"{report.synthetic} synthetic skipped, {report.unlabelled} without a Chinese title or IPC skipped",
        file=sys.stderr,
    )
    return 0 if report.run_dates else 1


def register(sub: Any) -> None:
    p = sub.add_parser(
        "classify", help="classify a CSV (publication_number,title[,abstract,ipc]) into industries"
    )
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True, help="output CSV path, or - for stdout")
    p.set_defaults(fn=cmd_classify)

    p = sub.add_parser("evaluate", help="precision / recall / F1 per industry on a labelled CSV (markdown)")
    p.add_argument(
        "--input", required=True, help="CSV: publication_number,title[,abstract],ipc|ipc_subclasses"
    )
    p.add_argument("--mode", choices=("text", "ipc", "both"), default="both")
    p.add_argument(
        "--split",
        choices=("cv", "given", "heldout", "none"),
        default="cv",
        help="cv: k-fold by id hash; given: the file's fold column; heldout: the embedding build's held-out "
        "30 %%; none: the shipped model",
    )
    p.add_argument("--folds", type=int, default=5)
    p.add_argument(
        "--score-only",
        metavar="CSV",
        help="score only the rows whose publication_number is in this labelled CSV (training is unchanged)",
    )
    p.add_argument("--output", help="markdown file (its marked block is replaced), default stdout")
    p.add_argument(
        "--disagreements",
        metavar="CSV",
        help="also write every row where a method's industries differ from the truth, with the evidence",
    )
    p.set_defaults(fn=cmd_evaluate)

    p = sub.add_parser("review-queue", help="records flagged for review in the classify partitions of a run")
    p.add_argument("--run-date", type=date_arg, required=True)
    p.add_argument("--limit", type=int, default=0, help="show at most N (0: all)")
    p.add_argument("--csv", help="write CSV to this path (- for stdout) instead of a listing")
    p.set_defaults(fn=cmd_review_queue)

    p = sub.add_parser(
        "training-data",
        help="labelled titles (real patents with IPC codes) for the text model (PATENTDB_TEXTCLASS_DATA)",
    )
    p.add_argument("--output", required=True, help="CSV path, or - for stdout")
    p.add_argument("--run-date", type=date_arg, action="append", help="only these run dates (repeatable)")
    p.set_defaults(fn=cmd_training_data)
