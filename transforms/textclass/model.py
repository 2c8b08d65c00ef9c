"""The supervised text model: trained on weak labels of real titles; scores, thresholds and neighbours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from transforms.taxonomy import Taxonomy
from transforms.textclass.calibrate import DEFAULT_THRESHOLD, FEW_POSITIVES_SOURCE, Source
from transforms.textclass.calibrate import calibrate as calibrate_decisions
from transforms.textclass.linear import features, fit_weights, new_vectorizer, probabilities
from transforms.textclass.weak import keyword_hits, keyword_terms

MODEL_NAME = "patentdb-textclass-tfidf-lr-v2"  # v2: a deciding source per industry
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
    """Char n-gram TF-IDF + keyword features → one logistic score per industry, with thresholds, and per
    industry the source that decides text-only labels: ``model`` (p ≥ threshold), ``keywords`` (the
    taxonomy's keyword rules) or ``either``, whichever labelled held-out training titles best."""

    model_id: str
    taxonomy_version: str
    codes: tuple[str, ...]
    vectorizer: TfidfVectorizer
    terms: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray
    sources: tuple[Source, ...]
    train: tuple[Example, ...]
    train_matrix: sparse.csr_matrix  # n-gram rows of the training texts (for neighbours)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), len(codes)) probabilities."""
        return probabilities(features(self.vectorizer, self.terms, list(texts)), self.weights, self.bias)

    def threshold(self, code: str) -> float:
        return float(self.thresholds[self.codes.index(code)])

    def source(self, code: str) -> Source:
        return self.sources[self.codes.index(code)]

    def neighbours(self, text: str, k: int = 5) -> list[Neighbour]:
        """The ``k`` most similar training texts."""
        sims = np.asarray((self.train_matrix @ self.vectorizer.transform([text]).T).todense()).ravel()
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k] if k else np.array([], dtype=int)
        top = top[np.argsort(-sims[top], kind="stable")]
        return [
            Neighbour(self.train[i].id, self.train[i].text, self.train[i].labels, float(sims[i])) for i in top
        ]


def keyword_matrix_of(texts: Sequence[str], taxonomy: Taxonomy) -> np.ndarray:
    """(texts, industries) True where the taxonomy's keyword rules label the text."""
    hits = [keyword_hits(text, taxonomy) for text in texts]
    rows = [[code in h for code in taxonomy.codes] for h in hits]
    return np.array(rows, dtype=bool).reshape(-1, len(taxonomy.codes))


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
    """Train on ``examples`` (pure: no I/O); thresholds and deciding sources from inner cross-validation
    when ``calibrate``."""
    if not examples:
        raise ValueError("no training examples")
    codes = taxonomy.codes
    terms = keyword_terms(taxonomy)
    texts = [e.text for e in examples]
    y = label_matrix(examples, codes)
    vectorizer = new_vectorizer().fit(texts)
    weights, bias = fit_weights(features(vectorizer, terms, texts), y, c)
    if calibrate:
        keyword_says = keyword_matrix_of(texts, taxonomy)
        thresholds, sources = calibrate_decisions([e.id for e in examples], texts, y, keyword_says, terms, c)
    else:
        thresholds = np.full(len(codes), DEFAULT_THRESHOLD, dtype=np.float32)
        sources = tuple(FEW_POSITIVES_SOURCE for _ in codes)
    return TextModel(
        model_id=model_id,
        taxonomy_version=taxonomy.version,
        codes=codes,
        vectorizer=vectorizer,
        terms=terms,
        weights=weights,
        bias=bias,
        thresholds=thresholds,
        sources=sources,
        train=tuple(examples),
        train_matrix=vectorizer.transform(texts).tocsr(),
    )
