"""Numbers and IPC symbols typed into the search box: exact_terms and both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.backend import SearchQuery
from search.elastic import build_search_body
from search.embedded import EmbeddedBackend
from search.exact import exact_terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CN218751475U", {"publication_number": ["CN218751475U"]}),
        (" cn 218751475 u ", {"publication_number": ["CN218751475U"]}),
        ("202223220665.2", {"application_number": ["202223220665.2", "202223220665"]}),
        ("B63H", {"ipc_subclass": ["B63H"]}),
        ("F01K 3/00", {"ipc": ["F01K3/00"]}),
        ("推进器", {}),
        ("", {}),
        ("propeller", {}),
    ],
)
def test_exact_terms(text: str, expected: dict[str, list[str]]) -> None:
    assert {k: v for k, v in exact_terms(text).items() if k in expected or v} == expected


DOCS = [
    {
        "id": "CN218751475U",
        "publication_number": "CN218751475U",
        "application_number": "202223220665.2",
        "title": "一种船用推进器",
        "ipc": ["B63H23/32", "F16J15/00"],
        "ipc_subclass": ["B63H", "F16J"],
    },
    {
        "id": "CN115000222B",
        "publication_number": "CN115000222B",
        "title": "一种电机 B63H 用途",  # mentions the symbol in its text
        "ipc": ["H02K1/27"],
        "ipc_subclass": ["H02K"],
    },
    {
        "id": "CN1A",
        "publication_number": "CN1A",
        "title": "阀门",
        "ipc": ["F16K1/00"],
        "ipc_subclass": ["F16K"],
    },
]


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("cn218751475u", ["CN218751475U"]),
        ("202223220665.2", ["CN218751475U"]),
        ("F16J 15/00", ["CN218751475U"]),
        ("B63H", ["CN218751475U", "CN115000222B"]),  # the code first, then the text that mentions it
        ("F16K", ["CN1A"]),
        ("阀门", ["CN1A"]),
    ],
)
def test_numbers_and_symbols_find_their_records(tmp_path: Path, text: str, ids: list[str]) -> None:
    backend = EmbeddedBackend(tmp_path)
    backend.upsert(DOCS)
    assert [h.id for h in backend.search(SearchQuery(text=text, facets=())).hits] == ids


def test_es_body_ors_the_text_with_the_exact_field() -> None:
    must = build_search_body(SearchQuery(text="B63H"))["query"]["bool"]["must"]
    (either,) = must
    should = either["bool"]["should"]
    assert either["bool"]["minimum_should_match"] == 1
    assert should[1] == {"terms": {"ipc_subclass": ["B63H"], "boost": 10.0}}
    assert should[0]["bool"]["must"][0]["multi_match"]["query"] == "b63h"
    plain = build_search_body(SearchQuery(text="推进器"))["query"]["bool"]["must"]
    assert plain[0]["multi_match"]["query"] == "推进器"
