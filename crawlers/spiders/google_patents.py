"""Google Patents spider: fetches the patent page of each given publication number."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator
from scrapy import Request
from scrapy.http import Response

from crawlers.parsers import google_patents
from crawlers.parsers.common import split_publication_number
from crawlers.spiders.base import Item, SourceSpider


class GoogleArgs(BaseModel):
    """Spider arguments, validated before anything is requested."""

    numbers: list[str] = Field(default_factory=list)
    lang: Literal["zh", "en"] = "zh"

    @field_validator("numbers", mode="before")
    @classmethod
    def _json_or_csv(cls, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value.lstrip().startswith("[") else [v for v in value.split(",") if v]
        return value

    @field_validator("numbers")
    @classmethod
    def _compact(cls, value: list[str]) -> list[str]:
        return ["".join(v for v in split_publication_number(n) if v) for n in value]


class GooglePatentsSpider(SourceSpider):
    name = "google_patents"
    source_id = "google-patents"
    public_base_url = "https://patents.google.com"

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        args = GoogleArgs.model_validate(
            {k: kwargs.pop(k) for k in list(kwargs) if k in GoogleArgs.model_fields}
        )
        super().__init__(base_url=base_url, **kwargs)
        self.args = args

    async def start(self) -> AsyncIterator[Request]:
        for number in self.args.numbers:
            yield Request(self.url(f"/patent/{number}/{self.args.lang}"), callback=self.parse_page)

    def parse_page(self, response: Response) -> Iterator[Item]:
        yield from self.emit(response, google_patents.parse)
