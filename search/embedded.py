"""The embedded index backend: tantivy on local disk (schema from the template) plus exact vectors.

Concurrency: any number of processes may read; only ONE process may write at a time. Writers take
an exclusive lock on ``<path>/v<schema_version>/writer.lock`` for the duration of an upsert; a second
writer gets :class:`IndexLockedError` at once instead of waiting or corrupting anything.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import numpy as np
import tantivy
from tantivy import Occur, Query

from search.backend import FACET_SIZE, FacetBucket, Hit, SearchQuery, SearchResult
from search.cjk import index_tokens, lone_character, segments
from search.documents import (
    check_exact_fields,
    schema_fields,
    schema_version,
    search_fields,
    strip_vector,
    unigram_fields,
    vector_dims,
)
from search.exact import EXACT_BOOST, exact_terms
from search.vectors import VectorStore

#: Text fields hold space-joined zh_cjk tokens, so this plain whitespace split is the whole analysis.
TOKENIZER = "zh_cjk_tokens"
#: Stored, unindexed field with the document JSON (without its embedding).
SOURCE = "__source"
_KNN_CHUNK = 256
log = logging.getLogger(__name__)
#: Tantivy field of a text field's ``zh_uni`` sub-field (ES path ``<field>.uni``).
UNI_SUFFIX = "__uni"


class IndexLockedError(RuntimeError):
    """Another process is writing this index."""


class IndexUpgradeError(RuntimeError):
    """The older schema version's index could not be copied into the current one."""


class IndexSchemaError(RuntimeError):
    """The index on disk was built from a different template under the same schema version."""


