"""CNIPA 商标公告 spider: the browser passes the gate, then the annSearchDG JSON is paged with its cookie."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, Field, field_validator
from scrapy import FormRequest, Request
from scrapy.http import Response

from crawlers.parsers import cnipa_gazette
from crawlers.parsers.errors import ParseError
from crawlers.spiders.base import Item
from crawlers.spiders.cnipa_browser import GatedSpider

HOME = "/tmann/annInfoView/homePage.html"
SEARCH = "/tmann/annInfoView/annSearchDG.html"


class AnnSearch(BaseModel):
    q: str = Field(min_length=1, description="registrant name contains (regName), e.g. 靖江")
    ann_type: str | None = Field(default=None, description="one of the 55 ann_type codes, e.g. TMZCSQ")
    rows: int = Field(default=20, ge=1, le=100)
    max_pages: int = Field(default=50, ge=1, le=1000)

    def form(self, page: int) -> dict[str, str]:
        form = {"page": str(page), "rows": str(self.rows), "regName": self.q, "totalYOrN": "true"}
        if self.ann_type:
            form["annType"] = self.ann_type
        return form


class TrademarkArgs(BaseModel):
    searches: list[AnnSearch] = Field(default_factory=list)

    @field_validator("searches", mode="before")
    @classmethod
    def _json_or_csv(cls, value: Any) -> Any:
        if isinstance(value, str):
            return (
                json.loads(value) if value.lstrip().startswith("[") else [{"q": v} for v in value.split(",")]
            )
        return value


class CnipaTrademarkSpider(GatedSpider):
    name = "cnipa_trademarks"
    source_id = "cnipa-trademarks"
    public_base_url = "http://wsgg.sbj.cnipa.gov.cn:9080"

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        args = TrademarkArgs.model_validate(
            {k: kwargs.pop(k) for k in list(kwargs) if k in TrademarkArgs.model_fields}
        )
        super().__init__(base_url=base_url, **kwargs)
        self.args = args
        self.cookies: dict[str, str] = {}

    async def start(self) -> AsyncIterator[Request]:
        yield self._gate()

    def _gate(self) -> Request:
        return self.browse(
            self.url(HOME), self.parse_home, dont_filter=True, meta={"playwright_include_page": True}
        )

    async def parse_home(self, response: Response) -> AsyncIterator[Item | Request]:
        page = response.meta.pop("playwright_page")
        try:
            cookies = await page.context.cookies()
        finally:
            await page.close()
        for item in self.blocked_page(response):
            yield item
            return
        # the XHR the page would make, sent by Scrapy with the browser session's cookie and user agent
        self.cookies = {c["name"]: c["value"] for c in cookies if "name" in c and "value" in c}
        self.pending.extend(self._search(spec, 1) for spec in self.args.searches)
        for request in self.next_request():
            yield request

    def _search(self, spec: AnnSearch, page: int) -> FormRequest:
        return FormRequest(
            self.url(SEARCH),
            formdata=spec.form(page),
            cookies=self.cookies,
            headers={"X-Requested-With": "XMLHttpRequest", "Referer": self.url(HOME)},
            callback=self.parse_page,
            errback=self.failed,
            meta={"search": spec, "page": page, "form": urlencode(spec.form(page))},
        )

    def parse_page(self, response: Response) -> Iterator[Item | Request]:
        blocked = list(self.blocked_page(response))
        if blocked:
            yield from blocked
            return
        # every page is a POST to one URL: the form goes into the kept URL so pages stay apart
        paged = response.replace(url=f"{response.url}#POST:{response.meta['form']}")
        yield from self.emit(paged, cnipa_gazette.parse)
        spec: AnnSearch = response.meta["search"]
        page: int = response.meta["page"]
        try:
            total, _rows = cnipa_gazette.load_page(response.body, response.url)
        except ParseError:
            yield from self.next_request()  # already quarantined by emit()
            return
        if page * spec.rows < total and page < spec.max_pages:
            self.pending.append(self._search(spec, page + 1))
        elif page * spec.rows < total:
            yield self.truncated(response, f"{page * spec.rows} rows", f"{total}", "max_pages or rows")
        yield from self.next_request()
