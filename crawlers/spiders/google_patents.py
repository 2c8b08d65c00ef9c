"""Google Patents spider: `xhr/query` searches (paged by `num_page`), then patent pages by hit or number."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any, Literal
from urllib.parse import quote, urlencode

from pydantic import BaseModel, Field, field_validator, model_validator
from scrapy import Request
from scrapy.http import Response

from crawlers.parsers import google_patents, google_search
from crawlers.parsers.errors import ParseError
from crawlers.spiders.base import Item, SourceSpider
from crawlers.spiders.window import Window, compact_numbers, json_or_csv


class GoogleQuery(BaseModel):
    """One search: keyword and/or assignee, a country, a publication-date window."""

    q: str | None = None
    assignee: str | None = None
    country: str = "CN"
    since: date | None = Field(default=None, description="own window; default: the run's window")
    until: date | None = None
    all_dates: bool = False
    num: int = Field(default=10, ge=10, le=100, description="hits per page")
    max_pages: int = Field(default=10, ge=1, le=100)

    @model_validator(mode="after")
    def _something(self) -> GoogleQuery:
        if not (self.q or self.assignee):
            raise ValueError("a search needs q or assignee")
        return self

    def window(self, run: Window) -> Window:
        if self.all_dates:
            return Window()
        return Window(since=self.since, until=self.until) if (self.since or self.until) else run

    def inner(self, window: Window, page: int) -> str:
        """The query string Google's own search page puts in ``url=`` (fields in a fixed order)."""
        fields = {"q": self.q, "assignee": self.assignee, "country": self.country}
        if window.until:
            fields["before"] = f"publication:{window.until:%Y%m%d}"
        if window.since:
            fields["after"] = f"publication:{window.since:%Y%m%d}"
        fields |= {"num": str(self.num), "page": str(page)}
        return urlencode({k: v for k, v in fields.items() if v})


class GoogleArgs(BaseModel):
    """Spider arguments, validated before anything is requested."""

    numbers: list[str] = Field(default_factory=list)
    searches: list[GoogleQuery] = Field(default_factory=list)
    lang: Literal["zh", "en"] = "zh"
    since: date | None = None
    until: date | None = None

    _lists = field_validator("numbers", "searches", mode="before")(json_or_csv)

    _compact = field_validator("numbers")(compact_numbers)


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
            yield Request(
                self.url(f"/patent/{number}/{self.args.lang}"),
                callback=self.parse_page,
                errback=self.request_failed,
            )
        run = Window(since=self.args.since, until=self.args.until)
        for search in self.args.searches:
            yield self._search(search, search.window(run), 0)

    def _search(self, search: GoogleQuery, window: Window, page: int) -> Request:
        url = self.url(f"/xhr/query?url={quote(search.inner(window, page), safe='')}&exp=")
        meta = {"search": search.model_dump(mode="json"), "window": window.model_dump(mode="json")}
        return Request(url, callback=self.parse_search, errback=self.request_failed, meta=meta)

    def parse_search(self, response: Response) -> Iterator[Item | Request]:
        """Keep the JSON, follow every hit to its page (the page is the record), then the next page."""
        yield self.response_item(response)
        if response.status >= 400:
            yield self.quarantine(response, f"HTTP {response.status}")
            return
        try:
            page = google_search.parse_search_page(response.body, self.public_url(response.url))
        except ParseError as exc:
            yield self.quarantine(response, str(exc))
            return
        for hit in page.hits:
            yield Request(self.url(f"/{hit.path}"), callback=self.parse_page, errback=self.request_failed)
        search = GoogleQuery.model_validate(response.meta["search"])
        if page.hits and page.page + 1 < min(page.pages, search.max_pages):
            yield self._search(search, Window.model_validate(response.meta["window"]), page.page + 1)
        elif page.hits and page.page + 1 == search.max_pages < page.pages:
            yield self.truncated(
                response, f"{search.max_pages} pages", f"{page.pages} ({page.total} hits)", "max_pages"
            )

    def parse_page(self, response: Response) -> Iterator[Item]:
        yield from self.emit(response, google_patents.parse)
