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

ADDRESSED_CLOSENESS = 0.62
PARTIAL_CLOSENESS = 0.48
SUPPORTED_ADDRESSED_CLOSENESS = 0.55
TERM_SUPPORT = 0.5
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


def judge_criterion(scores: Scores, passages: Passages, column: int) -> Verdict:
    ranked = sorted(range(len(passages.paragraphs)), key=lambda i: (-float(scores.fused[i, column]), i))
    evidence = [_evidence(scores, passages, column, index) for index in ranked[:EVIDENCE_COUNT]]
    if not evidence:
        return Verdict("absent", 0.0, [])
    strongest = max(evidence, key=lambda e: (e.closeness, -e.index))
    closeness, support = strongest.closeness, strongest.term_share
    if closeness >= ADDRESSED_CLOSENESS or (
        closeness >= SUPPORTED_ADDRESSED_CLOSENESS and support >= TERM_SUPPORT
    ):
        verdict = "addressed"
    elif closeness >= PARTIAL_CLOSENESS:
        verdict = "partial"
    else:
        verdict = "absent"
    evidence.sort(key=lambda e: (-e.closeness, e.index))
    return Verdict(verdict, round(float(closeness), 4), evidence)


def closeness(scores: Scores, column: int, cosine: np.ndarray | float) -> np.ndarray | float:
    baseline = float(scores.sentence_cosine[:, column].mean())
    ceiling = float(scores.self_cosine[column])
    return (cosine - baseline) / max(ceiling - baseline, 1e-6)


def _evidence(scores: Scores, passages: Passages, column: int, index: int) -> Evidence:
    positions = passages.sentence_range(index)
    cosines = scores.sentence_cosine[positions.start : positions.stop, column]
    best = int(np.argmax(cosines))
    query = scores.queries[column]
    wanted = set(stems(query.lexical_text, passages.document.meta.language))
    present = {t.token for t in scores.query_terms[column] if t.token in set(scores.lexical.tokens[index])}
    # A compound in the text that contains a wanted stem counts as that stem being present.
    covered = {w for w in wanted if any(w in token for token in present)}
    return Evidence(
        index=index,
        sentence=positions.start + best,
        score=float(scores.fused[index, column]),
        closeness=float(closeness(scores, column, float(cosines[best]))),
        term_share=len(covered) / len(wanted) if wanted else 0.0,
    )
