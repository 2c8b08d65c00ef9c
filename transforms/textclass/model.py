"""The supervised text model: trained on weak labels of real titles; scores, thresholds and neighbours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from transforms.taxonomy import Taxonomy
from transforms.textclass.calibrate import calibrated_thresholds
from transforms.textclass.linear import features, fit_weights, new_vectorizer, probabilities
from transforms.textclass.weak import keyword_terms

MODEL_NAME = "patentdb-textclass-tfidf-lr-v1"
DEFAULT_C = 10.0


@dataclass(frozen=True)
class Example:
    """One training text with its weak labels (from its IPC codes)."""

    id: str
    text: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Neighbour:
    """A labelled training title close to the text (cosine of the n-gram vectors)."""

    id: str
    title: str
    labels: tuple[str, ...]
    similarity: float


@dataclass(frozen=True)
class TextModel:
    """Char n-gram TF-IDF + keyword features → one logistic score per industry, with thresholds."""

    model_id: str
    taxonomy_version: str
    codes: tuple[str, ...]
    vectorizer: TfidfVectorizer
    terms: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray
    train: tuple[Example, ...]
    train_matrix: sparse.csr_matrix  # n-gram rows of the training texts (for neighbours)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), len(codes)) probabilities."""
        return probabilities(features(self.vectorizer, self.terms, list(texts)), self.weights, self.bias)

    def threshold(self, code: str) -> float:
        return float(self.thresholds[self.codes.index(code)])

    def neighbours(self, text: str, k: int = 5) -> list[Neighbour]:
        """The ``k`` most similar training texts."""
        sims = np.asarray((self.train_matrix @ self.vectorizer.transform([text]).T).todense()).ravel()
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k] if k else np.array([], dtype=int)
        top = top[np.argsort(-sims[top], kind="stable")]
        return [
            Neighbour(self.train[i].id, self.train[i].text, self.train[i].labels, float(sims[i])) for i in top
        ]


def label_matrix(examples: Sequence[Example], codes: Sequence[str]) -> np.ndarray:
    return np.array([[c in e.labels for c in codes] for e in examples], dtype=np.int8).reshape(-1, len(codes))


def fit_text_model(
    examples: Sequence[Example],
    taxonomy: Taxonomy,
    *,
    model_id: str = MODEL_NAME,
    c: float = DEFAULT_C,
    calibrate: bool = True,
) -> TextModel:
    """Train on ``examples`` (pure: no I/O); thresholds from inner cross-validation when ``calibrate``."""
    if not examples:
        raise ValueError("no training examples")
    codes = taxonomy.codes
    terms = keyword_terms(taxonomy)
    texts = [e.text for e in examples]
    y = label_matrix(examples, codes)
    vectorizer = new_vectorizer().fit(texts)
    weights, bias = fit_weights(features(vectorizer, terms, texts), y, c)
    thresholds = (
        calibrated_thresholds([e.id for e in examples], texts, y, terms, c)
        if calibrate
        else np.full(len(codes), 0.5, dtype=np.float32)
    )
    return TextModel(
        model_id=model_id,
        taxonomy_version=taxonomy.version,
        codes=codes,
        vectorizer=vectorizer,
        terms=terms,
        weights=weights,
        bias=bias,
        thresholds=thresholds,
        train=tuple(examples),
        train_matrix=vectorizer.transform(texts).tocsr(),
    )
