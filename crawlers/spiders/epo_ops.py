"""EPO OPS spider: OAuth token, then biblio retrieval by number and CQL searches with biblio (paged)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, Field, field_validator
from scrapy import FormRequest, Request
from scrapy.http import Response

from crawlers.parsers import epo_ops
from crawlers.parsers.common import split_publication_number
from crawlers.parsers.errors import ParseError
from crawlers.spiders.base import Item, SourceSpider
from patentdb.settings import get_settings

MAX_OPS_RESULTS = 2000  # OPS never returns hits past 2,000
BIBLIO = "/3.2/rest-services/published-data/publication/docdb/{numbers}/biblio"
SEARCH = "/3.2/rest-services/published-data/search/biblio"
TOKEN = "/3.2/auth/accesstoken"


def _docdb(number: str) -> str:
    """Any publication number → OPS docdb input form ``CC.NUMBER.KIND``."""
    country, digits, kind = split_publication_number(number)
    return f"{country}.{digits}.{kind}" if kind else f"{country}.{digits}"


class SearchSpec(BaseModel):
    q: str = Field(min_length=1, description="CQL query")
    max_results: int = Field(default=100, ge=1, le=MAX_OPS_RESULTS)
    page_size: int = Field(default=25, ge=1, le=100)


class OpsArgs(BaseModel):
    """Spider arguments, validated before anything is requested."""

    numbers: list[str] = Field(
        default_factory=list, description="publication numbers, sent batch_size at a time"
    )
    batches: list[list[str]] = Field(
        default_factory=list, description="explicit batches of numbers (one request each)"
    )
    searches: list[SearchSpec] = Field(default_factory=list)
    batch_size: int = Field(default=50, ge=1, le=100)
    since: date | None = None
    until: date | None = None

    @field_validator("numbers", "searches", mode="before")
    @classmethod
    def _json_or_csv(cls, value: Any) -> Any:
        if isinstance(value, str):  # `scrapy crawl -a numbers=A,B` / `-a searches='[{"q": …}]'`
            return json.loads(value) if value.lstrip().startswith("[") else [v for v in value.split(",") if v]
        return value

    @field_validator("numbers")
    @classmethod
    def _docdb(cls, value: list[str]) -> list[str]:
        return [_docdb(number) for number in value]

    @field_validator("batches")
    @classmethod
    def _docdb_batches(cls, value: list[list[str]]) -> list[list[str]]:
        return [[_docdb(number) for number in batch] for batch in value if batch]

    def all_batches(self) -> list[list[str]]:
        chunks = [self.numbers[i : i + self.batch_size] for i in range(0, len(self.numbers), self.batch_size)]
        return self.batches + chunks

    def cql(self, spec: SearchSpec) -> str:
        if not (self.since or self.until):
            return spec.q
        start = (self.since or date(1900, 1, 1)).strftime("%Y%m%d")
        end = (self.until or date(2999, 12, 31)).strftime("%Y%m%d")
        return f'{spec.q} and pd within "{start} {end}"'


class EpoOpsSpider(SourceSpider):
    name = "epo_ops"
    source_id = "epo-ops"
    public_base_url = "https://ops.epo.org"

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        args = OpsArgs.model_validate({k: kwargs.pop(k) for k in list(kwargs) if k in OpsArgs.model_fields})
        super().__init__(base_url=base_url, **kwargs)
        self.args = args
        self.token: str | None = None

    def _basic_auth(self) -> str | None:
        creds = get_settings()
        if creds.ops_key and creds.ops_secret:
            pair = f"{creds.ops_key.get_secret_value()}:{creds.ops_secret.get_secret_value()}"
        elif self.base_url != self.public_base_url:
            pair = "replay:replay"  # the replay server does not check credentials
        else:
            return None
        return "Basic " + base64.b64encode(pair.encode()).decode()

    async def start(self) -> AsyncIterator[Request]:
        auth = self._basic_auth()
        if auth is None:
            self.logger.error("set PATENTDB_OPS_KEY and PATENTDB_OPS_SECRET to crawl OPS")
            return
        yield FormRequest(
            self.url(TOKEN),
            formdata={"grant_type": "client_credentials"},
            headers={"Authorization": auth},
            callback=self.parse_token,
            dont_filter=True,
            meta={"dont_cache": True},
        )

    def _get(self, path: str, service: str, callback: Any, **meta: Any) -> Request:
        return Request(
            self.url(path),
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/xml"},
            callback=callback,
            meta={"ops_service": service, **meta},
        )

    def parse_token(self, response: Response) -> Iterator[Request]:
        try:
            self.token = str(json.loads(response.text)["access_token"])
        except (ValueError, KeyError, TypeError):
            self.logger.error("OPS token request failed: HTTP %s", response.status)
            return
        for batch in self.args.all_batches():
            yield self._get(BIBLIO.format(numbers=",".join(batch)), "retrieval", self.parse_documents)
        for spec in self.args.searches:
            yield self._search(spec, 1)

    def _search(self, spec: SearchSpec, begin: int, last: int | None = None) -> Request:
        end = min(begin + spec.page_size - 1, last or spec.max_results)
        query = urlencode({"q": self.args.cql(spec), "Range": f"{begin}-{end}"})
        return self._get(f"{SEARCH}?{query}", "search", self.parse_search, search=spec)

    def parse_documents(self, response: Response) -> Iterator[Item]:
        yield from self.emit(response, epo_ops.parse)

    def parse_search(self, response: Response) -> Iterator[Item | Request]:
        yield from self.emit(response, epo_ops.parse)
        if response.status >= 400:
            return
        try:
            page = epo_ops.parse_search_page(response.body, response.url)
        except ParseError:
            return  # already quarantined by emit()
        spec: SearchSpec = response.meta["search"]
        last = min(page.total, spec.max_results, MAX_OPS_RESULTS) if page else 0
        if page and 0 < page.end < last:
            yield self._search(spec, page.end + 1, last)
