"""Score every paragraph against every query, densely and lexically, on one comparable scale.

Raw cosines and BM25 scores live on different scales and shift from query to query, so each query's
scores are standardised over the document's own paragraphs (robust z-scores): "how unusually close is
this paragraph to this question, compared with the bulk of this document". Standardised scores can be
added across signals and compared across themes, which is what the selection rules need.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..document import Document, Paragraph
from .cache import CachedEmbedder
from .calibration import background_for
from .config import DEFAULT_CONFIG, EngineConfig
from .lexical import LexicalIndex, QueryTerm
from .queries import Query

SIGNALS = ("hybrid", "dense", "lexical")

ProgressCallback = Callable[[str, int, int], None]


@dataclass
class Passages:
    """The paragraphs that can contribute, flattened with their sentences for vector work."""

    document: Document
    paragraphs: list[Paragraph]
    sentence_texts: list[str]
    sentence_owner: np.ndarray  # paragraph index of each sentence
    sentence_bounds: list[tuple[int, int]]  # document offsets of each sentence
    section_texts: list[str]  # the heading path of each paragraph ("" without one)

    @classmethod
    def from_document(cls, document: Document) -> Passages:
        paragraphs = document.content_paragraphs
        texts, owners, bounds = [], [], []
        for index, paragraph in enumerate(paragraphs):
            sentences = paragraph.sentences or []
            spans = [(s.start, s.end) for s in sentences] or [(paragraph.start, paragraph.end)]
            for start, end in spans:
                texts.append(document.text[start:end])
                owners.append(index)
                bounds.append((start, end))
        sections = [" > ".join(p.section) for p in paragraphs]
        return cls(document, paragraphs, texts, np.asarray(owners, dtype=np.int64), bounds, sections)

    @property
    def content_chars(self) -> int:
        return sum(p.end - p.start for p in self.paragraphs)

    def paragraph_text(self, index: int) -> str:
        return self.document.paragraph_text(self.paragraphs[index])

    def sentence_range(self, index: int) -> range:
        return self._sentence_ranges[index]

    @cached_property
    def _sentence_ranges(self) -> list[range]:
        # Sentences are stored paragraph by paragraph, and every paragraph has at least one.
        starts = np.searchsorted(self.sentence_owner, np.arange(len(self.paragraphs) + 1))
        return [range(int(a), int(b)) for a, b in itertools.pairwise(starts.tolist())]


@dataclass
class Scores:
    """Per-query evidence for every paragraph; the rest of the engine reads only this."""

    queries: list[Query]
    sentence_cosine: np.ndarray  # sentences x queries
    paragraph_dense: np.ndarray  # paragraphs x queries, raw blend of cosines
    dense_z: np.ndarray  # paragraphs x queries
    lexical_z: np.ndarray  # paragraphs x queries
    fused: np.ndarray  # paragraphs x queries
    meaning: np.ndarray  # paragraphs x queries: the signal that says what a paragraph is about
    query_terms: list[list[QueryTerm]]
    self_cosine: np.ndarray  # per query: cosine of a criterion with its own text as a passage (1 for others)
    lexical: LexicalIndex
    paragraph_vectors: np.ndarray
    # Calibrated against the shipped background sample: the same sentence scores the same in any document.
    sentence_calibrated: np.ndarray  # sentences x queries
    calibrated: np.ndarray  # paragraphs x queries: the paragraph's best sentence
    background_mean: np.ndarray  # per query: the background's mean cosine
    calibration: str  # which background served


def score_passages(
    passages: Passages,
    queries: list[Query],
    embedder: CachedEmbedder,
    progress: ProgressCallback | None = None,
    signals: str = "hybrid",
    config: EngineConfig = DEFAULT_CONFIG,
) -> Scores:
    """Score paragraphs; ``signals`` picks the fusion ("dense" and "lexical" exist to measure each part)."""
    dense_weight = {"hybrid": config.dense_weight, "dense": 1.0, "lexical": 0.0}[signals]
    lexical_weight = 1.0 - dense_weight
    sentence_vectors, section_vectors, query_vectors, self_vectors = _embed_all(passages, queries, embedder, progress)
    paragraph_vectors = _paragraph_vectors(sentence_vectors, passages.sentence_owner, len(passages.paragraphs))

    sentence_cosine = sentence_vectors @ query_vectors.T
    best_sentence = max_by_owner(sentence_cosine, passages.sentence_owner, len(passages.paragraphs))
    whole_paragraph = paragraph_vectors @ query_vectors.T
    section = section_vectors @ query_vectors.T
    paragraph_dense = (
        config.sentence_weight * best_sentence
        + config.paragraph_weight * whole_paragraph
        + config.section_weight * section
    )
    lexical = LexicalIndex(
        [f"{section} {passages.paragraph_text(i)}" for i, section in enumerate(passages.section_texts)],
        passages.document.meta.language,
    )
    query_terms = [lexical.expand(q.lexical_text) for q in queries]
    bm25 = np.column_stack([lexical.scores(terms) for terms in query_terms]) if queries else np.zeros((0, 0))
    # Each part is standardised before blending: the heading's cosine varies little in absolute
    # terms, yet which section a paragraph stands in is strong evidence.
    dense_z = (
        config.sentence_weight * standardise(best_sentence)
        + config.paragraph_weight * standardise(whole_paragraph)
        + config.section_weight * standardise(section)
    )
    lexical_z = np.clip(standardise(np.log1p(bm25)), -config.lexical_cap, config.lexical_cap)
    self_cosine = np.ones(len(queries), dtype=np.float32)
    criteria = _criterion_positions(queries)
    self_cosine[criteria] = np.einsum("ij,ij->i", query_vectors[criteria], self_vectors)
    background = background_for(embedder.name, passages.document.meta.language, query_vectors, sentence_vectors)
    sentence_calibrated = background.calibrate(sentence_cosine)
    return Scores(
        queries=queries,
        sentence_cosine=sentence_cosine,
        paragraph_dense=paragraph_dense,
        dense_z=dense_z,
        lexical_z=lexical_z,
        fused=dense_weight * dense_z + lexical_weight * lexical_z,
        meaning=dense_z if dense_weight > 0 else lexical_z,
        query_terms=query_terms,
        self_cosine=self_cosine,
        lexical=lexical,
        paragraph_vectors=paragraph_vectors,
        sentence_calibrated=sentence_calibrated,
        calibrated=max_by_owner(sentence_calibrated, passages.sentence_owner, len(passages.paragraphs)),
        background_mean=background.mean,
        calibration=background.source,
    )


def question_requests(queries: list[Query]) -> list[tuple[str, list[str]]]:
    """How the engine embeds its questions: as queries, and each criterion also as a passage (the ceiling
    of a verdict's closeness; themes carry their whole vocabulary and need none, which saves most of
    that second embedding)."""
    return [
        ("query", [q.dense_text for q in queries]),
        ("passage", [queries[i].dense_text for i in _criterion_positions(queries)]),
    ]


def _criterion_positions(queries: list[Query]) -> list[int]:
    return [i for i, q in enumerate(queries) if q.kind == "criterion"]


def _embed_all(passages: Passages, queries: list[Query], embedder: CachedEmbedder, progress):
    unique_sections = sorted({s for s in passages.section_texts if s})
    # The questions are asked as ``prepare`` prefetched them, so its background work is what is used here.
    requests = [("passage", passages.sentence_texts), ("passage", unique_sections), *question_requests(queries)]
    by_role: dict[str, list[str]] = {}
    for role, texts in requests:
        by_role.setdefault(role, []).extend(texts)
    todo = sum(embedder.missing(role, texts) for role, texts in by_role.items())
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress("embedding", done, todo)

    if progress:
        progress("embedding", 0, todo)
    sentence_vectors, section_rows, query_vectors, self_vectors = (
        embedder.embed(role, texts, advance) for role, texts in requests
    )
    section_lookup = dict(zip(unique_sections, section_rows, strict=True))
    zero = np.zeros(sentence_vectors.shape[1], dtype=np.float32)
    section_vectors = np.vstack([section_lookup.get(s, zero) for s in passages.section_texts])
    return sentence_vectors, section_vectors, query_vectors, self_vectors


def _paragraph_vectors(sentence_vectors: np.ndarray, owners: np.ndarray, count: int) -> np.ndarray:
    sums = np.zeros((count, sentence_vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, owners, sentence_vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return sums / np.maximum(norms, 1e-12)


def max_by_owner(values: np.ndarray, owners: np.ndarray, count: int) -> np.ndarray:
    result = np.full((count, values.shape[1]), -np.inf, dtype=np.float32)
    np.maximum.at(result, owners, values)
    return result


def standardise(matrix: np.ndarray) -> np.ndarray:
    """Column-wise robust z-scores: distance from the median paragraph in units of typical spread.

    Median and MAD describe the bulk of the document without the relevant few, so a handful of
    on-topic paragraphs stands out in a short document as well as in a long one. A column whose bulk
    has no spread (BM25 where most paragraphs miss every term) falls back to the standard deviation;
    a column with no spread at all carries no evidence.
    """
    if matrix.size == 0:
        return matrix.astype(np.float32)
    median = np.median(matrix, axis=0, keepdims=True)
    mad = 1.4826 * np.median(np.abs(matrix - median), axis=0, keepdims=True)
    spread = np.where(mad > 1e-9, mad, matrix.std(axis=0, keepdims=True))
    safe = np.where(spread > 1e-9, spread, 1.0)
    return np.where(spread > 1e-9, (matrix - median) / safe, 0.0).astype(np.float32)


def embed_paragraphs(document: Document, embedder: CachedEmbedder) -> tuple[list[str], np.ndarray]:
    """Ids and unit vectors of the document's content paragraphs (the mean of their sentences).

    Uses the same sentence embeddings as the analysis, so after an analysis this costs no embedding.
    """
    passages = Passages.from_document(document)
    sentence_vectors = embedder.embed_passages(passages.sentence_texts)
    vectors = _paragraph_vectors(sentence_vectors, passages.sentence_owner, len(passages.paragraphs))
    return [p.id for p in passages.paragraphs], vectors
