"""Registry of sources: id → kind (spider | file), spider class, public host, and two request lists: what a
production run asks each source for its window (``watch_requests``) and what the demo / replay asks
(``demo_requests``: recorded queries that carry their own dates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SourceKind = Literal["spider", "file"]


@dataclass(frozen=True)
class Source:
    id: str
    kind: SourceKind
    description: str
    spider: str | None = None  # dotted path of the spider class
    public_base_url: str | None = None
    demo_requests: dict[str, Any] = field(default_factory=dict)  # spider arguments the demo / replay uses
    # spider arguments of a production run: standing searches for local applicants, over the run's window
    watch_requests: dict[str, Any] = field(default_factory=dict)


SOURCES: dict[str, Source] = {
    "epo-ops": Source(
        id="epo-ops",
        kind="spider",
        description="EPO Open Patent Services v3.2: biblio by number, CQL search with biblio",
        spider="crawlers.spiders.epo_ops.EpoOpsSpider",
        public_base_url="https://ops.epo.org",
        demo_requests={
            "batches": [  # one recorded request each; the CN batch is answered 429 first, then data
                ["EP2400812A1"],
                ["EP2400812A1", "EP2533477A1", "EP2533477B1"],
                ["CN219000101U", "CN219000202U", "CN219000303U"],
                ["CN219999999U"],
            ],
            "searches": [  # recorded queries carry their own windows; a real run uses the run's window
                {"q": "pa=Siemens", "max_results": 3, "page_size": 3, "all_dates": True},
                {"q": "pa=jingjiang", "since": "2023-01-01", "until": "2023-12-31", "page_size": 2},
            ],
        },
        watch_requests={"searches": [{"q": "pa=jingjiang and pn=CN"}]},  # names with 靖江 in pinyin
    ),
    "google-patents": Source(
        id="google-patents",
        kind="spider",
        description="Google Patents xhr/query search JSON, then patent pages (schema.org microdata)",
        spider="crawlers.spiders.google_patents.GooglePatentsSpider",
        public_base_url="https://patents.google.com",
        demo_requests={
            "numbers": ["CN219000101U", "CN219000303U", "CN219999999U"],
            "lang": "zh",
            "searches": [
                {"assignee": "靖江", "since": "2023-01-01", "until": "2023-12-31"},
                {"q": "船舶推进器 系泊", "since": "2023-01-01", "until": "2023-12-31"},  # zero hits
            ],
        },
        watch_requests={"lang": "zh", "searches": [{"assignee": "靖江"}]},
    ),
    "cnipa-export": Source(
        id="cnipa-export",
        kind="file",
        description="Commercial / CNIPA export tables (61 Chinese columns; CSV UTF-8/GBK or XLSX)",
    ),
    "cnipa-trs": Source(id="cnipa-trs", kind="file", description="CNIPA TRS bulk records (<REC>, <字段>=值)"),
    "cnipa-epub": Source(
        id="cnipa-epub",
        kind="spider",
        description="CNIPA 中国专利公布公告: search by applicant address / name, detail pages (browser)",
        spider="crawlers.spiders.cnipa_epub.CnipaEpubSpider",
        public_base_url="http://epub.cnipa.gov.cn",
        demo_requests={"searches": [{"q": "靖江", "field": "address"}]},
        watch_requests={"searches": [{"q": "靖江", "field": "address"}]},  # the site has no date filter
    ),
    "cnipa-trademarks": Source(
        id="cnipa-trademarks",
        kind="spider",
        description="CNIPA 商标公告 search (annSearchDG JSON) for local registrants (browser gate)",
        spider="crawlers.spiders.cnipa_trademarks.CnipaTrademarkSpider",
        public_base_url="http://wsgg.sbj.cnipa.gov.cn:9080",
        demo_requests={"searches": [{"q": "靖江", "rows": 3}]},
        watch_requests={"searches": [{"q": "靖江"}]},
    ),
    "tsdr": Source(
        id="tsdr",
        kind="spider",
        description="USPTO TSDR trademark status XML (ST.66 / ST.96) by serial or registration number",
        spider="crawlers.spiders.tsdr.TsdrSpider",
        public_base_url="https://tsdrapi.uspto.gov",
        demo_requests={"numbers": ["sn76044902", "rn2178784"]},
        # no standing search: the marks to follow come from PATENTDB_TSDR_NUMBERS
    ),
}
