"""Per-industry decision thresholds from out-of-fold probabilities on the training data (max F1)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from transforms.textclass.linear import features, fit_weights, new_vectorizer, probabilities

GRID = np.round(np.arange(0.10, 0.91, 0.05), 2)
MIN_POSITIVES = 8  # fewer positives than this: keep the default threshold, the estimate is noise
DEFAULT_THRESHOLD = 0.5


def fold_of(key: str, folds: int, salt: int = 1) -> int:
    """A stable fold number from an id (no random state)."""
    return hashlib.sha256(key.encode()).digest()[salt] % folds


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The grid threshold with the highest F1 (ties: the one closest to the default)."""
    if y.sum() < MIN_POSITIVES:
        return DEFAULT_THRESHOLD
    best, best_f1 = DEFAULT_THRESHOLD, -1.0
    for t in sorted(GRID, key=lambda v: abs(v - DEFAULT_THRESHOLD)):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        f1 = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


def calibrated_thresholds(
    ids: Sequence[str], texts: Sequence[str], y: np.ndarray, terms: Sequence[str], c: float, folds: int = 3
) -> np.ndarray:
    """Thresholds per class, chosen on out-of-fold probabilities of ``folds`` inner fits."""
    oof = np.zeros(y.shape, dtype=np.float32)
    fold = np.array([fold_of(i, folds) for i in ids])
    for k in range(folds):
        train, test = np.where(fold != k)[0], np.where(fold == k)[0]
        if not len(train) or not len(test):
            continue
        vectorizer = new_vectorizer().fit([texts[i] for i in train])
        x_train = features(vectorizer, terms, [texts[i] for i in train])
        weights, bias = fit_weights(x_train, y[train], c)
        oof[test] = probabilities(features(vectorizer, terms, [texts[i] for i in test]), weights, bias)
    return np.array([best_threshold(y[:, j], oof[:, j]) for j in range(y.shape[1])], dtype=np.float32)
