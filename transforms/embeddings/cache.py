"""A content-addressed vector cache in SQLite: sha256(model key + text) -> float32 vector."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL)"
_CHUNK = 500  # keys per SELECT ... IN (...), below SQLite's variable limit


def content_key(model_key: str, text: str) -> bytes:
    """The cache key of one text under one model."""
    return hashlib.sha256(f"{model_key}\x00{text}".encode()).digest()


class VectorCache:
    """Vectors of one dimension in `path`; safe to share between processes (SQLite WAL)."""

    def __init__(self, path: Path, dims: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._dims = dims
        self._conn = sqlite3.connect(str(path), timeout=30.0)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(_SCHEMA)
        self._conn.commit()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, vec FROM vectors WHERE key IN ({marks})"
            for key, blob in self._conn.execute(query, chunk):
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape[0] == self._dims:
                    found[bytes(key)] = vec
        return found

    def put_many(self, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        rows = [(key, np.ascontiguousarray(vec, dtype=np.float32).tobytes()) for key, vec in items]
        with self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)", rows)

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        self._conn.close()
