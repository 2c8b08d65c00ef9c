"""Open the index backend that the settings name (embedded tantivy by default, or Elasticsearch)."""

from __future__ import annotations

from patentdb.settings import Settings
from search.backend import IndexBackend


def open_backend(settings: Settings) -> IndexBackend:
    """Embedded index under ``settings.home/index``, or Elasticsearch when ``backend == 'elasticsearch'``."""
    if settings.backend == "elasticsearch":
        if not settings.es_url:
            raise ValueError("PATENTDB_BACKEND=elasticsearch needs PATENTDB_ES_URL")
        from elasticsearch import Elasticsearch  # imported here: the embedded default never needs it

        from search.elastic import ElasticsearchBackend

        api_key = settings.es_api_key.get_secret_value() if settings.es_api_key else None
        client = Elasticsearch(settings.es_url, api_key=api_key)
        return ElasticsearchBackend(client, prefix=settings.es_index_prefix)
    from search.embedded import EmbeddedBackend

    return EmbeddedBackend(settings.index_dir)
