"""Per-industry decisions from out-of-fold probabilities on the training data: a threshold (max F1) and
the source that decides text-only labels (the model, the taxonomy's keyword rules, or either)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Literal, TypeVar

import numpy as np

from transforms.textclass.linear import features, fit_weights, new_vectorizer, probabilities

GRID = np.round(np.arange(0.10, 0.91, 0.05), 2)
MIN_POSITIVES = 8  # fewer positives than this: keep the default threshold, the estimate is noise
DEFAULT_THRESHOLD = 0.5
Source = Literal["model", "either", "keywords"]
SOURCES: tuple[Source, ...] = ("model", "either", "keywords")  # order = preference on equal F1
# Leaving the model for another source needs this much more held-out F1: inner folds are small, and
# without a margin the choice follows noise (measured on the dev set, see docs/evaluation.md).
SWITCH_MARGIN = 0.05
FEW_POSITIVES_SOURCE: Source = "either"  # the model cannot be judged: keyword rules may label too


def fold_of(key: str, folds: int, salt: int = 1) -> int:
    """A stable fold number from an id (no random state)."""
    return hashlib.sha256(key.encode()).digest()[salt] % folds


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float((pred & (y == 1)).sum())
    total = float(pred.sum() + y.sum())
    return 2 * tp / total if total else 0.0


Votes = TypeVar("Votes", np.ndarray, bool)


def decides(source: Source, model_says: Votes, keyword_says: Votes) -> Votes:
    """Which rows (or whether one text) get the label under ``source``: the one rule that calibration and
    text-only labelling share."""
    if source == "model":
        return model_says
    if source == "keywords":
        return keyword_says
    return model_says | keyword_says


def best_source(y: np.ndarray, model_says: np.ndarray, keyword_says: np.ndarray) -> Source:
    """The source with the highest F1 on held-out rows, the model keeping the lead unless another source
    beats it by ``SWITCH_MARGIN`` (ties: model, then either)."""
    if y.sum() < MIN_POSITIVES:
        return FEW_POSITIVES_SOURCE
    scores = [f1(y, decides(s, model_says, keyword_says)) for s in SOURCES]
    scores = [scores[0]] + [v - SWITCH_MARGIN for v in scores[1:]]
    return SOURCES[int(np.argmax(np.round(scores, 9)))]


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The grid threshold with the highest F1 (ties: the one closest to the default)."""
    if y.sum() < MIN_POSITIVES:
        return DEFAULT_THRESHOLD
    best, best_f1 = DEFAULT_THRESHOLD, -1.0
    for t in sorted(GRID, key=lambda v: abs(v - DEFAULT_THRESHOLD)):
        score = f1(y, p >= t)
        if score > best_f1 + 1e-9:
            best, best_f1 = float(t), score
    return best


def calibrate(
    ids: Sequence[str],
    texts: Sequence[str],
    y: np.ndarray,
    keyword_says: np.ndarray,
    terms: Sequence[str],
    c: float,
    folds: int = 3,
) -> tuple[np.ndarray, tuple[Source, ...]]:
    """Threshold and deciding source per class, chosen on out-of-fold probabilities of ``folds`` inner
    fits; ``keyword_says`` (rows, classes) marks the texts the taxonomy's keyword rules label."""
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
    thresholds = np.array([best_threshold(y[:, j], oof[:, j]) for j in range(y.shape[1])], dtype=np.float32)
    sources = tuple(
        best_source(y[:, j], oof[:, j] >= thresholds[j], keyword_says[:, j].astype(bool))
        for j in range(y.shape[1])
    )
    return thresholds, sources
