"""Direction: does a passage move a theme forward, work against it, or only talk about it?

Embeddings hardly tell "the CO2 levy goes up" from "the CO2 levy is scrapped" (their cosines to a
criterion differ by a few hundredths), so direction is read from the words, as two parts composed:

* the **change** a cue makes: up (introduce, raise, expand, continue, bring back) or down (lower,
  scrap, stop, reverse, "geen ... meer"), turned round by a negation just before it ("er komt geen
  ...", "niet gestuurd op krimp"); a perfect tense ("zijn de salarissen verhoogd") reports the past
  and is no measure;
* the **polarity of what changes** for this theme — the nearest decisive word within a few words of
  the cue: a harm (what the vulnerability grows from: emissions, fossil fuels, debts, a shortage), a
  measure (subsidy, obligation, norm, fund; a levy or tax only when it prices a harm), or an aim the
  theme's criteria ask more of. A relief (an exemption, a discount) decides nothing either way.

Down on a harm or up on a measure or aim is ``for``; down on a measure or aim or up on a harm is
``against``. A harm grows only when it is the change's object or subject (the content word next to
the cue, or the sentence's first), not a word deep in a modifier; with several changes in a clause,
the one nearest its object decides. Ending something the lexicons cannot place is ``neutral``, unless
the cue takes a rule out of the law; declining a step ("er komt geen ...") is ``neutral`` too; going
ahead with something unknown is a step forward. A weak "less" of an aim, or "more" of a general
problem, is too vague to call a reversal. A passage that renames an organisation, or commits to
nothing, is ``neutral``. In a short passage one reversal makes it ``against`` (charting a reversal as
progress is the worse error); in a longer one reversals must be at least as many as the steps forward
on something named (going ahead with an unnamed thing does not outweigh a named measure undone).

The words live in ``lexicons/<language>.yaml``; a framework adds its own: a theme's ``harms`` and a
criterion's ``against`` examples. Domain harms apply only to themes whose own text names the domain.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import metadata, resources
from typing import Literal, NamedTuple

import yaml

from ..framework import Theme
from .commitment import (
    commitment_strength,
    declines_to_act,
    figure_only,
    has_a_verb,
    names_a_figure,
    presumes_a_step,
    states_an_aim,
)
from .lexical import stopwords

Direction = Literal["for", "against", "neutral"]

# How far a cue reaches: its subject or object (content words), a negation and a tense before it (words).
OBJECT_WINDOW = 6
NEGATION_WINDOW = 4
LONG_NEGATION_WINDOW = 8  # "zonder ... te verhogen": the infinitive ends its clause
PAST_WINDOW = 12
PRICED_WINDOW = 3
SUBJECT_WORDS = 2  # content words that open a sentence: its subject
CUT_WINDOW = 2  # content words next to an undoing that may name the cut it undoes
_NOMINAL_ENDINGS = ("tie", "ing", "ion")  # a change said as a noun: "reductie", "verlaging", "reduction"
PAST = "reports what was already done; no new measure"
COMMITMENT = "a commitment in the theme's direction"
AIM = "an aim in the theme's direction; no act yet"
GOES_AHEAD = "goes ahead"
UNKNOWN_UNDOING = "ends something the theme's words do not name; no measure for or against it"
DECLINED = "declines a step; no measure either way"
REFORM = "replaces a measure with another; no reversal by itself"
SANCTION = "ends a measure as a sanction for failing its rules; no reversal"
HYPOTHETICAL = "a change under a condition; no commitment either way"
DESCRIBED = "describes a problem that grows or a measure that shrinks; nobody commits to it"
UNTIED = "undoes a general instrument"
ASKED = "asks a question; no measure"
LOWERS_AN_AIM = "less of something the theme wants, too loosely said to call a reversal; no step forward"
ASIDE = "a commitment or aim said in a sentence about another theme; no measure of this one"
UNTIED_ASIDE = "undoes a general instrument in a sentence about another theme; no reversal of this one"

_WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


class _Sign(NamedTuple):
    sign: int
    reason: str
    undone: str = ""  # the cut an undoing undid, when the reading rests on it ("de korting op de uitkering")


@dataclass(frozen=True)
class Cue:
    start: int
    sign: int
    strong: bool
    text: str
    lifts: bool = False  # allows again what was banned: more of it, and a restriction undone
    legal: bool = False  # removes a rule from the law ("uit de wet", "repeal"): what it undoes is a measure
    lowers: bool = False  # lowers an amount ("verlagen", "cut"): a lower price or funding is a reversal
    away: bool = False  # withdraws from what follows ("trekt zich terug uit", "withdraw from"): the subject leaves


@dataclass(frozen=True)
class Lexicon:
    cues: tuple[tuple[re.Pattern[str], int, bool, bool, bool, bool, bool], ...]
    any_cue: re.Pattern[str]  # one search finds the many sentences that hold no cue at all
    negators: frozenset[str]
    not_negations: re.Pattern[str]
    past: frozenset[str]
    present: frozenset[str]
    state_verbs: frozenset[str]  # being, having, being able, trends: a sentence on one describes
    figure_states: frozenset[str]  # being, having, past trends: a figure in a sentence on one describes
    subordinate: re.Pattern[str]  # a subordinate clause, from the word that opens it to the next comma
    necessity: frozenset[str]  # "nodig", "van belang": a state verb with one asks for the change
    first_person: frozenset[str]  # "we": the document speaking, in whatever word order
    participle: re.Pattern[str]
    growth: frozenset[str]
    growth_of: frozenset[str]  # what links a rise to what rises: "increase in", "verhoging van"
    rename: re.Pattern[str]
    replacement: re.Pattern[str]
    sanction: re.Pattern[str]
    conditions: frozenset[str]
    comparisons: frozenset[str]
    subjects: frozenset[str]
    funding: tuple[str, ...]
    instrument_adjectives: frozenset[str]
    clause: re.Pattern[str]
    general: frozenset[str]
    instruments: tuple[str, ...]
    pricing: tuple[str, ...]
    pricing_objects: frozenset[str]
    affordable: tuple[str, ...]  # stems of affordability: a theme that wants it is hurt by higher prices
    reliefs: tuple[str, ...]
    harm_sources: tuple[str, ...]
    negating_prefixes: tuple[str, ...]  # "niet-duurzame", "onduurzame", "unsustainable": the aim's opposite
    harm_reversing: frozenset[str]  # "negatieve emissies", "zero-emissie": the harm taken back or absent
    closed_phrases: re.Pattern[str] | None  # "eigen risico": two words read as the one compound they name
    parameters: tuple[str, ...]  # "punt" in "afbouwpunt": a cue that heads such a compound names a setting
    generic_harms: frozenset[str]
    domains: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]
    long_negators: frozenset[str]
    closing_negators: frozenset[str]
    cuts: frozenset[str]
    locatives: frozenset[str]
    occasions: frozenset[str]  # "bij" in "ondersteuning bij ziekte": when the change helps, not what changes
    comparison: re.Pattern[str]
    enablers: tuple[str, ...]
    spaced_compounds: bool
    coordinators: frozenset[str]  # "en", ",": a phrase after one without a verb is another object of a change
    determiners: frozenset[str]  # words a noun phrase opens with ("de", "onze", "meer")
    prepositions: frozenset[str]  # "voor" in "vrijstellingen voor bedrijven": what follows modifies a noun
    infinitive: frozenset[str]  # "te", "to": the word after it is a verb, no object
    infinitive_openers: frozenset[str]  # "door", "om": they open the phrase of an infinitive with "te"
    causes: frozenset[str]  # "doordat", "because": a clause of cause explains, it takes no step
    introduces: re.Pattern[str]  # "invoeren", "introduce": an act that puts something new in place
    purposes: re.Pattern[str]  # "zodat", "so that": a clause of purpose says what another step makes possible
    cap_links: frozenset[str]  # "on", "aan": a cap is set on what follows them ("a cap on increases")
    compared_with: re.Pattern[str]  # "dan ...", "than ...": what a criterion compares its aim with
    having: frozenset[str]  # "met": "wijken met meer armoede" describes the districts, changes nothing
    manner: frozenset[str]  # "versneld": a speed-up before another change is how that change is made
    relative_openers: frozenset[str]  # "waarvan", "which": a relative clause after a noun modifies that noun
    relative_clause: re.Pattern[str]  # one of those openers and its clause, up to a comma or the end
    hampering: tuple[str, ...]  # "schaad", "harm": a relative clause with one says its noun hurts an aim
    clause_words: frozenset[str]  # "en", "maar", "zodat": words that open a clause
    phrase_ends: frozenset[str]  # prepositions and clause openers: they end a noun phrase's head
    means: frozenset[str]
    purpose: re.Pattern[str] | None  # a purpose clause after an instrument; group 1 ends with its object
    shielded: re.Pattern[str]  # "zonder X", "beschermen tegen X": its last group is what is kept out


@cache
def lexicon(language: str) -> Lexicon:
    language = "en" if language == "en" else "nl"
    text = resources.files("inkaart.engine").joinpath("lexicons", f"{language}.yaml").read_text("utf-8")
    # libyaml reads the lexicon seven times faster than the pure-Python loader, where it is installed.
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    clause_words = "|".join(re.escape(w) for w in raw["clause_words"])
    particle_end = raw.get("particle_end", "")
    cues = tuple(
        (
            re.compile(rf"\b(?:{c['pattern'].replace('{particle_end}', particle_end)})\b", re.IGNORECASE),
            int(c["sign"]),
            bool(c["strong"]),
            bool(c.get("lifts")),
            bool(c.get("legal")),
            bool(c.get("lowers")),
            bool(c.get("away")),
        )
        for c in raw["cues"]
    )
    return Lexicon(
        cues=cues,
        any_cue=re.compile("|".join(cue[0].pattern for cue in cues), re.IGNORECASE),
        negators=frozenset(raw["negators"]),
        not_negations=re.compile("|".join(rf"\b{re.escape(p)}\b" for p in raw["not_negations"]), re.IGNORECASE),
        past=frozenset(raw["past_auxiliaries"]),
        present=frozenset(raw["present_auxiliaries"]),
        state_verbs=frozenset(raw["state_verbs"]),
        figure_states=frozenset(raw["figure_states"]),
        necessity=frozenset(raw["necessity"]),
        first_person=frozenset(raw["first_person"]),
        subordinate=re.compile(
            rf"(?:\b(?:{'|'.join(re.escape(w) for w in raw['subordinators'])})"
            rf"|,\s*(?:{'|'.join(re.escape(w) for w in raw['relatives'])}))\b[^,;:]*",
            re.IGNORECASE,
        ),
        participle=re.compile(raw["participle"], re.IGNORECASE),
        growth=frozenset(raw["growth"]),
        growth_of=frozenset(raw["growth_of"]),
        rename=re.compile(raw["rename"], re.IGNORECASE),
        replacement=re.compile(raw["replacement"], re.IGNORECASE),
        sanction=re.compile(raw["sanction"], re.IGNORECASE),
        conditions=frozenset(raw["conditions"]),
        comparisons=frozenset(raw["comparisons"]),
        subjects=frozenset(raw["subjects"]),
        funding=tuple(raw["funding"]),
        instrument_adjectives=frozenset(raw["instrument_adjectives"]),
        clause=re.compile(rf"[;:]|,\s|\s(?:{clause_words})\s", re.IGNORECASE),
        general=frozenset(raw["general"]),
        instruments=tuple(raw["instruments"]),
        pricing=tuple(raw["pricing"]),
        pricing_objects=frozenset(raw["pricing_objects"]),
        affordable=tuple(raw["affordable"]),
        reliefs=tuple(raw["reliefs"]),
        harm_sources=tuple(_stem(w) for w in raw["harm_sources"]),
        negating_prefixes=tuple(raw["negating_prefixes"]),
        harm_reversing=frozenset(raw["harm_reversing"]),
        closed_phrases=_phrases(raw.get("closed_phrases", [])),
        parameters=tuple(raw["parameters"]),
        generic_harms=frozenset(_stem(w) for w in raw["generic_harms"]),
        domains=tuple((tuple(d["markers"]), tuple(d["harms"]), tuple(d.get("measures", ()))) for d in raw["domains"]),
        long_negators=frozenset(raw["long_negators"]),
        closing_negators=frozenset(raw["closing_negators"]),
        cuts=frozenset(raw["cuts"]),
        locatives=frozenset(raw["locatives"]),
        occasions=frozenset(raw["occasions"]),
        comparison=re.compile(raw["comparison"], re.IGNORECASE),
        enablers=tuple(raw["enablers"]),
        spaced_compounds=bool(raw.get("spaced_compounds")),
        coordinators=frozenset(raw.get("coordinators", [])),
        determiners=frozenset(raw.get("determiners", [])),
        prepositions=frozenset(raw["prepositions"]),
        infinitive=frozenset(raw["infinitive"]),
        infinitive_openers=frozenset(raw["infinitive_openers"]),
        causes=frozenset(raw["causes"]),
        introduces=re.compile(raw["introduces"], re.IGNORECASE),
        cap_links=frozenset(raw["cap_links"]),
        compared_with=re.compile(rf"\b(?:{raw['compared_with']})\b([^.;:,]*)", re.IGNORECASE),
        purposes=re.compile(rf"\b(?:{'|'.join(map(re.escape, raw['purposes']))})\b", re.IGNORECASE),
        relative_openers=frozenset(raw["relative_openers"]),
        relative_clause=re.compile(
            rf"\b(?:{'|'.join(map(re.escape, sorted(raw['relative_openers'])))})\b[^.;:!?,]*", re.IGNORECASE
        ),
        hampering=tuple(raw["hampering"]),
        manner=frozenset(raw.get("manner", [])),
        having=frozenset(raw["having"]),
        clause_words=frozenset(raw["clause_words"]),
        phrase_ends=frozenset(raw["phrase_ends"]),
        means=frozenset(raw["means"]),
        purpose=re.compile(raw["purpose"], re.IGNORECASE | re.DOTALL) if raw.get("purpose") else None,
        shielded=re.compile(raw["shielded"], re.IGNORECASE),
    )


@dataclass(frozen=True)
class Reading:
    direction: Direction
    reason: str
    sentence: int = -1  # which of the sentences read decided it (-1: the passage as a whole)


@dataclass(frozen=True)
class Polarity:
    """What one theme wants less of (harms) and more of (goods), as lower-case word stems."""

    harms: frozenset[str]
    goods: frozenset[str]
    language: str
    specific_harms: frozenset[str] = frozenset()  # the theme's own, not the problems of any theme
    elsewhere: frozenset[str] = frozenset()  # harms of other domains: known not to be this theme's measures
    measures: frozenset[str] = frozenset()  # instruments of the domains the theme names ("toeslag")
    other_measures: frozenset[str] = frozenset()  # instruments of other domains: neither for nor against it
    markers: tuple[str, ...] = ()  # word beginnings of the domains the theme names ("klimaat", "zorg")

    @cached_property
    def fingerprint(self) -> str:
        """A short name for exactly these words: readings stored under it hold for this theme only."""
        sets = (self.harms, self.goods, self.specific_harms, self.elsewhere, self.measures, self.other_measures)
        text = "|".join([self.language, *(",".join(sorted(words)) for words in sets), ",".join(self.markers)])
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    @cached_property
    def foreign(self) -> frozenset[str]:
        """The harms and instruments of the domains the theme does not name."""
        return self.elsewhere | self.other_measures

    @cached_property
    def foreign_beginnings(self) -> tuple[str, ...]:
        """Those long enough to begin a compound ("fossiel" in "fossielvrij")."""
        return tuple(sorted(f for f in self.foreign if len(f) >= 4))


def _stem(word: str) -> str:
    """A crude shared stem: plural and inflection endings off, so "subsidies" meets "subsidie"."""
    for ending in ("ingen", "ies", "en", "es", "s", "e"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


# Modifiers written before their head's hyphen ("CO2-, stikstof- en PFAS-maatregelen") are no words of
# their own: what changes is the head that follows, the measures.
_ELIDED = re.compile(r"(?:\w+-(?:,\s*|\s+))+(?:en|of|and|or)\s+(?=\w+-?\w)", re.UNICODE)


def _phrases(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    spaced = (r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.compile(r"\b(?:" + "|".join(spaced) + r")\b", re.IGNORECASE)


def _headed_by(word: str, heads: tuple[str, ...]) -> bool:
    """``word``, or its stem, ends in one of ``heads``: a Dutch compound is what its last part is."""
    return word.endswith(heads) or _stem(word).endswith(heads)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=200_000)
def _names_any(stem: str, known: frozenset[str]) -> bool:
    """``stem`` names one of ``known``: the whole word, or a compound that ends in a known word of four
    letters or more. The head of a Dutch compound is its end, so "probleemschulden" are debts but a
    "schuldeiser" is a creditor and "schuldhulp" is help. (Cached: words recur across themes and passages.)
    """
    return stem in known or any(stem[start:] in known for start in range(1, len(stem) - 3))


def theme_polarity(theme: Theme, language: str) -> Polarity:
    """A theme's harms and goods: the framework's own words, then the domains its text names."""
    words = lexicon(language)
    harms: set[str] = set()
    goods: set[str] = set()  # keywords name a topic, not a direction: "fossiel" is a climate keyword
    for criterion in theme.criteria:
        # What a criterion asks more of is an aim; what it asks less of is left to the harm lists:
        # without a parser the object of "verminderen" cannot be told from its adverbs ("fors").
        for sign, objects in _clause_changes(criterion.text, words, language):
            if sign > 0:
                goods.update(objects)
        for example in criterion.against:
            # An example works against the direction: down on an aim, or up on a harm.
            for sign, objects in _clause_changes(example, words, language):
                (goods if sign < 0 else harms).update(objects)
    harms |= _harm_words(theme.harms, goods, words.phrase_ends)
    harms |= _harm_words(_kept_out(theme, language), goods, words.phrase_ends)
    own = _words(" ".join([theme.name, theme.description or "", *(c.text for c in theme.criteria)]))
    elsewhere: set[str] = set()
    measures: set[str] = set()
    other_measures: set[str] = set()
    own_markers: list[str] = []
    for markers, domain_harms, domain_measures in words.domains:
        stems = _harm_words(domain_harms, goods, words.phrase_ends)
        named = any(w.startswith(marker) for w in own for marker in markers)
        (harms if named else elsewhere).update(stems)
        (measures if named else other_measures).update(_stem(w) for w in domain_measures)
        own_markers += list(markers) if named else []
    specific = frozenset(h for h in harms if len(h) >= 3)
    goods = {g for g in goods if len(g) >= 5} - {_stem(w) for w in words.general} - specific - words.generic_harms
    # The words the theme is named after name its topic wherever they stand ("digitale aanvallen").
    goods -= _harm_modifiers([c.text for c in theme.criteria], specific, language) - {
        _stem(w) for w in _words(theme.name)
    }
    goods -= _compared_with([c.text for c in theme.criteria], words)
    goods -= {_stem(w) for w in (*words.instruments, *words.pricing)}
    return Polarity(
        specific | words.generic_harms,
        frozenset(goods),
        language,
        specific,
        frozenset(elsewhere - specific),
        frozenset(measures),
        frozenset(other_measures - measures),
        tuple(own_markers),
    )


def _harm_modifiers(texts: list[str], harms: frozenset[str], language: str) -> set[str]:
    """Stems of the words right before a harm in ``texts``: a modifier belongs to its head, so what
    "problematische schulden aanpakken" asks more of is not "problematisch" but less debt."""
    stop = stopwords(language)
    found = set()
    for text in texts:
        words = _words(text)
        for word, head in itertools.pairwise(words):
            if word not in stop and _names_any(_stem(head), harms):
                found.add(_stem(word))
    return found


def _compared_with(texts: list[str], words: Lexicon) -> set[str]:
    """Stems of what a criterion compares its aim with, after "dan"/"than" up to the clause's end: in
    "Welvaart wordt breder gemeten dan economische groei alleen" growth is the standard, not the aim."""
    found = set()
    for text in texts:
        for match in words.compared_with.finditer(text):
            found.update(_stem(w) for w in _words(match.group(1)))
    return found


def _kept_out(theme: Theme, language: str) -> list[str]:
    """What the theme's criteria keep out: the heads of the phrase after "zonder" or "beschermen tegen"
    ("algoritmen zonder discriminatie", "bestand tegen overstromingen, hitte en andere rampen"). A Dutch
    or English noun phrase ends in its head, so each coordinated item gives its last word; "tegen"
    alone is left out, because "geweld tegen vrouwen" names the victims, not a harm."""
    return [head for criterion in theme.criteria for head in _shielded_heads(criterion.text, language)]


@lru_cache(maxsize=65_536)
def _shielded_heads(text: str, language: str) -> tuple[str, ...]:
    """The heads of what ``text`` keeps out, coordinated items each, up to a preposition."""
    words = lexicon(language)
    heads: list[str] = []
    for match in words.shielded.finditer(text):
        for item in re.split(r"\s*,\s*|\s+(?:en|of|and|or)\s+", match.group(match.lastindex or 0)):
            item_words = _words(item)
            phrase = list(itertools.takewhile(lambda w: w not in words.phrase_ends, item_words))
            heads += phrase[-1:]
            if len(phrase) < len(item_words):
                break  # a preposition ended the phrase: what follows it is no harm
    return tuple(heads)


def _harm_words(phrases: Iterable[str], wanted: set[str], stops: frozenset[str]) -> set[str]:
    """Stems that name a harm: a one-word harm, and the words of a longer one that the theme does not
    ask more of, so that "energy poverty" makes poverty a harm of an energy theme, not energy. A
    preposition ends the harm ("afhankelijkheid van het buitenland" is dependence, not abroad)."""
    harms: set[str] = set()
    for phrase in phrases:
        words = list(itertools.takewhile(lambda w: w not in stops, _words(phrase)))
        stems = [_stem(w) for w in words]
        harms.update(stems if len(stems) == 1 else (s for s in stems if s not in wanted))
    return harms


def is_topic_word(word: str, language: str) -> bool:
    """A word that can name a topic: not a change cue ("voorkomen"), not too general ("samenleving")."""
    return len(word) >= 5 and names_a_topic(word, language)


def names_a_topic(word: str, language: str) -> bool:
    """Not a change cue and not a general word, whatever its length ("zorg", "werk" name topics)."""
    return word not in lexicon(language).general and not _cues(word, language)


def _clauses(text: str, words: Lexicon) -> list[str]:
    return [text[start:end] for start, end in _clause_spans(text, words) if text[start:end].strip()]


def _clause_spans(text: str, words: Lexicon) -> list[tuple[int, int]]:
    """Where the clauses of ``text`` begin and end. A phrase coordinated without a verb of its own stays
    in the clause before it, as another object of its change ("het verminderen van regels en
    administratieve lasten"); one with a verb is a clause of its own ("... en investeren in scholen").
    Only in a language whose verb forms the lemmatiser tells apart (``coordinators`` in its lexicon)."""
    spans: list[tuple[int, int]] = []
    start, joiner = 0, ""
    for boundary in [*words.clause.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        joined = spans and joiner in words.coordinators
        if joined and _another_object(text[slice(*spans[-1])], text[start:end], words):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        if boundary:
            start, joiner = boundary.end(), boundary.group(0).strip().lower() or ","
    return spans


@lru_cache(maxsize=65_536)
def _cues(text: str, language: str) -> tuple[Cue, ...]:
    lowered = text.lower()
    words = lexicon(language)
    if not words.any_cue.search(lowered):
        return ()
    found = [
        Cue(match.start(), sign, strong, match.group(0), lifts, legal, lowers, away)
        for pattern, sign, strong, lifts, legal, lowers, away in words.cues
        for match in pattern.finditer(lowered)
        if not _names_a_measure(lowered, match.start(), words) and not words.comparison.match(lowered, match.start())
    ]
    # A cue inside a longer one is part of it: the "meer" of "geen oneigenlijk voordeel meer".
    kept = [
        cue
        for cue in found
        if not any(
            other is not cue
            and other.start <= cue.start
            and cue.start + len(cue.text) <= other.start + len(other.text)
            and len(other.text) > len(cue.text)
            for other in found
        )
    ]
    return tuple(sorted(kept, key=lambda c: (c.start, -len(c.text))))


def _names_a_measure(lowered: str, start: int, words: Lexicon) -> bool:
    """The cue begins a compound whose head is an instrument or a setting: a "beëindigingsregeling" is a
    scheme and an "afbouwpunt" a threshold, no act of ending."""
    word = _WORD.match(lowered, start)
    whole = word.group(0) if word else ""
    return any(
        whole.endswith(head + plural) and len(whole) > len(head + plural) + 3
        for head in (*words.instruments, *words.parameters)
        for plural in ("", "s", "n", "en")
    )


def _clause_changes(text: str, words: Lexicon, language: str) -> list[tuple[int, set[str]]]:
    """Per clause of a criterion or example, the change it asks for and the content words it applies to.

    A clause without a cue shares the change of the clause before it, as coordinated words do
    ("kleinere verschillen tussen vaste | en flexibele contracten"), or else of the one after it ("de
    subsidies voor wind- | en zonne-energie stoppen"); with no cue at all, it asks for more.
    """
    stop = stopwords(language)
    clauses = []
    for clause in _clauses(text, words):
        found = _cues(clause, language)
        cue_words = {w for cue in found for w in _words(cue.text)}
        objects = {_stem(w) for w in _words(clause) if w not in stop and w not in cue_words and len(w) > 3}
        clauses.append((found[0].sign if found else 0, objects))
    changes = []
    for position, (sign, objects) in enumerate(clauses):
        if not sign:
            before = [s for s, _ in clauses[:position] if s]
            after = [s for s, _ in clauses[position + 1 :] if s]
            sign = before[-1] if before else after[0] if after else 1
        changes.append((sign, objects))
    return changes


def _object_polarity(
    left: list[str], right: list[str], polarity: Polarity, text: str, head_first: bool = False
) -> tuple[int, str, bool]:
    """+1 a measure or aim, -1 a harm, 0 nothing decisive or a relief; with the deciding word ("" when
    none decides) and whether it stands before the cue.

    ``left`` and ``right`` are the content words before and after the cue, in text order; the nearest
    decisive word wins, and a compound's head decides ("CO2-heffing" is a levy; it serves the theme
    because CO2 is a harm). A word right before a price names what is priced, so the price decides:
    "the carbon tax" is a levy, as "de CO2-heffing" is. ``head_first``: the words are a noun phrase
    whose first measure, harm or relief decides (an aim word there is mostly an adjective: "financiële
    prikkels voor fossiele brandstoffen"); without one, the nearest word decides.
    """
    if head_first:
        for position, word in enumerate(left):
            if _modifies(left, position, len(left), polarity.language):
                continue
            sign = _word_polarity(left, position, polarity, text)
            if sign is not None and (sign != 1 or _is_measure(word, polarity)):
                return sign, word, True
    sequence = [*left, *right]
    for position in _nearest_first(len(left), len(right)):
        if _modifies(sequence, position, len(left), polarity.language):
            continue
        sign = _word_polarity(sequence, position, polarity, text)
        if sign is not None:
            return sign, sequence[position], position < len(left)
    return 0, "", False


def _word_polarity(sequence: list[str], position: int, polarity: Polarity, text: str) -> int | None:
    """One word's say: +1, -1, 0 (decides nothing either way), or None (not a decisive word)."""
    kind = _word_kind(sequence[position], polarity)
    if kind is None:
        return None
    if kind == PRICE:
        if _prices_a_harm(sequence, position, polarity):
            return 1
        # A price on anything else is what people pay: for a theme that asks for affordability ("affordable
        # higher education", "betaalbare toegang") a higher one works against it, a lower one for it.
        return -1 if _wants_affordability(polarity) else 0
    if _SIGNS[kind] == 1 and _funds_a_harm(sequence[position], text, polarity):
        return -1
    if _SIGNS[kind] == -1 and _taken_back(sequence, position, polarity.language):
        return 1  # "negatieve emissies", "zero-emissie vrachtvervoer": the harm taken back or absent
    if _SIGNS[kind] == -1 and sequence[position] in _shielded_heads(text, polarity.language):
        return 1  # "een samenleving zonder armoede", "protected against floods": the harm kept out
    if kind == MEASURE and _serves_elsewhere(sequence, position, polarity):
        return 0
    if kind == MEASURE and _enables_a_harm(sequence[position], polarity):
        return -1
    return _SIGNS[kind]


def _taken_back(sequence: list[str], position: int, language: str) -> bool:
    """A harm word after, or hyphenated to, a word that takes it back: "negative emissions", "zero-emission
    vehicles", "net zero emissions"."""
    reversing = lexicon(language).harm_reversing
    word = sequence[position]
    return (position > 0 and sequence[position - 1] in reversing) or any(word.startswith(f"{r}-") for r in reversing)


def _enables_a_harm(word: str, polarity: Polarity) -> bool:
    """An obligation, a permit or funding named after a harm feeds it: a "gasaansluitplicht" makes gas
    connections, a "kolensubsidie" pays for coal (a norm, ban or levy named after a harm limits it)."""
    words = lexicon(polarity.language)
    for head in words.enablers:
        for form in (word, _stem(word)):
            if form.endswith(head) and len(form) > len(head) + 2:
                modifier = form[: -len(head)].strip("-")
                return any(modifier.startswith(h) for h in polarity.specific_harms if len(h) >= 3)
    return False


def _theme_instrument(word: str, lowered: str, polarity: Polarity) -> bool:
    """``word`` is one of the theme's instruments, or an aim or price of it, or a general instrument
    whose compound modifier or complement (the words after it in ``lowered``) names the theme's aim,
    harm, domain or domain instrument ("de subsidies voor elektrische auto's", "de uitstootnorm", "de
    Klimaatwet"); another
    general instrument there ("de kostendelersnorm in de Participatiewet") says no more."""
    words = lexicon(polarity.language)
    kind = _word_kind(word, polarity)
    if kind != MEASURE or _names_any(_stem(word), polarity.measures):
        return True
    head = next((i for i in words.instruments if _headed_by(word, (i,))), "")
    modifier = word[: len(word) - len(head)].strip("-") if head and len(word) > len(head) + 3 else ""
    rest, complement = _complement(word, lowered, words.relative_openers, polarity.language)
    stop = stopwords(polarity.language)
    # "de verplichting om vanaf 2026, bij het vervangen van de ketel, een warmtepomp te installeren": the
    # purpose clause runs past its commas, and what the instrument is for stands right before its verb.
    purpose = words.purpose.match(rest) if words.purpose else None
    if purpose:
        complement += [w for w in _words(purpose.group(1)) if w not in stop][-PRICED_WINDOW:]
    return any(
        _word_kind(w, polarity) in (HARM, AIM_WORD)
        or _names_any(_stem(w), polarity.measures)
        or _harm_source(_stem(w), polarity, words)
        or w.startswith(polarity.markers)
        # "het VN-Klimaatakkoord": each part of a hyphenated modifier may name the theme.
        for w in [part for part in modifier.split("-") if part] + complement
    )


def _serves_elsewhere(sequence: list[str], position: int, polarity: Polarity) -> bool:
    """A general instrument whose name or complement belongs to another domain is that domain's: "de
    doelstelling aardgasvrij" is a climate target, neither for nor against a digital theme."""
    word = sequence[position]
    if _names_any(_stem(word), polarity.measures):
        return False
    near = [word, *sequence[position + 1 : position + 1 + PRICED_WINDOW]]
    return any(_names_any(_stem(w), polarity.foreign) or w.startswith(polarity.foreign_beginnings) for w in near)


def _funds_a_harm(word: str, text: str, polarity: Polarity) -> bool:
    """Funding whose object is one of the theme's harms ("het subsidiëren van fossiele bedrijven",
    "subsidies die de ongelijkheid vergroten") feeds that harm. The object is read in the lower-case
    ``text`` after the word, up to the end of its clause or the next change."""
    words = lexicon(polarity.language)
    if not _headed_by(word, words.funding):
        return False
    _, following = _complement(word, text, words.having, polarity.language)
    for position, word_after in enumerate(following):
        if _cues(word_after, polarity.language):
            return False
        if _specific(word_after, polarity):
            # "funding smoking cessation services" funds the harm's lowering, said right after it
            lowered_next = following[position + 1 : position + 2]
            return not any(c.sign < 0 for w in lowered_next for c in _cues(w, polarity.language))
    return False


def _complement(word: str, text: str, enders: frozenset[str], language: str) -> tuple[str, list[str]]:
    """The lower-case ``text`` after ``word``, and the content words of what follows ``word`` in its
    clause, up to the first of ``enders`` after its first noun, at most ``PRICED_WINDOW``."""
    rest, clause = _after(word, text, language)
    stop = stopwords(language)
    return rest, [w for w in _words(_up_to(enders, clause, language)) if w not in stop][:PRICED_WINDOW]


def _after(word: str, text: str, language: str) -> tuple[str, str]:
    """The lower-case ``text`` after ``word``, and the part of it in ``word``'s own clause ("" twice when
    ``word`` is not in it)."""
    found = re.search(rf"\b{re.escape(word)}\b", text)
    rest = text[found.end() :] if found else ""
    return rest, lexicon(language).clause.split(rest, maxsplit=1)[0]


def _up_to(enders: frozenset[str], phrase: str, language: str) -> str:
    """``phrase`` up to the first of ``enders`` after its first noun: "financiering voor kinderen met
    risico op leerachterstanden" funds children, whatever risk they run; "het subsidiëren van organisaties
    die ..." funds organisations, whatever they do."""
    stop = stopwords(language)
    seen_noun = False
    for match in _WORD.finditer(phrase):
        word = match.group().lower()
        if seen_noun and word in enders:
            return phrase[: match.start()]
        seen_noun = seen_noun or word not in stop
    return phrase


# What a word is for a theme: a relief decides nothing; a price serves the theme when what it prices is
# a harm; an instrument of another domain, or another domain's harm, is neither for nor against it.
RELIEF, PRICE, MEASURE, OTHER_MEASURE, HARM, AIM_WORD, ELSEWHERE = (
    "relief",
    "price",
    "measure",
    "other measure",
    "harm",
    "aim",
    "elsewhere",
)
_SIGNS = {RELIEF: 0, MEASURE: 1, OTHER_MEASURE: 0, HARM: -1, AIM_WORD: 1, ELSEWHERE: 0}


@lru_cache(maxsize=200_000)
def _word_kind(word: str, polarity: Polarity) -> str | None:
    """What a word is for a theme, whatever stands around it (cached: words recur across passages)."""
    words = lexicon(polarity.language)
    stem = _stem(word)
    if _headed_by(word, words.reliefs):
        return RELIEF
    if _headed_by(word, words.pricing):
        return PRICE
    if _names_any(stem, polarity.measures):
        return MEASURE
    if _names_any(stem, polarity.other_measures):
        return OTHER_MEASURE  # ending a benefit does not reverse an economic measure
    if _headed_by(word, words.instruments):
        return MEASURE
    if _names_any(stem, polarity.harms) or _harm_source(stem, polarity, words):
        return HARM
    if _negates_an_aim(stem, polarity, words):
        return HARM
    if any(_names_aim(stem, g, polarity.language) for g in polarity.goods):
        return AIM_WORD
    if _names_any(stem, polarity.elsewhere):
        return ELSEWHERE  # "fossiele brandstoffen" for a social theme
    return None


def _negates_an_aim(stem: str, polarity: Polarity, words: Lexicon) -> bool:
    """An aim with a prefix that turns it into its opposite: "niet-duurzame landbouw", "onduurzame
    producten", "non-renewable energy" are what the theme wants less of (Dutch compounds end with their
    head, so without this "onduurzame" would read as the aim "duurzaam"). The rest must be the aim itself:
    "onderwijskwaliteit" is no negated "kwaliteit"."""
    return any(stem.startswith(prefix) and stem[len(prefix) :] in polarity.goods for prefix in words.negating_prefixes)


def _harm_source(stem: str, polarity: Polarity, words: Lexicon) -> bool:
    """A compound whose head makes it the source of a harm named by its modifier ("kolencentrale")."""
    for source in words.harm_sources:
        if stem.endswith(source) and len(stem) > len(source) + 2:
            modifier = stem[: -len(source)].strip("-")
            if _names_any(_stem(modifier), polarity.specific_harms):
                return True
    return False


def _object_window(
    before: list[str], after: list[str], cue_words: set[str], stop, words: Lexicon
) -> tuple[list[str], list[str]]:
    """The content words a cue reaches on either side: "Gas extraction in the North Sea will be expanded".

    A change that is the means of another ("we cut child poverty by extending free school meals", "door
    verhoging van de kinderbijslag") serves what stands before it; its object follows it.
    """
    # A change said as a noun names its object after "van" ("de uitbreiding van contracten", "afbouw van
    # de uitstoot"): what stands before it is not what changes.
    said_as_noun = any(w.endswith(_NOMINAL_ENDINGS) or w in words.cuts for w in cue_words)
    nominal = bool(after) and after[0] in words.growth_of and said_as_noun
    reaches_left = not (before and before[-1] in words.means) and not nominal
    left = [w for w in before if w not in cue_words and w not in stop][-OBJECT_WINDOW:] if reaches_left else []
    right = [w for w in after if w not in cue_words and w not in stop][:OBJECT_WINDOW]
    return left, right


def _circumstance_end(before: list[str], after: list[str], words: Lexicon) -> int:
    """Where the words that may be a change's object begin. A main clause opened by a prepositional
    phrase or a subordinate clause puts its verb before its subject ("In het kader van het lerarentekort
    stimuleren we de uitbreiding van contracten"): what stands before the verb and "we" is a
    circumstance, not what changes. An object may open the clause too ("Uitbuiting van werknemers gaan
    we tegen"), so only a clause that opens with a preposition or a clause word is cut."""
    if not before or before[0] not in words.phrase_ends:
        return 0
    if after and after[0] in words.first_person:
        return len(before)
    subject = next((i for i in range(1, len(before)) if before[i] in words.first_person), None)
    if subject is not None:
        return subject + 1
    # Or a passive: "In overleg met sociale partners wordt de beëindiging van ... uitgewerkt".
    verb = next((i for i in range(1, len(before)) if before[i] in words.present), None)
    return 0 if verb is None else verb + 1


def _nearness(text: str, cue: Cue, cue_words: set[str], polarity: Polarity) -> int:
    """How many words stand between ``cue`` and its decisive word (more than any when none decides)."""
    lowered = text.lower()
    before, _, after = _sides(lowered, cue, cue_words, polarity.language)
    left, right = _object_window(before, after, cue_words, stopwords(polarity.language), lexicon(polarity.language))
    _, word, is_left = _object_polarity(left, right, polarity, lowered)
    if not word:
        return len(before) + len(after) + 1
    if is_left:
        return len(before) - max(i for i, w in enumerate(before) if w == word)
    return after.index(word) + 1


def _names_aim(stem: str, aim: str, language: str) -> bool:
    # Aims come from criteria prose, so they match only as whole words, or as the head of a Dutch
    # compound ("hernieuwbare energie" in "zonne-energie"); "extraction" does not end in the aim "action".
    return stem == aim or (language == "nl" and len(aim) >= 6 and stem.endswith(aim))


def _wants_affordability(polarity: Polarity) -> bool:
    return any(good.startswith(lexicon(polarity.language).affordable) for good in polarity.goods)


def _prices_a_harm(sequence: list[str], position: int, polarity: Polarity) -> bool:
    """A levy or tax on a harm: its compound modifier ("CO2-heffing"), the word before it ("carbon
    levy") or what follows "op"/"on" ("accijnzen op tabak")."""
    words = lexicon(polarity.language)
    word = sequence[position]
    modifier = next((word[: -len(p)] for p in words.pricing if word.endswith(p)), "").strip("-")
    candidates = [modifier] if modifier else []
    if position > 0:
        candidates.append(sequence[position - 1])
    following = sequence[position + 1 :]
    if following and following[0] in words.pricing_objects:
        candidates += following[1 : 1 + PRICED_WINDOW]
    return any(_names_any(_stem(c), polarity.harms) for c in candidates if c)


def _nearest_first(before: int, after: int) -> list[int]:
    """Positions in ``before + after`` by distance from the cue between them, the word before first."""
    ordered = []
    for distance in range(max(before, after)):
        if distance < before:
            ordered.append(before - 1 - distance)
        if distance < after:
            ordered.append(before + distance)
    return ordered


def _reports_the_past(before: list[str], words: Lexicon) -> bool:
    """The auxiliary nearest before a participle is a perfect or past one ("zijn ... verhoogd")."""
    for word in reversed(before):
        if word in words.present:
            return False
        if word in words.past:
            return True
    return False


def _under_a_condition(before: str, after: str, words: Lexicon) -> bool:
    """The cue stands in a clause that opens with a condition ("als we het eigen risico afschaffen, ...");
    "als het aan ons ligt, schaffen we ... af" puts the change in the main clause after it. A condition
    later in the clause holds the cue when the cue ends the clause, as a Dutch subordinate clause ends in
    its verb ("..., en voor afschalen als de situatie dat weer toelaat"); "als eerste schaffen we ... af"
    and "zo snel als mogelijk" keep their change."""
    clause = _words(re.split(r"[,;:()]", before)[-1])
    if clause[:1] and clause[0] in words.conditions:
        return True
    if _words(re.split(r"[,;:().!?]", after, maxsplit=1)[0]):
        return False
    # A condition opens with its subject ("als de situatie", "als we") and has more before its verb;
    # "zo snel als mogelijk" compares and "als verdienmodel" names a role.
    return any(
        word in words.conditions
        and clause[position - 1] not in words.comparisons
        and clause[position + 1] in words.subjects
        and len(clause) - position > 2
        for position, word in enumerate(clause[1:-1], start=1)
    )


def _modifies(sequence: list[str], position: int, cue_at: int, language: str) -> bool:
    """A modifier, not the head: a word before a price, an instrument adjective before its noun (the
    word after it on the same side of the cue at ``cue_at``)."""
    words = lexicon(language)
    following = position + 1
    if following == cue_at or following >= len(sequence):
        return False
    return sequence[following].endswith(words.pricing) or sequence[position] in words.instrument_adjectives


def _is_measure(word: str, polarity: Polarity) -> bool:
    """An instrument or a price (by its compound head), or an instrument of the theme's domain."""
    return _word_kind(word, polarity) in (MEASURE, PRICE)


def _spaced_head(phrase: list[str], polarity: Polarity, text: str) -> tuple[int, str] | None:
    """The say of the head of the noun phrase after a change, in a language that writes compounds apart.

    English puts the head last ("emission standards", "North Sea oil and gas licensing"), so the head
    decides, not the nearest modifier; a permit, mandate or subsidy whose modifiers name a harm feeds it
    ("fossil fuel subsidies"), and so does one whose complement in ``text`` does ("subsidies for fossil
    fuels"). ``phrase`` is from :func:`_spaced_phrase`. None when it is empty (a language that joins its
    compounds), or the head decides nothing.
    """
    words = lexicon(polarity.language)
    if not phrase:
        return None
    head, modifiers = phrase[-1], phrase[:-1]
    if head in words.parameters:
        return 0, head  # "raise the smoking age" changes a setting, not smoking
    if head.endswith(words.enablers) and any(_names_any(_stem(m), polarity.specific_harms) for m in modifiers):
        return -1, head
    # The head's own complement follows it in the text ("the windfall tax on oil and gas companies"):
    # what a levy prices is read there.
    following = _words(_after(head, text, polarity.language)[1])
    sign = _word_polarity([*phrase, *following], len(phrase) - 1, polarity, text)
    if sign is not None:
        return sign, head
    if head in words.cuts:
        # A cut applies to its complement when its modifiers name nothing: "the two-child limit on benefits".
        sequence = [*phrase, *following]
        for position in range(len(phrase), len(sequence)):
            sign = _word_polarity(sequence, position, polarity, text)
            if sign is not None:
                return sign, sequence[position]
    return None


def _spaced_phrase(after: list[str], cue_words: set[str], stop, words: Lexicon) -> list[str]:
    """The content words of the noun phrase after a change, head last, in a language that writes its
    compounds apart ("the two-child benefit cap"); empty in one that joins them."""
    phrase: list[str] = []
    if not words.spaced_compounds:
        return phrase
    for word in after:
        if phrase and word in words.phrase_ends:
            break
        if word not in stop and word not in cue_words:
            phrase.append(word)
    return phrase


def _object_phrase(after: list[str], cue_words: set[str], stop, words: Lexicon) -> list[str]:
    """The words after a cue up to its means, or to a place named after its object: in "we stoppen met de
    verplichte tegenprestatie in de bijstand" the benefit is where the duty applies, not what is stopped,
    and in "wordt afgebouwd door een verbod" the ban is how. A place right after the cue is its object
    ("investeren in scholen"); an occasion never is ("ondersteuning bij ziekte")."""
    named = False
    for position, word in enumerate(after):
        if word in words.means or word in words.occasions or (named and word in words.locatives):
            return after[:position]
        named = named or (word not in stop and word not in cue_words)
    return after


def _by_other_means(after: list[str], stop, words: Lexicon) -> bool:
    """The change is made by funding named after it ("door directe financiering"); a law or a ban is how
    a measure ends, not what takes its place."""
    for position, word in enumerate(after):
        if word in words.means:
            following = [w for w in after[position + 1 :] if w not in stop][:PRICED_WINDOW]
            return any(_headed_by(w, words.funding) for w in following)
    return False


def _undone_cut(before: list[str], after: list[str], stop, language: str) -> str:
    """The cut an undoing applies to, when one stands next to it ("de bezuinigingen", "de afbouw van") or
    opens the subject of an undoing said last ("The 2035 ban on new petrol cars will be scrapped")."""
    words = lexicon(language)
    content = [w for w in before if w not in stop]
    following = [w for w in after if w not in stop]
    near = following[:CUT_WINDOW] + content[-CUT_WINDOW:] + (content[:SUBJECT_WORDS] if not following else [])
    if words.spaced_compounds:
        # Written apart, a compound's head is the phrase's last word: "scrap the two-child limit on benefits".
        phrase = [w for w in itertools.takewhile(lambda w: w not in words.phrase_ends, after) if w not in stop]
        near = phrase[-1:] + near
    for word in near:
        if word in words.cuts or any(c.sign < 0 for c in _cues(word, language)):
            return word
    return ""


def _sides(lowered: str, cue: Cue, cue_words: set[str], language: str) -> tuple[list[str], list[str], list[str]]:
    """The words before a cue; after it in its own clause; and of those, the ones its object reaches.

    What a change applies to follows it within its own clause: in "X wordt geschrapt, krijgen de
    gemeenten een uitkering" the benefit is not what is scrapped (its subject may stand further back),
    and what a separable cue encloses is its object.
    """
    words = lexicon(language)
    before = _words(lowered[: cue.start])
    rest = lowered[cue.start + len(cue.text) :]
    after = _words(cue.text)[1:-1] + _words(rest[: _clause_spans(rest, words)[0][1]])
    before = before[_circumstance_end(before, after, words) :]
    return before, after, _object_phrase(after, cue_words, stopwords(language), words)


def _another_object(clause: str, piece: str, words: Lexicon) -> bool:
    """``piece``, coordinated after ``clause``, is a noun phrase of that clause: it has no verb nor clause
    word ("maar minder vliegverkeer" after a comma contrasts), opens with a determiner or with a word
    that cannot be a plural verb ("administratieve lasten"; "stoppen de bureaucratie" has its own verb,
    whatever the lemmatiser makes of "stoppen"), and the clause does not end on its verb ("de accijnzen
    te verhogen en de openbare ruimte ... rookvrij te maken")."""
    following = _words(piece)
    if not following or following[0] in words.clause_words or has_a_verb(piece):
        return False
    if following[0] not in words.determiners and following[0].endswith("en"):
        return False
    last = _words(clause)[-2:]
    return bool(last) and not (last[-1].endswith("en") and last[:1] == ["te"]) and not has_a_verb(last[-1])


def _replaced(lowered: str, cue: Cue, words: Lexicon) -> bool:
    """An undoing that makes way for something else: another item of the sentence introduces a new act
    ("het invoeren van dat basisbedrag, het afschaffen van de zorgtoeslag"), or the undoing stands in a
    clause of purpose after a step of its own ("de premie wordt verlaagd, zodat we de toeslag kunnen
    afschaffen"). An introduction inside the undone phrase is what is undone ("de invoering van de
    vliegtaks wordt geschrapt"), so the two must stand in different items."""
    for introduced in words.introduces.finditer(lowered):
        first, last = sorted((introduced.start(), cue.start))
        if re.search(r"[,;]|\s(?:en|and)\s", lowered[first:last]):
            return True
    purposes = list(words.purposes.finditer(lowered[: cue.start]))
    return bool(purposes) and has_a_verb(lowered[: purposes[-1].start()])


def _noun_host(word: str, language: str) -> bool:
    """``word`` may be the noun a phrase hangs on: a content word that is neither the document's voice nor
    a change."""
    return word not in stopwords(language) and word not in lexicon(language).first_person and not _cues(word, language)


def _read(text: str, cue: Cue, cue_words: set[str], polarity: Polarity) -> _Sign:
    """-1 against, +1 for, 0 no evidence, for one cue and the words next to it; with a reason."""
    words = lexicon(polarity.language)
    lowered = text.lower()
    before, whole, after = _sides(lowered, cue, cue_words, polarity.language)
    sign, strong = cue.sign, cue.strong
    negated = any(w in words.negators for w in before[-NEGATION_WINDOW:]) and not words.not_negations.search(
        " ".join(before[-NEGATION_WINDOW:] + _words(cue.text)[:1])
    )
    negated = negated or any(w in words.long_negators for w in before[-LONG_NEGATION_WINDOW:])
    negated = negated or bool(after and after[-1] in words.closing_negators)
    # "er komen geen nieuwe kolencentrales": a negation right after the cue turns it round too.
    negated = negated or bool(after[:1] and after[0] in words.negators)
    if cue.text.startswith(("geen", "niet", "no ")):
        negated = False  # the negation is part of the cue ("geen ... meer", "niet langer")
    if negated:
        sign = -sign
    if words.participle.search(cue.text) and _reports_the_past(before[-PAST_WINDOW:], words):
        return _Sign(0, PAST)
    if _under_a_condition(lowered[: cue.start], lowered[cue.start + len(cue.text) :], words):
        return _Sign(0, HYPOTHETICAL)
    if strong and sign < 0:
        # Ending a measure to put another in its place, or to sanction those who fail its rules, keeps
        # the direction: "de toeslagen vervangen door ...", "bij aanhoudend falen stopt de bekostiging".
        # A rule taken out of the law is undone for certain, whatever is promised in its place.
        if (words.replacement.search(text) or _replaced(lowered, cue, words)) and not cue.legal:
            return _Sign(0, REFORM)
        if words.sanction.search(text):
            return _Sign(0, SANCTION)
    stop = stopwords(polarity.language)
    cut = _undone_cut(before, after, stop, polarity.language) if strong and sign < 0 else ""
    phrase = _spaced_phrase(whole, cue_words, stop, words)
    if strong and sign < 0 and not cut and phrase and phrase[-1] in words.cuts:
        cut = phrase[-1]  # "we will abolish the two-child benefit cap": the cap is the phrase's head
    lowers = cue.lowers
    if cut:
        # Undoing a cut goes forward: "we draaien de bezuinigingen op de zorg terug", "de korting op de
        # uitkering schaffen we af". What is read is the change to what the cut applied to.
        sign, cue_words = 1, cue_words | {cut}
    elif sign > 0 and not strong:
        # Extending or keeping a cut goes on lowering what it applies to: "we verlengen de verlaging van
        # de brandstofaccijns" lowers the duty.
        kept = _undone_cut(before, after, stop, polarity.language)
        if kept in words.cuts:
            sign, lowers, cue_words = -1, True, cue_words | {kept}
    hindrance = _hindrance(lowered, cue, polarity) if sign < 0 else ""
    if hindrance:
        # "We schrappen subsidies die de natuur schaden": ending what hurts an aim moves towards it.
        return _Sign(1, f"ends what hampers the theme: “{cue.text}” “{hindrance}”", cut)
    left, right = _object_window(before, after, cue_words, stop, words)
    # What an undoing undoes is its subject (the sentence's first words) or its object next to it:
    # "De groei van het aantal ambtenaren ... wordt teruggedraaid", "stoppen met de wildgroei aan ...".
    subject = [w for w in before if w not in stop][:SUBJECT_WORDS]
    nearby = [w for w in after if w not in stop][:2]
    undoes_growth = (
        strong and sign < 0 and any(_is_growth(w, words) for w in subject + before[-OBJECT_WINDOW:] + nearby)
    )
    # A change that ends its clause applies to the noun phrase before it in that clause, whose head
    # comes first and whose modifiers follow: "het recht op een vrijstelling van de leerplicht ... komt te
    # vervallen"; "om financiële prikkels voor fossiele brandstoffen af te bouwen".
    clause = _words(words.clause.split(lowered[: cue.start])[-1])
    if before and before[-1] in words.infinitive:
        # An infinitive's object stands between the word that opens its phrase and "te": "Marktwerking
        # herstellen door onnodige overheidsinmenging te beëindigen" ends the interference.
        opened = [at for at, w in enumerate(clause) if w in words.infinitive_openers]
        clause = clause[opened[-1] + 1 :] if opened else clause
    own = [w for w in clause[max(0, len(clause) - len(before)) :] if w not in cue_words and w not in stop]
    head_first = not right and bool(own)
    if head_first:
        left = own[:OBJECT_WINDOW]
    elif right and left:
        # With its object after it, a change does not reach into the clause before: in "we verplichten
        # ..., schaffen taakstraffen af" the duty is not what is abolished. One said as a noun ("afbouw
        # van de uitstoot") or as a means does not reach back at all.
        left = own[-OBJECT_WINDOW:]
    if cue.away and right:
        # Who withdraws is not what is undone: "Pensioenfondsen trekken zich terug uit de fossiele industrie".
        left, subject = [], []
    modifier = _compound_modifier(lowered, cue)
    if modifier and _word_kind(modifier, polarity) is not None:
        # A change that heads a compound changes what its modifier names: "55% CO2-reductie" lowers CO2,
        # whatever law the sentence names before it.
        left, right, head_first = [modifier], [], False
    rest = lowered[cue.start + len(cue.text) :]
    risen = _risen(before, rest, polarity.language) if undoes_growth else []
    if risen:
        # Undoing a planned rise lowers what was to rise: "we will scrap the planned increase in fuel
        # duty", "de verhoging van de accijns wordt geschrapt" lower the duty, as a cut of it would.
        sign, strong, lowers, left, right, head_first = -1, False, True, [], risen, False
    object_sign, word, _ = _object_polarity(left, right, polarity, lowered, head_first)
    spaced = None if risen else _spaced_head(phrase, polarity, lowered)
    if spaced is not None:
        object_sign, word = spaced
    # The head of the phrase after the change is its object; otherwise the word next to it or the subject.
    is_object = spaced is not None or _object_of(word, left, right, subject, words.general)
    # An undone cut said last applies to its whole subject: the petrol cars of "the ban on new petrol cars".
    is_object = is_object or bool(cut and head_first and word in own)
    # A cut that heads a phrase written apart applies to its modifiers: "the energy price cap" caps prices.
    is_object = is_object or bool(cut and phrase and phrase[-1] == cut and word in phrase[:-1])
    shown = f"“{cue.text}”" + (" (negated)" if negated else "") + (f" (a “{cut}” undone)" if cut else "")
    if cut and object_sign == 0:
        return _Sign(0, UNKNOWN_UNDOING)
    if object_sign == 0:
        if word or undoes_growth:
            # a relief, a price of something unknown, another domain's instrument, or "de groei van X wordt
            # teruggedraaid" (lowers X, undoes no measure): nothing to read; ending one of the first three
            # is no act for the theme either
            return _Sign(0, UNKNOWN_UNDOING if strong and sign < 0 and not undoes_growth else "")
        if cue.lifts and not negated:
            return _Sign(-1, f"lifts a restriction: {shown}", cut)
        if sign < 0:
            # An undoing of something the lexicons do not know is read as undoing a measure only when
            # the cue itself says so: in manifestos most undoings of unknown things stop a harm
            # ("etnisch profileren stopt", "nulurencontracten worden afgeschaft") or a sanction.
            if strong:
                return _Sign(-1, f"undoes a measure: {shown}", cut) if cue.legal else _Sign(0, UNKNOWN_UNDOING)
            return _Sign(0, "")
        return _Sign(1, f"{GOES_AHEAD}: {shown}", cut)
    word_kind = _word_kind(word, polarity)
    is_price = word_kind == PRICE
    if object_sign < 0:
        kind = "a price people pay" if is_price else "a harm"
    elif word_kind == HARM:
        kind = "the absence of a harm"  # a harm taken back or kept out: "negatieve emissies", "zonder armoede"
    else:
        kind = "a measure" if _is_measure(word, polarity) else "an aim"
    # Funding or a mandate that feeds one of the theme's own harms is as specific as the harm itself.
    feeds = object_sign < 0 and (_funds_a_harm(word, lowered, polarity) or _enables_a_harm(word, polarity))
    # A higher price that the theme's people pay, as the change's own object, is as specific as a harm.
    priced = is_price and is_object
    weak = (
        sign * object_sign < 0
        and not strong
        and (object_sign > 0 or not (_specific(word, polarity) or feeds or priced))
    )
    lowers_money = (
        lowers
        and sign < 0 < object_sign
        and (_lowered_money(word, cue, left, right, subject, polarity) or (bool(phrase) and word == phrase[-1]))
    )
    if weak and not lowers_money:
        # A plain "less" of an aim or "more" of a general problem ("mensen met een beperking",
        # "de kosten stijgen") is too weak to call a reversal: only undoings, the theme's own harms and
        # a lower price or funding that is the change's object ("we verlagen de CO2-heffing") are.
        # Not taking a step ("er komt geen CO2-heffing") is no reversal either, and no commitment; nor is
        # less of what the theme wants ("we bezuinigen op het openbaar vervoer") a step forward.
        if negated:
            return _Sign(0, DECLINED)
        lowered_aim = sign < 0 < object_sign and kind == "an aim"
        return _Sign(0, LOWERS_AN_AIM if lowered_aim and _changed_itself(word, before, after, polarity) else "")
    if sign > 0 > object_sign and not is_object:
        # "Versterking van scholen met veel leerachterstanden" strengthens schools, not the arrears: a
        # harm deep in a modifier of the object is not what grows.
        return _Sign(0, "")
    if (
        sign < 0 < object_sign
        and kind == "an aim"
        and (not is_object or _in_a_modifier(word, before, after, polarity.language))
    ):
        # Nor is an aim deep in a modifier what is lowered: "we schrappen de toets anderstalig onderwijs",
        # "we stoppen de uittocht van bedrijven".
        return _Sign(0, UNKNOWN_UNDOING if strong else "")
    if sign * object_sign < 0 and kind == "a measure" and _by_other_means(whole, stop, words):
        # "Afschaffen kinderopvangtoeslag door directe financiering": the measure ends in favour of another.
        return _Sign(0, REFORM)
    if strong and sign < 0 < object_sign and not cue.legal and not _theme_instrument(word, lowered, polarity):
        # "We schrappen bovenwettelijke eisen vanuit gemeentes", "we schaffen de kostendelersnorm af": a
        # general instrument whose name and complement say nothing of the theme may serve any aim, so
        # only a sentence clearly about the theme makes it the theme's reversal (see selection).
        return _Sign(-1, f"{UNTIED}: {shown} “{word}”", cut)
    change = "reduces" if sign < 0 else "expands"
    return _Sign(sign * object_sign, f"{change} {kind} of the theme: {shown} “{word}”", cut)


def _hindrance(lowered: str, cue: Cue, polarity: Polarity) -> str:
    """The theme word that a relative clause on the change's object says is hurt ("subsidies die markten
    verstoren en innovatie belemmeren", "Regels die de natuur schaden, schaffen we af"); "" when there is
    none. The clause must hang on the object: right after the change's next few words, or before the
    change in its own clause."""
    words = lexicon(polarity.language)
    stop = stopwords(polarity.language)
    end = cue.start + len(cue.text)
    for match in words.relative_clause.finditer(lowered):
        clause = _words(match.group())[1:]
        between = [w for w in _words(lowered[end : match.start()]) if w not in stop]
        attached = match.end() <= cue.start or (match.start() >= end and len(between) <= CUT_WINDOW + 1)
        if not attached or not any(w.startswith(words.hampering) for w in clause):
            continue
        hurt = next((w for w in clause if _word_kind(w, polarity) in (AIM_WORD, MEASURE)), "")
        if hurt:
            return hurt
    return ""


def _in_a_modifier(word: str, before: list[str], after: list[str], language: str) -> bool:
    """``word`` stands in a phrase or relative clause that hangs on a noun — "vrijstellingen voor bedrijven",
    "de btw op het openbaar vervoer", "Raden van Toezicht", "aftrekposten waarvan grote bedrijven gebruik
    maken" —, or is a verb after "te" ("in dienst te nemen"): not what a
    change applies to. A phrase right after the change ("stoppen met X", "de afschaffing van X") or one
    that opens its clause or follows a verb ("op de zorg bezuinigen") is the change's own."""
    words = lexicon(language)
    on_left = word in before
    sequence = before if on_left else after
    if word not in sequence:
        return False
    index = len(sequence) - 1 - sequence[::-1].index(word) if on_left else sequence.index(word)
    if index and sequence[index - 1] in words.infinitive:
        return True
    for position in range(index - 1, max(-1, index - 1 - OBJECT_WINDOW), -1):
        if sequence[position] in words.prepositions or sequence[position] in words.relative_openers:
            return position > 0 and _noun_host(sequence[position - 1], language)
    return False


def _changed_itself(word: str, before: list[str], after: list[str], polarity: Polarity) -> bool:
    """``word`` is the change's own object: not in a phrase hanging on a noun, and after the change either
    its direct object or in the phrase the change opens ("bezuinigen op het openbaar vervoer"), not in a
    phrase of means or place further on ("gaan we met nieuwe natuur klimaatverandering tegen")."""
    if _in_a_modifier(word, before, after, polarity.language):
        return False
    if word in before or word not in after:
        return True
    prepositions = lexicon(polarity.language).prepositions
    return not any(w in prepositions for w in after[1 : after.index(word)])


def _object_of(word: str, left: list[str], right: list[str], subject: list[str], general: frozenset[str]) -> bool:
    """``word`` is what a change applies to: the content word next to the cue (past general words such
    as "nieuwe"), or the subject."""
    nearest_left = [w for w in left if w not in general][-1:]
    nearest_right = [w for w in right if w not in general][:1]
    return word in nearest_left or word in nearest_right or word in subject


def _lowered_money(
    word: str, cue: Cue, left: list[str], right: list[str], subject: list[str], polarity: Polarity
) -> bool:
    """``word`` is an amount that a lowering applies to — a price, funding (by its compound head) or the
    theme's own instrument ("de uitkeringen") —: its object after it ("we verlagen de CO2-heffing"), before
    it when the change ends its clause ("de heffing verlagen"), or the subject of a passive ("de subsidie
    wordt beperkt"). "Minder afhankelijk" lowers no funding."""
    language = polarity.language
    words = lexicon(language)
    if not (_headed_by(word, (*words.pricing, *words.funding)) or _names_any(_stem(word), polarity.measures)):
        return False
    if right:
        # past its modifiers: "the carbon tax", "de verplichte bijdrage"
        ahead = right[: right.index(word)] if word in right else [""]
        return all(w in words.general or _modifies(right, i, -1, language) for i, w in enumerate(ahead))
    return word in left or (bool(words.participle.search(cue.text)) and word in subject)


def _compound_modifier(lowered: str, cue: Cue) -> str:
    """What a change written as the head of a compound applies to: the part before the hyphen ("co2" of
    "co2-reductie"), or the word right before a change said as a noun ("CO2 reductie", "emissions
    reduction"), as Dutch PDFs and English write such compounds apart."""
    found = re.search(r"(\w+)([- ])$", lowered[: cue.start])
    if not found:
        return ""
    apart = found.group(2) == " "
    return "" if apart and (" " in cue.text or not cue.text.endswith(_NOMINAL_ENDINGS)) else found.group(1)


def _risen(before: list[str], rest: str, language: str) -> list[str]:
    """What a rise named next to an undoing applies to: the words after "increase in", "verhoging van",
    in the undoing's clause or in the subject before it; empty when no rise names its object."""
    words, stop = lexicon(language), stopwords(language)
    following = _words(words.clause.split(rest, maxsplit=1)[0])
    for sequence in (following, before):
        for position, word in enumerate(sequence[:-1]):
            if _is_growth(word, words) and sequence[position + 1] in words.growth_of:
                return [w for w in sequence[position + 2 :] if w not in stop][:OBJECT_WINDOW]
    return []


def _is_growth(word: str, words: Lexicon) -> bool:
    """A growth, or a compound whose head is one ("wildgroei", "personeelsgroei")."""
    return any(word == g or (word.endswith(g) and len(word) > len(g) + 2) for g in words.growth)


def _specific(word: str, polarity: Polarity) -> bool:
    """One of the theme's own harms, its source, or the opposite of one of its aims ("onduurzame")."""
    stem = _stem(word)
    words = lexicon(polarity.language)
    return (
        _names_any(stem, polarity.specific_harms)
        or _harm_source(stem, polarity, words)
        or _negates_an_aim(stem, polarity, words)
    )


def _cue_words(cues: tuple[Cue, ...], language: str) -> set[str]:
    """The words of the change itself: a separable cue's verb and particle, not the object between them
    ("schaffen taakstraffen af", "geen Gronings gas meer"); all of a lifting phrase ("lift the ban on");
    a cap's own word, not what it is set on ("the two-child limit on benefits" limits benefits)."""
    links = lexicon(language).cap_links
    found = set()
    for cue in cues:
        words = _words(cue.text)
        if cue.lifts:
            found.update(words)
        elif len(words) > 2 and words[-2] in links:
            found.add(words[0])
        else:
            found.update(words[:1] + words[-1:])
    return found


# While a cache file listens (between ``remember_readings`` and ``learned_readings``): the readings it
# stored earlier, and the ones made since, to store. Without one nothing is kept beyond the lru cache, so a
# long-lived process (the review app) does not grow with every document it reads.
_REMEMBERED: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {}
_LEARNED: dict[tuple[str, str], tuple[tuple[int, str], ...]] | None = None


@cache
def readings_version() -> str:
    """The rules that make a reading: a stored reading holds only for the exact code and lexicons that made it."""
    package = resources.files("inkaart.engine")
    sources = [package.joinpath(name) for name in ("direction.py", "commitment.py", "lexical.py")]
    sources += sorted((p for p in package.joinpath("lexicons").iterdir() if p.name.endswith(".yaml")), key=str)
    # The stop words come from bm25s, so its version is part of the rules too.
    digest = hashlib.sha1(metadata.version("bm25s").encode("utf-8"))
    for source in sources:
        digest.update(source.read_bytes())
    return f"direction:{digest.hexdigest()[:16]}"


def reading_units(sentences: Iterable[str]) -> set[str]:
    """The texts the reader reads for these sentences: each one, and its parts where the reader splits
    it further ("... €35 mrd. voor de energietransitie")."""
    return {part for sentence in sentences for part in (sentence, *_SENTENCE.split(sentence))}


def sentence_key(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:20]


def remember_readings(rows: Iterable[tuple[str, str, str]]) -> None:
    """Start listening, knowing the readings stored by an earlier run of this version: (polarity
    fingerprint, sentence key, signs JSON)."""
    global _LEARNED
    _LEARNED = {}
    for fingerprint, key, signs in rows:
        _REMEMBERED[(fingerprint, key)] = tuple((int(sign), str(reason)) for sign, reason in json.loads(signs))


def learned_readings() -> list[tuple[str, str, str]]:
    """Stop listening: the readings made since ``remember_readings``, to store (same fields)."""
    global _LEARNED
    rows = [(fingerprint, key, json.dumps(signs)) for (fingerprint, key), signs in (_LEARNED or {}).items()]
    _REMEMBERED.clear()
    _LEARNED = None
    return rows


@lru_cache(maxsize=65_536)
def _sentence_signs(sentence: str, polarity: Polarity) -> tuple[tuple[int, str], ...]:
    """An undoing (strong cue) reads the whole sentence, whose subject it undoes; other cues their clause.

    Cached: verdicts read again the sentences that selection read for the same theme, and a reading
    stored by an earlier run of the same rules is taken as it is.
    """
    key = (polarity.fingerprint, sentence_key(sentence))
    known = _REMEMBERED.get(key)
    if known is None:
        known = _read_sentence(sentence, polarity)
        learned = _LEARNED  # read once: another thread may stop listening meanwhile
        if learned is not None:
            learned[key] = known
    return known


def _read_sentence(sentence: str, polarity: Polarity) -> tuple[tuple[int, str], ...]:
    words = lexicon(polarity.language)
    sentence = _ELIDED.sub("", sentence)
    if words.closed_phrases is not None:
        # "het eigen risico" is one thing people pay, as "het eigenrisico" would be; not a "risico".
        sentence = words.closed_phrases.sub(lambda m: re.sub(r"\s+", "", m.group(0)), sentence)
    signs = []
    undone = ""
    cues = _cues(sentence, polarity.language)
    strong = [c for c in cues if c.strong]
    if strong:
        cue_words = _cue_words(cues, polarity.language)
        # "De afschaffing van de gasaansluitplicht draaien we terug": an undoing named as a noun is what
        # a later undoing undoes, so the later one is read (and the undone undoing is its cut).
        lead = strong[1] if len(strong) > 1 and strong[0].text.endswith(("ing", "ingen")) else strong[0]
        lead_sign = _read(sentence, lead, cue_words, polarity)
        signs.append((lead_sign.sign, lead_sign.reason))
        undone = lead_sign.undone
    # A cut the undoing undid is its object, no change of its own: "de kostendelersnorm, een korting op de
    # uitkering, schaffen we af".
    for start, end in _clause_spans(sentence, words):
        clause = sentence[start:end]
        if not clause.strip():
            continue
        clause_cues = _changes_of(_cues(clause, polarity.language), clause, polarity.language)
        # A change in a clause of cause explains what happens: "... gevolgen hebben doordat de zeespiegel
        # stijgt", "omdat mensen ... overhouden door belastingen en verminderde toeslagen" (up to its comma).
        clause_cues = tuple(c for c in clause_cues if not _explains(sentence[: start + c.start], words))
        if undone:
            clause_cues = tuple(c for c in clause_cues if _words(c.text)[:1] != [undone])
        if clause_cues and not any(c.strong for c in clause_cues):
            cue_words = _cue_words(clause_cues, polarity.language)
            # With several changes in a clause, the one standing nearest its object says what changes:
            # "we investeren in het verlagen van de werkdruk" lowers the workload.
            nearest = min(clause_cues, key=lambda c: _nearness(clause, c, cue_words, polarity))
            sign, reason, _ = _read(clause, nearest, cue_words, polarity)
            if sign < 0 and nearest.lowers and words.replacement.search(sentence):
                # "We zetten in op normeren en beprijzen en minder op subsidiëren": less of one instrument
                # in favour of another shifts the means, it reverses nothing.
                sign, reason = 0, REFORM
            elif sign < 0 and commitment_strength(sentence, polarity.language) < 1:
                # "De sociale zekerheid staat steeds meer onder druk", "... dus minder werklozen en minder
                # uitkeringen": a problem or a shrinking measure described, nobody acts.
                sign, reason = 0, DESCRIBED
            elif sign > 0 and _states(sentence, polarity.language):
                # "Flexwerkers lopen meer risico", "er zijn extra medewerkers nodig": how things are, no
                # step. The rest of the passage may still commit, so this is no evidence either way.
                sign, reason = 0, ""
            signs.append((sign, reason))
    return tuple(signs)


def _explains(before: str, words: Lexicon) -> bool:
    """The text since the last comma before a change opens with a word of cause: the change explains."""
    return bool(words.causes.intersection(_words(re.split(r"[,;:]", before)[-1])))


def _changes_of(cues: tuple[Cue, ...], clause: str, language: str) -> tuple[Cue, ...]:
    """The cues that are changes of their own. A speed-up right before another change is its manner:
    "coronaschulden versneld saneren" clears the debts, faster; it does not make them grow. An amount in a
    phrase that hangs on a noun describes that noun: "we investeren in wijken met meer armoede" invests."""
    words = lexicon(language)
    starts = {cue.start for cue in cues}

    def next_start(cue: Cue) -> int:
        end = cue.start + len(cue.text)
        return end + len(clause[end:]) - len(clause[end:].lstrip())

    def describes(cue: Cue) -> bool:
        before = _words(clause[: cue.start])[-2:]
        having = len(before) == 2 and before[1] in words.having and _noun_host(before[0], language)
        return cue.text.lower() in words.determiners and having

    return tuple(
        c for c in cues if not (c.text.lower() in words.manner and next_start(c) in starts) and not describes(c)
    )


def _states(sentence: str, language: str) -> bool:
    """The sentence's main clauses are built on a verb of being, having, being able or of a trend, and
    it neither commits nor wants: a description. Verbless list items ("Meer loon naar werken door ...")
    and infinitives ("Investeren in ..., zodat de rekening betaalbaar blijft") state nothing and stay
    proposals, "De uitstoot terugdringen is nodig" asks for the change, and where the document speaks as
    "we" it is no onlooker ("Zo zorgen we dat er meer oog is voor ..."). The main verb may stand
    outside the clause of the change ("Klimaatbeleid, dat draait om het terugdringen van de CO2-uitstoot,
    heeft weinig te maken met ..."), so the sentence is read."""
    words = lexicon(language)
    main = _main_words(sentence, language)
    if not words.state_verbs.intersection(main) or (words.necessity | words.first_person).intersection(main):
        return False
    return commitment_strength(sentence, language) < 1 and not states_an_aim(sentence, language)


def _main_words(sentence: str, language: str) -> set[str]:
    """The words of a sentence outside its subordinate clauses."""
    return set(_words(lexicon(language).subordinate.sub(" ", sentence)))


def step_presumed(text: str, language: str) -> bool:
    """:func:`presumes_a_step`, except where a figure is all that commits and every sentence naming one
    states how things are: "Het kleine Nederland is verantwoordelijk voor maar 0,35% van de uitstoot" and
    "De economie kromp vorig jaar met 4%" describe; "Een klimaatfonds van €35 mrd ... helpt om ...",
    "Maximaal 20% van de onderwijsbegroting naar overhead" and "De uitstoot daalt in 2030 met 55%" (a
    target in the present tense) propose."""
    if not presumes_a_step(text, language):
        return False
    if not figure_only(text, language):
        return True
    words = lexicon(language)
    figures = [_main_words(sentence, language) for sentence in _SENTENCE.split(text) if names_a_figure(sentence)]
    return not all(words.figure_states & main and not words.necessity & main for main in figures)


def _first(kept: list[tuple[int, str]], around: list[str], holds) -> int:
    """The number of the first sentence read whose neighbourhood ``holds``: where a presumed step is said."""
    return next((number for (number, _), text in zip(kept, around, strict=True) if holds(text)), -1)


PRESUMED_REASONS = (COMMITMENT, AIM)


def presumed(reading: Reading) -> bool:
    """A step taken as the theme's because of where it is said, not because of what it names: a
    commitment or aim next to the theme's words that names none of its measures, harms or aims."""
    return reading.direction == "for" and reading.reason in PRESUMED_REASONS


def _opens_negated(sentence: str, language: str) -> bool:
    first = _words(sentence)[:1]
    return bool(first) and first[0] in lexicon(language).negators


def _with_neighbours(text: str, sentence: str) -> str:
    """A sentence of ``text`` with the ones on either side, which may hold its act ("Lastenverlichting
    vanaf 2025 ... En ook voor mensen in de knel"; "Van de nieuwkomer vergt dit ... Om de integratie te
    bevorderen, gaan we door met ..."): a commitment counts where the theme is said or next to it, not
    anywhere in a long paragraph that speaks of the theme only in passing."""
    start = text.find(sentence)
    if start < 0:
        return sentence
    before = _SENTENCE.split(text[:start].strip()) if start else []
    after = _SENTENCE.split(text[start + len(sentence) :].strip(), maxsplit=1)
    return " ".join([*before[-1:], sentence, *after[:1]])


def read_direction(text: str, polarity: Polarity, sentences: list[str] | None = None) -> Reading:
    """The direction of a passage for one theme, with a one-line reason.

    ``sentences`` are the ones that carry the theme (the rest of a long paragraph may be about
    something else); by default every sentence of ``text``.
    """
    language = polarity.language
    rename = lexicon(language).rename
    read = list(sentences or _SENTENCE.split(text))
    # A sentence that renames an organisation is no measure, nor is a question ("Komt er snel een vaccin, ...
    # of blijven de beperkingen?"); the passage's other sentences still count.
    asked = [sentence.rstrip().endswith("?") for sentence in read]
    kept = [(n, sentence) for n, sentence in enumerate(read) if not rename.search(sentence) and not asked[n]]
    if not kept:
        return Reading("neutral", ASKED if all(asked) else "renames an organisation; no measure")
    everything = [
        (sign, reason, number) for number, sentence in kept for sign, reason in _sentence_signs(sentence, polarity)
    ]
    readings = [reading for reading in everything if reading[0]]
    forward = [(reason, number) for sign, reason, number in readings if sign > 0]
    backward = [(reason, number) for sign, reason, number in readings if sign < 0]
    # Against a reversal of something named, only steps forward on something named weigh: in "we schaffen
    # de CO2-heffing af en zetten in op versnelling van ..." the levy goes, whatever else is sped up.
    placed = [(reason, number) for reason, number in forward if not reason.startswith(GOES_AHEAD)]
    if backward and (len(backward) + len(placed) <= 2 or len(backward) >= len(placed)):
        return Reading("against", *backward[0])
    if forward:
        return Reading("for", *forward[0])
    for unread in (PAST, UNKNOWN_UNDOING, DECLINED, REFORM, SANCTION, HYPOTHETICAL, DESCRIBED, LOWERS_AN_AIM):
        # Past deeds and endings of unknown things are no act in either direction, whatever else commits.
        if any(reason == unread for _, reason, _ in everything):
            return Reading("neutral", unread)
    around = [_with_neighbours(text, sentence) for _, sentence in kept]
    committing = " ".join(around)
    if step_presumed(committing, language):
        if declines_to_act(committing, language) or all(_opens_negated(sentence, language) for _, sentence in kept):
            # "Niet alle huizen vóór 2050 van het gas halen", "Geen verplichte labelsprongen": a list item
            # that opens with a negation refuses what follows, whatever figure it names.
            return Reading("neutral", DECLINED)
        return Reading("for", COMMITMENT, _first(kept, around, lambda t: step_presumed(t, language)))
    if states_an_aim(committing, language):
        return Reading("for", AIM, _first(kept, around, lambda t: states_an_aim(t, language)))
    return Reading("neutral", "describes or names the topic; no measure")
