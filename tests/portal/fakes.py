"""An in-memory IndexBackend (substring match) and sample documents for the portal tests."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from search.backend import FacetBucket, Hit, SearchQuery, SearchResult
from search.documents import to_document
from transforms.records import (
    Classification,
    Evidence,
    IndustryLabel,
    LegalEvent,
    LegalStatus,
    Party,
    Patent,
    PatentType,
    Place,
    Provenance,
    Trademark,
)

TEXT_FIELDS = ("title", "title_en", "abstract", "applicants", "publication_number", "ipc")
XSS_TITLE = "<script>alert(1)</script>"


def _as_strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in values if v is not None]


class FakeBackend:
    """Implements the IndexBackend protocol over a dict; remembers the queries it answered."""

    name = "fake"

    def __init__(self, docs: Iterable[Mapping[str, Any]] = ()) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.queries: list[SearchQuery] = []
        self.closed = False
        self.upsert(docs)

    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        n = 0
        for doc in docs:
            self.docs[str(doc["id"])] = dict(doc)
            n += 1
        return n

    def count(self) -> int:
        return len(self.docs)

    def get(self, doc_id: str) -> dict[str, Any] | None:
        return self.docs.get(doc_id)

    def _matches(self, doc: dict[str, Any], query: SearchQuery) -> bool:
        text = query.text.strip().lower()
        if text and not any(text in s.lower() for f in TEXT_FIELDS for s in _as_strings(doc.get(f))):
            return False
        return all(set(_as_strings(doc.get(field))) & set(values) for field, values in query.filters.items())

    def search(self, query: SearchQuery) -> SearchResult:
        self.queries.append(query)
        matched = sorted((d for d in self.docs.values() if self._matches(d, query)), key=lambda d: d["id"])
        facets = {
            field: [
                FacetBucket(value=v, count=c)
                for v, c in Counter(s for d in matched for s in _as_strings(d.get(field))).most_common()
            ]
            for field in query.facets
        }
        page = matched[query.offset : query.offset + query.size]
        return SearchResult(
            total=len(matched), hits=[Hit(id=d["id"], score=1.0, doc=d) for d in page], facets=facets
        )

    def vector(self, doc_id: str) -> list[float] | None:
        vec = self.docs.get(doc_id, {}).get("embedding")
        return [float(x) for x in vec] if vec else None

    def knn(
        self, vector: list[float], k: int = 10, filters: Mapping[str, list[str]] | None = None
    ) -> list[Hit]:
        def cos(other: list[float]) -> float:
            dot = sum(a * b for a, b in zip(vector, other, strict=True))
            norm = math.sqrt(sum(a * a for a in vector)) * math.sqrt(sum(b * b for b in other))
            return dot / norm if norm else 0.0

        query = SearchQuery(filters=dict(filters or {}))
        scored = [
            ((1 + cos(d["embedding"])) / 2, d)
            for d in self.docs.values()
            if d.get("embedding") and self._matches(d, query)
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
        return [Hit(id=d["id"], score=s, doc=d) for s, d in scored[:k]]

    def close(self) -> None:
        self.closed = True


def _patent(
    number: str,
    title: str,
    *,
    industries: list[tuple[str, bool]],
    town: str,
    synthetic: bool,
    applicant: str = "江苏靖江船舶机械有限公司",
    patent_type: PatentType = PatentType.INVENTION,
    status: LegalStatus = LegalStatus.IN_FORCE,
    ipc: tuple[str, ...] = ("B63H5/16",),
    filed: date = date(2021, 3, 4),
    source_url: str | None = None,
) -> Patent:
    return Patent(
        publication_number=number,
        country="CN",
        kind=number[-1],
        patent_type=patent_type,
        application_number=f"CN2021{number[2:8]}",
        titles={"zh": title, "en": f"EN {title}"},
        abstracts={"zh": f"{title}的摘要。"},
        applicants=[
            Party(
                raw_name=applicant,
                name=applicant,
                address=f"江苏省靖江市{town}工业园区1号",
                place=Place(country="CN", province="江苏省", city="泰州市", county="靖江市", town=town),
                is_local=True,
            )
        ],
        inventors=["张三", "李四"],
        ipc=list(ipc),
        application_date=filed,
        publication_date=date(filed.year + 1, 1, 10),
        legal_status=status,
        legal_events=[
            LegalEvent(date=filed, code="C06", description="公开 Publication", category="publication"),
            LegalEvent(
                date=date(filed.year + 1, 6, 1), code="C14", description="授权 Grant", category="grant"
            ),
        ],
        industries=[
            IndustryLabel(
                code=code,
                score=0.9 if primary else 0.4,
                primary=primary,
                evidence=[Evidence(kind="ipc_core", rule=ipc[0][:4], matched=ipc[0], weight=1.0)],
            )
            for code, primary in industries
        ],
        classification=Classification(taxonomy_version="2024.1"),
        provenance=Provenance(
            source="synthetic" if synthetic else "epo-ops",
            source_url=source_url,
            fetched_at=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),
            pipeline_version="0.1.0",
            synthetic=synthetic,
        ),
    )


def sample_docs() -> list[dict[str, Any]]:
    """Three hand-made patents (real-looking, synthetic, hostile), 25 pump patents and one trademark."""
    patents = [
        _patent(
            "CN218751475U",
            "一种船舶推进器用导流罩",
            industries=[("MARINE", True), ("SMART_MFG", False)],
            town="新桥镇",
            synthetic=False,
            patent_type=PatentType.UTILITY_MODEL,
            source_url="https://worldwide.espacenet.com/patent/search?q=pn%3DCN218751475U",
        ),
        _patent(
            "CN115000001A",
            "汽车制动盘及其铸造方法",
            industries=[("AUTO", True), ("METAL", False)],
            town="斜桥镇",
            synthetic=True,
            applicant="靖江汽车零部件有限公司",
            status=LegalStatus.PENDING,
            ipc=("F16D65/12", "B22D25/02"),
            filed=date(2022, 7, 1),
        ),
        _patent(
            "CN116000002A",
            XSS_TITLE,
            industries=[("MOTOR", True)],
            town="<b>东兴镇</b>",
            synthetic=True,
            applicant="<img src=x onerror=alert(2)>",
            ipc=("H02K5/04",),
            source_url="javascript:alert(3)",
        ),
    ]
    patents += [
        _patent(
            f"CN2170{i:05d}U",
            f"离心泵叶轮结构 {i}",
            industries=[("PUMP_VALVE", True)],
            town="季市镇",
            synthetic=True,
            applicant="靖江泵阀有限公司",
            patent_type=PatentType.UTILITY_MODEL,
            ipc=("F04D29/22",),
            filed=date(2020, 1, 1 + i % 28),
        )
        for i in range(25)
    ]
    mark = Trademark(
        registration_number="12345678",
        mark_text="靖舟",
        nice_classes=[12, 7],
        goods_services=["船用螺旋桨", "船舶"],
        applicants=[Party(raw_name="江苏靖江船舶机械有限公司", place=Place(town="新桥镇"), is_local=True)],
        application_date=date(2019, 5, 1),
        status="注册",
        industries=[IndustryLabel(code="MARINE", score=0.8, primary=True)],
        provenance=Provenance(
            source="synthetic",
            fetched_at=datetime(2024, 5, 6, tzinfo=UTC),
            pipeline_version="0.1.0",
            synthetic=True,
        ),
    )
    return [*(to_document(p) for p in patents), to_document(mark)]
