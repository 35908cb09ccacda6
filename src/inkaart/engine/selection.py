"""From scores to findings: which paragraphs a theme lists, which work against it, and why.

Two scales, two jobs (the constants live in :class:`~inkaart.engine.config.EngineConfig`):

* **ordering** within a document may be document-relative: a paragraph's ranking score adds how far it
  stands out from the rest of the document for the theme, how clearly the theme is what it is about,
  and how concretely it commits to something (headline commitments before the framing prose);
* **deciding** is calibrated: a paragraph is *related* to a theme when its best sentence sits far
  enough above the shipped background for the theme (``min_relevance``), it leans towards the theme
  more than towards the framework's average theme (``min_leaning``) and the theme is (nearly) its
  best (``theme_margin``). A related paragraph *contributes* when its direction is ``for`` and is
  listed as working *against* the theme when its direction is ``against``. None of this looks at the
  rest of the document, so a row of a CSV gets the same themes alone or in its file.
* the listed contributions are the contributing ones in ranking order, never more than ``max_listed``:
  a reader's limit, not a retrieval one; the full ranking stays available for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from ..framework import Framework
from .commitment import commitment_strength, states_an_aim
from .config import EngineConfig
from .direction import (
    ASIDE,
    COMMITMENT,
    PRESUMED_REASONS,
    UNTIED,
    UNTIED_ASIDE,
    Reading,
    is_topic_word,
    presumed,
    read_direction,
    step_presumed,
    theme_polarity,
)
from .lexical import content_words, named_terms
from .scoring import Passages, Scores


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


def _per_theme(values: np.ndarray, scores: Scores, theme_ids: list[str], share: float) -> np.ndarray:
    """paragraphs x themes from paragraphs x queries: the theme's own question and its best criterion."""
    columns = []
    for theme_id in theme_ids:
        theme_column, criteria = theme_columns(scores, theme_id)
        own = values[:, theme_column]
        if criteria:
            columns.append(share * own + (1 - share) * values[:, criteria].max(axis=1))
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
    # Decisions read these: calibrated on the background, the same in any document.
    calibrated: np.ndarray  # paragraphs x themes: background sd above the background mean
    leaning: np.ndarray  # paragraphs x themes: calibrated minus the mean of the other themes
    directions: np.ndarray  # paragraphs x themes: "for", "against", "neutral" ("" where unrelated)
    reasons: np.ndarray  # paragraphs x themes: one line on the direction
    deciding: np.ndarray  # paragraphs x themes: position of the sentence the direction was read in (-1: none)
    config: EngineConfig
    words: np.ndarray  # paragraphs x themes: the part of ``calibrated`` from framework words the paragraph names

    def explain(self, index: int, column: int) -> str:
        """The parts of one paragraph's score for one theme, in the words a reader can check."""
        config = self.config
        parts = [
            f"stands out {self.relevance[index, column]:.1f}",
            f"prefers the theme {self.preference[index, column]:.2f} × {config.preference_weight:g}",
        ]
        if self.commitment[index]:
            parts.append(f"commitment {self.commitment[index]:.0f} × {config.commitment_weight:g}")
        if self.list_item[index]:
            parts.append(f"list item {self.list_item[index]:g}")
        return " + ".join(parts)

    def decision(self, index: int, column: int) -> str:
        """Why the passage is listed, in calibrated terms that mean the same in every document."""
        return (
            f"relevance {self.calibrated[index, column]:.1f} sd above the background, "
            f"{self.leaning[index, column]:+.1f} towards this theme; {self.reasons[index, column]}"
        )


