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

from .lexical import lemma

# Verbs that describe rather than act: being, having, being able or allowed, knowing, thinking,
# perceiving, seeming; wanting and needing are aims (``_AIM``), not acts.
_NOT_ACTING_NL = (
    "zijn|hebben|kunnen|mogen|moeten|willen|hoeven|weten|vinden|denken|geloven|menen|hopen|zien|horen|"
    "voelen|merken|beseffen|begrijpen|erkennen|kennen|staan|liggen|zitten|leven|wonen|worden|heten|lijken|"
    "blijken|zeggen|noemen|verwachten|constateren|betreuren|waarderen|missen|verdienen|betalen|kosten"
)
# Words ending in "-en" that are no verb, but may stand next to "we": "indien we", "samen met ... we".
_NOT_VERBS_NL = "indien|tussen|binnen|buiten|tegen|boven|beneden|alleen|samen|even|open|eigen|misschien|ergens"
# Past tenses of strong and irregular verbs, with any prefix ("ontvingen", "vertrokken"); "lagen" only
# alone, since "verlagen" is a present tense.
_STRONG_PAST_NL = (
    r"\w*(?:gingen|vingen|kwamen|namen|gaven|bleven|zagen|vonden|stonden|hielden|lieten|kozen|schreven|spraken|"
    r"begonnen|wonnen|trokken|kregen|deden|dachten|brachten|zochten|kochten|zaten|vielen|liepen|riepen|sloten|"
    r"boden|droegen|vroegen|hadden|zouden|konden|mochten|wilden|waren)|lagen"
)
_ANY_PLURAL_VERB_NL = (
    rf"(?!(?:{_NOT_ACTING_NL}|{_NOT_VERBS_NL}|{_STRONG_PAST_NL})\b)"
    # A weak past tense ("investeerden", "maakten", "bouwden") recounts, it does not act ('t kofschip),
    # and so does a strong one ("we ontvingen", "we gingen").
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
        r"both|as|do|did|too|the|our|ourselves|who|that|"
        # an irregular past recounts as "-ed" does: "we made", "we took"
        r"made|took|gave|saw|built|found|got|went|came|said|told|brought|thought|kept|held|left|paid|sent|"
        r"spent|won|lost|began|wrote|chose|led|met|ran|fought|taught|bought|sought|became|grew|knew|stood|"
        r"heard|felt|meant|sold|rose|fell|drove|broke|spoke)\b)(?-i:[a-z])[a-z]{2,}(?<!ed)\b",
        re.IGNORECASE,
    ),
}
_QUANTITY = re.compile(
    r"(€|\$|£|\beuro\b|\bmln\b|\bmrd\b|\bmiljoen\b|\bmiljard\b|\bmillion\b|\bbillion\b|\d+\s?%|\bprocent\b|"
    r"\bpercent\b|\b(19|20)\d\d\b)",
    re.IGNORECASE,
)
# A Dutch past participle: a weak one with its prefix ("ingevoerd", "voorbereid", "verhoogd") or a
# strong one with "ge" ("gebonden", "opgeheven", "toegestaan"); after "wordt"/"worden" it is an act in the present.
_PARTICIPLE_NL = (
    r"(?:(?:aan|af|door|in|mee|op|terug|toe|uit|voort)?ge\w{2,}(?:d|t|en|aan)|"
    r"(?:be|er|her|ont|ver|voor)\w{3,}(?:d|t))"
)
_WHOLE_PARTICIPLE_NL = re.compile(rf"{_PARTICIPLE_NL}$")
_FUTURE = {
    "nl": re.compile(
        rf"\b(?:wordt|worden)\b(?:\s+[^\s.;:]+){{0,8}}?\s+{_PARTICIPLE_NL}\b|\bbeschikbaar\b|"
        # "er komt veel CO2 vrij", "komt er schuld bij het slachtoffer terecht": a separable verb
        # (vrijkomen, terechtkomen, neerkomen) describes what happens; no act (as the cue in nl.yaml)
        r"\b(?:er komt|er komen|komt er|komen er)\b"
        r"(?![^.;:,]{0,80}\b(?:terecht|vrij|neer)(?:[.;:,]|$|\s(?:en|maar|omdat|want)\b))|"
        r"\b(gaan we|zullen we)\b|"
        # "zal/zullen" with a verb of a trend predicts, it commits to nothing: "rivierafvoeren zullen sterker
        # fluctueren", "de vraag zal blijven toenemen"
        r"\b(?:zal|zullen)\b(?![^.;:,]{0,60}\b(?:toenemen|stijgen|dalen|groeien|krimpen|afnemen|fluctueren|"
        r"veranderen|verdwijnen|ontstaan|oplopen|verslechteren)\b)",
        re.IGNORECASE,
    ),
    "en": re.compile(r"\b(will|shall|is to be|are to be|must be)\b", re.IGNORECASE),
}


