"""How concretely a passage commits to action: the difference between a promise and a description.

Three generic signals, each worth a point: a first-person or governmental actor that acts ("we
investeren", "the government will"), a concrete quantity (money, percentages, years), and a future or
obligating form ("komt er", "wordt ingevoerd", "will be"). None of it is tied to a document.
"""

from __future__ import annotations

import re

_ACTOR = {
    "nl": re.compile(
        r"\b(we|wij|het kabinet|de regering|de coalitie)\s+(\w+\s+){0,2}?"
        r"(gaan|zullen|willen|investeren|zetten|maken|komen|brengen|verhogen|verlagen|verbeteren|versterken|"
        r"stimuleren|voeren|introduceren|regelen|zorgen|pakken|trekken|nemen|starten|schaffen|verminderen|"
        r"vergroten|verkleinen|beschermen|ondersteunen|realiseren|bouwen|houden|blijven|stellen|richten|"
        r"dichten|beginnen|verbreden|versnellen|verruimen|scherpen|maken|werken|gebruiken|voorkomen|bevorderen)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(we|the government|the coalition)\s+(\w+\s+){0,2}?"
        r"(will|shall|are going to|invest|introduce|raise|cut|increase|reduce|improve|strengthen|support|"
        r"create|build|ensure|protect|make|set|launch|fund|expand|abolish|commit)\b",
        re.IGNORECASE,
    ),
}
_QUANTITY = re.compile(
    r"(€|\$|£|\beuro\b|\bmln\b|\bmrd\b|\bmiljoen\b|\bmiljard\b|\bmillion\b|\bbillion\b|\d+\s?%|\bprocent\b|"
    r"\bpercent\b|\b(19|20)\d\d\b)",
    re.IGNORECASE,
)
_FUTURE = {
    "nl": re.compile(
        r"\b(komt er|komen er|wordt|worden)\b.{0,80}\b(ingevoerd|verhoogd|verlaagd|versterkt|uitgebreid|"
        r"afgeschaft|geïntroduceerd|geregeld|gerealiseerd|geïnvesteerd|vrijgemaakt|beschikbaar)\b|"
        r"\b(er komt|er komen|gaan we|zullen we|zal|zullen)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(r"\b(will|shall|is to be|are to be|must be)\b", re.IGNORECASE),
}


def commitment_strength(text: str, language: str) -> int:
    language = "en" if language == "en" else "nl"
    return (
        int(bool(_ACTOR[language].search(text)))
        + int(bool(_QUANTITY.search(text)))
        + int(bool(_FUTURE[language].search(text)))
    )
