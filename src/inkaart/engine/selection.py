"""From scores to findings: which paragraphs a theme lists, which sentences they quote, and why.

The rules are stated on the standardised scale of :mod:`scoring`, so they read the same for every
document and framework:

* a paragraph *contributes* to a theme when it stands far out from the rest of the document for that
  theme (``ASSIGN_Z``) and the theme is (nearly) its best theme (``THEME_MARGIN``), so one paragraph
  is not claimed by every theme it brushes against;
* the listed contributions are those that also clear the theme's own cut, where its score curve
  drops most (the largest gap in the ranked scores); a list never grows past ``MAX_LISTED``, which
  is a reader's limit, not a retrieval one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from .commitment import commitment_strength
from .scoring import Passages, Scores

ASSIGN_Z = 2.0
THEME_MARGIN = 0.75
MAX_LISTED = 12
RANKING_SIZE = 50
DUPLICATE_SIMILARITY = 92.0
QUOTE_MAX_SENTENCES = 3
QUOTE_NEIGHBOUR_RATIO = 0.85
THEME_QUERY_SHARE = 0.5


@dataclass
class Candidate:
    index: int
    score: float
    best_query: int
    duplicates: list[int] = field(default_factory=list)


def theme_columns(scores: Scores, theme_id: str) -> tuple[int, list[int]]:
    theme_column = next(i for i, q in enumerate(scores.queries) if q.theme_id == theme_id and q.kind == "theme")
    criteria = [i for i, q in enumerate(scores.queries) if q.theme_id == theme_id and q.kind == "criterion"]
    return theme_column, criteria


def theme_scores(scores: Scores, theme_ids: list[str]) -> np.ndarray:
    """paragraphs x themes: half the theme's own question, half its best-matching criterion."""
    columns = []
    for theme_id in theme_ids:
        theme_column, criteria = theme_columns(scores, theme_id)
        own = scores.fused[:, theme_column]
        if criteria:
            best_criterion = scores.fused[:, criteria].max(axis=1)
            columns.append(THEME_QUERY_SHARE * own + (1 - THEME_QUERY_SHARE) * best_criterion)
        else:
            columns.append(own)
    if not columns:
        return np.zeros((len(scores.fused), 0), dtype=np.float32)
    return np.column_stack(columns)


def assignments(matrix: np.ndarray) -> np.ndarray:
    """Boolean paragraphs x themes: far out for the theme, and the theme is (nearly) the best one."""
    if matrix.size == 0:
        return np.zeros(matrix.shape, dtype=bool)
    best = matrix.max(axis=1, keepdims=True)
    return (matrix >= ASSIGN_Z) & (matrix >= best - THEME_MARGIN)


def best_query_for(scores: Scores, index: int, columns: list[int]) -> int:
    return max(columns, key=lambda c: (scores.fused[index, c], -c))


def rank_theme(
    scores: Scores, passages: Passages, matrix: np.ndarray, theme_position: int, theme_id: str
) -> list[Candidate]:
    """The theme's candidates, best first, with near-duplicates merged into their first occurrence."""
    theme_column, criteria = theme_columns(scores, theme_id)
    column = matrix[:, theme_position]
    order = sorted(range(len(column)), key=lambda i: (-float(column[i]), i))
    ranked: list[Candidate] = []
    for index in order:
        original = _duplicate_of(passages, ranked, index)
        if original is not None:
            original.duplicates.append(index)
            continue
        ranked.append(Candidate(index, float(column[index]), best_query_for(scores, index, [theme_column, *criteria])))
        if len(ranked) >= RANKING_SIZE:
            break
    return ranked


def _duplicate_of(passages: Passages, ranked: list[Candidate], index: int) -> Candidate | None:
    text = passages.paragraph_text(index)
    for candidate in ranked:
        other = passages.paragraph_text(candidate.index)
        if abs(len(other) - len(text)) > 0.2 * max(len(other), len(text)):
            continue
        if fuzz.ratio(text, other) >= DUPLICATE_SIMILARITY:
            return candidate
    return None


def listed(ranked: list[Candidate], assigned: np.ndarray, theme_position: int) -> list[Candidate]:
    """Contributions the report lists: assigned candidates, cut where the score curve drops most."""
    chosen = [c for c in ranked if assigned[c.index, theme_position]]
    if len(chosen) <= 2:
        return chosen[:MAX_LISTED]
    values = [c.score for c in chosen[: MAX_LISTED + 1]]
    gaps = [values[i] - values[i + 1] for i in range(len(values) - 1)]
    cut = len(chosen)
    if len(chosen) > MAX_LISTED:
        # Past the reader's limit, end the list at its clearest break within that limit.
        cut = 1 + int(np.argmax(gaps[:MAX_LISTED]))
    return chosen[:cut]


def key_sentences(scores: Scores, passages: Passages, index: int, columns: list[int]) -> tuple[int, int, int]:
    """The 1-3 contiguous sentences that carry the paragraph's contribution: (first, last, best) positions.

    Policy prose states the commitment first and elaborates after, so a strong lead sentence is kept
    with the best-matching one when they are close.
    """
    positions = passages.sentence_range(index)
    # Cosines sit in a narrow band; measured above the document's typical sentence they spread out.
    baseline = scores.sentence_cosine[:, columns].mean(axis=0)
    lifted = scores.sentence_cosine[positions.start : positions.stop][:, columns] - baseline
    sentence_scores = np.maximum(lifted.max(axis=1), 0.0)
    best = int(np.argmax(sentence_scores))
    first, last = best, best
    floor = sentence_scores[best] * QUOTE_NEIGHBOUR_RATIO
    if 0 < best < QUOTE_MAX_SENTENCES and all(sentence_scores[:best] >= floor):
        first = 0
    while last - first + 1 < QUOTE_MAX_SENTENCES and last + 1 < len(sentence_scores):
        if sentence_scores[last + 1] < floor:
            break
        last += 1
    return positions.start + first, positions.start + last, positions.start + best


def other_contributions(
    scores: Scores, passages: Passages, matrix: np.ndarray, assigned: np.ndarray, other_column: int | None
) -> list[Candidate]:
    """Concrete commitments that no theme claims, most on-topic for the other bucket first."""
    unclaimed = ~assigned.any(axis=1) if assigned.size else np.ones(len(passages.paragraphs), dtype=bool)
    pool = []
    for index in np.flatnonzero(unclaimed):
        strength = commitment_strength(passages.paragraph_text(index), passages.document.meta.language)
        if strength < 2:
            continue
        relevance = float(scores.fused[index, other_column]) if other_column is not None else 0.0
        if relevance < ASSIGN_Z:
            continue
        pool.append(Candidate(int(index), relevance, other_column if other_column is not None else -1))
    pool.sort(key=lambda c: (-c.score, c.index))
    return pool[:MAX_LISTED]
