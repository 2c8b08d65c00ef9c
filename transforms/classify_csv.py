"""``patentdb classify``: classify CSV rows (publication_number, title[, abstract, ipc]) into industries."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pydantic import ValidationError

from transforms.classify import classify_patent
from transforms.errors import NormalizationError
from transforms.ipc import split_ipc_list
from transforms.ipc_scheme import load_scheme
from transforms.records import IndustryLabel, Patent, Provenance
from transforms.taxonomy import Taxonomy

if TYPE_CHECKING:
    from transforms.textclass.model import TextModel

REQUIRED = ("publication_number", "title")
OUTPUT_EXTRA = ("industries", "scores", "evidence", "needs_review", "review_reason", "error")


class InputError(ValueError):
    """The input CSV lacks a required column."""


def row_to_patent(row: dict[str, str], fetched_at: dt.datetime, source: str) -> Patent:
    """A minimal Patent from one CSV row; bad IPC codes raise NormalizationError."""
    number = (row.get("publication_number") or "").strip()
    country = number[:2].upper() if number[:2].isalpha() else "XX"
    scheme = load_scheme()
    ipc = [scheme.normalize(code) for code in split_ipc_list(row.get("ipc") or "")]
    abstract = (row.get("abstract") or "").strip()
    return Patent(
        publication_number=number or "XX0",
        country=country,
        titles={"zh": (row.get("title") or "").strip()},
        abstracts={"zh": abstract} if abstract else {},
        ipc=ipc,
        provenance=Provenance(
            source=source, fetched_at=fetched_at, pipeline_version="classify-csv", synthetic=False
        ),
    )


def classify_rows(
    rows: Iterator[dict[str, str]],
    taxonomy: Taxonomy,
    fetched_at: dt.datetime,
    source: str,
    model: TextModel | None = None,
) -> Iterator[dict[str, str]]:
    """Each input row with industries (primary first), scores, evidence and review flags; bad rows
    carry ``error``."""
    for row in rows:
        out = dict(row)
        try:
            patent = classify_patent(row_to_patent(row, fetched_at, source), taxonomy, model)
        except ValidationError as exc:  # e.g. a publication number the records contract refuses
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "row"
            out.update(dict.fromkeys(OUTPUT_EXTRA, "") | {"error": f"{where}: {first['msg']}"})
            yield out
            continue
        except (NormalizationError, ValueError) as exc:
            out.update(dict.fromkeys(OUTPUT_EXTRA, "") | {"error": str(exc).splitlines()[0]})
            yield out
            continue
        labels = sorted(patent.industries, key=lambda lab: not lab.primary)
        out["industries"] = "|".join(lab.code for lab in labels)
        out["scores"] = "|".join(f"{lab.score:.3f}" for lab in labels)
        out["evidence"] = evidence_json(labels)
        review = patent.classification
        out["needs_review"] = "1" if review and review.needs_review else ""
        out["review_reason"] = (review.review_reason or "") if review else ""
        out["error"] = ""
        yield out


def evidence_json(labels: Sequence[IndustryLabel]) -> str:
    """``{"AUTO": ["ipc_conditional:H01M=H01M + 汽车", …]}``: each label's evidence as one JSON object."""
    return json.dumps(
        {lab.code: [f"{e.kind}:{e.rule}={e.matched}" for e in lab.evidence] for lab in labels},
        ensure_ascii=False,
    )


def classify_csv(
    src: Path, dst: TextIO, taxonomy: Taxonomy, fetched_at: dt.datetime, model: TextModel | None = None
) -> tuple[int, int]:
    """Classify ``src`` into ``dst``; returns (rows, rows with an error). UTF-8 (with or without BOM)."""
    with src.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        missing = [c for c in REQUIRED if c not in fields]
        if missing:
            raise InputError(
                f"{src}: missing column(s) {', '.join(missing)}; found {', '.join(fields) or 'none'}"
            )
        writer = csv.DictWriter(dst, fieldnames=[*fields, *[c for c in OUTPUT_EXTRA if c not in fields]])
        writer.writeheader()
        total = errors = 0
        for out in classify_rows(iter(reader), taxonomy, fetched_at, f"csv:{src.name}", model):
            writer.writerow(out)
            total += 1
            errors += bool(out["error"])
    return total, errors
