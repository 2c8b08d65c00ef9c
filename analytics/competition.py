"""Competition-situation tables (专利竞争态势): filing trends, applicant rankings, composition."""

from __future__ import annotations

import pandas as pd


def filing_trend(frame: pd.DataFrame, by: str = "industry_primary") -> pd.DataFrame:
    """Applications per application year (rows) and ``by`` value (columns); zeros where none."""
    data = frame.dropna(subset=["application_year", by])
    table = pd.crosstab(data["application_year"], data[by])
    return table.sort_index()


def applicant_ranking(
    frame: pd.DataFrame, industry: str | None = None, top: int = 20, *, local_only: bool = False
) -> pd.DataFrame:
    """Top applicants by number of patents (optionally within one industry), with their in-force share.

    Every co-applicant of a patent counts it (whole counting), grouped by applicant id so one applicant
    spelled differently by two sources is one row; ``local_only`` ranks only local applicants.
    """
    columns = ["patents", "in_force", "inventions", "in_force_share"]
    data = (
        frame
        if industry is None
        else frame[frame["industries"].str.split("|").apply(lambda c: industry in c)]
    )
    parties = data.explode("parties").dropna(subset=["parties"])
    if parties.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="applicant"))
    who = pd.DataFrame(list(parties["parties"]), index=parties.index)
    rows = parties.drop(columns=["parties", "applicant", "is_local", "town"]).join(who)  # the party's own
    if local_only:
        rows = rows[rows["is_local"].astype(bool)]
    if rows.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="applicant"))
    flags = rows.drop_duplicates(["applicant_id", "publication_number"]).assign(
        in_force=lambda d: (d["legal_status"] == "in_force").astype(int),
        inventions=lambda d: (d["patent_type"] == "invention").astype(int),
    )
    grouped = flags.groupby("applicant_id", dropna=True).agg(
        applicant=("applicant", "first"),
        patents=("publication_number", "count"),
        in_force=("in_force", "sum"),
        inventions=("inventions", "sum"),
    )
    grouped["in_force_share"] = (grouped["in_force"] / grouped["patents"]).round(3)
    ranked = grouped.sort_values(["patents", "in_force", "applicant"], ascending=[False, False, True]).head(
        top
    )
    return ranked.set_index("applicant")[columns]


def region_comparison(frame: pd.DataFrame) -> pd.DataFrame:
    """Patents per county and primary industry: Jingjiang against its peer regions."""
    data = frame.dropna(subset=["county"])
    return pd.crosstab(
        data["county"], data["industry_primary"].fillna("(none)"), margins=True, margins_name="total"
    )
