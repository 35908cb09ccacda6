"""A theme's rating on the analysts' five-level scale, from the findings alone.

``rating_value`` (0-1) adds three parts, each capped so that no single one can carry a theme:

* breadth, 40 %: the number of contributions, each counted by its strength (a contribution just over
  the bar counts half, a very strong one fully); ten full contributions fill it, a list near the
  report's limit of twelve;
* coverage, 30 %: the share of the theme's criteria addressed (partial counts half);
* weight, 30 %: the share of the document's text the contributions take; 5 % of the text fills it.

Levels: ``--`` nothing found and every criterion absent; ``-`` no contribution, yet a criterion is
touched (mentioned without contribution); otherwise ``o`` below 0.35, ``+`` below 0.6, ``++`` above.
Every part grows with more or stronger contributions, so the rating never drops when they are added.
"""

from __future__ import annotations

BREADTH_SHARE, COVERAGE_SHARE, WEIGHT_SHARE = 0.4, 0.3, 0.3
FULL_BREADTH = 10.0
FULL_TEXT_SHARE = 0.05
# On the engine's score scale a contribution just over the bar (relevance 1, preference 0.6) scores
# about 8, one that is fully about the theme and stands far out about 15.
STRONG_SCORE = 15.0
PLUS_PLUS, PLUS = 0.6, 0.35
LEVELS = ("++", "+", "o", "-", "--")


def contribution_strength(score: float) -> float:
    return min(1.0, max(0.5, score / STRONG_SCORE))


def rating_value(
    contribution_scores: list[float], contribution_chars: int, document_chars: int, verdicts: list[str]
) -> float:
    breadth = min(1.0, sum(contribution_strength(s) for s in contribution_scores) / FULL_BREADTH)
    coverage = (
        sum(1.0 if v == "addressed" else 0.5 if v == "partial" else 0.0 for v in verdicts) / len(verdicts)
        if verdicts
        else (1.0 if contribution_scores else 0.0)
    )
    weight = min(1.0, (contribution_chars / document_chars) / FULL_TEXT_SHARE) if document_chars else 0.0
    return round(BREADTH_SHARE * breadth + COVERAGE_SHARE * coverage + WEIGHT_SHARE * weight, 4)


def level(value: float, has_contributions: bool, verdicts: list[str]) -> str:
    if not has_contributions:
        return "-" if any(v != "absent" for v in verdicts) else "--"
    if value >= PLUS_PLUS:
        return "++"
    return "+" if value >= PLUS else "o"


def rate_theme(contributions: list[dict], criteria: list[dict], document_chars: int) -> tuple[str, float]:
    """Rate one theme of an ``inkaart.analysis/v1`` dict; a reviewer's verdict overrides the engine's."""
    verdicts = [(c.get("override") or {}).get("verdict") or c["verdict"] for c in criteria]
    chars = sum(len(c["text"]) for c in contributions)
    value = rating_value([c["score"] for c in contributions], chars, document_chars, verdicts)
    return level(value, bool(contributions), verdicts), value
