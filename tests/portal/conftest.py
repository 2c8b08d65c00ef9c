"""Fixtures for the portal tests: a fake backend with sample documents and a test client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from tests.portal.fakes import FakeBackend, sample_docs


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend(sample_docs())


@pytest.fixture
def client(backend: FakeBackend) -> Iterator[TestClient]:
    with TestClient(create_app(lambda: backend)) as test_client:
        yield test_client
