"""EPO OPS spider: biblio by number, CQL searches in date windows (split under the 2,000-hit cap),
then INPADOC legal events and families of every document found. The token lives in OpsAuthMiddleware."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urlencode

from pydantic import BaseModel, Field, field_validator
from scrapy import FormRequest, Request
from scrapy.http import Response

from crawlers.items import RecordItem
from crawlers.parsers import epo_ops
from crawlers.parsers.common import split_publication_number
from crawlers.parsers.errors import ParseError
from crawlers.spiders.base import Item, SourceSpider
from crawlers.spiders.window import Window, json_or_csv, truthy
from patentdb.settings import get_settings

MAX_OPS_RESULTS = 2000  # OPS never returns hits past 2,000
BIBLIO = "/3.2/rest-services/published-data/publication/docdb/{numbers}/biblio"
SEARCH = "/3.2/rest-services/published-data/search/biblio"
LEGAL = "/3.2/rest-services/legal/publication/docdb/{number}"
FAMILY = "/3.2/rest-services/family/publication/docdb/{number}"
TOKEN = "/3.2/auth/accesstoken"


def docdb(number: str) -> str:
    """Any publication number → OPS docdb input form ``CC.NUMBER.KIND``."""
    country, digits, kind = split_publication_number(number)
    return f"{country}.{digits}.{kind}" if kind else f"{country}.{digits}"


class SearchSpec(BaseModel):
    q: str = Field(min_length=1, description="CQL query, without the publication-date clause")
    max_results: int = Field(default=MAX_OPS_RESULTS, ge=1, le=MAX_OPS_RESULTS, description="per window")
    page_size: int = Field(default=100, ge=1, le=100)
    since: date | None = Field(default=None, description="own window; default: the run's window")
    until: date | None = None
    all_dates: bool = Field(default=False, description="never add a publication-date clause")

    def window(self, run: Window) -> Window:
        if self.all_dates:
            return Window()
        return Window(since=self.since, until=self.until) if (self.since or self.until) else run


class OpsArgs(BaseModel):
    """Spider arguments, validated before anything is requested."""

    numbers: list[str] = Field(default_factory=list, description="sent batch_size at a time")
    batches: list[list[str]] = Field(default_factory=list, description="explicit batches (one request each)")
    searches: list[SearchSpec] = Field(default_factory=list)
    batch_size: int = Field(default=50, ge=1, le=100)
    since: date | None = None
    until: date | None = None
    legal: bool = Field(default=False, description="fetch the INPADOC legal events of every document")
    family: bool = Field(default=False, description="fetch the INPADOC family of every document")

    _lists = field_validator("numbers", "searches", "batches", mode="before")(json_or_csv)
    _flags = field_validator("legal", "family", mode="before")(truthy)

    @field_validator("numbers")
    @classmethod
    def _docdb(cls, value: list[str]) -> list[str]:
        return [docdb(number) for number in value]

    @field_validator("batches")
    @classmethod
    def _docdb_batches(cls, value: list[list[str]]) -> list[list[str]]:
        return [[docdb(number) for number in batch] for batch in value if batch]

    @property
    def window(self) -> Window:
        return Window(since=self.since, until=self.until)

    def all_batches(self) -> list[list[str]]:
        chunks = [self.numbers[i : i + self.batch_size] for i in range(0, len(self.numbers), self.batch_size)]
        return self.batches + chunks


class EpoOpsSpider(SourceSpider):
    name = "epo_ops"
    source_id = "epo-ops"
    public_base_url = "https://ops.epo.org"
    # 400/401/403: token failures the auth middleware could not cure reach the spider to be quarantined
    handle_httpstatus_list: ClassVar[list[int]] = [400, 401, 403, 404, 429]

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        args = OpsArgs.model_validate({k: kwargs.pop(k) for k in list(kwargs) if k in OpsArgs.model_fields})
        super().__init__(base_url=base_url, **kwargs)
        self.args = args

    def _basic_auth(self) -> str | None:
        creds = get_settings()
        if creds.ops_key and creds.ops_secret:
            pair = f"{creds.ops_key.get_secret_value()}:{creds.ops_secret.get_secret_value()}"
        elif self.base_url != self.public_base_url:
            pair = "replay:replay"  # the replay server does not check credentials
        else:
            return None
        return "Basic " + base64.b64encode(pair.encode()).decode()

    def token_request(self) -> Request:
        """The OAuth client-credentials call (OpsAuthMiddleware sends it; never cached, never stored)."""
        return FormRequest(
            self.url(TOKEN),
            formdata={"grant_type": "client_credentials"},
            headers={"Authorization": self._basic_auth() or ""},
            dont_filter=True,
            meta={"dont_cache": True},
        )

    async def start(self) -> AsyncIterator[Request]:
        if self._basic_auth() is None:
            self.logger.error("set PATENTDB_OPS_KEY and PATENTDB_OPS_SECRET to crawl OPS")
            return
        for batch in self.args.all_batches():
            yield self._get(BIBLIO.format(numbers=",".join(batch)), "retrieval", self.parse_documents)
        for spec in self.args.searches:
            yield self._search(spec, spec.window(self.args.window), 1)

    def _get(self, path: str, service: str, callback: Any, **meta: Any) -> Request:
        return Request(
            self.url(path),
            headers={"Accept": "application/xml"},
            callback=callback,
            errback=self.request_failed,
            meta={"ops_service": service, "ops_auth": True, **meta},
        )

    def _search(self, spec: SearchSpec, window: Window, begin: int, last: int | None = None) -> Request:
        end = min(begin + spec.page_size - 1, last or spec.max_results, MAX_OPS_RESULTS)
        clause = window.ops_cql()
        query = urlencode({"q": f"{spec.q} and {clause}" if clause else spec.q, "Range": f"{begin}-{end}"})
        meta = {"search": spec.model_dump(mode="json"), "window": window.model_dump(mode="json")}
        return self._get(f"{SEARCH}?{query}", "search", self.parse_search, **meta)

    def _follow(self, items: Iterable[Item]) -> Iterator[Item | Request]:
        """Pass items through; then ask for the legal events / family of each document they carry."""
        numbers: list[str] = []
        for item in items:
            if isinstance(item, RecordItem):
                numbers.append(str(item.line["record"]["publication_number"]))
            yield item
        for number in numbers:
            if self.args.legal:
                yield self._get(LEGAL.format(number=docdb(number)), "inpadoc", self.parse_related)
            if self.args.family:
                yield self._get(FAMILY.format(number=docdb(number)), "inpadoc", self.parse_related)

    def parse_documents(self, response: Response) -> Iterator[Item | Request]:
        yield from self._follow(self.emit(response, epo_ops.parse))

    def parse_related(self, response: Response) -> Iterator[Item]:
        """Legal and family responses: their records merge into the documents' records downstream."""
        yield from self.emit(response, epo_ops.parse)

    def parse_search(self, response: Response) -> Iterator[Item | Request]:
        spec = SearchSpec.model_validate(response.meta["search"])
        window = Window.model_validate(response.meta["window"])
        if response.status == 404 and b"<fault" in response.body[:500]:
            # OPS answers a search without hits with a 404 fault: a quiet window, not an error
            self.logger.info("no hits for %s in %s", spec.q, window)
            self.stat("ops/search_no_hits")
            yield self.response_item(response)
            return
        page = None
        if response.status < 400:
            try:
                page = epo_ops.parse_search_page(response.body, response.url)
            except ParseError:
                page = None  # emit() below quarantines the body with the reason
        if page and page.begin <= 1 and page.total > MAX_OPS_RESULTS:
            halves = window.split()
            if halves:  # every hit must be reachable: search each half instead of this window
                self.logger.info("%d hits > %d in %s: splitting", page.total, MAX_OPS_RESULTS, window)
                self.stat("ops/window_splits")
                for half in halves:
                    yield self._search(spec, half, 1)
                return
            self.logger.warning(
                "%d hits in one day (%s): only %d reachable", page.total, window, MAX_OPS_RESULTS
            )
            self.stat("ops/search_truncated")
        yield from self._follow(self.emit(response, epo_ops.parse))
        last = min(page.total, spec.max_results, MAX_OPS_RESULTS) if page else 0
        if page and 0 < page.end < last:
            yield self._search(spec, window, page.end + 1, last)
