"""From scores to findings: which paragraphs a theme lists, which sentences they quote, and why.

The rules are stated on the standardised scale of :mod:`scoring`, so they read the same for every
document and framework:

* a paragraph's score for a theme adds how far it stands out from the rest of the document for that
  theme (relevance), how clearly the theme is what it is about, compared with the framework's
  other themes (preference), and how concretely it commits to something (a reader charting
  contributions wants the headline commitments before the framing prose around them);
* it *contributes* when the theme is mostly what it is about (``MIN_PREFERENCE``), it stands out for
  the theme (``MIN_RELEVANCE``), and the theme is (nearly) its best theme (``THEME_MARGIN``), so one
  paragraph is not claimed by every theme it brushes against;
* the listed contributions are the assigned ones, best first, ending where the scores drop sharply
  (``LIST_DROP``); a list never grows past ``MAX_LISTED``, which is a reader's limit, not a
  retrieval one: the full ranking stays available for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from .commitment import commitment_strength
from .scoring import Passages, Scores

PREFERENCE_WEIGHT = 12.0
# A contribution is mostly about the theme (preference at least 0.6 of its maximum) and stands out
# in the document for it (relevance at least one robust standard deviation above the median).
MIN_PREFERENCE = 0.6
MIN_RELEVANCE = 1.0
# The other bucket has no theme to prefer: its paragraphs must stand out for its own question.
OTHER_Z = 1.5
THEME_MARGIN = 1.5
MAX_LISTED = 12
LIST_DROP = 2.0
RANKING_SIZE = 50
DUPLICATE_SIMILARITY = 92.0
QUOTE_MAX_SENTENCES = 3
QUOTE_NEIGHBOUR_RATIO = 0.85
QUOTE_LEAD_RATIO = 0.6
THEME_QUERY_SHARE = 0.5
LIST_ITEM_BONUS = 1.5
MIXED_LAYOUT_SHARE = 0.1
# Per point of commitment strength (0-3: an acting "we", a quantity, a future or obliging form).
COMMITMENT_WEIGHT = 0.3
# A paragraph whose theme scores hardly differ is about none of them in particular: its spread
# across themes is read as at least this quantile of the document's spreads.
PREFERENCE_SPREAD_FLOOR = 0.3


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


def _per_theme(values: np.ndarray, scores: Scores, theme_ids: list[str]) -> np.ndarray:
    """paragraphs x themes from paragraphs x queries: half the theme's own question, half its best criterion."""
    columns = []
    for theme_id in theme_ids:
        theme_column, criteria = theme_columns(scores, theme_id)
        own = values[:, theme_column]
        if criteria:
            columns.append(THEME_QUERY_SHARE * own + (1 - THEME_QUERY_SHARE) * values[:, criteria].max(axis=1))
        else:
            columns.append(own)
    if not columns:
        return np.zeros((len(values), 0), dtype=np.float32)
    return np.column_stack(columns)


@dataclass
class ThemeScores:
    """paragraphs x themes, in parts, so that rules and explanations can name each."""

    relevance: np.ndarray
    preference: np.ndarray
    total: np.ndarray
    excluded: np.ndarray  # the paragraph uses a word the framework marks as another sense of the theme
    list_item: np.ndarray  # per paragraph: the list-item prior
    commitment: np.ndarray  # per paragraph: commitment strength 0-3

    def explain(self, index: int, column: int) -> str:
        """The parts of one paragraph's score for one theme, in the words a reader can check."""
        parts = [
            f"stands out {self.relevance[index, column]:.1f}",
            f"prefers the theme {self.preference[index, column]:.2f} × {PREFERENCE_WEIGHT:g}",
        ]
        if self.commitment[index]:
            parts.append(f"commitment {self.commitment[index]:.0f} × {COMMITMENT_WEIGHT:g}")
        if self.list_item[index]:
            parts.append(f"list item {self.list_item[index]:g}")
        return " + ".join(parts)


def theme_scores(
    scores: Scores, passages: Passages, theme_ids: list[str], exclude: dict[str, list[str]] | None = None
) -> ThemeScores:
    """paragraphs x themes: how far a paragraph stands out for a theme, and how much it prefers it.

    Standing out (a z-score over the document's paragraphs) finds what is unusual for the theme;
    preference (a z-score over the framework's themes, from meaning alone) says which theme the
    paragraph is about, so a paragraph about climate funding ranks under climate even when its
    wording is far from the theme's description.
    """
    relevance = _per_theme(scores.fused, scores, theme_ids)
    meaning = _per_theme(scores.meaning, scores, theme_ids)
    preference = preference_scores(meaning)
    excluded = exclusions(passages, theme_ids, exclude or {})
    list_item = list_item_prior(passages)
    commitment = commitment_prior(passages)
    total = relevance + PREFERENCE_WEIGHT * preference + (list_item + COMMITMENT_WEIGHT * commitment)[:, None]
    # Lowered by the column's whole range: below every paragraph that is not excluded, order kept.
    total = total - excluded * (np.ptp(total, axis=0, keepdims=True) + 1.0)
    return ThemeScores(relevance, preference, total, excluded, list_item, commitment)


def exclusions(passages: Passages, theme_ids: list[str], exclude: dict[str, list[str]]) -> np.ndarray:
    """paragraphs x themes: True where a paragraph contains one of the theme's ``exclude`` terms.

    Like negative labels: "ondernemingsklimaat" is about business, not climate, however close the
    words; such a paragraph is not listed for the theme and falls to the end of its ranking.
    """
    mask = np.zeros((len(passages.paragraphs), len(theme_ids)), dtype=bool)
    lowered = [passages.paragraph_text(i).lower() for i in range(len(passages.paragraphs))]
    for column, theme_id in enumerate(theme_ids):
        terms = [t.lower() for t in exclude.get(theme_id, []) if t.strip()]
        if not terms:
            continue
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")
        mask[:, column] = [bool(pattern.search(text)) for text in lowered]
    return mask


