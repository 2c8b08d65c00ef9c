"""Validated query parameters of the search page and API, turned into a SearchQuery."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from search.backend import SearchQuery

MAX_SIZE = 100
#: Hits reachable by paging: offset + size stays within it (Elasticsearch's default
#: ``index.max_result_window``, so both backends page alike); deeper reads use the export.
RESULT_WINDOW = 10_000
MAX_VALUES = 50

#: URL parameter → index keyword field it filters (OR within a field, AND across fields).
FILTER_PARAMS: dict[str, str] = {
    "industry": "industries",
    "town": "town",
    "patent_type": "patent_type",
    "legal_status": "legal_status",
    "application_year": "application_year",
    "ipc_subclass": "ipc_subclass",
    "doc_type": "doc_type",
    "synthetic": "synthetic",
}
PARAM_OF_FIELD: dict[str, str] = {field: param for param, field in FILTER_PARAMS.items()}

Value = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Year = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^(\d{4})?$")]
Values = Annotated[list[Value], Field(default_factory=list, max_length=MAX_VALUES)]


class SearchParams(BaseModel):
    """What ``/api/search`` accepts; every filter may repeat (``?industry=AUTO&industry=MOTOR``)."""

    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    industry: Values
    town: Values
    patent_type: Values
    legal_status: Values
    application_year: Annotated[list[Year], Field(default_factory=list, max_length=MAX_VALUES)]
    ipc_subclass: Values
    doc_type: Values
    synthetic: Annotated[list[Literal["true", "false", ""]], Field(default_factory=list, max_length=2)]
    size: int = Field(default=20, ge=0, le=MAX_SIZE)
    offset: int = Field(default=0, ge=0, le=RESULT_WINDOW)

    def filters(self) -> dict[str, list[str]]:
        """Non-empty filters keyed by index field; blank form values are dropped."""
        out: dict[str, list[str]] = {}
        for param, field in FILTER_PARAMS.items():
            values = list(dict.fromkeys(v for v in getattr(self, param) if v))
            if values:
                out[field] = values
        return out

    def first_offset(self) -> int:
        return self.offset

    @model_validator(mode="after")
    def _within_window(self) -> SearchParams:
        if self.first_offset() + self.size > RESULT_WINDOW:
            raise ValueError(
                f"paging reaches only the first {RESULT_WINDOW} hits: offset {self.first_offset()} + size "
                f"{self.size} is beyond them; narrow the query with filters"
            )
        return self

    def to_query(self) -> SearchQuery:
        return SearchQuery(text=self.q, filters=self.filters(), size=self.size, offset=self.first_offset())

    def filter_pairs(self) -> list[tuple[str, str]]:
        """The active filters as (URL parameter, value) pairs, in a stable order."""
        return [(PARAM_OF_FIELD[field], v) for field, values in self.filters().items() for v in values]


class PageParams(SearchParams):
    """What the HTML search page accepts: a 1-based ``page`` instead of an offset."""

    page: int = Field(default=1, ge=1)

    def first_offset(self) -> int:
        return (self.page - 1) * self.size
