"""The portal over the real embedded index (contract check between portal and search.embedded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from tests.portal.fakes import sample_docs


def test_portal_over_embedded_backend(tmp_path: Path) -> None:
    embedded = pytest.importorskip("search.embedded")
    backend = embedded.EmbeddedBackend(tmp_path / "index")
    backend.upsert(sample_docs())
    with TestClient(create_app(lambda: backend)) as client:
        data = client.get("/api/search", params={"q": "推进器"}).json()
        assert [hit["id"] for hit in data["hits"]] == ["CN218751475U"]
        assert {"value": "2021", "count": 1} in data["facets"]["application_year"]
        filtered = client.get("/api/search", params=[("town", "季市镇"), ("application_year", "2020")]).json()
        assert filtered["total"] == 25
        assert client.get("/api/search", params={"synthetic": "false"}).json()["total"] == 1
        page = client.get("/", params={"q": "推进器"}).text
        assert 'href="/patent/CN218751475U"' in page
        assert "ipc_core" in client.get("/patent/CN218751475U").text
        assert client.get("/healthz").json() == {"status": "ok", "backend": "embedded", "count": 29}
