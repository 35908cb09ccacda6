"""Per criterion: addressed, partial or absent, with the passages that show it and their direction.

Definitions (what an analyst publishes):

* ``addressed``: a concrete measure or clear commitment in the criterion's direction;
* ``partial``: the document moves in the direction vaguely, only as an aim, or only in part;
* ``absent``: nothing comes close, or what comes close only describes the topic or works against
  the direction.

Closeness is absolute: the best sentence of a passage is placed between the background's average
sentence for the criterion (0) and the criterion's own words (1), so "absent" means the same in every
document. A passage that names the criterion's own words gains a little (``term_bonus``); words count
only as whole words or as the head or modifier of a compound, so "niet-gecontracteerde zorg" does not
speak about contracts. Evidence that works against the criterion never makes it addressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .commitment import commitment_strength, states_an_aim
from .config import EngineConfig
from .direction import AIM, GOES_AHEAD, Polarity, names_a_topic, read_direction
from .lexical import content_words, normalise_word, text_stems
from .scoring import Passages, Scores

VERDICT_BANDS = {"absent": (0.0, 1 / 3), "partial": (1 / 3, 2 / 3), "addressed": (2 / 3, 1.0)}


@dataclass
class Evidence:
    index: int
    sentence: int
    score: float
    closeness: float
    term_share: float
    direction: str = "neutral"
    reason: str = ""
    commits: bool = False  # a concrete measure or commitment, not only an aim

    def strength(self, config: EngineConfig) -> float:
        return self.closeness + config.term_bonus * self.term_share


@dataclass
class Verdict:
    verdict: str
    score: float
    evidence: list[Evidence]


def judge_criterion(
    scores: Scores,
    passages: Passages,
    column: int,
    theme_total: np.ndarray,
    polarity: Polarity,
    config: EngineConfig,
) -> Verdict:
    """The verdict rests on the strongest candidate that does not work against the criterion.

    Candidates are the paragraphs closest to the criterion (in the document's ranking and by their best
    sentence's absolute closeness) and the theme's strongest paragraphs (a criterion is a direction
    within its theme); their order may be document-relative, the verdict on each is not.
    """
    count = len(passages.paragraphs)
    by_criterion = sorted(range(count), key=lambda i: (-float(scores.fused[i, column]), i))
    by_closeness = sorted(range(count), key=lambda i: (-float(scores.calibrated[i, column]), i))
    by_theme = sorted(range(count), key=lambda i: (-float(theme_total[i]), i))
    closest = by_criterion[: config.verdict_candidates] + by_closeness[: config.verdict_candidates]
    pool = list(dict.fromkeys(closest + by_theme[: config.theme_candidates]))
    candidates = [_evidence(scores, passages, column, index, polarity) for index in pool]
    if not candidates:
        return Verdict("absent", 0.0, [])
    candidates.sort(key=lambda e: (-e.strength(config), e.index))
    moving = [e for e in candidates if e.direction == "for"]
    opposing = [e for e in candidates if e.direction == "against"]
    verdict = verdict_of(moving, config)
    # A verdict rests on passages that move in the direction; an absence shows whatever came closest.
    supporting = [e for e in candidates if e.direction != "against"]
    if verdict != "absent":
        supporting = moving + [e for e in supporting if e.direction != "for"]
    evidence = _shown(verdict, supporting, opposing, config)
    best = max((e.strength(config) for e in (moving if verdict != "absent" else supporting)), default=0.0)
    return Verdict(verdict, round(verdict_score(verdict, best, config), 4), evidence)


def _shown(verdict: str, supporting: list[Evidence], opposing: list[Evidence], config: EngineConfig) -> list[Evidence]:
    """What a reader sees: the passages the verdict rests on, and what works against it where that is close."""
    count = config.evidence_count
    close_opposing = [e for e in opposing if e.strength(config) >= config.partial_closeness][:count]
    if verdict == "absent" and close_opposing:
        return (close_opposing + supporting)[:count]
    return supporting[: count - min(1, len(close_opposing))] + close_opposing[:1]


def verdict_of(evidence: list[Evidence], config: EngineConfig) -> str:
    """``addressed`` needs a close passage that commits; ``partial`` a close passage that moves in the
    direction, if only as an aim, or a looser one that names most of the criterion's words.

    A passage that only describes the topic or states a problem ("een goede leraar maakt het verschil")
    touches no direction: in a long document some sentence always comes close to any criterion, so
    closeness alone would make every criterion partial.
    """
    moving = [e for e in evidence if e.direction == "for"]
    if any(e.strength(config) >= config.addressed_closeness and e.commits for e in moving):
        return "addressed"
    if any(e.strength(config) >= config.partial_closeness for e in moving):
        return "partial"
    looser = config.partial_closeness - config.term_bonus
    if any(e.closeness >= looser and e.term_share >= config.term_support for e in moving):
        return "partial"
    return "absent"


def verdict_score(verdict: str, strength: float, config: EngineConfig) -> float:
    """0-1, rising with the verdict: each verdict has its band, and closeness places it within."""
    low, high = VERDICT_BANDS[verdict]
    if verdict == "addressed":
        within = (strength - config.addressed_closeness) / max(1.0 - config.addressed_closeness, 1e-6)
    elif verdict == "partial":
        within = (strength - config.partial_closeness) / max(
            config.addressed_closeness - config.partial_closeness, 1e-6
        )
    else:
        within = strength / max(config.partial_closeness, 1e-6)
    return low + (high - low) * float(np.clip(within, 0.0, 0.999))


def closeness(scores: Scores, column: int, cosine: np.ndarray | float) -> np.ndarray | float:
    """0 = the background's average sentence for this criterion, 1 = the criterion's own words."""
    baseline = float(scores.background_mean[column])
    ceiling = float(scores.self_cosine[column])
    return (cosine - baseline) / max(ceiling - baseline, 1e-6)


def _evidence(scores: Scores, passages: Passages, column: int, index: int, polarity: Polarity) -> Evidence:
    """How close one paragraph comes to a criterion, told by the sentence that shows it best.

    The paragraph's words count as a whole (a criterion's words may be spread over its sentences);
    the sentence quoted is the one that is closest in meaning and names most of the criterion's words.
    """
    language = passages.document.meta.language
    wanted = criterion_stems(scores.queries[column].lexical_text, language)
    present = set(scores.lexical.tokens[index])
    positions = passages.sentence_range(index)
    sentence_closeness = closeness(scores, column, scores.sentence_cosine[positions.start : positions.stop, column])
    texts = [passages.sentence_texts[p].lower() for p in positions]
    sentence_terms = np.array([term_share(wanted, text_stems(text, language)) for text in texts])
    best = int(np.argmax(sentence_closeness + 0.3 * sentence_terms))
    # The quoted sentence is what the verdict rests on, so its own direction and commitment count.
    text = passages.sentence_texts[positions.start + best]
    reading = read_direction(text, polarity)
    # A clear commitment: a concrete measure, a quantified aim, or a change read on a named measure, harm
    # or aim unless it is only wanted ("moet omlaag"); going ahead with something unnamed commits only
    # with an actor, a quantity or a future act.
    vague = reading.reason.startswith(GOES_AHEAD) or reading.reason == AIM or states_an_aim(text, language)
    committed = commitment_strength(text, language) >= 1 or not vague
    return Evidence(
        index=index,
        sentence=positions.start + best,
        score=float(scores.fused[index, column]),
        closeness=float(sentence_closeness[best]),
        term_share=term_share(wanted, present),
        direction=reading.direction,
        reason=reading.reason,
        commits=reading.direction == "for" and committed,
    )


@lru_cache(maxsize=1024)
def criterion_stems(text: str, language: str) -> frozenset[str]:
    """The stems of what a criterion is about: its change verbs ("investeert", "kleiner") and general
    words say nothing of the topic, so a passage sharing only those does not name it. (Cached: every
    candidate passage of every criterion asks.)"""
    return frozenset(normalise_word(w, language) for w in content_words(text, language) if names_a_topic(w, language))


def term_share(wanted: frozenset[str] | set[str], tokens: frozenset[str] | set[str]) -> float:
    """Share of the criterion's stems in ``tokens``: whole words, or the head or modifier of a compound."""
    if not wanted:
        return 0.0
    # One string with every token between newlines: a token begins or ends with a stem exactly where
    # "\n" + stem or stem + "\n" occurs in it, which one substring search finds.
    joined = "\n" + "\n".join(tokens) + "\n"
    return sum(1 for w in wanted if _named(w, tokens, joined)) / len(wanted)


def _named(stem: str, tokens: frozenset[str] | set[str], joined: str) -> bool:
    if stem in tokens:
        return True
    return len(stem) >= 4 and (f"\n{stem}" in joined or f"{stem}\n" in joined)
