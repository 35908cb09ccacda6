"""A theme's rating on the analysts' five-level scale, from the calibrated, direction-aware findings.

``rating_value`` (0-1) adds two parts:

* measures (``1 - coverage_share``): the share of the document's text in passages that move the theme
  forward *and commit* (an actor who acts, an amount or date, an act in the future or present passive;
  not an aim, not a description), minus the share working against it (``against_weight``);
  ``full_share`` of the text fills the part. A share means the same in a 60 KB manifesto and a 350 KB
  one, and only calibrated, direction-checked passages count, so volume of words buys nothing;
* directions (``coverage_share``): the share of the theme's criteria addressed (partial counts half).

The scale in the analysts' own terms (the Verkiezingenwijzer's), with the bounds where those two
parts meet (``level_bounds``; with the default ``coverage_share`` 0.4 they are 0.8, 0.7 and 0.6):

* ``++`` serious reduction: the measures fill their part, half of the directions are addressed, and at
  least one of them by a committing measure (directions only touched vaguely or as aims, which count
  half each, are no serious reduction however many);
* ``+`` some: the measures fill their part and a quarter of the directions are addressed;
* ``o`` slight: the measures fill their part, or fewer measures cover more directions, or one
  direction is addressed by a committing measure;
* ``-`` named, but no reduction: what the document commits to takes up too little of it and addresses
  no direction, or its reversals weigh as much as its measures;
* ``--`` not named: no passage is about the theme, none moves it and every criterion is absent
  (passages that only work against the theme do not lift it: more reversals must never raise a rating).

More or stronger ``for`` findings never lower the value or the level; more ``against`` never raise them.
"""

from __future__ import annotations

from .commitment import is_concrete
from .config import DEFAULT_CONFIG, EngineConfig

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


def level_bounds(config: EngineConfig = DEFAULT_CONFIG) -> tuple[float, float, float]:
    """Lowest values of ``++``, ``+`` and ``o``, where the value's two parts meet: measures that fill
    their part make ``o``; with a quarter of the directions besides ``+``; with half of them ``++``."""
    measures = 1 - config.coverage_share
    return measures + config.coverage_share / 2, measures + config.coverage_share / 4, measures


def level(
    value: float,
    for_share: float,
    against_share: float,
    named: bool,
    config: EngineConfig = DEFAULT_CONFIG,
    addressed: bool = False,
) -> str:
    """``addressed``: some criterion is addressed by a committing measure, so the reduction is at least
    slight, and may be serious."""
    if for_share <= 0 or outweighed((for_share, against_share), config):
        # Reversals alone do not make a theme "named": more of them must never raise a rating.
        return "-" if named else "--"
    plus_plus, plus, slight = level_bounds(config)
    if value >= plus_plus and addressed:
        return "++"
    if value >= plus:
        return "+"
    return "o" if value >= slight or addressed else "-"


def rate_theme(
    contributions: list[dict],
    criteria: list[dict],
    document_chars: int,
    against: list[dict] | None = None,
    config: EngineConfig = DEFAULT_CONFIG,
    shares: tuple[float, float] | None = None,
    mentioned: bool = False,
) -> tuple[str, float]:
    """Rate one theme of an analysis dict; a reviewer's verdict overrides the engine's.

    ``shares`` are the (for, against) shares of the document's text when the engine knows every
    passage it assigned; otherwise they are read from the listed items (a review's accepted ones).
    ``mentioned``: some passage is about the theme, whatever its direction (the theme is named).
    """
    verdicts = [_verdict_of(c) for c in criteria]
    for_share, against_share = shares or listed_shares(contributions, against or [], document_chars)
    if not contributions:
        for_share = 0.0
    value = rating_value(for_share, against_share, verdicts, config)
    named = mentioned or bool(contributions) or any(v != "absent" for v in verdicts)
    addressed = "addressed" in verdicts
    return level(value, for_share, against_share, named, config, addressed), value


def listed_shares(contributions: list[dict], against: list[dict], document_chars: int) -> tuple[float, float]:
    """The (for, against) shares of the document's text in the listed items alone."""
    size = max(document_chars, 1)
    return sum(len(c["text"]) for c in contributions) / size, sum(len(c["text"]) for c in against) / size


def outweighed(shares: tuple[float, float], config: EngineConfig = DEFAULT_CONFIG) -> bool:
    """What works against the theme weighs at least as much as what moves it forward."""
    for_share, against_share = shares
    return for_share <= config.against_weight * against_share


