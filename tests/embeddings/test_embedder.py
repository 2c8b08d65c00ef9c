"""Embedder behaviour on a fake tiny sentence-transformers model (StaticEmbedding, no teacher)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sentence_transformers import SentenceTransformer
from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding
from tokenizers import Tokenizer, pre_tokenizers
from tokenizers.models import WordLevel

from transforms.embeddings.embedder import Embedder, default_model_path, record_text
from transforms.records import Patent, Provenance, Trademark

WORDS = ["船舶", "推进器", "螺旋桨", "汽车", "轮毂", "制动器", "泵", "阀门", "锂", "电池"]


@pytest.fixture(scope="module")
def fake_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vocab = {"[UNK]": 0, **{w: i + 1 for i, w in enumerate(WORDS)}}
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(len(vocab), 8)).astype(np.float32) * 3.0  # not unit length on purpose
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu")
    path = tmp_path_factory.mktemp("fake") / "fake-static-8"
    model.save(str(path))
    return path


@pytest.fixture(scope="module")
def normalized_model_dir(tmp_path_factory: pytest.TempPathFactory, fake_model_dir: Path) -> Path:
    model = SentenceTransformer(str(fake_model_dir), device="cpu")
    model = SentenceTransformer(modules=[model[0], Normalize()], device="cpu")
    path = tmp_path_factory.mktemp("fake") / "fake-static-8-norm"
    model.save(str(path))
    return path


def _count_calls(embedder: Embedder) -> list[int]:
    """Wrap the loaded model's encode; returns a list of batch sizes it was called with."""
    calls: list[int] = []
    original: Callable[..., Any] = embedder.model.encode

    def spy(texts: list[str], **kwargs: Any) -> Any:
        calls.append(len(texts))
        return original(texts, **kwargs)

    embedder.model.encode = spy  # type: ignore[method-assign]
    return calls


def test_constructor_is_cheap_and_model_id(fake_model_dir: Path) -> None:
    emb = Embedder(fake_model_dir)
    assert emb._model is None  # nothing loaded yet
    assert emb.model_id == "fake-static-8"
    assert Embedder("some-org/some-model").model_id == "some-org/some-model"


def test_encode_normalized_float32(fake_model_dir: Path) -> None:
    vecs = Embedder(fake_model_dir).encode(["船舶 推进器", "汽车 轮毂", "泵 阀门"])
    assert vecs.dtype == np.float32 and vecs.shape == (3, 8)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, rtol=1e-5)


def test_traditional_text_gets_the_simplified_vector(fake_model_dir: Path) -> None:
    vecs = Embedder(fake_model_dir).encode(["船舶 推進器", "船舶 推进器", "汽車 輪轂"])
    np.testing.assert_array_equal(vecs[0], vecs[1])
    np.testing.assert_array_equal(vecs[2], Embedder(fake_model_dir).encode(["汽车 轮毂"])[0])


def test_same_vectors_as_model_with_normalize(fake_model_dir: Path, normalized_model_dir: Path) -> None:
    texts = ["船舶 螺旋桨", "锂 电池"]
    np.testing.assert_allclose(
        Embedder(fake_model_dir).encode(texts), Embedder(normalized_model_dir).encode(texts), atol=1e-6
    )


def test_batching(fake_model_dir: Path) -> None:
    emb = Embedder(fake_model_dir, batch_size=4)
    calls = _count_calls(emb)
    texts = [f"{WORDS[i % len(WORDS)]} {WORDS[(i * 3) % len(WORDS)]}" for i in range(10)]
    texts = list(dict.fromkeys(texts))
    vecs = emb.encode(texts)
    assert len(vecs) == len(texts)
    assert calls and max(calls) <= 4 and sum(calls) == len(texts)


