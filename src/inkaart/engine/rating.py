"""A theme's rating on the analysts' five-level scale, from the calibrated, direction-aware findings.

The scale in the analysts' own terms (the Verkiezingenwijzer's):

* ``--`` not named: no measure for the theme and every criterion absent (passages that only work
  against the theme do not lift it: more reversals must never raise a rating);
* ``-`` named, but no reduction: a criterion is touched or a measure is found, yet on balance no text
  goes to measures that reduce the vulnerability — its reversals weigh as much as its measures;
* ``o`` slight, ``+`` some, ``++`` serious reduction: by ``rating_value`` below 0.35, below 0.6, above.

``rating_value`` (0-1) adds two parts:

* measures (``1 - coverage_share``): the share of the document's text that goes to passages moving the
  theme forward (every passage the engine assigns to the theme, not only the listed ones), minus the
  share working against it (``against_weight``); ``full_share`` of the text fills the part. A share
  means the same in a 60 KB manifesto and a 350 KB one, and only calibrated, direction-checked
  passages count, so volume of words about a topic buys nothing;
* directions (``coverage_share``): the share of the theme's criteria addressed (partial counts half).

More or stronger ``for`` findings never lower the value; more ``against`` never raise it.
"""

from __future__ import annotations

from .config import DEFAULT_CONFIG, EngineConfig

PLUS_PLUS, PLUS = 0.6, 0.35
LEVELS = ("++", "+", "o", "-", "--")


def _verdict_of(criterion: dict) -> str:
    return (criterion.get("override") or {}).get("verdict") or criterion["verdict"]


def rating_value(
    for_share: float, against_share: float, verdicts: list[str], config: EngineConfig = DEFAULT_CONFIG
) -> float:
    net = for_share - config.against_weight * against_share
    measures = min(1.0, max(0.0, net) / config.full_share)
    if verdicts:
        directions = sum(1.0 if v == "addressed" else 0.5 if v == "partial" else 0.0 for v in verdicts) / len(verdicts)
    else:
        directions = 1.0 if for_share > 0 else 0.0
    return round((1 - config.coverage_share) * measures + config.coverage_share * directions, 4)


def level(
    value: float, for_share: float, against_share: float, verdicts: list[str], config: EngineConfig = DEFAULT_CONFIG
) -> str:
    if for_share <= 0 or for_share <= config.against_weight * against_share:
        # Reversals alone do not make a theme "named": more of them must never raise a rating.
        named = any(v != "absent" for v in verdicts) or for_share > 0
        return "-" if named else "--"
    if value >= PLUS_PLUS:
        return "++"
    return "+" if value >= PLUS else "o"


def rate_theme(
    contributions: list[dict],
    criteria: list[dict],
    document_chars: int,
    against: list[dict] | None = None,
    config: EngineConfig = DEFAULT_CONFIG,
    shares: tuple[float, float] | None = None,
) -> tuple[str, float]:
    """Rate one theme of an analysis dict; a reviewer's verdict overrides the engine's.

    ``shares`` are the (for, against) shares of the document's text when the engine knows every
    passage it assigned; otherwise they are read from the listed items (a review's accepted ones).
    """
    verdicts = [_verdict_of(c) for c in criteria]
    if shares is None:
        size = max(document_chars, 1)
        shares = (sum(len(c["text"]) for c in contributions) / size, sum(len(c["text"]) for c in against or []) / size)
    for_share, against_share = shares
    if not contributions:
        for_share = 0.0
    value = rating_value(for_share, against_share, verdicts, config)
    return level(value, for_share, against_share, verdicts, config), value


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
    """One sentence, in the document's language, on what the rating ``rating`` rests on."""
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
    # The level itself stands beside the sentence in every report; the sentence says what it rests on.
    return f"{sentence[:1].upper()}{sentence[1:]}."


def _short(quote: str, limit: int = 60) -> str:
    text = " ".join(quote.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1].rstrip()}…”"
