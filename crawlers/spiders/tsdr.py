"""USPTO TSDR spider: case status XML by serial (``sn…``) or registration (``rn…``) number, API key."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from pydantic import BaseModel, Field, field_validator
from scrapy import Request
from scrapy.http import Response

from crawlers.parsers import tsdr
from crawlers.spiders.base import Item, SourceSpider
from crawlers.spiders.window import json_or_csv
from patentdb.settings import get_settings

STATUS = "/ts/cd/casestatus/{number}/info.xml"
KEY_HEADER = "USPTO-API-KEY"
_NUMBER = re.compile(r"^(sn\d{8}|rn\d{6,8})$")


class TsdrArgs(BaseModel):
    """Spider arguments: ``sn76044902`` (serial) or ``rn2178784`` (registration); bare 8 digits = serial."""

    numbers: list[str] = Field(default_factory=list)

    _lists = field_validator("numbers", mode="before")(json_or_csv)

    @field_validator("numbers")
    @classmethod
    def _prefixed(cls, value: list[str]) -> list[str]:
        out = []
        for raw in value:
            number = raw.strip().lower().replace(",", "")
            number = f"sn{number}" if number.isdigit() and len(number) == 8 else number
            if not _NUMBER.match(number):
                raise ValueError(f"not a TSDR serial / registration number: {raw!r}")
            out.append(number)
        return out


class TsdrSpider(SourceSpider):
    name = "tsdr"
    source_id = "tsdr"
    public_base_url = "https://tsdrapi.uspto.gov"
    # TSDR allows about 60 requests a minute per key
    custom_settings: dict[str, Any] | None = {  # noqa: RUF012 (Scrapy reads it from the class)
        "DOWNLOAD_DELAY": 1.0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    }

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        args = TsdrArgs.model_validate({k: kwargs.pop(k) for k in list(kwargs) if k in TsdrArgs.model_fields})
        super().__init__(base_url=base_url, **kwargs)
        self.args = args

    def _api_key(self) -> str | None:
        key = get_settings().tsdr_api_key
        if key is not None:
            return key.get_secret_value()
        return "replay" if self.base_url != self.public_base_url else None  # the replay server checks none

    async def start(self) -> AsyncIterator[Request]:
        key = self._api_key()
        if key is None:
            self.logger.error("set PATENTDB_TSDR_API_KEY to crawl TSDR")
            return
        for number in self.args.numbers:
            yield Request(
                self.url(STATUS.format(number=number)),
                headers={KEY_HEADER: key, "Accept": "application/xml"},
                callback=self.parse_status,
                errback=self.request_failed,
            )

    def parse_status(self, response: Response) -> Iterator[Item]:
        yield from self.emit(response, tsdr.parse)
