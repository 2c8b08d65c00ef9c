"""Portal routes over a fake backend: pages, facets, escaping, JSON shapes, validation, lifecycle."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from patentdb.settings import Settings
from portal.app import create_app
from portal.deps import TEMPLATE_DIR, make_templates
from search.backend import SearchQuery, SearchResult
from tests.portal.fakes import XSS_TITLE, FakeBackend, sample_docs


def hits_html(body: str) -> list[str]:
    hits = body.split('<ol class="hits"', 1)[-1].split("</ol>", 1)[0]
    return hits.split('<li class="hit">')[1:]


def test_search_page_renders(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    body = response.text
    assert 'name="q"' in body
    assert '<strong id="total">29</strong>' in body
    for heading in ("行业 <span", "镇街园区", "专利类型", "法律状态", "申请年"):
        assert heading in body
    assert "海洋工程装备和高端船舶" in body and "泵阀" in body
    assert len(hits_html(body)) == 20  # first page


def test_search_shows_matching_hits_with_fields(client: TestClient, backend: FakeBackend) -> None:
    body = client.get("/", params={"q": "推进器"}).text
    hits = hits_html(body)
    assert len(hits) == 1
    hit = hits[0]
    assert 'href="/patent/CN218751475U"' in hit
    assert "一种船舶推进器用导流罩" in hit
    assert "江苏靖江船舶机械有限公司" in hit and "新桥镇" in hit
    assert "有效" in hit and "2021-03-04" in hit and "2022-01-10" in hit
    assert re.search(r"chip primary[^>]*>★ 海洋工程装备和高端船舶", hit)
    assert "高端装备智能制造" in hit
    assert "badge synthetic" not in hit  # a real record carries no synthetic badge
    assert backend.queries[-1].text == "推进器"


def test_every_synthetic_hit_has_a_badge(client: TestClient) -> None:
    body = client.get("/", params={"size": 100}).text
    hits = hits_html(body)
    assert len(hits) == 29
    badged = [h for h in hits if "badge synthetic" in h]
    assert len(badged) == 28  # all but the one real record
    assert all("合成 Synthetic" in h for h in badged)


def test_facet_links_toggle_filters(client: TestClient, backend: FakeBackend) -> None:
    body = client.get("/", params={"q": "汽车"}).text
    assert 'href="/?q=%E6%B1%BD%E8%BD%A6&amp;industry=AUTO"' in body
    filtered = client.get("/", params=[("q", ""), ("industry", "PUMP_VALVE"), ("town", "季市镇")])
    assert backend.queries[-1].filters == {"industries": ["PUMP_VALVE"], "town": ["季市镇"]}
    assert '<strong id="total">25</strong>' in filtered.text
    assert "facet-value active" in filtered.text and "☑" in filtered.text
    assert '<input type="hidden" name="industry" value="PUMP_VALVE">' in filtered.text  # kept on a new query
    # the active chip's link removes that filter and keeps the other
    assert 'href="/?town=%E5%AD%A3%E5%B8%82%E9%95%87"' in filtered.text


def test_years_are_listed_in_order_and_other_facets_by_count() -> None:
    from portal.views import TOP_VALUES, shown_buckets
    from search.backend import FacetBucket

    years = [FacetBucket(value=v, count=c) for v, c in [("2021", 9), ("2019", 30), ("2024", 2), ("2020", 5)]]
    assert [b.value for b in shown_buckets("application_year", years)] == ["2024", "2021", "2020", "2019"]
    towns = [FacetBucket(value=f"镇{i}", count=100 - i) for i in range(TOP_VALUES + 5)]
    assert shown_buckets("town", towns) == towns[:TOP_VALUES]
    many_years = [FacetBucket(value=str(1990 + i), count=i) for i in range(30)]
    assert len(shown_buckets("application_year", many_years)) == 30  # every year of a trend


def test_filters_and_text_reach_backend_as_structured_query(client: TestClient, backend: FakeBackend) -> None:
    hostile = '" OR industries:* AND title:(x'
    response = client.get(
        "/api/search",
        params=[
            ("q", hostile),
            ("industry", "MARINE"),
            ("industry", "MARINE"),
            ("industry", "AUTO"),
            ("town", ""),
            ("application_year", "2021"),
            ("synthetic", "false"),
            ("size", "5"),
            ("offset", "3"),
        ],
    )
    assert response.status_code == 200
    query = backend.queries[-1]
    assert query == SearchQuery(
        text=hostile,
        filters={"industries": ["MARINE", "AUTO"], "application_year": ["2021"], "synthetic": ["false"]},
        size=5,
        offset=3,
    )


def test_paging(client: TestClient, backend: FakeBackend) -> None:
    body = client.get("/", params={"q": "离心泵", "page": 2}).text
    assert backend.queries[-1].offset == 20 and backend.queries[-1].size == 20
    assert len(hits_html(body)) == 5
    assert '<ol class="hits" start="21">' in body
    assert "第 2 / 2 页" in body and 'rel="prev"' in body and 'rel="next"' not in body


def test_xss_in_record_fields_is_escaped(client: TestClient) -> None:
    for path in ("/?q=script", "/patent/CN116000002A"):
        body = client.get(path).text
        assert XSS_TITLE not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<img src=x" not in body and "&lt;img src=x onerror=alert(2)&gt;" in body
        assert "<b>东兴镇</b>" not in body
        assert 'href="javascript:' not in body
    assert "default-src 'self'; script-src 'none'" in client.get("/").headers["content-security-policy"]


def test_templates_always_autoescape() -> None:
    templates = make_templates()
    assert templates.env.autoescape is True
    for path in Path(TEMPLATE_DIR).glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), path
        assert "autoescape false" not in text, path


def test_record_page_shows_all_sections(client: TestClient) -> None:
    response = client.get("/patent/CN218751475U")
    assert response.status_code == 200
    body = response.text
    for text in (
        "一种船舶推进器用导流罩",
        "CN218751475U",
        "实用新型",
        "B63H5/16",
        "江苏省靖江市新桥镇工业园区1号",
        "靖江本地",
        "张三",
        "的摘要",
        "海洋工程装备和高端船舶 (MARINE)",
        "ipc_core",
        "B63H",
        "法律事件",
        "C14",
        "授权 Grant",
        "epo-ops",
        "2024-05-06T07:08:09",
        "0.1.0",
        "否 No",
        "2024.1",
        'href="https://worldwide.espacenet.com/patent/search?q=pn%3DCN218751475U"',
    ):
        assert text in body, text
    synthetic = client.get("/patent/CN115000001A").text
    assert "是 Yes" in synthetic and 'class="badge synthetic"' in synthetic


def test_trademark_record_page() -> None:
    backend = FakeBackend(sample_docs())
    with TestClient(create_app(lambda: backend)) as client:
        body = client.get("/", params={"q": "螺旋桨"}).text
        assert 'href="/patent/TM-CN-12345678"' in body and "靖舟" in body
        page = client.get("/patent/TM-CN-12345678")
    assert page.status_code == 200
    for text in ("靖舟", "商标", "尼斯分类", "12；7", "船用螺旋桨", "注册", "海洋工程装备和高端船舶"):
        assert text in page.text, text


def test_unknown_record_is_404(client: TestClient) -> None:
    page = client.get("/patent/CN000000000X")
    assert page.status_code == 404 and "未找到记录" in page.text
    assert client.get("/patent/..%2F..%2Fetc").status_code == 404
    api = client.get("/api/records/CN000000000X")
    assert api.status_code == 404 and "detail" in api.json()


def test_api_shapes(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "制动盘"}).json()
    assert set(data) == {"total", "hits", "facets"}
    result = SearchResult.model_validate(data)
    assert result.total == 1 and result.hits[0].id == "CN115000001A"
    assert set(data["hits"][0]) == {"id", "score", "doc"}
    assert data["facets"]["industries"] == [{"value": "AUTO", "count": 1}, {"value": "METAL", "count": 1}]
    record = client.get("/api/records/CN115000001A").json()
    assert record["id"] == "CN115000001A" and record["synthetic"] is True
    assert record["record"]["provenance"]["source"] == "synthetic"


@pytest.mark.parametrize(
    "params",
    [
        {"size": 101},
        {"size": -1},
        {"offset": -1},
        {"offset": 10_001},
        {"offset": 9_990, "size": 20},  # offset + size beyond the 10,000-hit window (ES would fail)
        {"application_year": "20x1"},
        {"synthetic": "maybe"},
        {"q": "x" * 501},
        {"industry": "x" * 201},
    ],
)
def test_api_rejects_invalid_params(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_page_rejects_invalid_params_with_html(client: TestClient) -> None:
    response = client.get("/", params={"page": 0})
    assert response.status_code == 422
    assert "参数错误" in response.text


def test_pages_stay_within_the_result_window_and_the_hits(client: TestClient) -> None:
    deep = client.get("/", params={"page": 501})  # 501 × 20 > 10,000
    assert deep.status_code == 422 and "10000" in deep.text
    past = client.get("/", params={"page": 3, "size": 20})  # 29 hits: 2 pages
    assert past.status_code == 404 and "there are 2 pages of hits, not 3" in past.text
    last = client.get("/", params={"page": 2, "size": 20})
    assert last.status_code == 200 and "第 2 / 2 页" in last.text and 'rel="next"' not in last.text


def test_the_pager_counts_whole_pages_within_the_window() -> None:
    """size 30 over 10,000+ hits: 333 whole pages (page 334 would end past the 10,000th hit)."""
    from portal.params import RESULT_WINDOW, PageParams

    assert PageParams(page=333, size=30).first_offset() + 30 <= RESULT_WINDOW
    with pytest.raises(ValueError, match="paging reaches only"):
        PageParams(page=334, size=30)


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "backend": "fake", "count": 29}


def test_healthz_reports_a_broken_backend() -> None:
    def broken() -> FakeBackend:
        raise OSError("index missing")

    with TestClient(create_app(broken)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error" and response.json()["error"] == "OSError"


def test_backend_opened_once_and_closed_at_shutdown() -> None:
    opened: list[FakeBackend] = []

    def factory() -> FakeBackend:
        opened.append(FakeBackend(sample_docs()))
        return opened[-1]

    app = create_app(factory)
    assert opened == []  # nothing is opened before the first request
    with TestClient(app) as client:
        client.get("/")
        client.get("/api/search")
        client.get("/healthz")
        assert len(opened) == 1 and not opened[0].closed
    assert opened[0].closed


def test_default_factory_uses_search_factory_lazily(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[Settings] = []

    def open_backend(settings: Settings) -> FakeBackend:
        seen.append(settings)
        return FakeBackend(sample_docs())

    fake_module = types.ModuleType("search.factory")
    fake_module.open_backend = open_backend  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "search.factory", fake_module)
    settings = Settings(home=tmp_path)
    app = create_app(settings=settings)
    assert seen == []
    with TestClient(app) as client:
        assert client.get("/healthz").json()["count"] == 29
    assert seen == [settings]


def test_static_css_served(client: TestClient) -> None:
    response = client.get("/static/portal.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]
