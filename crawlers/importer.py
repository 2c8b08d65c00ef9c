"""Import files (CNIPA export CSV/XLSX, TRS, OPS XML, Google Patents HTML) into the raw partition layout."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from crawlers.formats import get_format
from crawlers.parsers.common import ParseContext
from crawlers.parsers.errors import ParseError
from crawlers.partition import STAGE, PartitionWriter, RawResponse
from transforms.io import to_line
from transforms.records import Quarantined

#: Rejection reasons an import summary repeats (all of them are in the quarantine partition).
MAX_REASONS = 5


class ImportSummary(BaseModel):
    """``parsed`` / ``quarantined`` / ``duplicates``: the whole partition after the import (a merge keeps
    what earlier imports of the run date wrote); ``added`` / ``rejected``: what these files gave, with the
    reasons of the first rejections."""

    source: str
    run_date: str
    files: int
    parsed: int
    quarantined: int
    duplicates: int
    added: int = 0
    rejected: int = 0
    reasons: list[str] = []


def import_files(
    fmt: str,
    paths: Sequence[Path | str],
    home: Path,
    run_date: str,
    synthetic: bool = False,
    fetched_at: dt.datetime | None = None,
    *,
    merge: bool = False,
) -> ImportSummary:
    """Parse ``paths`` with the ``fmt`` parser and rewrite ``raw/<fmt>/<run_date>/`` (source id = format id).

    A file that cannot be parsed at all becomes one quarantine entry; bad records become entries too.
    ``fetched_at`` defaults to the start of the run date (UTC), so reruns write identical partitions.
    ``merge``: add to the partition already there (``patentdb import``) instead of replacing it.
    """
    spec = get_format(fmt)
    source, parser = spec.source, spec.parser
    when = fetched_at or dt.datetime.combine(dt.date.fromisoformat(run_date), dt.time(), tzinfo=dt.UTC)
    writer = PartitionWriter(source=source)
    if merge:
        writer.load_partition(home, run_date)
    added = rejected = 0
    reasons: list[str] = []
    for raw_path in paths:
        path = Path(raw_path)
        data = path.read_bytes()
        url = str(path)
        ctx = ParseContext(source=source, source_url=url, fetched_at=when, synthetic=synthetic)
        writer.add_response(
            RawResponse(
                url, 200, mimetypes.guess_type(path.name)[0] or "application/octet-stream", data, synthetic
            )
        )
        try:
            result = parser(data, ctx)
        except ParseError as exc:
            writer.add_quarantine(
                Quarantined(stage=STAGE, source=source, reason=str(exc), source_url=url, payload=url)
            )
            rejected += 1
            reasons.append(f"{path.name}: {exc}")
            continue
        for record in result.records:
            writer.add_record(to_line(record), url)
        for entry in result.quarantined:
            writer.add_quarantine(entry)
        added += len(result.records)
        rejected += len(result.quarantined)
        reasons += [f"{path.name}: {entry.reason}" for entry in result.quarantined]
    counts = writer.commit(home, run_date)
    return ImportSummary(
        source=source,
        run_date=run_date,
        files=len(paths),
        parsed=counts.parsed,
        quarantined=counts.quarantined,
        duplicates=counts.duplicates,
        added=added,
        rejected=rejected,
        reasons=reasons[:MAX_REASONS],
    )