_WORDS = {
    "nl": {
        "measures": ("concrete maatregel", "concrete maatregelen"),
        "contributions": ("bijdrage", "bijdragen"),
        "of_which": "waarvan {count} {measures}",
        "none_concrete": ("geen concrete maatregel", "waarvan geen concrete maatregel"),
        "against": ("maatregel die ertegenin werkt", "maatregelen die ertegenin werken"),
        "directions": "{done} van {total} richtingen geadresseerd",
        "none": "niets in het document gaat over dit thema",
        "none_forward": "niets in het document brengt dit thema verder",
        "named": "het thema wordt genoemd, maar zonder maatregel die de kwetsbaarheid vermindert",
        "short": "het thema wordt genoemd, maar de maatregelen beslaan te weinig van het document om de "
        "kwetsbaarheid merkbaar te verminderen",
        "share": "{share} van de tekst",
        "outweighed": "wat ertegenin werkt weegt op tegen de maatregelen",
    },
    "en": {
        "measures": ("concrete measure", "concrete measures"),
        "contributions": ("contribution", "contributions"),
        "of_which": "{count} of them {measures}",
        "none_concrete": ("not a concrete measure", "none of them a concrete measure"),
        "against": ("measure working against it", "measures working against it"),
        "directions": "{done} of {total} directions addressed",
        "none": "nothing in the document is about this theme",
        "none_forward": "nothing in the document moves this theme forward",
        "named": "the theme is named, but no measure reduces the vulnerability",
        "short": "the theme is named, but its measures take up too little of the document to reduce the "
        "vulnerability noticeably",
        "share": "{share} of the text",
        "outweighed": "what works against it outweighs the measures",
    },
}


def explain_rating(
    rating: str,
    contributions: list[dict],
    criteria: list[dict],
    against: list[dict],
    language: str,
    shares: tuple[float, float] | None = None,
    config: EngineConfig = DEFAULT_CONFIG,
) -> str:
    """One sentence, in the document's language, on what the rating ``rating`` rests on.

    ``shares`` (for, against) are the shares of the text the rating weighed; given, the sentence says
    how much of the document the measures take up.
    """
    words = _WORDS["en" if language == "en" else "nl"]
    verdicts = [_verdict_of(c) for c in criteria]
    done = sum(1 for v in verdicts if v == "addressed") + sum(0.5 for v in verdicts if v == "partial")
    parts = []
    if contributions:
        concrete = [c for c in contributions if is_concrete(c["quote"], language)]
        shown = concrete + [c for c in contributions if c not in concrete]
        examples = ", ".join(_short(c["quote"]) for c in shown[:2])
        if shares is not None:
            examples = words["share"].format(share=_percent(shares[0])) + ": " + examples
        parts.append(f"{_counted(len(contributions), len(concrete), words)} ({examples})")
    if against:
        parts.append(f"{len(against)} {words['against'][len(against) > 1]} ({_short(against[0]['quote'])})")
    if criteria:
        parts.append(words["directions"].format(done=f"{done:g}", total=len(criteria)))
    # With only reversals, the theme is spoken of after all: nothing moves it forward.
    lead = {"--": words["none_forward" if against else "none"], "-": words["named"]}.get(rating)
    if rating == "-" and contributions:
        lead = words["outweighed"] if shares and outweighed(shares, config) else words["short"]
    sentence = "; ".join(([lead] if lead else []) + parts)
    # The level itself stands beside the sentence in every report; the sentence says what it rests on.
    return f"{sentence[:1].upper()}{sentence[1:]}."


def _counted(listed: int, concrete: int, words: dict) -> str:
    """ "3 concrete maatregelen", or "5 bijdragen, waarvan 2 concrete maatregelen" when not all commit."""
    if concrete == listed:
        return f"{listed} {words['measures'][listed > 1]}"
    which = (
        words["of_which"].format(count=concrete, measures=words["measures"][concrete > 1])
        if concrete
        else words["none_concrete"][listed > 1]
    )
    return f"{listed} {words['contributions'][listed > 1]}, {which}"


def _percent(share: float) -> str:
    return f"{share * 100:.1f} %" if share < 0.1 else f"{share * 100:.0f} %"


def _short(quote: str, limit: int = 60) -> str:
    text = " ".join(quote.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1].rstrip()}…”"