_AIM = {
    "nl": re.compile(
        # "inzetten op" also with its subject between ("zetten we in op", "zet het kabinet in op").
        r"\b(moet|moeten|willen|wil|streven|streeft|ambitie|doel|doelen|inzetten op)\b|"
        r"\b(zetten|zet)\s+(?:\w+\s+){0,3}?in\s+op\b|"
        # "dient/hoort ... te": the formal "moet" ("Wie van buiten komt, dient zich aan te passen"); without
        # "te", or with "als" or "om" before it, the verb serves, belongs or submits ("een overheid die het
        # publiek belang dient", "het fonds dient als buffer om ... op te vangen").
        r"\b(?:dient|dienen|hoort|horen)\b(?!\s+als\b)(?=(?:(?!\bom\b)[^.;:!?]){0,80}?\bte\s+\w)",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(must|should|aim|aims|want|wants|strive|seek|goal|goals|ambition|ought to|needs? to)\b", re.IGNORECASE
    ),
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


def _has_actor(text: str, language: str) -> bool:
    return next(_actors(text, language), None) is not None


@lru_cache(maxsize=65_536)
def commitment_strength(text: str, language: str) -> int:
    """0-3: an acting actor (or a programme point, whose actor is the document's author), a quantity, a
    future or present-passive act."""
    language = "en" if language == "en" else "nl"
    return (
        int(_has_actor(text, language) or proposes(text, language))
        + int(bool(_QUANTITY.search(text)))
        + int(bool(_FUTURE[language].search(text)))
    )


@lru_cache(maxsize=65_536)
def presumes_a_step(text: str, language: str) -> bool:
    """A commitment that may be presumed to go the theme's way when no cue says which way: an actor who
    acts, a figure or an act to come, in a passage about the theme. A programme point is no such
    commitment: its one verb is its whole act ("Klimaatakkoord en Energieakkoord door de shredder
    halen"), and only a cue can read that verb's direction."""
    language = "en" if language == "en" else "nl"
    return _has_actor(text, language) or bool(_QUANTITY.search(text)) or bool(_FUTURE[language].search(text))


def names_a_figure(text: str) -> bool:
    """An amount of money, a percentage or a year."""
    return bool(_QUANTITY.search(text))


def figure_only(text: str, language: str) -> bool:
    """A figure is all that may commit in ``text``: no actor acts and no act is to come."""
    language = "en" if language == "en" else "nl"
    return names_a_figure(text) and not _has_actor(text, language) and not _FUTURE[language].search(text)


def acts(text: str, language: str) -> bool:
    """An actor who acts, or an act to come or in the present passive: a commitment without its figures."""
    language = "en" if language == "en" else "nl"
    return _has_actor(text, language) or bool(_FUTURE[language].search(text)) or proposes(text, language)


# A finite verb or a subject makes a sentence of a clause; a programme point has neither.
_FINITE_NL = re.compile(
    r"is|zijn|was|waren|wordt|worden|werd|werden|heeft|hebben|had|hadden|kan|kunnen|kon|konden|moet|moeten|"
    r"moest|moesten|mag|mogen|mocht|wil|willen|wilde|wilden|zal|zullen|zou|zouden|gaat|gaan|ging|gingen|komt|"
    r"komen|kwam|kwamen|blijft|blijven|bleef|staat|staan|stond|ligt|liggen|lag|lijkt|lijken|blijkt|blijken|"
    r"krijgt|krijgen|hoeft|hoeven|doet|doen|deed|maakt|zorgt|zorgen|vindt|vinden|weet|weten|zit|zitten|loopt|"
    r"lopen|we|wij|ik|je|jij|u|ze|zij|hij|men|er"
)
# Nouns of an act that open a point as its verb would ("Invoering bindend referendum", "Behoud
# zorgtoeslag"); the "-ing" nouns made from a verb (``_names_an_act``) do so too.
_ACT_NOUNS_NL = re.compile(r"behoud|verbod|aanleg|aanpak|herstel")
# Prepositions that may follow a clause-final infinitive: "Crisisreserve aanleggen in geval van pandemie".
_AFTER_INFINITIVE_NL = re.compile(r"in|op|voor|met|van|naar|bij|aan|door|om|zodat|via|tot")
# Words ending in "-en" that are no infinitive: nouns and adverbs whose base form ends so.
_NO_INFINITIVE_NL = re.compile(rf"{_NOT_VERBS_NL}|pensioen|examen|vermogen|wapen|teken|keuken|verleden|heden|regen")
# An English programme point opens with its verb in the imperative ("Introduce a levy on ...").
_IMPERATIVE_EN = re.compile(
    r"^(?:invest|introduce|raise|cut|increase|reduce|improve|strengthen|support|create|build|ensure|protect|"
    r"launch|fund|expand|abolish|simplify|scrap|end|ban|extend|establish|set up|provide|guarantee|double|"
    r"halve|require|restore|tackle)\b",
    re.IGNORECASE,
)
_SUBORDINATE_EN = re.compile(r",?\s*\b(?:so that|because|which|who|that|when|if|to)\b", re.IGNORECASE)
_FINITE_EN = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|does|do|did)\b", re.IGNORECASE)
_SUBORDINATE_NL = re.compile(
    r",?\s*\b(?:zodat|omdat|doordat|waardoor|waarmee|waarin|waarbij|die|dat|wat|wie|waar|hoe|om|als|wanneer)\b"
)
_POINT_WORDS = 25


