"""The default model, built once per session: Chinese coverage and same-industry similarity on real titles."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from sentence_transformers import SentenceTransformer

from transforms.embeddings.build import METADATA_FILE, MODEL_ID
from transforms.embeddings.corpus import is_heldout, load_titles
from transforms.embeddings.embedder import ensure_default_model
from transforms.embeddings.quality import pair_auc
from transforms.embeddings.teacher import Teacher
from transforms.embeddings.vocab import UNK, unknown_chars

pytestmark = pytest.mark.slow
RARE_CHARS = "锂硅铸轧舶毂"


@pytest.fixture(scope="session")
def model(model_home: Path) -> SentenceTransformer:
    return SentenceTransformer(str(ensure_default_model(model_home)), device="cpu")


def test_second_ensure_is_free_and_metadata(model_home: Path) -> None:
    start = time.perf_counter()
    path = ensure_default_model(model_home)
    assert time.perf_counter() - start < 1.0
    meta = json.loads((path / METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["model_id"] == MODEL_ID and meta["dims"] == 256
    assert (path / "README.md").exists()


def test_plain_sentence_transformer(model: SentenceTransformer) -> None:
    assert model.get_embedding_dimension() == 256
    vecs = model.encode(["一种船舶推进器", "汽车轮毂"], convert_to_numpy=True)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, rtol=1e-5)


def test_rare_chars_are_known(model: SentenceTransformer) -> None:
    tokenizer = model[0].tokenizer
    unk_id = tokenizer.token_to_id(UNK)
    for ch in RARE_CHARS:
        assert unknown_chars(tokenizer, ch) == [], ch
        assert unk_id not in tokenizer.encode(f"一种{ch}", add_special_tokens=False).ids
        vec = model.encode([ch], normalize_embeddings=False)
        assert np.linalg.norm(vec) > 0, f"{ch} has a zero vector"


def test_few_unknown_chars_in_real_titles(model: SentenceTransformer) -> None:
    tokenizer = model[0].tokenizer
    titles = [t.title for t in load_titles()]
    unknown = sum(len(unknown_chars(tokenizer, t)) for t in titles)
    assert unknown / sum(map(len, titles)) < 0.001


def test_same_ipc_pairs_closer_than_different(model: SentenceTransformer) -> None:
    score = pair_auc(lambda texts: model.encode(list(texts), batch_size=256, convert_to_numpy=True))
    teacher_score = pair_auc(Teacher().encode)
    print(f"held-out pair AUC: {MODEL_ID} {score:.3f}, teacher USE-m {teacher_score:.3f}")
    assert score > 0.75
    assert score > teacher_score - 0.03


def test_heldout_split_is_stable() -> None:
    titles = load_titles()
    held = [t for t in titles if is_heldout(t.publication_number)]
    assert 0.2 < len(held) / len(titles) < 0.4
    assert is_heldout("CN114081026A") == is_heldout("CN114081026A")