def theme_scores(scores: Scores, passages: Passages, framework: Framework, config: EngineConfig) -> ThemeScores:
    """paragraphs x themes: how far a paragraph stands out for a theme, and how much it prefers it.

    Standing out (a z-score over the document's paragraphs) finds what is unusual for the theme;
    preference (a z-score over the framework's themes, from meaning alone) says which theme the
    paragraph is about, so a paragraph about climate funding ranks under climate even when its
    wording is far from the theme's description.
    """
    theme_ids = [t.id for t in framework.themes]
    share = config.theme_query_share
    relevance = _per_theme(scores.fused, scores, theme_ids, share)
    meaning = _per_theme(scores.meaning, scores, theme_ids, share)
    preference = preference_scores(meaning, config.preference_spread_floor)
    excluded = exclusions(passages, theme_ids, {t.id: list(t.exclude) for t in framework.themes})
    list_item = list_item_prior(passages, config)
    commitment = commitment_prior(passages, config)
    total = (
        relevance + config.preference_weight * preference + (list_item + config.commitment_weight * commitment)[:, None]
    )
    # Lowered by the column's whole range: below every paragraph that is not excluded, order kept.
    total = total - excluded * (np.ptp(total, axis=0, keepdims=True) + 1.0)
    words = framework_words(scores, passages, theme_ids, config)
    calibrated = _per_theme(scores.calibrated, scores, theme_ids, share) + words
    leaning = leaning_scores(calibrated)
    directions, reasons, deciding = read_directions(scores, passages, framework, calibrated, config)
    return ThemeScores(
        relevance,
        preference,
        total,
        excluded,
        list_item,
        commitment,
        calibrated,
        leaning,
        directions,
        reasons,
        deciding,
        config,
        words,
    )


def framework_words(scores: Scores, passages: Passages, theme_ids: list[str], config: EngineConfig) -> np.ndarray:
    """paragraphs x themes: evidence from the framework's own words that the passage names itself.

    Whether a passage contains a word is a fact about the passage alone (compound parts included:
    "klimaatfonds" names "klimaat"), so this keeps relevance independent of the document.
    """
    texts = [passages.paragraph_text(i) for i in range(len(scores.calibrated))]
    language = passages.document.meta.language
    return word_evidence(texts, theme_words(scores, theme_ids, language), language, config)


def theme_words(scores: Scores, theme_ids: list[str], language: str) -> list[str]:
    """Per theme, the topic words of its own question, as one query string."""
    queries = []
    for theme_id in theme_ids:
        lexical_text = scores.queries[theme_columns(scores, theme_id)[0]].lexical_text
        queries.append(" ".join(w for w in content_words(lexical_text, language) if is_topic_word(w, language)))
    return queries


def word_evidence(texts: list[str], queries: list[str], language: str, config: EngineConfig) -> np.ndarray:
    """texts x themes: calibrated relevance gained for each of a theme's words (``queries``) a text names."""
    evidence = np.zeros((len(texts), len(queries)), dtype=np.float32)
    for column, query in enumerate(queries):
        for index, text in enumerate(texts):
            named = len(named_terms(query, text, language))
            evidence[index, column] = config.term_evidence * min(named, config.term_evidence_cap)
    return evidence


def leaning_scores(calibrated: np.ndarray) -> np.ndarray:
    """How much more a passage is about each theme than about the framework's average other theme.

    On the calibrated scale, so the number means the same in any document. With a single theme the
    average other topic is the background itself (zero on this scale), so leaning is relevance.
    """
    themes = calibrated.shape[1]
    if themes < 2:
        return calibrated.copy()
    others = (calibrated.sum(axis=1, keepdims=True) - calibrated) / (themes - 1)
    return calibrated - others


def sentence_relevance(scores: Scores, position: int, theme_id: str, config: EngineConfig) -> float:
    """One sentence's calibrated relevance for a theme, as for a paragraph (question and best criterion)."""
    if position < 0:
        return float("inf")
    row = scores.sentence_calibrated[position : position + 1]
    return float(_per_theme(row, scores, [theme_id], config.theme_query_share)[0, 0])


def carrying_sentences(closeness: np.ndarray, passages: Passages, index: int) -> list[int]:
    """Positions of the sentences of a paragraph that carry a theme: within one background sd of its best.
    ``closeness`` is :func:`theme_sentence_relevance` of the theme."""
    positions = passages.sentence_range(index)
    values = closeness[positions.start : positions.stop]
    return [p for p, v in zip(positions, values.tolist(), strict=True) if v >= values.max() - 1.0]


def theme_sentence_relevance(scores: Scores, theme_id: str) -> np.ndarray:
    """Per sentence: its calibrated relevance to the theme's question or its closest criterion."""
    theme_column, criteria = theme_columns(scores, theme_id)
    return scores.sentence_calibrated[:, [theme_column, *criteria]].max(axis=1)


