"""BM25 over paragraphs with stemming, stop words and compound matching.

Dutch (and German-like English terms less so) glues words together: "klimaatfonds",
"armoedeaanpak". Two expansions bridge that, each counting for less than an exact match: a query stem
also matches the document words that begin or end with it, and a compound query word
("klimaatverandering") is split into known words ("klimaat" + "verandering") that are matched in turn.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib.metadata import version

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-](?=[^\W_]))*", re.UNICODE)
_EXTRA_STOPWORDS = {
    "nl": {
        "we",
        "wij",
        "onze",
        "ons",
        "gaan",
        "komen",
        "worden",
        "wordt",
        "zullen",
        "daarom",
        "hierbij",
        "mede",
    },
    "en": {"we", "our", "us", "will", "shall", "also", "therefore"},
}
MIN_COMPOUND_PART = 5
MIN_SPLIT_PART = 4
COMPOUND_WEIGHT = 0.5
_LINKING = ("s", "en", "e")  # Dutch linking morphemes between compound parts: "arbeid-s-markt"


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english" if language == "en" else "dutch_porter")


@lru_cache(maxsize=4)
def stopwords(language: str) -> frozenset[str]:
    base = STOPWORDS_EN if language == "en" else STOPWORDS_DUTCH
    return frozenset({*base, *_EXTRA_STOPWORDS.get(language, set())})


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_words(text: str, language: str) -> list[str]:
    stop = stopwords(language)
    return [w for w in words(text) if w not in stop and len(w) > 1]


# What simplemma answered, per (language, kind, word) with kind "lemma" or "known". Loading its
# dictionary takes half a second, as long as a warm analysis's own arithmetic, while a document's words
# are nearly all known from earlier runs: the analysis keeps these answers in its cache file
# (:func:`remember`, :func:`learned`), and simplemma is loaded only for a word never seen before.
_ANSWERS: dict[tuple[str, str, str], str] = {}
_LEARNED: dict[tuple[str, str, str], str] = {}
# Where a word not answered in this process may have been answered before (the cache file), asked
# before simplemma: the file holds the answers for every document ever read, far more than one needs.
_STORED: Callable[[tuple[str, str, str]], str | None] | None = None


@cache
def lemmatizer_version() -> str:
    """Stored answers hold for this version of simplemma only."""
    return f"simplemma {version('simplemma')}"


def remember(answers: Iterable[tuple[str, str, str, str]]) -> None:
    """Answers stored by an earlier run: (language, kind, word, value)."""
    _ANSWERS.update(((language, kind, word), value) for language, kind, word, value in answers)


@contextmanager
def stored_answers(lookup: Callable[[tuple[str, str, str]], str | None]) -> Iterator[None]:
    """Within: a word not answered yet is looked up with ``lookup`` ((language, kind, word) -> the stored
    answer or None) before simplemma is asked."""
    global _STORED
    previous, _STORED = _STORED, lookup
    try:
        yield
    finally:
        _STORED = previous


def learned() -> list[tuple[str, str, str, str]]:
    """The answers simplemma gave since the last call, for the caller to store; then forgotten here."""
    answers = [(*key, value) for key, value in _LEARNED.items()]
    _LEARNED.clear()
    return answers


def _ask(kind: str, word: str, language: str) -> str:
    key = (language, kind, word)
    answer = _ANSWERS.get(key)
    if answer is None and _STORED is not None:
        answer = _STORED(key)
        if answer is not None:
            _ANSWERS[key] = answer
    if answer is None:
        import simplemma  # imported on the first unknown word: a warm run may never need it

        if kind == "lemma":
            answer = simplemma.lemmatize(word, lang=language)
        else:
            answer = "1" if simplemma.is_known(word, lang=language) else ""
        _ANSWERS[key] = _LEARNED[key] = answer
    return answer


def lemma(word: str, language: str) -> str:
    """simplemma's lemma of a lower-cased word, "" for a word it does not know (answers kept as for
    :func:`normalise_word`). A separable verb's parts are joined again: "aan_leggen" is "aanleggen"."""
    return _ask("lemma", word, language).replace("_", "") if _ask("known", word, language) else ""


@lru_cache(maxsize=262144)
def normalise_word(word: str, language: str) -> str:
    """Lemma first, then stem: the lemma unifies irregular forms ("kinderen" -> "kind"), the stem the rest."""
    return _stemmer(language).stemWord(_ask("lemma", word, language))


