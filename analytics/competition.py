"""Competition-situation tables (专利竞争态势): filing trends, applicant rankings, composition."""

from __future__ import annotations

import pandas as pd


def filing_trend(frame: pd.DataFrame, by: str = "industry_primary") -> pd.DataFrame:
    """Applications per application year (rows) and ``by`` value (columns); zeros where none."""
    data = frame.dropna(subset=["application_year", by])
    table = pd.crosstab(data["application_year"], data[by])
    return table.sort_index()


def applicant_ranking(frame: pd.DataFrame, industry: str | None = None, top: int = 20) -> pd.DataFrame:
    """Top applicants by number of patents (optionally within one industry), with their in-force share."""
    data = (
        frame
        if industry is None
        else frame[frame["industries"].str.split("|").apply(lambda c: industry in c)]
    )
    if data.empty:
        columns = ["patents", "in_force", "inventions", "in_force_share"]
        return pd.DataFrame(columns=columns, index=pd.Index([], name="applicant"))
    flags = data.assign(
        in_force=(data["legal_status"] == "in_force").astype(int),
        inventions=(data["patent_type"] == "invention").astype(int),
    )
    grouped = flags.groupby("applicant", dropna=True).agg(
        patents=("publication_number", "count"),
        in_force=("in_force", "sum"),
        inventions=("inventions", "sum"),
    )
    grouped["in_force_share"] = (grouped["in_force"] / grouped["patents"]).round(3)
    return grouped.sort_values(["patents", "in_force"], ascending=False).head(top)


def region_comparison(frame: pd.DataFrame) -> pd.DataFrame:
    """Patents per county and primary industry: Jingjiang against its peer regions."""
    data = frame.dropna(subset=["county"])
    return pd.crosstab(
        data["county"], data["industry_primary"].fillna("(none)"), margins=True, margins_name="total"
    )