@lru_cache(maxsize=65_536)
def proposes(text: str, language: str) -> bool:
    """A programme point: a short text of clauses without finite verb or subject, one of which ends on
    its infinitive or opens with the noun of an act ("Crisisreserve aanleggen in geval van pandemie",
    "Invoering bindend referendum", "Introduce a levy on ..."). Manifestos list their measures so; a
    sentence that describes has a finite verb ("Bedrijven maken winst", "Ze zijn boos"), and a verbless
    fragment inside prose does not stand for its paragraph."""
    if len(_WORD.findall(text)) > _POINT_WORDS:
        return False
    parts = [part for part in re.split(r"[.;:!?•]", text) if part.strip()]
    if language == "en":
        # "Support for farmers has fallen" describes: a finite verb in the main clause makes a sentence.
        mains = [_SUBORDINATE_EN.split(part, maxsplit=1)[0] for part in parts]
        return any(_IMPERATIVE_EN.match(main.strip()) and not _FINITE_EN.search(main) for main in mains)
    mains = [_WORD.findall(_SUBORDINATE_NL.split(part, maxsplit=1)[0]) for part in parts]
    if not mains:
        return False
    if any(not words or words[0].lower() in ("dat", "dit") or _has_finite(words) for words in mains):
        return False
    return any(_opens_or_ends_on_an_act(words) for words in mains)


def has_a_verb(text: str) -> bool:
    """Dutch: some word of ``text`` is a verb form or a subject: finite, a participle or an infinitive (a
    form that is its own lemma and ends in "-en"; "lasten" is "last", "investeren" stays itself). Unknown
    words count as none."""
    words = _WORD.findall(text)
    lowered = [w.lower() for w in words]
    return _has_finite(words) or any(
        _WHOLE_PARTICIPLE_NL.match(word) or (word.endswith("en") and lemma(word, "nl") == word) for word in lowered
    )


def _has_finite(words: list[str]) -> bool:
    """A finite verb or a subject: a listed one, or a form of a verb other than its infinitive and its
    participle ("zet" of "zetten", "investeert"). A plural in "-s" is a noun ("inkomens"). Second in its
    clause a form like "betekent" or "bereikt" is the finite verb of a main clause ("Dat betekent ..."),
    elsewhere a participle ("Kosten vooraf bereikt")."""
    for at, word in enumerate(w.lower() for w in words):
        if _FINITE_NL.fullmatch(word):
            return True
        participle = _WHOLE_PARTICIPLE_NL.match(word) and (at != 1 or word.startswith("ge"))
        if word.endswith("s") or participle:
            continue
        base = lemma(word, "nl")
        if base != word and base.endswith("en"):
            return True
    return False


def _opens_or_ends_on_an_act(words: list[str]) -> bool:
    lowered = [w.lower() for w in words]
    if _ACT_NOUNS_NL.fullmatch(lowered[0]) or (words[0][0].isupper() and _names_an_act(lowered[0])):
        return True
    # The infinitive ends the clause ("Crisisreserve aanleggen in ...") or opens it ("Afschaffen eigen
    # risico voor iedereen").
    return _infinitive(lowered, 0, opening=True) or any(_infinitive(words, at) for at in range(1, len(words)))


def _names_an_act(word: str) -> bool:
    """A noun made from a verb with "-ing" ("invoering" from "invoeren", "oprichting" from "oprichten")."""
    return word.endswith("ing") and _infinitive([word[:-3] + "en"], 0, opening=True)


def _ends_its_clause(words: list[str], at: int) -> bool:
    """Last, before a preposition, or before "en"/"of" and another infinitive ("... maken en beheren");
    "inkomen en goede ondersteuning" coordinates nouns."""
    if at == len(words) - 1 or _AFTER_INFINITIVE_NL.fullmatch(words[at + 1].lower()):
        return True
    return words[at + 1].lower() in ("en", "of") and at + 2 < len(words) and _infinitive(words, at + 2)


def _infinitive(words: list[str], at: int, opening: bool = False) -> bool:
    """``words[at]`` is an infinitive standing at the end of its clause (not after "te": a purpose), or
    (``opening``) the first word of a lower-cased clause."""
    word = words[at]
    if not (word.islower() and word.endswith("en") and len(word) > 4) or _NO_INFINITIVE_NL.fullmatch(word):
        return False
    if not opening and (words[at - 1].lower() == "te" or not _ends_its_clause(words, at)):
        return False
    # A plural noun ("woningen", "verpleegkundigen") lemmatises to its singular; an infinitive to itself.
    return lemma(word, "nl") == word


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
