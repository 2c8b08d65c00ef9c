"""Offline quality checks of an encoder on real CN titles: same-IPC vs different-IPC pair AUC."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import numpy as np

from transforms.embeddings.corpus import Title, is_heldout, load_titles

Encode = Callable[[Sequence[str]], np.ndarray]


def labelled_pairs(titles: Sequence[Title], n: int = 4000, *, seed: int = 0) -> list[tuple[int, int, int]]:
    """(i, j, label) pairs: 1 = same main IPC subclass, 0 = no IPC section in common."""
    rng = random.Random(seed)
    by_main: dict[str, list[int]] = {}
    for i, t in enumerate(titles):
        by_main.setdefault(t.ipc_subclasses[0], []).append(i)
    groups = [g for g in by_main.values() if len(g) >= 2]
    sections = [{c[0] for c in t.ipc_subclasses} for t in titles]
    pairs: list[tuple[int, int, int]] = []
    while len(pairs) < n // 2:
        a, b = rng.sample(rng.choice(groups), 2)
        pairs.append((a, b, 1))
    while len(pairs) < n:
        a, b = rng.sample(range(len(titles)), 2)
        if not sections[a] & sections[b]:
            pairs.append((a, b, 0))
    return pairs


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U with tied ranks)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = labels == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def pair_auc(encode: Encode, *, heldout_only: bool = True, n_pairs: int = 4000, seed: int = 0) -> float:
    """AUC of cosine similarity separating same-IPC from different-IPC title pairs."""
    titles = [t for t in load_titles() if is_heldout(t.publication_number) or not heldout_only]
    vecs = np.asarray(encode([t.title for t in titles]), dtype=np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    pairs = labelled_pairs(titles, n_pairs, seed=seed)
    sims = np.array([float(vecs[a] @ vecs[b]) for a, b, _ in pairs])
    return auc(sims, np.array([lab for _, _, lab in pairs]))
