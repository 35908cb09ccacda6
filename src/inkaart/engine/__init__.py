"""The analysis engine: retrieval, scoring, selection and verdicts over a located document."""

from .analysis import SCHEMA, analyse, prepare, verify_quotes
from .cache import CachedEmbedder, EmbeddingCache, default_cache_path
from .embedders import DEFAULT_EMBEDDER, Embedder, load_embedder

__all__ = [
    "DEFAULT_EMBEDDER",
    "SCHEMA",
    "CachedEmbedder",
    "Embedder",
    "EmbeddingCache",
    "analyse",
    "default_cache_path",
    "load_embedder",
    "prepare",
    "verify_quotes",
]
