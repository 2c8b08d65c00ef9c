"""Import files (CNIPA export CSV/XLSX, TRS, OPS XML, Google Patents HTML) into the raw partition layout."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from crawlers.parsers import cnipa_export, epo_ops, google_patents, trs
from crawlers.parsers.common import ParseContext, ParseResult
from crawlers.parsers.errors import ParseError
from crawlers.partition import STAGE, PartitionWriter, RawResponse
from transforms.io import to_line
from transforms.records import Quarantined

Parser = Callable[[bytes, ParseContext], ParseResult]
FORMATS: dict[str, Parser] = {
    "cnipa-export": cnipa_export.parse,
    "cnipa-trs": trs.parse,
    "epo-ops": epo_ops.parse,
    "google-patents": google_patents.parse,
}


class ImportSummary(BaseModel):
    source: str
    run_date: str
    files: int
    parsed: int
    quarantined: int
    duplicates: int


def import_files(
    fmt: str,
    paths: Sequence[Path | str],
    home: Path,
    run_date: str,
    synthetic: bool = False,
    fetched_at: dt.datetime | None = None,
) -> ImportSummary:
    """Parse ``paths`` with the ``fmt`` parser and rewrite ``raw/<fmt>/<run_date>/`` (source id = format id).

    A file that cannot be parsed at all becomes one quarantine entry; bad records become entries too.
    ``fetched_at`` defaults to the start of the run date (UTC), so reruns write identical partitions.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {sorted(FORMATS)}")
    parser = FORMATS[fmt]
    when = fetched_at or dt.datetime.combine(dt.date.fromisoformat(run_date), dt.time(), tzinfo=dt.UTC)
    writer = PartitionWriter(source=fmt)
    for raw_path in paths:
        path = Path(raw_path)
        data = path.read_bytes()
        url = str(path)
        ctx = ParseContext(source=fmt, source_url=url, fetched_at=when, synthetic=synthetic)
        writer.add_response(
            RawResponse(
                url, 200, mimetypes.guess_type(path.name)[0] or "application/octet-stream", data, synthetic
            )
        )
        try:
            result = parser(data, ctx)
        except ParseError as exc:
            writer.add_quarantine(
                Quarantined(stage=STAGE, source=fmt, reason=str(exc), source_url=url, payload=url)
            )
            continue
        for record in result.records:
            writer.add_record(to_line(record), url)
        for entry in result.quarantined:
            writer.add_quarantine(entry)
    counts = writer.commit(home, run_date)
    return ImportSummary(
        source=fmt,
        run_date=run_date,
        files=len(paths),
        parsed=counts.parsed,
        quarantined=counts.quarantined,
        duplicates=counts.duplicates,
    )