def preference_scores(meaning: np.ndarray) -> np.ndarray:
    """How much more a paragraph is about each theme than about the framework's other themes.

    A z-score across the themes of one paragraph, divided by its largest possible value
    (sqrt(k - 1) for k themes), so that "about this theme and nothing else" reads 1 whether a
    framework has two themes or seventeen. A plain z-score would also read 1 for a paragraph that
    is about nothing in the framework and leans a hair towards one theme; the spread floor
    (``PREFERENCE_SPREAD_FLOOR``) keeps such a lean small.
    """
    themes = meaning.shape[1]
    if themes < 2 or len(meaning) == 0:
        return np.zeros_like(meaning)
    centred = meaning - meaning.mean(axis=1, keepdims=True)
    spread = meaning.std(axis=1, keepdims=True)
    spread = np.maximum(spread, np.quantile(spread, PREFERENCE_SPREAD_FLOOR))
    z = np.where(spread > 1e-9, centred / np.where(spread > 1e-9, spread, 1.0), 0.0)
    return z / np.sqrt(themes - 1)


def list_item_prior(passages: Passages) -> np.ndarray:
    """A bonus for list items, in documents that mix prose and lists.

    Policy documents put their measures in lists and frame them in prose; a reader charting
    contributions wants the measures. In a document that is all prose or all list, nothing changes.
    """
    is_item = np.array([p.kind == "bullet" for p in passages.paragraphs], dtype=np.float32)
    share = float(is_item.mean()) if len(is_item) else 0.0
    if not MIXED_LAYOUT_SHARE <= share <= 1 - MIXED_LAYOUT_SHARE:
        return np.zeros_like(is_item)
    return LIST_ITEM_BONUS * is_item


def commitment_prior(passages: Passages) -> np.ndarray:
    """Per paragraph, its commitment strength (0-3), from generic cues of acting, quantity and future."""
    language = passages.document.meta.language
    return np.array(
        [commitment_strength(passages.paragraph_text(i), language) for i in range(len(passages.paragraphs))],
        dtype=np.float32,
    )


def assignments(theme: ThemeScores) -> np.ndarray:
    """Boolean paragraphs x themes: the paragraph stands out for the theme and is about it."""
    if theme.total.size == 0:
        return np.zeros(theme.total.shape, dtype=bool)
    best = theme.total.max(axis=1, keepdims=True)
    return (
        (theme.preference >= MIN_PREFERENCE)
        & (theme.relevance >= MIN_RELEVANCE)
        & (theme.total >= best - THEME_MARGIN)
        & ~theme.excluded
    )


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
    """Contributions the report lists: assigned candidates, best first, ending at a clear drop."""
    chosen = [c for c in ranked if assigned[c.index, theme_position]][:MAX_LISTED]
    for position in range(1, len(chosen)):
        if chosen[position - 1].score - chosen[position].score >= LIST_DROP:
            return chosen[:position]
    return chosen


def key_sentences(scores: Scores, passages: Passages, index: int, columns: list[int]) -> tuple[int, int, int]:
    """The 1-3 contiguous sentences that carry the paragraph's contribution: (first, last, best) positions.

    Policy prose states its commitment first and elaborates after, so the quote starts at the lead
    sentence when that sentence is on the theme too (``QUOTE_LEAD_RATIO`` of the best one); otherwise
    at the best-matching sentence. Following sentences that are nearly as close are kept with it.
    """
    positions = passages.sentence_range(index)
    # Cosines sit in a narrow band; measured above the document's typical sentence they spread out.
    baseline = scores.sentence_cosine[:, columns].mean(axis=0)
    lifted = scores.sentence_cosine[positions.start : positions.stop][:, columns] - baseline
    sentence_scores = np.maximum(lifted.max(axis=1), 0.0)
    best = int(np.argmax(sentence_scores))
    start = 0 if sentence_scores[0] >= QUOTE_LEAD_RATIO * sentence_scores[best] else best
    last = start
    floor = sentence_scores[best] * QUOTE_NEIGHBOUR_RATIO
    while last - start + 1 < QUOTE_MAX_SENTENCES and last + 1 < len(sentence_scores):
        # The best sentence is reached when it is near the lead; otherwise only close followers join.
        if sentence_scores[last + 1] < floor and last + 1 != best:
            break
        last += 1
    return positions.start + start, positions.start + last, positions.start + best


def other_contributions(
    scores: Scores, passages: Passages, theme: ThemeScores, assigned: np.ndarray, other_column: int | None
) -> list[Candidate]:
    """Concrete commitments that no theme claims, most on-topic for the other bucket first."""
    unclaimed = ~assigned.any(axis=1) if assigned.size else np.ones(len(passages.paragraphs), dtype=bool)
    pool = []
    for index in np.flatnonzero(unclaimed):
        if theme.commitment[index] < 2:
            continue
        relevance = float(scores.fused[index, other_column]) if other_column is not None else 0.0
        if relevance < OTHER_Z:
            continue
        pool.append(Candidate(int(index), relevance, other_column if other_column is not None else -1))
    pool.sort(key=lambda c: (-c.score, c.index))
    return pool[:MAX_LISTED]
