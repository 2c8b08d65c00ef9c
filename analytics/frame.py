"""Load classified records of a snapshot (stage/classify partitions) into a flat pandas DataFrame."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from transforms.io import AnyRecord, read_records
from transforms.records import Patent

COLUMNS = [
    "publication_number",
    "patent_type",
    "application_year",
    "legal_status",
    "applicant",
    "is_local",
    "county",
    "town",
    "industry_primary",
    "industries",
    "ipc_subclass",
    "synthetic",
    "parties",
]


def patent_rows(records: Iterable[AnyRecord]) -> list[dict[str, object]]:
    """One row per patent (``applicant``, ``county``, ``town``: the first applicant's; ``parties``: every
    applicant as ``{applicant_id, applicant, is_local, town}``), industries joined with ``|``."""
    rows: list[dict[str, object]] = []
    for rec in records:
        if not isinstance(rec, Patent):
            continue
        first = rec.applicants[0] if rec.applicants else None
        primary = next((lab.code for lab in rec.industries if lab.primary), None)
        rows.append(
            {
                "publication_number": rec.publication_number,
                "patent_type": rec.patent_type.value,
                "application_year": rec.application_date.year if rec.application_date else None,
                "legal_status": rec.legal_status.value,
                "applicant": (first.name or first.raw_name) if first else None,
                "is_local": any(p.is_local for p in rec.applicants),
                "county": first.place.county if first else None,
                "town": first.place.town if first else None,
                "industry_primary": primary,
                "industries": "|".join(lab.code for lab in rec.industries),
                "ipc_subclass": rec.ipc[0][:4] if rec.ipc else None,
                "synthetic": rec.provenance.synthetic,
                "parties": [
                    {
                        "applicant_id": p.applicant_id or (p.name or p.raw_name),
                        "applicant": p.name or p.raw_name,
                        "is_local": p.is_local,
                        "town": p.place.town,
                    }
                    for p in rec.applicants
                ],
            }
        )
    return rows


def load_snapshot(home: Path, run_date: str) -> pd.DataFrame:
    """All classified patents of ``run_date`` (every source) as a DataFrame with COLUMNS."""
    rows: list[dict[str, object]] = []
    root = home / "stage" / "classify"
    for path in sorted(root.glob(f"*/{run_date}.jsonl")):
        rows.extend(patent_rows(read_records(path, stage="analytics", source=path.parent.name).records))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"application_year": "Int64"})
