"""Direction: does a passage move a theme forward, work against it, or only talk about it?

Embeddings hardly tell "the CO2 levy goes up" from "the CO2 levy is scrapped" (their cosines to a
criterion differ by a few hundredths), so direction is read from the words, clause by clause, as two
parts composed:

* the **change** a clause makes: up (introduce, raise, expand, continue, bring back) or down (lower,
  scrap, stop, reverse, "geen ... meer"), turned round by a negation ("er komt geen ...", "niet
  gestuurd op krimp");
* the **polarity of what changes** for this theme: a harm (what the vulnerability grows from:
  emissions, fossil fuels, debts, loneliness) or a good (a measure or instrument of the theme — a levy,
  subsidy, obligation, norm, fund — or what the theme's criteria ask more of).

Down on a harm or up on a good is ``for``; down on a good or up on a harm is ``against``. Where the
polarity is unknown, a reversal (scrap, stop, reverse, out of the law) is read as undoing a measure,
since the passage is about the theme; a plain "more" of something unknown is not evidence either way.
A clause that renames an organisation, or a passage that commits to nothing, is ``neutral``. One
``against`` clause makes the passage ``against``: charting a reversal as progress is the worse error.

Polarity comes from the framework where it says so (a theme's ``harms``, a criterion's ``against``
examples, the objects of the criteria's own verbs: "de uitstoot ... verminderen" makes emissions a
harm) and otherwise from generic domain words that apply only to themes whose own text is about that
domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..framework import Theme
from .commitment import commitment_strength
from .lexical import stopwords

Direction = Literal["for", "against", "neutral"]

_WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_GROWTH = {
    "nl": re.compile(r"\b(?:groei|toename|stijging|uitbreiding)\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:growth|increase|rise|expansion)\b", re.IGNORECASE),
}
_CLAUSE = re.compile(r"[;:]|,\s|\s(?:en|maar|terwijl|and|but|while)\s", re.IGNORECASE)

# A change cue: (pattern, sign, strong). Strong cues undo something whatever it is ("teruggedraaid").
_CUES: dict[str, list[tuple[re.Pattern[str], int, bool]]] = {
    "nl": [
        (r"geen\b.{0,60}\bmeer", -1, True),
        (r"terug(?:ge)?draai\w*|draai\w* \w* ?terug|teruggedraaid", -1, True),
        (r"(?:ge)?schrap\w*|afgeschaft|afschaff\w*|schaff\w* \w* ?af|afschaffing", -1, True),
        (r"stopp?\w*|stopgezet|stopzett\w*|beëindig\w*|(?:ge)?stopt", -1, True),
        (r"uit de wet|ingetrokken|intrekk\w*|trekk\w* \w* ?in|vervalt|vervallen|niet langer|niet meer", -1, True),
        (r"uitgefaseerd|uitfaser\w*|afbouw\w*|afgebouwd|bouw\w* af", -1, True),
        (r"weer toe te staan|weer toe\w*|weer toegestaan", -1, True),
        (
            r"verla\w*|lager\w*|verminder\w*|minder|beperk\w*|krimp\w*|halver\w*|klein\w*|verklein\w*|"
            r"terugbreng\w*|teruggebracht|reducer\w*|reductie|omlaag|bezuinig\w*|kort\w* \w* ?op",
            -1,
            False,
        ),
        (
            r"tegengaan|tegen te gaan|voorkom\w*|voorkomen|bestrijd\w*|bestreden|"
            r"uitbann\w*|verbied\w*|verboden|verbod",
            -1,
            False,
        ),
        (
            r"verho\w*|verhoogd|verhogen|meer|uitbreid\w*|uitgebreid|breid\w* \w* ?uit|opgeschaald|opschal\w*|"
            r"vergrot\w*|versterk\w*|stimuler\w*|investeer\w*|investeren|geïnvesteerd|extra|versnel\w*|"
            r"doorgezet|doorzett\w*|voortgezet|voortzett\w*|zetten \w* ?door|ondersteun\w*|bevorder\w*|"
            r"omhoog|groei\w*|bouwen|realiser\w*|introducer\w*|ingevoerd|invoer\w*|er komt|er komen|komt er|"
            r"komen er|blijft|blijven|behouden|houden \w* ?open|open|impuls",
            1,
            False,
        ),
        (r"komt terug|komen terug|keert terug|herinvoer\w*|weer in", 1, True),
    ],
    "en": [
        (
            r"revers\w*|roll\w* back|repeal\w*|scrap\w*|abolish\w*|withdraw\w*|withdrawn|no longer|"
            r"stop\w*|end(?:s|ed|ing)?|terminat\w*|phase\w* out|cancel\w*",
            -1,
            True,
        ),
        (
            r"lower\w*|reduc\w*|cut\w*|decreas\w*|less|fewer|limit\w*|restrict\w*|halv\w*|curb\w*|"
            r"prevent\w*|tackl\w*|combat\w*|fight\w*|ban\w*",
            -1,
            False,
        ),
        (
            r"increas\w*|rais\w*|more|expand\w*|extend\w*|strengthen\w*|boost\w*|invest\w*|introduc\w*|"
            r"continu\w*|support\w*|promot\w*|build\w*|creat\w*|keep\w*|maintain\w*|additional|extra",
            1,
            False,
        ),
        (r"bring\w* back|brought back|reinstat\w*|reintroduc\w*|allow\w* again|again allow\w*", 1, True),
    ],
}
_NEGATORS = {"nl": {"geen", "niet", "nooit", "zonder"}, "en": {"no", "not", "never", "without"}}
# A perfect tense before a participle cue reports the past ("zijn ... verhoogd", "has been raised").
PAST_WINDOW = 5
_PAST = {
    "nl": re.compile(r"\b(?:zijn|is|waren|was|hebben|heeft|hadden|had)\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:has|have|had|was|were)\b", re.IGNORECASE),
}
_PARTICIPLE = {
    "nl": re.compile(r"^(?:ge|ver|be|ont|her|af|in|uit|op|terug|door|voort)\w*(?:d|t)$", re.IGNORECASE),
    "en": re.compile(r"\w+ed$", re.IGNORECASE),
}
# How far (in words) a cue reaches: its subject or object, and a negation before it.
OBJECT_WINDOW = 6
NEGATION_WINDOW = 4
# Words too general to say what a theme wants ("mensen", "krijgen"): never read as its aims.
_GENERAL = {
    "nl": {
        "mensen",
        "iedereen",
        "samenleving",
        "krijgen",
        "worden",
        "moeten",
        "kunnen",
        "zorgen",
        "goede",
        "nieuwe",
        "zodat",
        "voldoende",
        "hebben",
        "maken",
        "komen",
        "gaan",
        "blijven",
    },
    "en": {"people", "everyone", "society", "get", "become", "must", "ensure", "good", "new", "enough", "have", "make"},
}
# "geen X meer", "niet meer", "niet langer" already say down; the negation is part of the cue.
_NEGATION_IN_CUE = re.compile(r"\b(?:geen\b.{0,60}\bmeer|niet langer|niet meer|no longer)\b", re.IGNORECASE)
_RENAME = {
    "nl": re.compile(r"\b(?:gaat|gaan)\b.{0,120}\bheten\b|\bhernoemd\b|\bnieuwe naam\b|\bwordt omgedoopt\b", re.I),
    "en": re.compile(r"\b(?:renamed|will be called|new name)\b", re.IGNORECASE),
}

# The head of a Dutch compound is its end: a "CO2-heffing" is a levy, whatever it levies.
_INSTRUMENTS = {
    "nl": (
        "heffing",
        "belasting",
        "taks",
        "subsidie",
        "subsidies",
        "subsidiëren",
        "regeling",
        "plicht",
        "verplichting",
        "verplicht",
        "verplichte",
        "norm",
        "normen",
        "doel",
        "doelen",
        "doelstelling",
        "eis",
        "eisen",
        "fonds",
        "maatregel",
        "maatregelen",
        "verbod",
        "wet",
        "programma",
        "investering",
        "budget",
        "toeslag",
        "vergoeding",
        "bijdrage",
        "label",
        "labels",
        "labelsprong",
        "labelsprongen",
        "waarde",
        "grens",
        "ondergrens",
        "plafond",
        "beprijzing",
        "prijs",
        "premie",
        "beleid",
        "akkoord",
        "afspraak",
        "afspraken",
    ),
    "en": (
        "levy",
        "tax",
        "subsidy",
        "subsidies",
        "scheme",
        "obligation",
        "mandate",
        "standard",
        "standards",
        "target",
        "targets",
        "requirement",
        "fund",
        "measure",
        "measures",
        "ban",
        "law",
        "programme",
        "program",
        "investment",
        "budget",
        "allowance",
        "benefit",
        "price",
        "pricing",
        "cap",
        "limit",
        "policy",
        "agreement",
    ),
}
# What a vulnerability grows from, by domain; a theme uses a domain's words when its own text names
# one of the domain's markers. Generic knowledge, not fitted to any document.
_DOMAINS = {
    "nl": [
        (
            ("klimaat", "milieu", "natuur", "uitstoot", "vervuiling", "ecologisch", "biodiversiteit", "duurzaam"),
            (
                "fossiel",
                "fossiele",
                "kolen",
                "steenkool",
                "olie",
                "aardgas",
                "gaswinning",
                "gas",
                "diesel",
                "benzine",
                "kerosine",
                "uitstoot",
                "emissie",
                "emissies",
                "broeikasgas",
                "broeikasgassen",
                "stikstof",
                "fijnstof",
                "vervuiling",
                "verontreiniging",
                "bestrijdingsmiddel",
                "bestrijdingsmiddelen",
                "pesticide",
                "pesticiden",
                "ontbossing",
                "plastic",
                "afval",
                "opwarming",
                "veestapel",
                "veehouderij",
            ),
        ),
        (
            ("armoede", "inkomen", "werk", "sociaal", "bestaanszekerheid", "schulden", "arbeidsmarkt"),
            (
                "armoede",
                "schuld",
                "schulden",
                "werkloosheid",
                "armoedeval",
                "marginale",
                "lastendruk",
                "lastenverzwaring",
                "lastenverzwaringen",
                "onzekerheid",
                "uitsluiting",
                "incassokosten",
                "boete",
                "boetes",
                "eigen",
                "risico",
            ),
        ),
        (
            ("gezondheid", "zorg", "ziekte", "preventie", "pandemie"),
            ("roken", "tabak", "alcohol", "suiker", "overgewicht", "obesitas", "verslaving", "ziekte", "ziekten"),
        ),
        (
            ("eenzaamheid", "samenhang", "achterstand", "kansen", "ongelijkheid", "dakloosheid", "thuis"),
            (
                "eenzaamheid",
                "achterstand",
                "achterstanden",
                "ongelijkheid",
                "kansenongelijkheid",
                "dakloosheid",
                "segregatie",
                "discriminatie",
                "uitsluiting",
                "polarisatie",
            ),
        ),
        (
            ("bestuur", "overheid", "burger", "regels", "bureaucratie", "vertrouwen"),
            ("regeldruk", "bureaucratie", "administratieve", "lasten", "wantrouwen"),
        ),
        (
            ("digitaal", "cyber", "algoritme", "algoritmen", "privacy", "technologie"),
            (
                "cyberaanval",
                "cyberaanvallen",
                "cybercriminaliteit",
                "desinformatie",
                "datalek",
                "datalekken",
                "hack",
                "hacks",
                "deepfake",
                "deepfakes",
            ),
        ),
    ],
    "en": [
        (
            ("climate", "environment", "nature", "emissions", "pollution", "ecological", "biodiversity"),
            (
                "fossil",
                "coal",
                "oil",
                "gas",
                "diesel",
                "petrol",
                "kerosene",
                "emissions",
                "emission",
                "greenhouse",
                "nitrogen",
                "pollution",
                "pesticide",
                "pesticides",
                "deforestation",
                "plastic",
                "waste",
                "warming",
                "livestock",
            ),
        ),
        (
            ("poverty", "income", "work", "social", "debt", "labour", "labor"),
            ("poverty", "debt", "debts", "unemployment", "insecurity", "exclusion"),
        ),
        (
            ("health", "care", "disease", "prevention", "pandemic"),
            ("smoking", "tobacco", "alcohol", "sugar", "obesity", "addiction", "disease"),
        ),
        (
            ("loneliness", "cohesion", "inequality", "homelessness", "opportunity"),
            ("loneliness", "inequality", "homelessness", "segregation", "discrimination", "exclusion"),
        ),
        (
            ("governance", "government", "citizens", "bureaucracy", "trust"),
            ("red tape", "bureaucracy", "burden", "burdens", "distrust"),
        ),
        (
            ("digital", "cyber", "algorithm", "algorithms", "privacy", "technology"),
            ("cyberattack", "cyberattacks", "cybercrime", "disinformation", "breach", "breaches", "deepfake"),
        ),
    ],
}


# What counts as a harm for any theme: a problem, a burden, damage ("lastenverzwaring", "fout").
_GENERIC_HARMS = {
    "nl": (
        "probleem",
        "problemen",
        "schade",
        "crisis",
        "tekort",
        "tekorten",
        "nood",
        "fout",
        "fouten",
        "misstand",
        "misstanden",
        "verzwaring",
        "verzwaringen",
        "lastenverzwaring",
        "lastenverzwaringen",
        "kosten",
        "onveiligheid",
        "risico's",
    ),
    "en": (
        "problem",
        "problems",
        "damage",
        "crisis",
        "shortage",
        "shortages",
        "mistake",
        "mistakes",
        "abuse",
        "burden",
        "burdens",
        "costs",
        "hardship",
    ),
}


@dataclass(frozen=True)
class Reading:
    direction: Direction
    reason: str


@dataclass(frozen=True)
class Polarity:
    """What one theme wants less of (harms) and more of (goods), as lower-case word stems."""

    harms: frozenset[str]
    goods: frozenset[str]
    general_harms: frozenset[str] = frozenset()  # problems of any theme: reducing them helps, more says little


def _lang(language: str) -> str:
    return "en" if language == "en" else "nl"


@lru_cache(maxsize=8)
def _cue_patterns(language: str) -> list[tuple[re.Pattern[str], int, bool]]:
    return [
        (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), sign, strong) for pattern, sign, strong in _CUES[language]
    ]


def _stem(word: str) -> str:
    """A crude shared stem: plural and inflection endings off, so "subsidies" meets "subsidie"."""
    for ending in ("ingen", "ies", "en", "es", "s", "e"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def theme_polarity(theme: Theme, language: str) -> Polarity:
    """A theme's harms and goods from the framework's own words, then from the domain words it names."""
    language = _lang(language)
    harms: set[str] = {_stem(w) for harm in theme.harms for w in _words(harm)}
    goods: set[str] = {_stem(w) for keyword in theme.keywords for w in _words(keyword)}
    for criterion in theme.criteria:
        for clause in _clauses(criterion.text):
            sign, objects = _change_and_objects(clause, language)
            (harms if sign < 0 else goods).update(objects)
        for example in criterion.against:
            for clause in _clauses(example):
                example_sign, example_objects = _change_and_objects(clause, language)
                # The example works against the theme: down on a good, up on a harm.
                (goods if example_sign < 0 else harms).update(example_objects)
    own = set(_words(" ".join([theme.name, theme.description or "", *(c.text for c in theme.criteria)])))
    own_stems = {_stem(w) for w in own}
    for markers, domain_harms in _DOMAINS[language]:
        if any(any(w.startswith(m) or m in w for w in own) for m in markers):
            harms.update(_stem(h) for harm in domain_harms for h in harm.split())
    general_harms = {_stem(h) for h in _GENERIC_HARMS[language]}
    harms.update(general_harms)
    goods = {g for g in goods if len(g) >= 5} - {_stem(w) for w in _GENERAL[language]}
    goods -= harms
    goods -= {_stem(w) for w in _INSTRUMENTS[language]}
    # A theme's own stated aims are never harms, even where a domain list names the word.
    harms -= {s for s in own_stems if s in goods}
    return Polarity(
        frozenset(h for h in harms if len(h) >= 3), frozenset(g for g in goods if len(g) >= 4), frozenset(general_harms)
    )


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c and c.strip()]


def _change_and_objects(text: str, language: str) -> tuple[int, set[str]]:
    """The change one clause asks for (no cue: more of it) and the content words it applies to."""
    lowered = text.lower()
    found = sorted(
        (match.start(), cue_sign, match.group(0))
        for pattern, cue_sign, _strong in _cue_patterns(language)
        for match in pattern.finditer(lowered)
    )
    sign = found[0][1] if found else 1
    cue_words = {w for _, _, cue in found for w in _words(cue)}
    stop = stopwords(language)
    objects = {_stem(w) for w in _words(text) if w not in stop and w not in cue_words and len(w) > 3}
    return sign, objects


def _object_polarity(words: list[str], polarity: Polarity, language: str) -> tuple[int, str]:
    """+1 a good or an instrument, -1 a harm, 0 unknown; with the word that decided it."""
    # The first decisive word is the subject in the passive sentences policy is written in ("De
    # CO2-heffing wordt teruggedraaid"); a compound's head decides ("CO2-heffing" is a levy).
    found_good = ""
    for word in words:
        if _is_instrument(word, language):
            return 1, word
        stem = _stem(word)
        if any(_matches(stem, h) for h in polarity.harms):
            return -1, word
        if not found_good and any(_matches(stem, g) for g in polarity.goods):
            found_good = word
    return (1, found_good) if found_good else (0, "")


def _matches(stem: str, known: str) -> bool:
    # Whole word, or a compound ending in it (its head), or starting with a long enough modifier.
    return stem == known or stem.endswith(known) or (len(known) >= 5 and stem.startswith(known))


def _cues(text: str, language: str) -> list[tuple[int, int, bool, str]]:
    lowered = text.lower()
    found = [
        (match.start(), sign, strong, match.group(0))
        for pattern, sign, strong in _cue_patterns(language)
        for match in pattern.finditer(lowered)
    ]
    return sorted(found)


def _read(text: str, cue: tuple[int, int, bool, str], cue_words: set[str], polarity: Polarity, language: str):
    """-1 against, +1 for, 0 no evidence, for one cue and the words next to it; with a reason.

    What a cue changes is the nearest decisive word within a few words of it (the subject before a
    passive verb, the object after an active one), and a negation counts only just before the cue.
    """
    position, sign, strong, shown_cue = cue
    lowered = text.lower()
    before = _words(lowered[:position])
    after = _words(lowered[position + len(shown_cue) :])
    negated = any(w in _NEGATORS[language] for w in before[-NEGATION_WINDOW:]) and not _NEGATION_IN_CUE.search(lowered)
    if negated:
        sign = -sign
    if _PAST[language].search(" ".join(before[-PAST_WINDOW:])) and _PARTICIPLE[language].search(shown_cue):
        # "Daarom zijn de salarissen verhoogd": what already happened is context, not a measure.
        return 0, ""
    if strong and sign < 0 and _GROWTH[language].search(" ".join(before[-OBJECT_WINDOW:])):
        # "De groei van X wordt teruggedraaid" lowers X; it does not undo a measure.
        strong = False
    near = _nearest_first(
        [w for w in before[-OBJECT_WINDOW:] if w not in cue_words],
        [w for w in after[:OBJECT_WINDOW] if w not in cue_words],
    )
    object_sign, word = _object_polarity(near, polarity, language)
    shown = f"“{shown_cue}”" + (" (negated)" if negated else "")
    if object_sign == 0:
        # Undoing something in a passage about the theme undoes one of its measures; going ahead with
        # something unknown is a measure in the theme's area.
        if sign < 0:
            return (-1, f"undoes a measure: {shown}") if strong else (0, "")
        return 1, f"goes ahead: {shown}"
    kind = "a harm" if object_sign < 0 else "a measure" if _is_instrument(word, language) else "an aim"
    change = "reduces" if sign < 0 else "expands"
    if sign * object_sign < 0 and not strong and not _specific_harm(word, object_sign, polarity):
        # A plain "less" of an aim or "more" of a general problem is too weak a cue to call a reversal
        # ("mensen met een beperking", "de kosten stijgen"): only undoings and the theme's own harms are.
        return 0, ""
    return sign * object_sign, f"{change} {kind} of the theme: {shown} “{word}”"


def _specific_harm(word: str, object_sign: int, polarity: Polarity) -> bool:
    stem = _stem(word)
    return object_sign < 0 and not any(_matches(stem, h) for h in polarity.general_harms)


def _nearest_first(before: list[str], after: list[str]) -> list[str]:
    """Words ordered by distance from the cue, the word before first at equal distance."""
    ordered = []
    for distance in range(max(len(before), len(after))):
        if distance < len(before):
            ordered.append(before[-1 - distance])
        if distance < len(after):
            ordered.append(after[distance])
    return ordered


def _is_instrument(word: str, language: str) -> bool:
    return any(word.endswith(i) for i in _INSTRUMENTS[language])


def _sentence_signs(sentence: str, polarity: Polarity, language: str) -> list[tuple[int, str]]:
    """An undoing (strong cue) reads the whole sentence, whose subject it undoes; other cues their clause."""
    signs = []
    cues = _cues(sentence, language)
    strong = [c for c in cues if c[2]]
    if strong:
        cue_words = {w for c in cues for w in _words(c[3])}
        signs.append(_read(sentence, strong[0], cue_words, polarity, language))
    for clause in _clauses(sentence):
        weak = [c for c in _cues(clause, language) if not c[2]]
        if weak and not any(c[2] for c in _cues(clause, language)):
            cue_words = {w for c in weak for w in _words(c[3])}
            signs.append(_read(clause, weak[0], cue_words, polarity, language))
    return signs


def read_direction(text: str, polarity: Polarity, language: str, sentences: list[str] | None = None) -> Reading:
    """The direction of a passage for one theme, with a one-line reason.

    ``sentences`` are the ones that carry the theme (the rest of a long paragraph may be about
    something else). One reversal decides a short passage; in a longer one the reversals must be at
    least as many as the steps forward.
    """
    language = _lang(language)
    if _RENAME[language].search(text):
        return Reading("neutral", "renames an organisation; no measure")
    readings = [
        reading
        for sentence in (sentences if sentences else _SENTENCE.split(text))
        for reading in _sentence_signs(sentence, polarity, language)
        if reading[0]
    ]
    forward = [reason for sign, reason in readings if sign > 0]
    backward = [reason for sign, reason in readings if sign < 0]
    if backward and (len(readings) <= 2 or len(backward) >= len(forward)):
        return Reading("against", backward[0])
    if forward:
        return Reading("for", forward[0])
    if commitment_strength(text, language) >= 1:
        return Reading("for", "a commitment in the theme's direction")
    return Reading("neutral", "describes or names the topic; no measure")
