"""Per criterion: is it addressed, partly addressed or absent, and what comes closest.

Standardised scores cannot say "absent": the best paragraph of any document always stands out from
the rest. Absence needs an absolute yardstick, and the criterion supplies its own: the cosine between
the criterion as a question and the criterion's own words as a passage is what a perfect paraphrase
would score; the document's average sentence is what an unrelated one scores. ``closeness`` places
the best sentence on that line, 0 = unrelated, 1 = says exactly this. Word overlap with the
criterion backs a borderline semantic match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lexical import stems
from .scoring import Passages, Scores

# closeness alone, or closeness backed by at least half of the criterion's words, or a looser
# closeness backed by two thirds of them (a long sentence that says more than the criterion is
# less close as a whole, yet names what the criterion asks)
ADDRESSED_CLOSENESS, ADDRESSED_SUPPORTED, ADDRESSED_WORDED = 0.65, 0.5, 0.33
PARTIAL_CLOSENESS, PARTIAL_SUPPORTED = 0.42, 0.38
TERM_SUPPORT = 0.5
STRONG_TERM_SUPPORT = 2 / 3
TERM_WEIGHT = 0.3
CANDIDATES = 10
THEME_CANDIDATES = 30
EVIDENCE_COUNT = 3


@dataclass
class Evidence:
    index: int
    sentence: int
    score: float
    closeness: float
    term_share: float


@dataclass
class Verdict:
    verdict: str
    score: float
    evidence: list[Evidence]


def judge_criterion(scores: Scores, passages: Passages, column: int, theme_total: np.ndarray) -> Verdict:
    """The verdict comes from the best of the criterion's candidates, weighed by meaning and words.

    Candidates are the paragraphs closest to the criterion and the theme's strongest paragraphs: a
    criterion is a direction within its theme, and short criteria ("clean transport") are found more
    reliably among the paragraphs that are about the theme.
    """
    by_criterion = sorted(range(len(passages.paragraphs)), key=lambda i: (-float(scores.fused[i, column]), i))
    by_theme = sorted(range(len(passages.paragraphs)), key=lambda i: (-float(theme_total[i]), i))
    pool = list(dict.fromkeys(by_criterion[:CANDIDATES] + by_theme[:THEME_CANDIDATES]))
    candidates = [_evidence(scores, passages, column, index) for index in pool]
    if not candidates:
        return Verdict("absent", 0.0, [])
    candidates.sort(key=lambda e: (-(e.closeness + TERM_WEIGHT * e.term_share), e.index))
    evidence = candidates[:EVIDENCE_COUNT]
    strongest = max(e.closeness for e in evidence)
    return Verdict(verdict_of(evidence), round(float(strongest), 4), evidence)


def verdict_of(evidence: list[Evidence]) -> str:
    if any(
        _clears(e, ADDRESSED_CLOSENESS, ADDRESSED_SUPPORTED)
        or (e.closeness >= ADDRESSED_WORDED and e.term_share >= STRONG_TERM_SUPPORT)
        for e in evidence
    ):
        return "addressed"
    if any(_clears(e, PARTIAL_CLOSENESS, PARTIAL_SUPPORTED) for e in evidence):
        return "partial"
    return "absent"


def _clears(evidence: Evidence, closeness_alone: float, closeness_supported: float) -> bool:
    if evidence.closeness >= closeness_alone:
        return True
    return evidence.closeness >= closeness_supported and evidence.term_share >= TERM_SUPPORT


def closeness(scores: Scores, column: int, cosine: np.ndarray | float) -> np.ndarray | float:
    baseline = float(scores.sentence_cosine[:, column].mean())
    ceiling = float(scores.self_cosine[column])
    return (cosine - baseline) / max(ceiling - baseline, 1e-6)


def _evidence(scores: Scores, passages: Passages, column: int, index: int) -> Evidence:
    """How close one paragraph comes to a criterion, told by the sentence that shows it best.

    The paragraph's words count as a whole (a criterion's words may be spread over its sentences);
    the sentence quoted as evidence is the one that is closest in meaning and names most of the
    criterion's words itself, so a reader sees what the verdict rests on.
    """
    language = passages.document.meta.language
    wanted = set(stems(scores.queries[column].lexical_text, language))
    in_paragraph = set(scores.lexical.tokens[index])
    present = {t.token for t in scores.query_terms[column] if t.token in in_paragraph}
    positions = passages.sentence_range(index)
    sentence_closeness = closeness(scores, column, scores.sentence_cosine[positions.start : positions.stop, column])
    sentence_terms = np.array(
        [_term_share(wanted, set(stems(passages.sentence_texts[p], language))) for p in positions]
    )
    best = int(np.argmax(sentence_closeness + TERM_WEIGHT * sentence_terms))
    return Evidence(
        index=index,
        sentence=positions.start + best,
        score=float(scores.fused[index, column]),
        closeness=float(sentence_closeness[best]),
        term_share=_term_share(wanted, present),
    )


def _term_share(wanted: set[str], tokens: set[str]) -> float:
    """Share of the criterion's stems in ``tokens``; a compound that contains a stem counts for it."""
    if not wanted:
        return 0.0
    return sum(1 for w in wanted if any(w in token for token in tokens)) / len(wanted)
