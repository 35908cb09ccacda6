"""How concretely a passage commits to action: the difference between a promise and a description.

Three generic signals, each worth a point: a first-person or governmental actor that acts ("we
investeren", "the government will"), a concrete quantity (money, percentages, years), and a future or
present-passive form of an act ("komt er", "wordt ingevoerd", "wordt aan voorwaarden gebonden", "will
be"). Below a commitment sits an aim: an obligation or wish with no act yet ("moet aantrekkelijker
worden", "we want", "should"). None of it is tied to a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# Verbs that describe rather than act: being, having, being able or allowed, knowing, thinking,
# perceiving, seeming; wanting and needing are aims (``_AIM``), not acts.
_NOT_ACTING_NL = (
    "zijn|hebben|kunnen|mogen|moeten|willen|hoeven|weten|vinden|denken|geloven|menen|hopen|zien|horen|"
    "voelen|merken|beseffen|begrijpen|erkennen|kennen|staan|liggen|zitten|leven|wonen|worden|heten|lijken|"
    "blijken|zeggen|noemen|verwachten|constateren|betreuren|waarderen|missen|verdienen|betalen|kosten"
)
# Words ending in "-en" that are no verb, but may stand next to "we": "indien we", "samen met ... we".
_NOT_VERBS_NL = "indien|tussen|binnen|buiten|tegen|boven|beneden|alleen|samen|even|open|eigen|misschien|ergens"
_ANY_PLURAL_VERB_NL = (
    rf"(?!(?:{_NOT_ACTING_NL}|{_NOT_VERBS_NL})\b)"
    # A weak past tense ("investeerden", "maakten", "bouwden") recounts, it does not act ('t kofschip).
    # A capitalised word after "we" names the speakers ("We Europeanen"), it is no verb.
    r"(?!\w*(?:[kpfs]ten|[gwmvzb]den|rden)\b)(?-i:[a-zà-ÿ])\w{2,}en"
)
_SINGULAR_NOT_ACTING_NL = "is|heeft|kan|mag|moet|wil|hoeft|weet|vindt|denkt|ziet|staat|ligt|lijkt|blijkt|wordt|zegt"
_ACTOR = {
    # "we" with a verb of acting in the present: after it ("we lanceren", "wij schaffen ... af"), or
    # before it when the sentence opens with something else ("Daarom investeren we"); the government
    # as a singular subject ("het kabinet investeert"). Being, having and knowing describe, they do not act.
    "nl": re.compile(
        r"\b(we|wij|het kabinet|de regering|de coalitie)\s+(\w+\s+){0,2}?(?:[^.;:]{0,80}?\sen\s+)?"
        r"(gaan|zullen|investeren|zetten|maken|komen|brengen|verhogen|verlagen|verbeteren|versterken|"
        r"stimuleren|voeren|introduceren|regelen|zorgen|pakken|trekken|nemen|starten|schaffen|verminderen|"
        r"vergroten|verkleinen|beschermen|ondersteunen|realiseren|bouwen|houden|blijven|stellen|richten|"
        r"dichten|beginnen|verbreden|versnellen|verruimen|scherpen|maken|werken|gebruiken|voorkomen|bevorderen|"
        r"vereenvoudigen|verlengen|handhaven|behouden|verbieden|beperken|schrappen|stoppen|verdubbelen|halveren|"
        r"financieren|subsidiëren|verplichten|garanderen|borgen|herstellen|beëindigen|creëren|bieden|verankeren)\b|"
        rf"\b(?:we|wij)\s+{_ANY_PLURAL_VERB_NL}\b|\b{_ANY_PLURAL_VERB_NL}\s+(?:we|wij)\b|"
        rf"\b(?:het kabinet|de regering|de coalitie)\s+(?!(?:{_SINGULAR_NOT_ACTING_NL})\b)\w{{2,}}t\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(we|the government|the coalition)\s+(\w+\s+){0,2}?"
        r"(will|shall|are going to|invest|introduce|raise|cut|increase|reduce|improve|strengthen|support|"
        r"create|build|ensure|protect|make|set|launch|fund|expand|abolish|commit|simplify)\b|"
        # Any other verb right after "we" acts, unless it describes, wants or recounts; a capitalised word
        # names the speakers ("We Conservatives"), it is no verb.
        r"\bwe\s+(?:also\s+|further\s+|now\s+)?(?!(?:are|were|have|had|can|could|may|might|must|should|"
        r"would|want|wish|need|know|believe|think|see|feel|hope|understand|recognise|recognize|live|all|"
        r"both|as|do|did|too|the|our|ourselves|who|that)\b)(?-i:[a-z])[a-z]{2,}(?<!ed)\b",
        re.IGNORECASE,
    ),
}
_QUANTITY = re.compile(
    r"(€|\$|£|\beuro\b|\bmln\b|\bmrd\b|\bmiljoen\b|\bmiljard\b|\bmillion\b|\bbillion\b|\d+\s?%|\bprocent\b|"
    r"\bpercent\b|\b(19|20)\d\d\b)",
    re.IGNORECASE,
)
# A Dutch past participle: a weak one with its prefix ("ingevoerd", "voorbereid", "verhoogd") or a
# strong one with "ge" ("gebonden", "opgeheven"); after "wordt"/"worden" it is an act in the present.
_PARTICIPLE_NL = (
    r"(?:(?:aan|af|door|in|mee|op|terug|toe|uit|voort)?ge\w{2,}(?:d|t|en)|"
    r"(?:be|er|her|ont|ver|voor)\w{3,}(?:d|t))"
)
_FUTURE = {
    "nl": re.compile(
        rf"\b(?:wordt|worden)\b(?:\s+[^\s.;:]+){{0,8}}?\s+{_PARTICIPLE_NL}\b|\bbeschikbaar\b|"
        r"\b(er komt|er komen|komt er|komen er|gaan we|zullen we|zal|zullen)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(r"\b(will|shall|is to be|are to be|must be)\b", re.IGNORECASE),
}


_AIM = {
    "nl": re.compile(
        # "inzetten op" also with its subject between ("zetten we in op", "zet het kabinet in op").
        r"\b(moet|moeten|willen|wil|streven|streeft|ambitie|doel|doelen|inzetten op)\b|"
        r"\b(zetten|zet)\s+(?:\w+\s+){0,3}?in\s+op\b",
        re.IGNORECASE,
    ),
    "en": re.compile(r"\b(must|should|aim|aims|want|wants|strive|seek|goal|goals|ambition)\b", re.IGNORECASE),
}


def states_an_aim(text: str, language: str) -> bool:
    """An obligation or wish without an act: the document wants the direction but commits to nothing yet."""
    return bool(_AIM["en" if language == "en" else "nl"].search(text))


# Every actor pattern names one of these words: a text without any has no actor, found by one fast search.
_ACTOR_WORDS = {
    "nl": re.compile(r"\b(?:we|wij|kabinet|regering|coalitie)\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:we|government|coalition)\b", re.IGNORECASE),
}


def _actors(text: str, language: str) -> Iterator[re.Match[str]]:
    """The acting actors in ``text``, in order (none without an actor's word)."""
    return _ACTOR[language].finditer(text) if _ACTOR_WORDS[language].search(text) else iter(())


@lru_cache(maxsize=65_536)
def commitment_strength(text: str, language: str) -> int:
    """0-3: an acting actor, a quantity, a future or present-passive act (cached: every theme asks)."""
    language = "en" if language == "en" else "nl"
    return (
        int(next(_actors(text, language), None) is not None)
        + int(bool(_QUANTITY.search(text)))
        + int(bool(_FUTURE[language].search(text)))
    )


def acts(text: str, language: str) -> bool:
    """An actor who acts, or an act to come or in the present passive: a commitment without its figures."""
    language = "en" if language == "en" else "nl"
    return next(_actors(text, language), None) is not None or bool(_FUTURE[language].search(text))


def is_concrete(text: str, language: str) -> bool:
    """A concrete measure: commits to an act (an acting actor, an amount or date, a future act) and
    states no aim. (A verdict's "clear commitment" is wider: a quantified aim commits too.)"""
    return commitment_strength(text, language) >= 1 and not states_an_aim(text, language)


_NEGATORS = {"nl": frozenset({"niet", "geen", "nooit"}), "en": frozenset({"not", "no", "never"})}
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65_536)
def declines_to_act(text: str, language: str) -> bool:
    """Every act in ``text`` is negated: "Woningen worden niet van het gas af gehaald", "er komt geen
    heffing", "we will not raise": a refusal, which commits to no step in any direction."""
    language = "en" if language == "en" else "nl"
    negators = _NEGATORS[language]
    found = [*_actors(text, language), *_FUTURE[language].finditer(text)]
    if not found:
        return False
    # The negation stands inside the act ("worden niet ... gehaald") or right after its verb ("komt geen").
    return all(
        negators & set(_WORD.findall(text[m.start() : m.end()].lower() + " " + _next_words(text, m.end())))
        for m in found
    )


def _next_words(text: str, end: int, count: int = 2) -> str:
    # Two words stand within a hundred characters; reading the whole rest of a long paragraph for every
    # act in it would cost the square of its length.
    return " ".join(_WORD.findall(text[end : end + 100].lower())[:count])
