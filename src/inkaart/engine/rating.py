"""A theme's rating on the analysts' five-level scale, from the calibrated, direction-aware findings.

The scale in the analysts' own terms (the Verkiezingenwijzer's):

* ``--`` not named: no measure for the theme and every criterion absent (passages that only work
  against the theme do not lift it: more reversals must never raise a rating);
* ``-`` named, but no reduction: a criterion is touched or a measure is found, yet no measure reduces
  the vulnerability on balance — its reversals weigh as much as its measures;
* ``o`` slight, ``+`` some, ``++`` serious reduction: by ``rating_value`` below 0.35, below 0.6, above.

``rating_value`` (0-1) is half *measures* and half *directions*:

* measures: the concrete ``for`` contributions, each counted by its calibrated strength (a passage just
  over the bar counts half, one far above the background fully), minus the ``against`` passages counted
  the same way (``against_weight``); ``full_measures`` of them fill the part. The report lists at most
  ``max_listed`` per theme, so a 350 KB manifesto cannot buy a rating with volume;
* directions: the share of the theme's criteria addressed (partial counts half).

More or stronger ``for`` findings never lower the value; more ``against`` never raise it.
"""

from __future__ import annotations

from .config import DEFAULT_CONFIG, EngineConfig

PLUS_PLUS, PLUS = 0.6, 0.35
LEVELS = ("++", "+", "o", "-", "--")
MEASURE_SHARE = 0.5
# Calibrated relevance (background sd) at which a measure counts fully; at ``min_relevance`` it counts half.
FULL_STRENGTH_ABOVE_BAR = 2.0


def measure_strength(relevance: float | None, config: EngineConfig = DEFAULT_CONFIG) -> float:
    """0.5 for a passage just over the bar, 1 for one far above the background; 0.75 when unknown."""
    if relevance is None:
        return 0.75
    return min(1.0, max(0.5, 0.5 + 0.5 * (relevance - config.min_relevance) / FULL_STRENGTH_ABOVE_BAR))


def _verdict_of(criterion: dict) -> str:
    return (criterion.get("override") or {}).get("verdict") or criterion["verdict"]


def rating_value(
    for_strengths: list[float],
    against_strengths: list[float],
    verdicts: list[str],
    config: EngineConfig = DEFAULT_CONFIG,
) -> float:
    net = sum(for_strengths) - config.against_weight * sum(against_strengths)
    measures = min(1.0, max(0.0, net) / config.full_measures)
    if verdicts:
        directions = sum(1.0 if v == "addressed" else 0.5 if v == "partial" else 0.0 for v in verdicts) / len(verdicts)
    else:
        directions = 1.0 if for_strengths else 0.0
    return round(MEASURE_SHARE * measures + (1 - MEASURE_SHARE) * directions, 4)


def level(value: float, for_strengths: list[float], against_strengths: list[float], verdicts: list[str]) -> str:
    if not for_strengths or sum(for_strengths) <= sum(against_strengths):
        # Reversals alone do not make a theme "named": more of them must never raise a rating.
        named = any(v != "absent" for v in verdicts) or bool(for_strengths)
        return "-" if named else "--"
    if value >= PLUS_PLUS:
        return "++"
    return "+" if value >= PLUS else "o"


def rate_theme(
    contributions: list[dict],
    criteria: list[dict],
    document_chars: int = 0,
    against: list[dict] | None = None,
    config: EngineConfig = DEFAULT_CONFIG,
) -> tuple[str, float]:
    """Rate one theme of an analysis dict; a reviewer's verdict overrides the engine's.

    ``document_chars`` is accepted for callers of the older signature and not used: a rating counts
    measures, not the share of text they take.
    """
    del document_chars
    verdicts = [_verdict_of(c) for c in criteria]
    for_strengths = [measure_strength(c.get("relevance"), config) for c in contributions]
    against_strengths = [measure_strength(c.get("relevance"), config) for c in against or []]
    value = rating_value(for_strengths, against_strengths, verdicts, config)
    return level(value, for_strengths, against_strengths, verdicts), value


_WORDS = {
    "nl": {
        "measures": ("concrete maatregel", "concrete maatregelen"),
        "against": ("maatregel die ertegenin werkt", "maatregelen die ertegenin werken"),
        "directions": "{done} van {total} richtingen geadresseerd",
        "none": "niets in het document gaat over dit thema",
        "named": "het thema wordt genoemd, maar zonder maatregel die de kwetsbaarheid vermindert",
        "outweighed": "wat ertegenin werkt weegt op tegen de maatregelen",
    },
    "en": {
        "measures": ("concrete measure", "concrete measures"),
        "against": ("measure working against it", "measures working against it"),
        "directions": "{done} of {total} directions addressed",
        "none": "nothing in the document is about this theme",
        "named": "the theme is named, but no measure reduces the vulnerability",
        "outweighed": "what works against it outweighs the measures",
    },
}


def explain_rating(
    rating: str, contributions: list[dict], criteria: list[dict], against: list[dict], language: str
) -> str:
    """One sentence, in the document's language, on what the rating rests on."""
    words = _WORDS["en" if language == "en" else "nl"]
    verdicts = [_verdict_of(c) for c in criteria]
    done = sum(1 for v in verdicts if v == "addressed") + sum(0.5 for v in verdicts if v == "partial")
    parts = []
    if contributions:
        examples = ", ".join(_short(c["quote"]) for c in contributions[:2])
        parts.append(f"{len(contributions)} {words['measures'][len(contributions) > 1]} ({examples})")
    if against:
        parts.append(f"{len(against)} {words['against'][len(against) > 1]} ({_short(against[0]['quote'])})")
    if criteria:
        parts.append(words["directions"].format(done=f"{done:g}", total=len(criteria)))
    lead = {"--": words["none"], "-": words["named"]}.get(rating)
    if rating == "-" and contributions:
        lead = words["outweighed"]
    sentence = "; ".join(([lead] if lead else []) + parts)
    return f"{rating}: {sentence}."


def _short(quote: str, limit: int = 60) -> str:
    text = " ".join(quote.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1].rstrip()}…”"
