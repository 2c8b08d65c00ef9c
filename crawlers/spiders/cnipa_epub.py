"""CNIPA 中国专利公布公告 spider: gate in a real browser, search by address / applicant, detail pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, Field, field_validator
from scrapy import Request
from scrapy.http import Response

from crawlers.items import ResponseItem
from crawlers.parsers import cnipa_epub
from crawlers.parsers.errors import ParseError
from crawlers.spiders.base import Item
from crawlers.spiders.cnipa_browser import GatedSpider
from crawlers.spiders.window import compact_numbers, json_or_csv

SEARCH = "/Dxb/PageQuery"


class EpubSearch(BaseModel):
    q: str = Field(min_length=1, description="what the field must contain, e.g. 靖江")
    field: Literal["address", "applicant"] = "address"
    page_size: int = Field(default=10, ge=1, le=50)
    max_pages: int = Field(default=20, ge=1, le=200)

    def form(self, page: int) -> dict[str, str]:
        return {self.field: self.q, "pageNum": str(page), "pageSize": str(self.page_size)}


class EpubArgs(BaseModel):
    """Spider arguments, validated before anything is requested."""

    numbers: list[str] = Field(default_factory=list, description="publication numbers, e.g. CN116000505A")
    searches: list[EpubSearch] = Field(default_factory=list)

    _lists = field_validator("numbers", "searches", mode="before")(json_or_csv)
    _compact = field_validator("numbers")(compact_numbers)


class CnipaEpubSpider(GatedSpider):
    name = "cnipa_epub"
    source_id = "cnipa-epub"
    public_base_url = "http://epub.cnipa.gov.cn"

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        args = EpubArgs.model_validate({k: kwargs.pop(k) for k in list(kwargs) if k in EpubArgs.model_fields})
        super().__init__(base_url=base_url, **kwargs)
        self.args = args
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[Request]:
        # the home page first: the gate's script sets the session cookie the later requests carry
        yield self.browse(self.url("/"), self.parse_home, dont_filter=True)

    def _search(self, spec: EpubSearch, page: int) -> Request:
        form = urlencode(spec.form(page))
        return self.browse(
            self.url(SEARCH),
            self.parse_search,
            method="POST",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            meta={"search": spec, "form": form},
        )

    def _detail(self, path: str) -> None:
        if path not in self.seen:
            self.seen.add(path)
            self.pending.append(self.browse(self.url(path), self.parse_detail))

    def parse_home(self, response: Response) -> Iterator[Item | Request]:
        blocked = list(self.blocked_page(response))
        if blocked:
            yield from blocked
            return
        self.pending.extend(self._search(spec, 1) for spec in self.args.searches)
        for number in self.args.numbers:
            self._detail(f"/patent/{number}")
        yield from self.next_request()

    def parse_search(self, response: Response) -> Iterator[Item | Request]:
        blocked = list(self.blocked_page(response))
        if blocked:
            yield from blocked
            return
        # one URL for every page of a POST search: the form is kept in the fragment so pages stay apart
        url = f"{self.public_url(response.url)}#POST:{response.meta['form']}"
        ctx = self.context(response)
        yield ResponseItem(url, response.status, "text/html", response.body, ctx.synthetic)
        try:
            page = cnipa_epub.parse_search_page(response.body, url)
        except ParseError as exc:
            yield self.quarantine(response, str(exc))
            yield from self.next_request()
            return
        for path in page.detail_paths:
            self._detail(path)
        spec: EpubSearch = response.meta["search"]
        if page.page < min(page.pages, spec.max_pages):
            self.pending.append(self._search(spec, page.page + 1))
        elif page.page == spec.max_pages < page.pages:
            yield self.truncated(response, f"{spec.max_pages} pages", f"{page.pages} pages", "max_pages")
        yield from self.next_request()

    def parse_detail(self, response: Response) -> Iterator[Item | Request]:
        blocked = list(self.blocked_page(response))
        if blocked:
            yield from blocked
            return
        yield from self.emit(response, cnipa_epub.parse)
        yield from self.next_request()
