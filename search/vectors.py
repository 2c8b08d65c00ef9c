"""Exact cosine search over document embeddings kept beside the embedded index (one float32 .npz)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]


class VectorStore:
    """Embeddings by document id in ``vectors.npz`` (``ids``: unicode array, ``vectors``: float32 N×dims).

    Both arrays live in one file replaced atomically, so a reader never sees ids and rows out of step.
    Only the index writer (who holds the writer lock) calls :meth:`update`.
    """

    def __init__(self, directory: Path, dims: int) -> None:
        self.file = directory / "vectors.npz"
        self.dims = dims
        self._cache: tuple[tuple[int, int], list[str], Matrix] | None = None

    def load(self) -> tuple[list[str], Matrix]:
        """Ids and unit-normalized vectors (cached until the file changes)."""
        if not self.file.exists():
            return [], np.zeros((0, self.dims), dtype=np.float32)
        stat = self.file.stat()
        stamp = (stat.st_ino, stat.st_mtime_ns)  # os.replace gives a new inode on every rewrite
        if self._cache is None or self._cache[0] != stamp:
            with np.load(self.file, allow_pickle=False) as data:
                ids = [str(x) for x in data["ids"]]
                raw = np.asarray(data["vectors"], dtype=np.float32)
            self._cache = (stamp, ids, _normalize(raw))
        return self._cache[1], self._cache[2]

    def get(self, doc_id: str) -> list[float] | None:
        """The (normalized) vector of one id, or None."""
        ids, matrix = self.load()
        try:
            row = ids.index(doc_id)
        except ValueError:
            return None
        return [float(x) for x in matrix[row]]

    def update(self, updates: Mapping[str, Sequence[float] | None]) -> None:
        """Set (or, for None, drop) the vectors of these ids and rewrite the file."""
        if not updates:
            return
        rows: dict[str, npt.NDArray[np.float32]] = {}
        if self.file.exists():
            with np.load(self.file, allow_pickle=False) as data:
                rows = {str(i): v for i, v in zip(data["ids"], np.asarray(data["vectors"]), strict=True)}
        for doc_id, vec in updates.items():
            if vec is None:
                rows.pop(doc_id, None)
                continue
            arr = np.asarray(vec, dtype=np.float32)
            if arr.shape != (self.dims,):
                raise ValueError(f"vector of {doc_id!r} has shape {arr.shape}, expected ({self.dims},)")
            rows[doc_id] = arr
        ids = np.array(list(rows), dtype=str)
        matrix = np.stack(list(rows.values())) if rows else np.zeros((0, self.dims), dtype=np.float32)
        tmp = self.file.with_suffix(".tmp.npz")
        np.savez(tmp, ids=ids, vectors=matrix.astype(np.float32))
        os.replace(tmp, self.file)
        self._cache = None

    def ranked(self, vector: Sequence[float]) -> Iterator[tuple[str, float]]:
        """Every ``(id, cosine)``, most similar first (exact: one matrix-vector product)."""
        ids, matrix = self.load()
        query = np.asarray(vector, dtype=np.float32)
        if query.shape != (self.dims,):
            raise ValueError(f"query vector has shape {query.shape}, expected ({self.dims},)")
        if not ids:
            return
        sims = matrix @ _normalize(query[None, :])[0]
        for row in np.argsort(-sims, kind="stable"):
            yield ids[int(row)], float(sims[row])


def _normalize(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out: Matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return out
