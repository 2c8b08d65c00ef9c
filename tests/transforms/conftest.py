from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from transforms.records import Party, Patent, Provenance


def make_patent(**fields: Any) -> Patent:
    base: dict[str, Any] = {
        "publication_number": "CN218751475U",
        "country": "CN",
        "titles": {"zh": "一种装置"},
        "provenance": Provenance(
            source="test", fetched_at=dt.datetime(2026, 11, 25, 8, 0), pipeline_version="test", synthetic=True
        ),
    }
    base.update(fields)
    return Patent(**base)


@pytest.fixture
def patent_factory() -> Any:
    return make_patent


@pytest.fixture
def local_party() -> Party:
    return Party(raw_name="靖江市 某某船舶配件有限公司 ", address="214500 江苏省泰州市靖江市新桥镇东环路8号")