def stems(text: str, language: str) -> list[str]:
    return [normalise_word(w, language) for w in content_words(text, language)]


@lru_cache(maxsize=65536)
def split_compound(word: str, language: str) -> tuple[str, ...]:
    """Split a compound into two known words, longest head first; () when it is no compound."""
    if len(word) < 2 * MIN_SPLIT_PART:
        return ()
    for cut in range(len(word) - MIN_SPLIT_PART, MIN_SPLIT_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        if not _ask("known", tail, language):
            continue
        for linking in ("", *_LINKING):
            if linking and not head.endswith(linking):
                continue
            core = head[: len(head) - len(linking)] if linking else head
            if len(core) >= MIN_SPLIT_PART and _ask("known", core, language):
                return (core, tail)
    return ()


@lru_cache(maxsize=65536)
def compound_part(rest: str, language: str, after_linking: bool) -> bool:
    """``rest`` is the other part of a compound: a word, or two ("gevangenisstraffen" does not hold
    "gevangen": "isstraffen" is no word; "klimaatfonds" holds "klimaat"). The linking morpheme stands
    at the start of a rest that follows its base ("arbeid-s-markt") and at the end of one before it."""
    candidates = [rest]
    for linking in _LINKING:
        if after_linking and rest.startswith(linking):
            candidates.append(rest[len(linking) :])
        elif not after_linking and rest.endswith(linking):
            candidates.append(rest[: -len(linking)])
    return any(
        len(part) >= MIN_SPLIT_PART - 1 and (_ask("known", part, language) or split_compound(part, language))
        for part in candidates
    )


def named_terms(query: str, text: str, language: str) -> set[str]:
    """The query's words that ``text`` names itself: as a word, a compound part, or inside a compound.

    Unlike :meth:`LexicalIndex.expand`, nothing here looks at the rest of the document, so the answer
    for a passage is the same alone or among thousands.
    """
    words = _query_words(query, language)
    if not words.words:
        return set()
    lowered = text.lower()
    stems = text_stems(lowered, language)
    found = {word for word, keys in words.stems.items() if keys & stems}
    if words.patterns is None:
        for text_word in _text_words(lowered):
            found.update(words.inside(text_word))
        return found
    for pattern in words.patterns:
        found.update(w for base in pattern.findall(lowered) for w in words.by_base[base])
    return found


@lru_cache(maxsize=65_536)
def _text_words(lowered: str) -> frozenset[str]:
    """The words long enough to hold a base and a letter more (bases are compound parts or longer)."""
    return frozenset(w for w in _PLAIN_WORD.findall(lowered) if len(w) > MIN_COMPOUND_PART)


_PLAIN_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class _QueryWords:
    words: tuple[str, ...]
    stems: dict[str, frozenset[str]]  # word -> its stem and its compound parts' stems
    by_base: dict[str, tuple[str, ...]]  # a word or compound part -> the query words it stands for
    # Only where a base holds a hyphen or apostrophe: a text word beginning with a base, one ending with one.
    patterns: tuple[re.Pattern[str], re.Pattern[str]] | None
    language: str
    known: dict[str, tuple[str, ...]] = field(default_factory=dict)  # text word -> query words inside it

    @cached_property
    def _ends(self) -> tuple[frozenset[str], frozenset[str]]:
        # The first and last letters every base has: a word that begins or ends otherwise holds none.
        return frozenset(b[:MIN_COMPOUND_PART] for b in self.by_base), frozenset(
            b[-MIN_COMPOUND_PART:] for b in self.by_base
        )

    def inside(self, text_word: str) -> tuple[str, ...]:
        """The query words a text word holds as the first or last part of a compound (the longest base
        of each whose rest of the word is a word itself); each word is worked out once."""
        if text_word not in self.known:
            found: tuple[str, ...] = ()
            heads, tails = self._ends
            longest = len(text_word) - 1  # a base leaves at least one letter of the word over
            if text_word[:MIN_COMPOUND_PART] in heads:
                cuts = range(longest, MIN_COMPOUND_PART - 1, -1)
                found += self._longest((text_word[:cut], text_word[cut:], True) for cut in cuts)
            if text_word[-MIN_COMPOUND_PART:] in tails:
                cuts = range(1, longest - MIN_COMPOUND_PART + 2)
                found += self._longest((text_word[cut:], text_word[:cut], False) for cut in cuts)
            self.known[text_word] = found
        return self.known[text_word]

    def _longest(self, splits: Iterable[tuple[str, str, bool]]) -> tuple[str, ...]:
        for base, rest, base_first in splits:
            if base in self.by_base and compound_part(rest, self.language, base_first):
                return self.by_base[base]
        return ()


@lru_cache(maxsize=1024)
def _query_words(query: str, language: str) -> _QueryWords:
    words = tuple(dict.fromkeys(content_words(query, language)))
    stems, by_base = {}, {}
    for word in words:
        parts = split_compound(word, language)
        stems[word] = frozenset(normalise_word(w, language) for w in (word, *parts))
        for base in (word, *parts):
            if len(base) >= MIN_COMPOUND_PART:
                by_base.setdefault(base, ())
                by_base[base] += (word,)
    if all(_PLAIN_WORD.fullmatch(base) for base in by_base):
        return _QueryWords(words, stems, by_base, None, language)
    alternatives = "|".join(sorted(map(re.escape, by_base), key=len, reverse=True))
    patterns = (re.compile(rf"\b({alternatives})\w"), re.compile(rf"\w({alternatives})\b"))
    return _QueryWords(words, stems, by_base, patterns, language)


@lru_cache(maxsize=65_536)
def text_stems(lowered: str, language: str) -> frozenset[str]:
    """The stems of a lower-cased text's content words (cached: every theme and criterion asks)."""
    return frozenset(normalise_word(w, language) for w in content_words(lowered, language))


@dataclass
class QueryTerm:
    token: str
    weight: float


class LexicalIndex:
    """A BM25 index of passages (one per paragraph) with weighted, compound-aware queries."""

    def __init__(self, texts: Sequence[str], language: str) -> None:
        self.language = language
        surfaces = [content_words(t, language) for t in texts]
        self.tokens = [[normalise_word(w, language) for w in words] for words in surfaces]
        self.size = len(texts)
        # Compound parts are matched on the words as written: stemming changes a word's ending
        # ("klimaat" -> "klimat"), which would hide it inside "klimaatfonds".
        self._stem_of = {w: normalise_word(w, language) for words in surfaces for w in words}
        self._retriever = bm25s.BM25()
        self._retriever.index(self.tokens, show_progress=False)
        self.vocabulary = sorted({t for tokens in self.tokens for t in tokens})
        self._vocabulary_set = set(self.vocabulary)
        self._compounds: dict[str, list[str]] = {}
        # Sorted surfaces, forwards and backwards: the words that begin or end with a part are a range.
        self._forwards = sorted(self._stem_of)
        self._backwards = sorted(surface[::-1] for surface in self._stem_of)

    def expand(self, query: str) -> list[QueryTerm]:
        """Query stems, their compound parts, and the document words that contain either."""
        terms: dict[str, float] = {}

        def add(token: str, weight: float) -> None:
            if token in self._vocabulary_set:
                terms[token] = max(terms.get(token, 0.0), weight)

        for word in content_words(query, self.language):
            stem = normalise_word(word, self.language)
            add(stem, 1.0)
            parts = split_compound(word, self.language)
            for part in parts:
                add(normalise_word(part, self.language), COMPOUND_WEIGHT)
            for base in (word, *parts):
                if len(base) >= MIN_COMPOUND_PART:
                    for token in self._compound_words(base):
                        add(token, COMPOUND_WEIGHT)
        return [QueryTerm(token, weight) for token, weight in sorted(terms.items())]

    def _compound_words(self, word: str) -> list[str]:
        """Stems of the document's words that begin or end with ``word``."""
        if word not in self._compounds:
            starting = _with_prefix(self._forwards, word)
            ending = [surface[::-1] for surface in _with_prefix(self._backwards, word[::-1])]
            self._compounds[word] = sorted({self._stem_of[s] for s in (*starting, *ending) if s != word})
        return self._compounds[word]

    def scores(self, terms: Sequence[QueryTerm]) -> np.ndarray:
        total = np.zeros(self.size, dtype=np.float32)
        for term in terms:
            total += term.weight * self._retriever.get_scores([term.token])
        return total

    def matched_terms(self, passage_index: int, terms: Sequence[QueryTerm]) -> list[str]:
        present = set(self.tokens[passage_index])
        return [t.token for t in terms if t.token in present]


def _with_prefix(ordered: list[str], prefix: str) -> list[str]:
    """The words of sorted ``ordered`` that begin with ``prefix``."""
    start = bisect_left(ordered, prefix)
    end = start
    while end < len(ordered) and ordered[end].startswith(prefix):
        end += 1
    return ordered[start:end]