class SentenceLeaning:
    """Per sentence and theme: how much more the sentence is about the theme than about the average other
    theme, measured as a paragraph's leaning is (its meaning and the framework words it names); each
    sentence is measured once, when first asked."""

    def __init__(self, scores: Scores, passages: Passages, theme_ids: list[str], config: EngineConfig) -> None:
        self.passages, self.config = passages, config
        self.language = passages.document.meta.language
        self.meaning = _per_theme(scores.sentence_calibrated, scores, theme_ids, config.theme_query_share)
        self.queries = theme_words(scores, theme_ids, self.language)
        self.known: dict[int, np.ndarray] = {}

    def __call__(self, position: int) -> np.ndarray:
        if position not in self.known:
            text = self.passages.sentence_texts[position]
            words = word_evidence([text], self.queries, self.language, self.config)
            self.known[position] = leaning_scores(self.meaning[position : position + 1] + words)[0]
        return self.known[position]

    def leans(self, index: int, where: int, column: int) -> bool:
        """Some sentence that says a presumed step (the theme's own sentence, or the one beside it that
        holds the act) leans towards the theme as a listed passage must."""
        inside = self.passages.sentence_range(index)
        around = [p for p in (where, where - 1, where + 1) if p in inside]
        saying = [p for p in around if _says_a_step(self.passages.sentence_texts[p], self.language)] or [where]
        return any(self(p)[column] >= self.config.min_leaning for p in saying)


def _says_a_step(text: str, language: str) -> bool:
    return commitment_strength(text, language) >= 1 or states_an_aim(text, language)


