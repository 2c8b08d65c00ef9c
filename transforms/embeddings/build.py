"""Build the default offline Chinese embedding model: StaticEmbedding distilled from USE-m, 256-d."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import math
import time
from pathlib import Path
from typing import Any

import numpy as np

from transforms.embeddings.corpus import taxonomy_version, training_texts
from transforms.embeddings.teacher import TEACHER_ID, Pca, Teacher, l2_normalize
from transforms.embeddings.vocab import SPACE, build_tokenizer, jieba_words, select_vocab, use_pieces

logger = logging.getLogger(__name__)
MODEL_ID = "patentdb-static-zh-256-v1"
DIMS = 256
METADATA_FILE = "patentdb_model.json"
# SIF weight a / (a + p(token)): frequent tokens ("▁", 的, 一种) weigh less in the mean
_SIF_A = 1e-3


def _corpus_words(texts: list[str]) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    return sorted({w for t in texts for w in jieba.lcut(t) if len(w) >= 2})


def init_token_vectors(vocab: list[tuple[str, float]], teacher: Teacher, pca: Pca) -> np.ndarray:
    """Each token's teacher vector projected by `pca` and SIF-weighted; tokens USE-m cannot read
    (e.g. 锂 舶 毂) start as the mean of the vocabulary words that contain them."""
    known = {p.lstrip(SPACE) for p, _ in use_pieces() if len(p.lstrip(SPACE)) == 1}
    tokens = [tok.lstrip(SPACE) for tok, _ in vocab]
    readable = [i for i, t in enumerate(tokens) if t and _readable(t, known)]
    vecs = np.zeros((len(vocab), DIMS), dtype=np.float32)
    vecs[readable] = pca.transform(teacher.encode([tokens[i] for i in readable]))
    by_char: dict[str, list[int]] = {}
    for i in readable:
        if len(tokens[i]) > 1:
            for ch in set(tokens[i]) - known:
                by_char.setdefault(ch, []).append(i)
    for i, t in enumerate(tokens):
        if t and not _readable(t, known) and len(t) == 1 and t in by_char:
            vecs[i] = vecs[by_char[t]].mean(axis=0)
    weights = np.array([_SIF_A / (_SIF_A + math.exp(score)) for _, score in vocab], dtype=np.float32)
    vecs *= weights[:, None]
    vecs[0] = 0.0  # <unk> contributes nothing
    return vecs


def _readable(token: str, known_chars: set[str]) -> bool:
    """False for a single character USE-m has no piece for (it would read it as <unk>)."""
    return not (len(token) == 1 and not token.isascii() and token not in known_chars)


def _distill(model: Any, texts: list[str], targets: np.ndarray, *, seed: int, epochs: int, lr: float) -> None:
    """MSE distillation with sentence-transformers' own training loop (`old_fit`: no `datasets` needed)."""
    import torch
    from sentence_transformers.sentence_transformer.losses import MSELoss
    from sentence_transformers.sentence_transformer.readers import InputExample
    from torch.utils.data import DataLoader

    examples = [InputExample(texts=[t], label=row) for t, row in zip(texts, targets, strict=True)]
    loader: DataLoader[InputExample] = DataLoader(
        examples,  # type: ignore[arg-type]  # a list is a map-style dataset at run time
        batch_size=128,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    steps = epochs * len(loader)
    model.old_fit(
        train_objectives=[(loader, MSELoss(model))],
        epochs=epochs,
        warmup_steps=steps // 20,
        optimizer_params={"lr": lr},
        weight_decay=0.0,
        show_progress_bar=False,
    )


def build_default_model(
    out_dir: Path, *, seed: int = 0, built_on: dt.date | None = None, epochs: int = 3, lr: float = 1e-2
) -> Path:
    """Build, distill and save the default model into `out_dir`; returns `out_dir`."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding

    started = time.perf_counter()
    torch.manual_seed(seed)
    np.random.seed(seed)
    texts = training_texts(seed=seed)
    vocab = select_vocab(use_pieces(), jieba_words(), _corpus_words(texts))
    tokenizer = build_tokenizer(vocab)
    logger.info("%d texts, %d tokens (%.0f s)", len(texts), len(vocab), time.perf_counter() - started)
    teacher = Teacher()
    teacher_vecs = teacher.encode(texts)
    pca = Pca.fit(teacher_vecs, DIMS)
    targets = l2_normalize(pca.transform(teacher_vecs))
    logger.info("teacher sentence vectors (%.0f s)", time.perf_counter() - started)
    weights = torch.from_numpy(init_token_vectors(vocab, teacher, pca))
    logger.info("token vectors initialised (%.0f s)", time.perf_counter() - started)
    model = SentenceTransformer(
        modules=[StaticEmbedding(tokenizer, embedding_weights=weights), Normalize()], device="cpu"
    )
    _distill(model, texts, targets, seed=seed, epochs=epochs, lr=lr)
    logger.info("distilled (%.0f s)", time.perf_counter() - started)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))
    np.savez(out_dir / "teacher_pca.npz", mean=pca.mean, components=pca.components)
    meta = {
        "model_id": MODEL_ID,
        "dims": DIMS,
        "similarity": "cosine",
        "architecture": "StaticEmbedding + Normalize",
        "teacher": TEACHER_ID,
        "teacher_projection": "PCA 512 -> 256 (teacher_pca.npz)",
        "vocab_size": len(vocab),
        "vocab": "USE-m SentencePiece pieces (Han, ASCII, punctuation) + jieba 0.42.1 words + CJK characters",
        "training_texts": len(texts),
        "training_texts_sha256": hashlib.sha256("\n".join(texts).encode()).hexdigest(),
        "taxonomy_version": taxonomy_version(),
        "training_data": "real CN titles (transforms/data/cn_titles_ipc.csv, the 70 % train "
        "split), taxonomy keywords (transforms/taxonomy/industries.yaml), generated title-like phrases",
        "loss": "MSELoss against PCA-projected, normalized teacher sentence vectors",
        "epochs": epochs,
        "learning_rate": lr,
        "seed": seed,
        "built_on": built_on.isoformat() if built_on else None,
        "build_seconds": round(time.perf_counter() - started, 1),
        "weights_sha256": hashlib.sha256((out_dir / "model.safetensors").read_bytes()).hexdigest(),
    }
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    (out_dir / METADATA_FILE).write_text(text, encoding="utf-8")
    _write_card(out_dir, meta)
    return out_dir


def _write_card(out_dir: Path, meta: dict[str, object]) -> None:
    title = f"# {meta['model_id']}"
    lines = [title, "", "Offline Chinese sentence embeddings (Jingjiang patent database).", ""]
    lines += [f"- **{key}**: {value}" for key, value in meta.items()]
    lines += ["", "Limits: a bag of tokens (word order is lost); weak English-Chinese matching.", ""]
    (out_dir / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="directory to save the model into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="build date to record in the metadata (YYYY-MM-DD)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", force=True)
    path = build_default_model(args.out, seed=args.seed, built_on=args.date)
    print(json.loads((path / METADATA_FILE).read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
