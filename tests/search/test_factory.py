"""open_backend picks the backend the settings name."""

from __future__ import annotations

from pathlib import Path

import pytest

from patentdb.settings import Settings
from search.documents import schema_version
from search.elastic import ElasticsearchBackend
from search.embedded import EmbeddedBackend
from search.factory import open_backend


def test_embedded_by_default(tmp_path: Path) -> None:
    backend = open_backend(Settings(home=tmp_path, backend="embedded"))
    assert isinstance(backend, EmbeddedBackend) and backend.path.parent == tmp_path / "index"
    assert backend.count() == 0


def test_elasticsearch_when_configured() -> None:
    settings = Settings(backend="elasticsearch", es_url="http://localhost:9200", es_index_prefix="pt")
    backend = open_backend(settings)  # the client connects lazily: nothing is contacted here
    assert (
        isinstance(backend, ElasticsearchBackend)
        and backend.alias == "pt"
        and backend.index_name == f"pt-v{schema_version()}"
    )
    backend.close()


def test_elasticsearch_needs_a_url() -> None:
    with pytest.raises(ValueError, match="PATENTDB_ES_URL"):
        open_backend(Settings(backend="elasticsearch", es_url=None))
