"""The text model's features (char 1–3-gram TF-IDF + taxonomy keyword hits) and one-vs-rest logistic fits."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

KEYWORD_SCALE = 1.0  # weight of a keyword-hit feature next to the l2-normalised n-gram vector


def new_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, dtype=np.float32)


def keyword_matrix(texts: Sequence[str], terms: Sequence[str]) -> sparse.csr_matrix:
    """One binary column per keyword term: 1 where the term occurs in the text."""
    rows, cols = [], []
    for i, text in enumerate(texts):
        for j, term in enumerate(terms):
            if term in text:
                rows.append(i)
                cols.append(j)
    data = np.full(len(rows), KEYWORD_SCALE, dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(texts), len(terms)), dtype=np.float32)


def features(vectorizer: TfidfVectorizer, terms: Sequence[str], texts: Sequence[str]) -> sparse.csr_matrix:
    return sparse.hstack([vectorizer.transform(texts), keyword_matrix(texts, terms)], format="csr")


def fit_weights(x: sparse.csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """(weights (features, classes), bias (classes,)); a class without positives never fires."""
    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    bias = np.full(y.shape[1], -20.0, dtype=np.float32)
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            fit = LogisticRegression(
                C=c, class_weight="balanced", solver="liblinear", dual=True, max_iter=2000, random_state=0
            ).fit(x, y[:, j])
            weights[:, j] = fit.coef_[0]
            bias[j] = fit.intercept_[0]
    return weights, bias


def probabilities(x: sparse.csr_matrix, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    logits = np.asarray(x @ weights) + bias
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
