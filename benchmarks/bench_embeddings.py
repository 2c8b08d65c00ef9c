"""Embedding throughput: the default static model vs its teacher (USE-m), titles/s and abstracts/s on CPU."""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from transforms.embeddings.corpus import generated_titles, load_titles, taxonomy_terms
from transforms.embeddings.embedder import Embedder, ensure_default_model
from transforms.embeddings.teacher import Teacher

_OPENINGS = ("本发明涉及", "本实用新型公开了", "本申请提供了", "本发明属于")
_MIDDLES = ("技术领域，具体涉及", "，包括", "，其特征在于，所述", "，通过设置", "，解决了现有技术中")


def synthetic_texts(n_titles: int, n_abstracts: int, *, seed: int = 1) -> tuple[list[str], list[str]]:
    """Unique titles (the real ones first, then generated) and ~200-character abstract-like texts."""
    real = list(dict.fromkeys(t.title for t in load_titles()))
    generated = generated_titles(real, taxonomy_terms(), n_titles + n_abstracts * 8, seed=seed)
    titles = list(dict.fromkeys(real + generated))
    rng = random.Random(seed)
    abstracts: list[str] = []
    pool = titles[n_titles:]
    while len(abstracts) < n_abstracts:
        parts = [rng.choice(_OPENINGS)]
        while sum(map(len, parts)) < 200:
            parts += [rng.choice(pool), rng.choice(_MIDDLES)]
        abstracts.append("".join(parts)[:220] + "。")
    return titles[:n_titles], abstracts


def rate(encode: Callable[[Sequence[str]], np.ndarray], texts: list[str], runs: int = 3) -> float:
    """Median texts/s over `runs` runs (every run's rate is printed: a shared machine is noisy)."""
    encode(texts[:64])  # warm-up: loads the model
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        encode(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    print(f"  {len(texts)} texts: runs {', '.join(f'{r:,.0f}' for r in rates)} texts/s")
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--home",
        type=Path,
        default=Path(os.environ.get("PATENTDB_HOME", "data")),
        help="data home holding models/ (the default model is built there if missing)",
    )
    parser.add_argument("--model", type=str, default=None, help="any sentence-transformers model path/name")
    parser.add_argument("--titles", type=int, default=5000)
    parser.add_argument("--abstracts", type=int, default=2000)
    args = parser.parse_args(argv)

    import torch

    model = args.model or str(ensure_default_model(args.home))
    titles, abstracts = synthetic_texts(args.titles, args.abstracts)
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
        f"torch_threads={torch.get_num_threads()} python={platform.python_version()}"
    )
    print(
        f"texts: {len(titles)} titles (avg {np.mean([len(t) for t in titles]):.0f} chars), "
        f"{len(abstracts)} abstracts (avg {np.mean([len(a) for a in abstracts]):.0f} chars); "
        "median of 3 runs"
    )
    embedder = Embedder(model)
    teacher = Teacher(threads=os.cpu_count() or 2)
    rows = [
        (embedder.model_id, rate(embedder.encode, titles), rate(embedder.encode, abstracts)),
        ("USE-m (teacher)", rate(teacher.encode, titles[:2000]), rate(teacher.encode, abstracts[:500])),
    ]
    print(f"{'model':<32} {'titles/s':>10} {'abstracts/s':>12}")
    for name, t_rate, a_rate in rows:
        print(f"{name:<32} {t_rate:>10,.0f} {a_rate:>12,.0f}")
    print(f"speed-up: titles x{rows[0][1] / rows[1][1]:.1f}, abstracts x{rows[0][2] / rows[1][2]:.1f}")


if __name__ == "__main__":
    main()
