"""Sentence embeddings: the embedder component and the project's default offline Chinese model."""

from __future__ import annotations

from transforms.embeddings.build import MODEL_ID, build_default_model
from transforms.embeddings.embedder import Embedder, default_model_path, ensure_default_model

__all__ = ["MODEL_ID", "Embedder", "build_default_model", "default_model_path", "ensure_default_model"]
