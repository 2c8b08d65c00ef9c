"""Registry of sources: id → kind (spider | file), spider class, public host, and the demo's request list."""

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
            "searches": [
                {"q": "pa=Siemens", "max_results": 3, "page_size": 3},
                {"q": 'pa=jingjiang and pd within "20230101 20231231"', "max_results": 100, "page_size": 2},
            ],
        },
    ),
    "google-patents": Source(
        id="google-patents",
        kind="spider",
        description="Google Patents patent pages (schema.org microdata)",
        spider="crawlers.spiders.google_patents.GooglePatentsSpider",
        public_base_url="https://patents.google.com",
        demo_requests={"numbers": ["CN219000101U", "CN219000303U", "CN219999999U"], "lang": "zh"},
    ),
    "cnipa-export": Source(
        id="cnipa-export",
        kind="file",
        description="Commercial / CNIPA export tables (61 Chinese columns; CSV UTF-8/GBK or XLSX)",
    ),
    "cnipa-trs": Source(id="cnipa-trs", kind="file", description="CNIPA TRS bulk records (<REC>, <字段>=值)"),
}
