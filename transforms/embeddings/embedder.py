"""The embedder component: any sentence-transformers model by path or name, batched, with a content cache."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from transforms.embeddings.build import METADATA_FILE, MODEL_ID, build_default_model
from transforms.embeddings.cache import VectorCache, content_key
from transforms.records import Patent, Trademark
from transforms.text import to_simplified

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

CACHE_FILE = "embeddings.sqlite"


def record_text(record: Patent | Trademark) -> str:
    """The text a record is embedded from: title (+ abstract), or mark text + goods/services."""
    if isinstance(record, Patent):
        zh = bool(record.titles.get("zh") or record.abstracts.get("zh"))
        abstract = record.abstracts.get("zh") if zh else record.abstracts.get("en")
        parts = [(record.titles.get("zh") if zh else None) or record.title(), abstract or ""]
    else:
        parts = [record.mark_text or "", "；".join(record.goods_services)]
    return "\n".join(p.strip() for p in parts if p and p.strip())


class Embedder:
    """Sentence embeddings from a sentence-transformers model; the model loads on first use."""

    def __init__(
        self, model_name_or_path: str | Path, *, batch_size: int = 256, cache_dir: Path | None = None
    ) -> None:
        self._name = str(model_name_or_path)
        self._batch_size = batch_size
        self._cache_dir = cache_dir
        self._model: SentenceTransformer | None = None
        self._cache: VectorCache | None = None
        self._meta = _read_metadata(Path(model_name_or_path))

    @property
    def model_id(self) -> str:
        """The model's id: from its patentdb metadata, else the name or directory it was given."""
        meta_id = self._meta.get("model_id")
        if isinstance(meta_id, str):
            return meta_id
        path = Path(self._name)
        return path.name if path.is_dir() else self._name

    @property
    def cache_namespace(self) -> str:
        """The vectors' space: model id + weights digest (the project's models), else + a fingerprint of the
        model directory (its path, file sizes and times), so two models that share a directory name, or
        a model replaced in place, never read each other's cached vectors or get searched as one."""
        digest = self._meta.get("weights_sha256")
        if digest:
            return f"{self.model_id}@{str(digest)[:16]}"
        path = Path(self._name)
        return f"{self.model_id}@{_fingerprint(path)}" if path.is_dir() else self.model_id

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model (loads it on first access, on CPU)."""
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self._name, device="cpu")
        return self._model

    @property
    def dims(self) -> int:
        dims = self.model.get_embedding_dimension()
        if dims is None:
            raise ValueError(f"model {self._name} does not report an embedding dimension")
        return int(dims)

    def _vector_cache(self) -> VectorCache | None:
        if self._cache is None and self._cache_dir is not None:
            self._cache = VectorCache(self._cache_dir / CACHE_FILE, self.dims)
        return self._cache

    def _encode_uncached(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dims), dtype=np.float32)
        for start in range(0, len(texts), self._batch_size):
            batch = texts[start : start + self._batch_size]
            vecs = self.model.encode(
                batch,
                batch_size=self._batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
            out[start : start + len(batch)] = vecs
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dims) float32, L2-normalized (an empty text gives zeros); cached texts and
        repeats are not re-encoded. Traditional characters are folded to simplified first, so 永磁同步電機
        and 永磁同步电机 get one vector (the default model learnt simplified text: 0.41–0.86 cosine apart
        unfolded)."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        texts = [to_simplified(t) for t in texts]
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        namespace = self.cache_namespace
        keys = [content_key(namespace, t) for t in texts]
        cache = self._vector_cache()
        known = cache.get_many(list(dict.fromkeys(keys))) if cache is not None else {}
        missing = list(dict.fromkeys((k, t) for k, t in zip(keys, texts, strict=True) if k not in known))
        if missing:
            vecs = self._encode_uncached([t for _, t in missing])
            fresh = {k: v for (k, _), v in zip(missing, vecs, strict=True)}
            if cache is not None:
                cache.put_many(fresh.items())
            known.update(fresh)
        return np.stack([known[k] for k in keys]).astype(np.float32, copy=False)

    def embed_records(self, records: Iterable[Patent | Trademark]) -> list[tuple[str, np.ndarray]]:
        """(record id, vector) for each record that has text to embed; records without text are skipped."""
        pairs = [(r.id, text) for r in records if (text := record_text(r))]
        vecs = self.encode([text for _, text in pairs])
        return [(rid, vecs[i]) for i, (rid, _) in enumerate(pairs)]

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None


def _read_metadata(path: Path) -> dict[str, object]:
    try:
        data = json.loads((path / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _make_readable(directory: Path) -> None:
    """mkdtemp and safetensors create owner-only files; the model is shared read-only data."""
    for path in [directory, *directory.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def default_model_path(home: Path) -> Path:
    """Where the default model lives under a data home."""
    return home / "models" / MODEL_ID


def ensure_default_model(home: Path, *, seed: int = 0) -> Path:
    """The default model's directory, built once if missing (a file lock keeps builds from racing)."""
    from filelock import FileLock

    target = default_model_path(home)
    if (target / METADATA_FILE).exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / f".{MODEL_ID}.lock")):
        if (target / METADATA_FILE).exists():  # another process built it while we waited
            return target
        tmp = Path(tempfile.mkdtemp(prefix=f".{MODEL_ID}-", dir=target.parent))
        try:
            import datetime as dt

            build_default_model(tmp, seed=seed, built_on=dt.date.today())
            _make_readable(tmp)
            if target.exists():  # a partial leftover without metadata
                shutil.rmtree(target)
            os.replace(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _fingerprint(directory: Path) -> str:
    """16 hex digits over the directory's resolved path and each file's relative path, size and mtime."""
    import hashlib

    digest = hashlib.sha256(str(directory.resolve()).encode())
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(directory)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]
