"""Search: index backends (embedded tantivy, Elasticsearch) behind one interface, and queries."""
