"""`inkaart diff OLD NEW`: per theme, what a new document keeps, reverses, drops and adds.

Sits on top of the engine, like ``compare``: it reads two ``inkaart.analysis/v1`` dicts and the paragraph
vectors of both documents, and matches paragraphs over *all* passages of both, not only the listed
contributions (a measure the old report did not list can still be what the new document reverses).

Similarity of a new passage to an old paragraph is the mean of two signals, each about 0-1:
- the cosine of their paragraph vectors, centred on the mean paragraph of both documents, which removes
  what all policy text shares ("we", "het kabinet", "investeren") and leaves what the two are about;
- lexical coverage: the IDF-weighted share of the new passage's words (lemma-stems, and the parts of
  hyphenated words: "CO2-heffing" -> "co2", "heffing") that the old paragraph also has. Words that only
  announce a change of course ("teruggedraaid", "geschrapt", "afgeschaft") are left out: they describe
  the change, not the measure, and the old text never contains them.
The small e5 model places a short reversal ("the announced levy increase is undone") closer to any
paragraph about taxes than to the one that raised the levy; the shared words carry that link.

Kinds of change, per theme (what is a finding and what works against the theme comes from the analysis,
see `_role`):
- ``reversed``: a new passage that works against the theme, paired with the old paragraph it matches best
  (among old paragraphs that did not already work against it);
- ``continued``: an old ``for`` passage with a match in the new document; ``dropped``: one without;
- ``new``: a new ``for`` passage with no match in the old document.
Tables, headings and tables of contents are not matched: they repeat or summarise the prose.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine.lexical import content_words, normalise_word

SCHEMA = "inkaart.diff/v1"
# Measured on the 2021 agreement x the 2024 agreement (benchmarks/results/diff-2021-2024.md): of all 401 x 89
# pairs of prose paragraphs, 0.5 % reach 0.20 and 0.1 % reach 0.29; read side by side, pairs from 0.26 up
# mostly name the same measure, pairs of 0.20-0.26 mostly share only a topic.
MATCH_SIMILARITY = 0.26
# A continuation must be close from both sides: the old paragraph's best new passage, and one of the few old
# paragraphs that new passage is closest to. Without it one short, generic new sentence ("De schuld blijft
# onder de 60%") "continues" every old paragraph whose best match it happens to be.
MUTUAL_RANK = 3
# Added to the word mass of a new passage before its coverage is taken, so a two-word passage ("De schuld
# blijft onder de 60%") cannot be fully covered by any paragraph that happens to hold both words. About two
# uncommon words' worth (IDF + 1 is 4-7 on the benchmark pair).
COVERAGE_PRIOR = 6.0
UNMATCHED_KINDS = frozenset({"table", "toc", "heading"})
KINDS = ("reversed", "continued", "dropped", "new")
_CHANGE_WORDS = {
    "nl": (
        "teruggedraaid terugdraaien terugdraait aangekondigd aangekondigde geschrapt schrappen schrapt afgeschaft "
        "afschaffen schaft stoppen stopt gestopt vervalt vervallen ingetrokken intrekken niet langer niet meer"
    ),
    "en": "reversed reverse reverses undone undo scrapped scrap scraps abolished abolish announced stopped stop "
    "withdrawn withdraw cancelled cancel",
}


@dataclass(frozen=True)
class Paragraphs:
    """Paragraph ids and unit vectors of one document, as ``embed_paragraphs`` returns them."""

    ids: list[str]
    vectors: np.ndarray


def diff_analyses(old: dict[str, Any], new: dict[str, Any], old_vectors: Paragraphs, new_vectors: Paragraphs) -> dict:
    """The ``inkaart.diff/v1`` dict of two analyses made with the same framework."""
    language = old["framework"].get("language") or "nl"
    old_passages = _matchable(old, old_vectors)
    new_passages = _matchable(new, new_vectors)
    similarity = _similarity(old_passages, new_passages, old_vectors, new_vectors, language)
    old_themes = {t["id"]: t for t in old["themes"]}
    pairs = [(old_themes[t["id"]], t) for t in new["themes"] if t["id"] in old_themes]
    reversals = [_reversals(o, n, old_passages, new_passages, similarity) for o, n in pairs]
    # A pair that is a reversal under one theme is no continuation under another.
    reversal_pairs = {(row, column) for found in reversals for row, column, _ in found}
    changes = []
    for (old_theme, new_theme), found in zip(pairs, reversals, strict=True):
        changes += _theme_changes(old_theme, new_theme, old_passages, new_passages, similarity, found, reversal_pairs)
    return {
        "schema": SCHEMA,
        "old": _document(old),
        "new": _document(new),
        "framework": {k: new["framework"].get(k) for k in ("id", "name", "language")},
        "settings": {
            "similarity": "mean of centred paragraph cosine and lexical coverage",
            "match_similarity": MATCH_SIMILARITY,
        },
        "themes": [{"id": t["id"], "name": t["name"]} for t in new["themes"]],
        "changes": changes,
    }


def _document(analysis: dict[str, Any]) -> dict[str, Any]:
    return {k: analysis["document"].get(k) for k in ("title", "source", "sha256")}


def _matchable(analysis: dict[str, Any], vectors: Paragraphs) -> list[dict[str, Any]]:
    """Passages with a vector that are prose or list items, in the order of ``vectors``."""
    records = {p["id"]: p for p in analysis.get("passages", [])}
    return [records[pid] for pid in vectors.ids if pid in records and records[pid].get("kind") not in UNMATCHED_KINDS]


def _similarity(
    old: list[dict], new: list[dict], old_vectors: Paragraphs, new_vectors: Paragraphs, language: str
) -> np.ndarray:
    """``[new, old]`` similarity of the matchable passages (see the module docstring)."""
    old_matrix = _rows(old_vectors, old)
    new_matrix = _rows(new_vectors, new)
    if not len(old_matrix) or not len(new_matrix):
        return np.zeros((len(new), len(old)), dtype=np.float32)
    centre = np.vstack([old_matrix, new_matrix]).mean(axis=0)
    cosine = _unit(new_matrix - centre) @ _unit(old_matrix - centre).T
    return (cosine + _coverage(old, new, language)) / 2


def _rows(vectors: Paragraphs, passages: list[dict]) -> np.ndarray:
    position = {pid: i for i, pid in enumerate(vectors.ids)}
    return vectors.vectors[[position[p["id"]] for p in passages]] if passages else np.zeros((0, 1))


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 1e-9, norms, 1.0)


def _coverage(old: list[dict], new: list[dict], language: str) -> np.ndarray:
    change = {normalise_word(w, language) for w in _CHANGE_WORDS.get(language, _CHANGE_WORDS["nl"]).split()}
    old_terms = [_terms(p["text"], language) for p in old]
    new_terms = [_terms(p["text"], language) - change for p in new]
    frequency = Counter(t for terms in old_terms + new_terms for t in terms)
    count = len(old_terms) + len(new_terms)
    idf = {t: math.log(count / (1 + n)) + 1 for t, n in frequency.items()}
    coverage = np.zeros((len(new), len(old)), dtype=np.float32)
    for row, terms in enumerate(new_terms):
        total = sum(idf[t] for t in terms) + COVERAGE_PRIOR
        if terms:
            coverage[row] = [sum(idf[t] for t in terms & other) / total for other in old_terms]
    return coverage


def _terms(text: str, language: str) -> set[str]:
    terms = set()
    for word in content_words(text, language):
        terms.add(normalise_word(word, language))
        if "-" in word:
            terms.update(normalise_word(part, language) for part in word.split("-") if len(part) >= 3)
    return terms


def _role(theme: dict[str, Any], passage: dict[str, Any]) -> str | None:
    """``for`` when the passage is one of the theme's findings (assigned to the theme, or listed), ``against``
    when the engine reads it as working against the theme, else None.

    The engine's ``directions`` cover every passage *related* to a theme (most of a document), so they
    decide only what works against; the findings are what the analysis assigned or listed.
    """
    against = {item["passage_id"] for item in theme.get("against", [])}
    if passage.get("directions", {}).get(theme["id"]) == "against" or passage["id"] in against:
        return "against"
    listed = {item["passage_id"] for item in theme.get("contributions", [])}
    return "for" if theme["id"] in passage.get("themes", []) or passage["id"] in listed else None


def _reversals(
    old_theme: dict, new_theme: dict, old_passages: list, new_passages: list, similarity: np.ndarray
) -> list[tuple[int, int, float]]:
    """``(new row, old column, similarity)`` of each new against-passage and the old paragraph it reverses."""
    not_against_old = np.array([_role(old_theme, p) != "against" for p in old_passages], dtype=bool)
    found = []
    for row, passage in enumerate(new_passages):
        if _role(new_theme, passage) != "against":
            continue
        column, value = _best(similarity[row], not_against_old)
        if column is not None and value >= MATCH_SIMILARITY:
            found.append((row, column, value))
    return found


def _theme_changes(
    old_theme: dict,
    new_theme: dict,
    old_passages: list,
    new_passages: list,
    similarity: np.ndarray,
    reversals: list[tuple[int, int, float]],
    reversal_pairs: set[tuple[int, int]],
) -> list[dict[str, Any]]:
    theme_id = new_theme["id"]
    changes = [
        _change(theme_id, "reversed", old_theme, old_passages[column], new_theme, new_passages[row], value)
        for row, column, value in reversals
    ]
    reversed_old = {column for _, column, _ in reversals}
    new_roles = [_role(new_theme, p) for p in new_passages]
    not_against_new = np.array([role != "against" for role in new_roles], dtype=bool)
    closest_old = _closest(similarity, MUTUAL_RANK)
    for column, passage in enumerate(old_passages):
        if _role(old_theme, passage) != "for" or column in reversed_old:
            continue
        allowed = not_against_new & np.array([(row, column) not in reversal_pairs for row in range(len(new_passages))])
        row, value = _best(similarity[:, column], allowed)
        matched = row is not None and value >= MATCH_SIMILARITY and column in closest_old[row]
        changes.append(
            _change(theme_id, "continued" if matched else "dropped", old_theme, passage, new_theme,
                    new_passages[row] if matched else None, value)
        )  # fmt: skip
    everything_old = np.ones(len(old_passages), dtype=bool)
    for row in _indices(new_roles, "for"):
        column, value = _best(similarity[row], everything_old)
        if column is None or value < MATCH_SIMILARITY:
            changes.append(_change(theme_id, "new", old_theme, None, new_theme, new_passages[row], value))
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(changes, key=lambda c: (order[c["kind"]], -(c["similarity"] or 0.0)))


def _closest(similarity: np.ndarray, count: int) -> list[set[int]]:
    """Per new passage, the ``count`` old paragraphs it is closest to."""
    order = np.argsort(-similarity, axis=1, kind="stable")[:, :count]
    return [set(map(int, row)) for row in order]


def _indices(directions: list[str | None], wanted: str) -> Iterable[int]:
    return (i for i, d in enumerate(directions) if d == wanted)


def _best(values: np.ndarray, allowed: np.ndarray) -> tuple[int | None, float]:
    if not allowed.any():
        return None, 0.0
    masked = np.where(allowed, values, -np.inf)
    index = int(np.argmax(masked))
    return index, float(masked[index])


def _change(
    theme_id: str, kind: str, old_theme: dict, old: dict | None, new_theme: dict, new: dict | None, value: float
) -> dict[str, Any]:
    return {
        "theme": theme_id,
        "kind": kind,
        "old": _side(old_theme, old),
        "new": _side(new_theme, new),
        "similarity": round(value, 4) if value is not None and math.isfinite(value) else None,
    }


def _side(theme: dict, passage: dict | None) -> dict[str, Any] | None:
    """The passage as the change shows it: the theme's own quote of it where it lists it, else the paragraph."""
    if passage is None:
        return None
    listed = next(
        (item for item in [*theme.get("contributions", []), *theme.get("against", [])]
         if item["passage_id"] == passage["id"]),
        None,
    )  # fmt: skip
    source = listed or {"quote": passage["text"], "start": passage["start"], "end": passage["end"]}
    return {
        "passage_id": passage["id"],
        "quote": source["quote"],
        "start": source["start"],
        "end": source["end"],
        "page": passage.get("page"),
    }