def read_directions(
    scores: Scores, passages: Passages, framework: Framework, calibrated: np.ndarray, config: EngineConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Direction of every passage for every theme it is related to; "" where it is not."""
    language = passages.document.meta.language
    shape = calibrated.shape
    directions = np.full(shape, "", dtype=object)
    reasons = np.full(shape, "", dtype=object)
    deciding = np.full(shape, -1, dtype=np.int64)
    floor = config.against_relevance
    sentence_leaning = SentenceLeaning(scores, passages, [t.id for t in framework.themes], config)
    for column, theme in enumerate(framework.themes):
        polarity = theme_polarity(theme, language)
        closeness = theme_sentence_relevance(scores, theme.id)
        for index in np.flatnonzero(calibrated[:, column] >= config.related_relevance):
            index = int(index)
            carrying = carrying_sentences(closeness, passages, index)
            texts = [passages.sentence_texts[p] for p in carrying]
            reading = read_direction(passages.paragraph_text(index), polarity, texts)
            where = carrying[reading.sentence] if reading.sentence >= 0 else -1
            # A reversal must be said in a sentence about this theme; a general instrument undone ("we
            # schaffen de kostendelersnorm af") is the theme's only in a sentence as clearly about it as
            # a contribution, since its words do not say whose instrument it is.
            needed = config.min_relevance if reading.reason.startswith(UNTIED) else floor
            if reading.direction == "against" and sentence_relevance(scores, where, theme.id, config) < needed:
                continue
            # A commitment or aim that names nothing of the theme is the theme's only where the sentence
            # saying it leans towards the theme as a listed passage must: "We investeren in goede lonen voor
            # jeugdzorgmedewerkers" next to words on income is a step for youth care.
            aside = presumed(reading) and where >= 0
            if aside and not sentence_leaning.leans(index, where, column):
                reading = Reading("neutral", ASIDE, reading.sentence)
            # So is a general instrument undone: "de Wet betaalbare huur intrekken" is a housing law, not
            # one of good government, however much the sentence also speaks of government.
            untied = reading.direction == "against" and reading.reason.startswith(UNTIED)
            if untied and sentence_leaning(where)[column] < config.min_leaning:
                reading = Reading("neutral", UNTIED_ASIDE, reading.sentence)
            directions[index, column] = reading.direction
            reasons[index, column] = reading.reason
            deciding[index, column] = _stating(passages, index, where, reading) if presumed(reading) else where
    return directions, reasons, deciding


def _stating(passages: Passages, index: int, where: int, reading: Reading) -> int:
    """The sentence that says a presumed step. The reader presumes one from a sentence about the theme
    and its neighbours ("Mensen hebben te weinig invloed op het bestuur. Daarom geven we kiezers het
    recht ..."): the quote must hold the act, not only the problem it answers."""
    if where < 0:
        return where
    language = passages.document.meta.language
    says = step_presumed if reading.reason == COMMITMENT else states_an_aim
    if says(passages.sentence_texts[where], language):
        return where
    positions = passages.sentence_range(index)
    neighbours = [n for n in (where + 1, where - 1) if n in positions]
    return next((n for n in neighbours if says(passages.sentence_texts[n], language)), where)


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


def preference_scores(meaning: np.ndarray, spread_floor: float) -> np.ndarray:
    """How much more a paragraph is about each theme than about the framework's other themes.

    A z-score across the themes of one paragraph, divided by its largest possible value
    (sqrt(k - 1) for k themes), so that "about this theme and nothing else" reads 1 whether a
    framework has two themes or seventeen. A plain z-score would also read 1 for a paragraph that
    is about nothing in the framework and leans a hair towards one theme; the spread floor (a
    quantile of the document's spreads) keeps such a lean small. It orders; it does not decide.
    """
    themes = meaning.shape[1]
    if themes < 2 or len(meaning) == 0:
        return np.zeros_like(meaning)
    centred = meaning - meaning.mean(axis=1, keepdims=True)
    spread = meaning.std(axis=1, keepdims=True)
    spread = np.maximum(spread, np.quantile(spread, spread_floor))
    z = np.where(spread > 1e-9, centred / np.where(spread > 1e-9, spread, 1.0), 0.0)
    return z / np.sqrt(themes - 1)


def list_item_prior(passages: Passages, config: EngineConfig) -> np.ndarray:
    """A bonus for list items, in documents that mix prose and lists.

    Policy documents put their measures in lists and frame them in prose; a reader charting
    contributions wants the measures. In a document that is all prose or all list, nothing changes.
    """
    is_item = np.array([p.kind == "bullet" for p in passages.paragraphs], dtype=np.float32)
    share = float(is_item.mean()) if len(is_item) else 0.0
    if not config.mixed_layout_share <= share <= 1 - config.mixed_layout_share:
        return np.zeros_like(is_item)
    return config.list_item_bonus * is_item


def commitment_prior(passages: Passages, config: EngineConfig) -> np.ndarray:
    """Per paragraph, its commitment strength (0-3), from generic cues of acting, quantity and future;
    a paragraph that also states an aim ("we willen", "moet", "zetten we in op") commits less: what
    the document wants comes after what it does."""
    language = passages.document.meta.language
    texts = [passages.paragraph_text(i) for i in range(len(passages.paragraphs))]
    return np.array(
        [
            max(0.0, commitment_strength(text, language) - config.aim_discount * states_an_aim(text, language))
            for text in texts
        ],
        dtype=np.float32,
    )


def related(
    theme: ThemeScores,
    min_relevance: float | None = None,
    min_leaning: float | None = None,
    margin: float | None = None,
) -> np.ndarray:
    """Boolean paragraphs x themes: about the theme, in whichever direction (calibrated, row by row)."""
    if theme.calibrated.size == 0:
        return np.zeros(theme.calibrated.shape, dtype=bool)
    config = theme.config
    floor = config.min_relevance if min_relevance is None else min_relevance
    lean = config.min_leaning if min_leaning is None else min_leaning
    margin = config.theme_margin if margin is None else margin
    best = theme.calibrated.max(axis=1, keepdims=True)
    return (theme.calibrated >= floor) & (theme.leaning >= lean) & (theme.calibrated >= best - margin) & ~theme.excluded


def assignments(theme: ThemeScores) -> np.ndarray:
    """Boolean paragraphs x themes: the paragraph is about the theme and moves it forward.

    Every part is read from the passage alone against the fixed background, so a row of a CSV gets
    the same themes whether it is analysed alone or among thousands.
    """
    # A step presumed from where it is said (a commitment or aim with no change word on anything of the
    # theme) is only as much the theme's as the passage is about it: it counts where the passage names one
    # of the theme's own words, or where its meaning is clearly about the theme (presumed_relevance).
    presumed = np.isin(theme.reasons, PRESUMED_REASONS)
    unsupported = presumed & (theme.words <= 0) & (theme.calibrated < theme.config.presumed_relevance)
    return related(theme) & (theme.directions == "for") & ~unsupported


def named(theme: ThemeScores) -> np.ndarray:
    """Per theme: some passage is about it without working against it; reversals alone never name a theme."""
    return (related(theme) & (theme.directions != "against")).any(axis=0)


def against(theme: ThemeScores) -> np.ndarray:
    """Boolean paragraphs x themes: the paragraph is about the theme and works against it.

    A reversal names its topic in few words ("De CO2-heffing wordt teruggedraaid"), so it is listed
    from a lower relevance than a contribution; what it reverses must still be the theme's.
    """
    config = theme.config
    gate = related(theme, config.against_relevance, config.against_leaning, config.against_margin)
    return gate & (theme.directions == "against")


def best_query_for(scores: Scores, index: int, columns: list[int]) -> int:
    return max(columns, key=lambda c: (scores.fused[index, c], -c))


def rank_theme(
    scores: Scores, passages: Passages, matrix: np.ndarray, theme_position: int, theme_id: str, config: EngineConfig
) -> list[Candidate]:
    """The theme's candidates, best first, with near-duplicates merged into their first occurrence."""
    theme_column, criteria = theme_columns(scores, theme_id)
    column = matrix[:, theme_position]
    order = sorted(range(len(column)), key=lambda i: (-float(column[i]), i))
    ranked: list[Candidate] = []
    for index in order:
        original = _duplicate_of(passages, ranked, index, config.duplicate_similarity)
        if original is not None:
            original.duplicates.append(index)
            continue
        ranked.append(Candidate(index, float(column[index]), best_query_for(scores, index, [theme_column, *criteria])))
        if len(ranked) >= config.ranking_size:
            break
    return ranked


def _duplicate_of(passages: Passages, ranked: list[Candidate], index: int, similarity: float) -> Candidate | None:
    text = passages.paragraph_text(index)
    for candidate in ranked:
        other = passages.paragraph_text(candidate.index)
        if abs(len(other) - len(text)) > 0.2 * max(len(other), len(text)):
            continue
        if fuzz.ratio(text, other) >= similarity:
            return candidate
    return None


def listed(ranked: list[Candidate], assigned: np.ndarray, theme_position: int, config: EngineConfig) -> list[Candidate]:
    """Contributions the report lists: the assigned candidates, best first, at most ``max_listed``.

    (A rule that ended the list at a sharp drop of the document-relative score was removed: it cut
    lists of short documents, where scores spread widely, at arbitrary places.)
    """
    return [c for c in ranked if assigned[c.index, theme_position]][: config.max_listed]


def key_sentences(
    scores: Scores, passages: Passages, index: int, columns: list[int], config: EngineConfig
) -> tuple[int, int, int]:
    """The 1-3 contiguous sentences that carry the paragraph's contribution: (first, last, best) positions.

    Policy prose states its commitment first and elaborates after, so the quote starts at the lead
    sentence when that sentence is on the theme too (``quote_lead_ratio`` of the best one); otherwise
    at the best-matching sentence. Following sentences that are nearly as close are kept with it.
    """
    positions = passages.sentence_range(index)
    # Cosines sit in a narrow band; measured above the document's typical sentence they spread out.
    baseline = scores.sentence_cosine[:, columns].mean(axis=0)
    lifted = scores.sentence_cosine[positions.start : positions.stop][:, columns] - baseline
    sentence_scores = np.maximum(lifted.max(axis=1), 0.0)
    best = int(np.argmax(sentence_scores))
    start = 0 if sentence_scores[0] >= config.quote_lead_ratio * sentence_scores[best] else best
    last = start
    floor = sentence_scores[best] * config.quote_neighbour_ratio
    while last - start + 1 < config.quote_max_sentences and last + 1 < len(sentence_scores):
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
        if relevance < theme.config.other_min_relevance:
            continue
        pool.append(Candidate(int(index), relevance, other_column if other_column is not None else -1))
    pool.sort(key=lambda c: (-c.score, c.index))
    return pool[: theme.config.max_listed]