def test_cache_second_call_does_not_call_model(fake_model_dir: Path, tmp_path: Path) -> None:
    emb = Embedder(fake_model_dir, cache_dir=tmp_path)
    calls = _count_calls(emb)
    first = emb.encode(["船舶 推进器", "汽车 轮毂", "船舶 推进器"])
    assert sum(calls) == 2  # the repeat inside one call is encoded once
    second = emb.encode(["汽车 轮毂", "船舶 推进器"])
    assert sum(calls) == 2
    np.testing.assert_array_equal(second, first[[1, 0]])
    emb.encode(["泵 阀门", "汽车 轮毂"])
    assert sum(calls) == 3  # only the new text

    again = Embedder(fake_model_dir, cache_dir=tmp_path)  # a new process reads the same cache
    calls_again = _count_calls(again)
    np.testing.assert_array_equal(again.encode(["船舶 推进器"]), first[:1])
    assert calls_again == []


def test_cache_is_per_model(fake_model_dir: Path, normalized_model_dir: Path, tmp_path: Path) -> None:
    Embedder(fake_model_dir, cache_dir=tmp_path).encode(["船舶 推进器"])
    other = Embedder(normalized_model_dir, cache_dir=tmp_path)
    calls = _count_calls(other)
    other.encode(["船舶 推进器"])
    assert calls == [1]


def test_embed_records(fake_model_dir: Path) -> None:
    prov = Provenance(
        source="synthetic",
        fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        pipeline_version="test",
        synthetic=True,
    )
    patent = Patent(
        publication_number="CN218751475U",
        country="CN",
        titles={"zh": "船舶 推进器"},
        abstracts={"zh": "螺旋桨"},
        provenance=prov,
    )
    bare = Patent(publication_number="CN1U", country="CN", provenance=prov)
    mark = Trademark(registration_number="123", mark_text="汽车", goods_services=["轮毂"], provenance=prov)
    assert record_text(patent) == "船舶 推进器\n螺旋桨"
    out = Embedder(fake_model_dir).embed_records([patent, bare, mark])
    assert [rid for rid, _ in out] == ["CN218751475U", "TM-CN-123"]
    assert all(v.shape == (8,) and v.dtype == np.float32 for _, v in out)


def test_empty_input(fake_model_dir: Path) -> None:
    assert Embedder(fake_model_dir).encode([]).shape == (0, 8)


def test_default_model_path(tmp_path: Path) -> None:
    assert default_model_path(tmp_path) == tmp_path / "models" / "patentdb-static-zh-256-v1"


def test_ensure_default_model_builds_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from transforms.embeddings import embedder as module

    builds: list[Path] = []

    def fake_build(out_dir: Path, *, seed: int = 0, built_on: dt.date | None = None) -> Path:
        builds.append(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / module.METADATA_FILE).write_text('{"model_id": "patentdb-static-zh-256-v1"}')
        return out_dir

    monkeypatch.setattr(module, "build_default_model", fake_build)
    threads = [threading.Thread(target=module.ensure_default_model, args=(tmp_path,)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    path = module.ensure_default_model(tmp_path)
    assert len(builds) == 1
    assert path == default_model_path(tmp_path) and (path / module.METADATA_FILE).exists()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".patentdb-static") and p.is_dir()]
    assert Embedder(path).model_id == "patentdb-static-zh-256-v1"


def test_single_string_is_rejected(fake_model_dir: Path) -> None:
    with pytest.raises(TypeError):
        Embedder(fake_model_dir).encode("船舶")


def test_models_without_metadata_are_told_apart_by_their_files(tmp_path: Path) -> None:
    """Two models in directories of the same name, or one replaced in place, are different vector spaces."""
    import os

    from transforms.embeddings.embedder import _fingerprint

    a, b = tmp_path / "a" / "model", tmp_path / "b" / "model"
    for d in (a, b):
        d.mkdir(parents=True)
        (d / "config.json").write_text("{}", encoding="utf-8")
    assert _fingerprint(a) != _fingerprint(b)
    before = _fingerprint(a)
    (a / "model.safetensors").write_bytes(b"\0" * 10)
    assert _fingerprint(a) != before
    os.utime(a / "config.json", ns=(1, 1))
    assert _fingerprint(a) != before
