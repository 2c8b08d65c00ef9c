"""The refresh's quality gate: what in a run's stage reports means the run must not pass (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: A stage that quarantines more than this share of what it read fails the run.
MAX_QUARANTINE_SHARE = 0.5


def problems(reports: Sequence[Mapping[str, Any]], index_count: int) -> list[str]:
    """Why the run fails, one line each (empty: it passes).

    - the index is empty;
    - a stage quarantined everything a source gave it (produced 0, quarantined > 0);
    - a stage quarantined more than MAX_QUARANTINE_SHARE of its input.

    A crawl that finds nothing new is a quiet day, not a failure, so it is not checked here.
    """
    out: list[str] = []
    if index_count == 0:
        out.append("the index is empty after indexing")
    for report in reports:
        stage = str(report.get("stage"))
        for source, counts in sorted((report.get("by_source") or {}).items()):
            if source.startswith("_") or "produced" not in counts:
                continue
            if counts.get("produced", 0) == 0 and counts.get("quarantined", 0) > 0:
                out.append(f"{stage}: every record of {source} was quarantined ({counts['quarantined']})")
        produced, quarantined = int(report.get("produced", 0)), int(report.get("quarantined", 0))
        if quarantined and quarantined / (produced + quarantined) > MAX_QUARANTINE_SHARE:
            share = quarantined / (produced + quarantined)
            out.append(
                f"{stage}: {quarantined} of {produced + quarantined} records quarantined ({share:.0%})"
            )
    return out
