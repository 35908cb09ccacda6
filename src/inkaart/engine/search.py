"""Search a document's paragraphs, for the passages an analysis missed: by words, by meaning, or both.

Keyword search is BM25 over the content paragraphs (stemmed, compound-aware, see :mod:`lexical`);
semantic search compares the e5 query vector with each paragraph's vector (the mean of its sentence
vectors, as in the analysis, so a searched document embeds nothing new). Hybrid adds the two after
standardising each over the document, the same fusion the engine uses.
"""

from __future__ import annotations

import numpy as np

from ..document import Document
from ..errors import InputError
from .cache import CachedEmbedder
from .lexical import LexicalIndex
from .scoring import embed_paragraphs, standardise

MODES = ("hybrid", "keyword", "semantic")
MAX_QUERY = 500


class PassageSearch:
    """A document's search indexes, built on first use and kept for the next query."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.paragraph_ids = [p.id for p in document.content_paragraphs]
        self._index: LexicalIndex | None = None
        self._vectors: np.ndarray | None = None

    @property
    def index(self) -> LexicalIndex:
        if self._index is None:
            texts = [self.document.paragraph_text(p) for p in self.document.content_paragraphs]
            self._index = LexicalIndex(texts, self.document.meta.language)
        return self._index

    def vectors(self, embedder: CachedEmbedder) -> np.ndarray:
        if self._vectors is None:
            _, self._vectors = embed_paragraphs(self.document, embedder)
        return self._vectors

    def vectors_by_id(self, embedder: CachedEmbedder) -> dict[str, np.ndarray]:
        return dict(zip(self.paragraph_ids, self.vectors(embedder), strict=True))

    def keyword_scores(self, query: str) -> np.ndarray:
        return self.index.scores(self.index.expand(query))

    def semantic_scores(self, query: str, embedder: CachedEmbedder) -> np.ndarray:
        query_vector = embedder.embed_queries([query])[0]
        return self.vectors(embedder) @ query_vector

    def search(
        self, query: str, embedder: CachedEmbedder | None, mode: str = "hybrid", limit: int = 20
    ) -> list[tuple[str, float]]:
        """The best paragraphs for ``query``, as (paragraph id, score), best first."""
        query = _checked(query, mode)
        if not self.paragraph_ids:
            return []
        if mode == "keyword":
            scores = self.keyword_scores(query)
            # A paragraph without any of the words is no keyword hit, however the ranking falls.
            candidates = np.flatnonzero(scores > 0)
        else:
            if embedder is None:
                raise InputError(None, f"{mode} search needs the embedder; use keyword search")
            semantic = self.semantic_scores(query, embedder)
            if mode == "semantic":
                scores = semantic
            else:
                keyword = self.keyword_scores(query)
                scores = standardise(np.column_stack([semantic, np.log1p(keyword)])).sum(axis=1)
            candidates = np.arange(len(scores))
        order = sorted(candidates, key=lambda i: (-float(scores[i]), int(i)))[: max(limit, 0)]
        return [(self.paragraph_ids[i], round(float(scores[i]), 4)) for i in order]


def _checked(query: str, mode: str) -> str:
    if mode not in MODES:
        raise InputError(None, f"unknown search mode '{mode}'; use one of {', '.join(MODES)}")
    cleaned = " ".join(query.split())[:MAX_QUERY]
    if not cleaned:
        raise InputError(None, "empty search; type a word or a phrase to look for")
    return cleaned


def search_passages(
    document: Document,
    query: str,
    embedder: CachedEmbedder | None,
    mode: str = "hybrid",
    limit: int = 20,
) -> list[tuple[str, float]]:
    """One search over ``document`` (build a :class:`PassageSearch` to reuse the indexes)."""
    return PassageSearch(document).search(query, embedder, mode, limit)
