"""The quality gate's rules on stage reports (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from patentdb.quality import problems


def report(stage: str, **by_source: tuple[int, int]) -> dict[str, Any]:
    counts = {s: {"produced": p, "quarantined": q} for s, (p, q) in by_source.items()}
    return {
        "stage": stage,
        "produced": sum(p for p, _ in by_source.values()),
        "quarantined": sum(q for _, q in by_source.values()),
        "by_source": {**counts, "_index": {"total_documents": 7}},
    }


@pytest.mark.parametrize(
    ("reports", "count", "expected"),
    [
        ([report("transform", ops=(10, 1), google=(5, 0))], 15, []),
        ([report("crawl", ops=(0, 0))], 15, []),  # a quiet day
        ([], 0, ["the index is empty after indexing"]),
        (
            [report("transform", ops=(10, 0), epub=(0, 4))],
            10,
            ["transform: every record of epub was quarantined (4)"],
        ),
        (
            [report("classify", ops=(3, 4))],
            3,
            ["classify: 4 of 7 records quarantined (57%)"],
        ),
    ],
)
def test_problems(reports: list[dict[str, Any]], count: int, expected: list[str]) -> None:
    assert problems(reports, count) == expected