def build_schema(fields: Mapping[str, str], uni: Sequence[str] = ()) -> tantivy.Schema:
    """Tantivy schema for template fields: text → tokens (plus the ``zh_uni`` characters of the fields in
    ``uni``), exact types → fast (facetable) fields."""
    sb = tantivy.SchemaBuilder()
    for name, kind in fields.items():
        if name == "id":
            sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
        elif kind == "text":
            sb.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
            if name in uni:
                sb.add_text_field(name + UNI_SUFFIX, tokenizer_name=TOKENIZER, index_option="freq")
        elif kind == "keyword":
            sb.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
        elif kind == "integer":
            sb.add_integer_field(name, indexed=True, fast=True)
        elif kind == "boolean":
            sb.add_boolean_field(name, indexed=True, fast=True)
        elif kind == "date":
            sb.add_date_field(name, indexed=True, fast=True)
        # dense_vector lives in the VectorStore; `record` (enabled: false) only in the stored source
    sb.add_text_field(SOURCE, stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


@contextmanager
def writer_lock(lock_file: Path) -> Iterator[None]:
    """Hold the index's exclusive writer lock, or raise IndexLockedError naming the holder."""
    with lock_file.open("a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            raise IndexLockedError(
                f"index {lock_file.parent} is being written by another process (pid {holder}); "
                "only one writer process at a time: run index stages one after another"
            ) from None
        try:
            fh.truncate(0)
            fh.write(str(os.getpid()))
            fh.flush()
            yield
        finally:
            fh.truncate(0)
            fcntl.flock(fh, fcntl.LOCK_UN)


def _as_date(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _exact_value(kind: str, field: str, value: str) -> str | int | bool:
    """A filter value (always a string in SearchQuery) as the field's type, as Elasticsearch parses it."""
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"filter {field!r} wants integers, got {value!r}") from None
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError(f"filter {field!r} wants true/false, got {value!r}")
        return value == "true"
    return value


class EmbeddedBackend:
    """IndexBackend on a tantivy index under ``path`` (one sub-directory per template schema version)."""

    name = "embedded"

    def __init__(self, path: Path, heap_size: int = 128_000_000) -> None:
        self.path = Path(path) / f"v{schema_version()}"
        self._types = schema_fields()
        self._uni = unigram_fields()
        self._uni_names = frozenset(field for _, field, _ in self._uni)
        self._schema = build_schema(self._types, tuple(self._uni_names))
        self._heap_size = heap_size
        self._text = search_fields()
        if not (self.path / "meta.json").exists():
            self._adopt_older()
        self.path.mkdir(parents=True, exist_ok=True)
        self._index = self._open(self.path)
        self._vectors = VectorStore(self.path, vector_dims())

    def _open(self, path: Path) -> tantivy.Index:
        try:
            index = tantivy.Index(self._schema, path=str(path), reuse=True)
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise
            raise IndexSchemaError(
                f"the index in {path} was built from another template than index_mappings/patents.json "
                f"(schema_version {schema_version()}): a template change needs a schema_version bump (the "
                f"new version then starts from this one's documents); or remove {path} and refresh"
            ) from exc
        index.register_tokenizer(
            TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        )
        return index

    # -- schema upgrades -----------------------------------------------------------------------

    def _adopt_older(self) -> int:
        """Start this schema version from the newest older one's documents and vectors (what
        :meth:`ElasticsearchBackend.migrate` does with ``_reindex``); the older directory is kept.

        The copy is built in a private directory and renamed into place whole, so a crash leaves no
        partial index (the next open copies again), and two processes opening at once cannot overwrite
        each other or a writer: the first rename wins, the other copy is discarded. Fields the current
        template no longer has are left out. Returns the number of documents copied."""
        older = older_version(self.path)
        if older is None:
            return 0
        _remove_dead_stagings(self.path)
        staging = self.path.parent / f".{self.path.name}.adopting-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            try:
                copied = self._copy_index(older, staging)
            except Exception as exc:
                raise IndexUpgradeError(
                    f"could not copy the older index {older} into schema version {schema_version()}: {exc}; "
                    f"repair or remove {older} (then refresh), and open the index again"
                ) from exc
            try:
                os.rename(staging, self.path)
            except OSError as exc:  # another process renamed its copy first: that one is used
                log.info("index %s: another process adopted %s first (%s)", self.path, older, exc)
                return 0
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        log.warning(
            "index %s: copied %d documents from the older schema version %s", self.path, copied, older
        )
        return copied

    def _copy_index(self, older: Path, target: Path) -> int:
        old = tantivy.Index.open(str(older))
        searcher = old.searcher()
        total = int(searcher.num_docs)
        new = self._open(target)
        writer = new.writer(heap_size=self._heap_size)
        dropped: set[str] = set()
        try:
            addresses = [addr for _, addr in searcher.search(Query.all_query(), limit=max(total, 1)).hits]
            for address in addresses:
                doc = json.loads(searcher.doc(address)[SOURCE][0])
                dropped |= {field for field in doc if field not in self._types}
                writer.add_document(self._document({k: v for k, v in doc.items() if k in self._types}))
            writer.commit()
        finally:
            writer.wait_merging_threads()
        if dropped:
            log.warning("fields no longer in the template were left out of the copy: %s", sorted(dropped))
        _copy_vectors(older, target, vector_dims())
        return len(addresses) if total else 0

    # -- writing -------------------------------------------------------------------------------

    def _document(self, doc: Mapping[str, Any]) -> tantivy.Document:
        out = tantivy.Document()
        for field, value in doc.items():
            kind = self._types.get(field)
            if kind is None:
                raise ValueError(f"field {field!r} is not in the index template (mappings are strict)")
            for item in value if isinstance(value, list) and kind != "dense_vector" else [value]:
                if kind == "text":
                    tokens, singles = index_tokens(str(item))
                    out.add_text(field, " ".join(tokens))
                    if field in self._uni_names:
                        out.add_text(field + UNI_SUFFIX, " ".join(singles))
                elif kind == "keyword":
                    out.add_text(field, str(item))
                elif kind == "integer":
                    out.add_integer(field, int(item))
                elif kind == "boolean":
                    out.add_boolean(field, bool(item))
                elif kind == "date":
                    out.add_date(field, _as_date(str(item)))
        out.add_text(SOURCE, json.dumps(strip_vector(doc), ensure_ascii=False))
        return out

    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Replace-or-insert by ``id`` (delete the id's term, add), commit; vectors rewritten alongside."""
        batch = list(docs)
        if not batch:
            return 0
        if any(not doc.get("id") for doc in batch):
            raise ValueError("every document needs an 'id'")
        prepared = [self._document(doc) for doc in batch]  # validate all before writing any
        with writer_lock(self.path / "writer.lock"):
            writer = self._index.writer(heap_size=self._heap_size)
            try:
                for doc, tdoc in zip(batch, prepared, strict=True):
                    writer.delete_documents_by_term("id", str(doc["id"]))
                    writer.add_document(tdoc)
                writer.commit()
            finally:
                writer.wait_merging_threads()  # releases tantivy's own writer lock too
            self._vectors.update({str(doc["id"]): doc.get("embedding") for doc in batch})
        self._index.reload()
        return len(batch)

    # -- reading -------------------------------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher:
        self._index.reload()  # see commits made by the writer process
        return self._index.searcher()

    def _filter_clauses(self, filters: Mapping[str, list[str]]) -> list[tuple[Occur, Query]]:
        check_exact_fields(filters)
        clauses = []
        for field, values in filters.items():
            if values:  # an empty list means "no constraint", in both backends
                typed = [_exact_value(self._types[field], field, v) for v in values]
                terms = Query.term_set_query(self._schema, field, typed)
                clauses.append((Occur.Must, Query.const_score_query(terms, 0.0)))
        return clauses

    def _field_query(self, field: str, group: list[str]) -> Query:
        if len(group) == 1:
            return Query.term_query(self._schema, field, group[0])
        return Query.phrase_query(self._schema, field, list(group))

    def build_query(self, text: str, filters: Mapping[str, list[str]]) -> Query:
        """Each token group of ``text`` as a phrase in at least one text field (best field scores, titles
        boosted), AND the filters. A CJK run matches exactly where its substring occurs; a lone ideograph
        is looked up in the ``zh_uni`` characters, so it is found inside longer words too."""
        clauses: list[tuple[Occur, Query]] = []
        for group in dict.fromkeys(tuple(g) for g in segments(text)):
            if (char := lone_character(list(group))) is not None:
                per_field = [
                    Query.boost_query(Query.term_query(self._schema, field + UNI_SUFFIX, char), boost)
                    for _, field, boost in self._uni
                ]
            else:
                per_field = [
                    Query.boost_query(self._field_query(field, list(group)), boost)
                    for _, field, boost in self._text
                ]
            clauses.append((Occur.Must, Query.disjunction_max_query(per_field)))
        if not clauses:
            clauses.append((Occur.Must, Query.all_query()))
        exact = exact_terms(text)
        if exact:  # a number or an IPC symbol: its keyword field matches too (text OR exact value)
            either = [(Occur.Should, Query.boolean_query(clauses))]
            either += [
                (
                    Occur.Should,
                    Query.boost_query(Query.term_set_query(self._schema, field, values), EXACT_BOOST),
                )
                for field, values in exact.items()
            ]
            clauses = [(Occur.Must, Query.boolean_query(either))]
        return Query.boolean_query(clauses + self._filter_clauses(filters))

    def search(self, query: SearchQuery) -> SearchResult:
        check_exact_fields(query.facets)
        q = self.build_query(query.text, query.filters)
        searcher = self._searcher()
        found = searcher.search(q, limit=max(query.size, 1), count=True, offset=query.offset)
        hits = [
            Hit(id=doc["id"], score=float(score), doc=doc)
            for score, addr in found.hits[: query.size]
            for doc in [json.loads(searcher.doc(addr)[SOURCE][0])]
        ]
        facets: dict[str, list[FacetBucket]] = {}
        # A facet is counted without its own filter (values OR within a field), so its counts say what
        # choosing one more value gives; facets without an active filter share one aggregation.
        plain = [f for f in query.facets if not query.filters.get(f)]
        if plain:
            result = searcher.aggregate(q, {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in plain})
            facets |= {f: _buckets(result.get(f, {}).get("buckets", [])) for f in plain}
        for f in query.facets:
            if f not in plain:
                others = {k: v for k, v in query.filters.items() if k != f}
                aggs = {f: {"terms": {"field": f, "size": FACET_SIZE}}}
                result = searcher.aggregate(self.build_query(query.text, others), aggs)
                facets[f] = _buckets(result.get(f, {}).get("buckets", []))
        facets = {f: facets[f] for f in query.facets}
        total = int(cast(Any, found).count or 0)  # tantivy's stub omits .count
        return SearchResult(total=total, hits=hits, facets=facets)

    def _docs(self, ids: Sequence[str], filters: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
        """Documents among ``ids`` that pass ``filters``, by id."""
        if not ids:
            return {}
        clauses = [(Occur.Must, Query.term_set_query(self._schema, "id", list(ids)))]
        q = Query.boolean_query(clauses + self._filter_clauses(filters or {}))
        searcher = self._searcher()
        found = searcher.search(q, limit=len(ids), count=False)
        docs = (json.loads(searcher.doc(addr)[SOURCE][0]) for _, addr in found.hits)
        return {doc["id"]: doc for doc in docs}

    def knn(
        self, vector: Sequence[float], k: int = 10, filters: Mapping[str, list[str]] | None = None
    ) -> list[Hit]:
        """Exact cosine top-``k`` (score ``(1 + cos) / 2``), filtered by walking candidates best-first."""
        hits: list[Hit] = []
        ranked = self._vectors.ranked(vector)
        while len(hits) < k:
            chunk = [pair for _, pair in zip(range(max(_KNN_CHUNK, 4 * k)), ranked, strict=False)]
            if not chunk:
                break
            docs = self._docs([doc_id for doc_id, _ in chunk], filters)
            hits.extend(
                Hit(id=doc_id, score=(1.0 + cos) / 2.0, doc=docs[doc_id])
                for doc_id, cos in chunk
                if doc_id in docs
            )
        return hits[:k]

    def vector(self, doc_id: str) -> list[float] | None:
        """The stored embedding of a document, or None."""
        return self._vectors.get(doc_id)

    def count(self) -> int:
        return int(self._searcher().num_docs)

    def get(self, doc_id: str) -> dict[str, Any] | None:
        return self._docs([doc_id]).get(doc_id)

    def close(self) -> None:
        """Nothing is held open between calls (writers are per upsert); kept for the interface."""


def older_version(current: Path) -> Path | None:
    """The newest ``v<N>`` sibling of ``current`` with a smaller N that holds a tantivy index, or None."""
    version = int(current.name[1:])
    older = [
        (int(p.name[1:]), p)
        for p in current.parent.glob("v*")
        if p.name[1:].isdigit() and int(p.name[1:]) < version and (p / "meta.json").exists()
    ]
    return max(older)[1] if older else None


def _remove_dead_stagings(current: Path) -> None:
    """Copies left by processes that died while adopting an older index (``.v4.adopting-<pid>``)."""
    for staging in current.parent.glob(f".{current.name}.adopting-*"):
        pid = staging.name.rsplit("-", 1)[-1]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(staging, ignore_errors=True)
        except PermissionError:
            continue  # alive, another user's


def _copy_vectors(source: Path, target: Path, dims: int) -> None:
    """The older index's vectors file, when its vectors have the dimensions this schema wants."""
    file = source / "vectors.npz"
    if not file.exists():
        return
    with np.load(file, allow_pickle=False) as data:
        shape = data["vectors"].shape
    if len(shape) == 2 and shape[1] == dims:
        shutil.copy2(file, target / "vectors.npz.tmp")
        os.replace(target / "vectors.npz.tmp", target / "vectors.npz")
    else:
        log.warning(
            "vectors of %s have shape %s, not (n, %d): not copied; re-embed with a refresh",
            source,
            shape,
            dims,
        )


def _buckets(raw: list[dict[str, Any]]) -> list[FacetBucket]:
    """Terms buckets as Elasticsearch orders them: count desc, then key asc."""
    ordered = sorted(raw, key=lambda b: (-int(b["doc_count"]), b["key"]))
    return [
        FacetBucket(value=str(b.get("key_as_string", b["key"])), count=int(b["doc_count"])) for b in ordered
    ]
