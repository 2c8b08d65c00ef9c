"""'Similar records' on the record page and in the API, from stored embeddings."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from tests.portal.fakes import XSS_TITLE, FakeBackend, sample_docs


@pytest.fixture
def with_vectors() -> FakeBackend:
    docs = sample_docs()
    for i, doc in enumerate(docs):
        # two clusters: even ids near (1, 0), odd ids near (0, 1); the hostile title among them
        doc["embedding"] = [1.0, 0.01 * i] if i % 2 == 0 else [0.01 * i, 1.0]
    docs[2]["title"] = XSS_TITLE
    return FakeBackend(docs)


def test_record_page_lists_nearest_records_escaped(with_vectors: FakeBackend) -> None:
    first = sorted(with_vectors.docs)[0]
    with TestClient(create_app(lambda: with_vectors)) as client:
        body = client.get(f"/patent/{first}").text
    assert "相似记录" in body
    section = body.split('class="similar"', 1)[1].split("</section>", 1)[0]
    assert f'/patent/{first}"' not in section  # never itself
    assert "<script>alert(1)</script>" not in body


def test_api_similar_orders_by_score_and_stays_in_cluster(with_vectors: FakeBackend) -> None:
    docs = list(with_vectors.docs.values())
    target = next(d for d in docs if d["embedding"][0] == 1.0)
    with TestClient(create_app(lambda: with_vectors)) as client:
        hits = client.get(f"/api/records/{target['id']}/similar", params={"k": 5}).json()
        missing = client.get("/api/records/CN000000000X/similar")
    assert len(hits) == 5 and target["id"] not in {h["id"] for h in hits}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert all(with_vectors.docs[h["id"]]["embedding"][0] == 1.0 for h in hits)
    assert missing.status_code == 404


def test_no_embedding_means_no_section_and_409() -> None:
    backend = FakeBackend(sample_docs())
    doc_id = sorted(backend.docs)[0]
    with TestClient(create_app(lambda: backend)) as client:
        assert "相似记录" not in client.get(f"/patent/{doc_id}").text
        assert client.get(f"/api/records/{doc_id}/similar").status_code == 409
