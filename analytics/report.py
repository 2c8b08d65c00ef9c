"""A competition-analysis workbook (XLSX) from one dated snapshot: trend, rankings, regions, composition."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics.competition import applicant_ranking, filing_trend, region_comparison

TARGETS = ("MARINE", "AUTO", "METAL", "MOTOR", "PUMP_VALVE", "HVAC", "SMART_MFG")


def sheets(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table of the report, by sheet name (pure: DataFrame in, DataFrames out)."""
    local = frame[frame["is_local"]]
    out: dict[str, pd.DataFrame] = {
        "trend_local": filing_trend(local),
        "trend_type_local": filing_trend(local, by="patent_type"),
        "ranking_local": applicant_ranking(local, local_only=True),
        "regions": region_comparison(frame),
        "legal_status_local": pd.crosstab(
            local["industry_primary"].fillna("(none)"),
            local["legal_status"],
            margins=True,
            margins_name="total",
        ),
    }
    for code in TARGETS:
        ranking = applicant_ranking(local, industry=code, local_only=True)
        if not ranking.empty:
            out[f"ranking_{code}"] = ranking
    return out


def write_report(frame: pd.DataFrame, path: Path, *, run_date: str) -> list[str]:
    """Write the workbook; the first sheet says what the snapshot is and how much of it is synthetic."""
    tables = sheets(frame)
    about = pd.DataFrame(
        {
            "key": ["snapshot run date", "patents", "local patents", "synthetic records", "sheets"],
            "value": [
                run_date,
                len(frame),
                int(frame["is_local"].sum()),
                int(frame["synthetic"].sum()),
                ", ".join(tables),
            ],
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        about.to_excel(writer, sheet_name="about", index=False)
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name[:31])
    return ["about", *tables]
