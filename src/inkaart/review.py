"""People's decisions on a machine analysis: applied to a copy of it, and compared between reviewers.

The engine's result is never edited. A reviewer's decisions are stored beside it and folded into a
*reviewed* copy on demand: the latest decision per (reviewer, passage, theme) wins. Quotes stay verbatim
because a narrowed or widened quote is re-cut from the paragraph text by offsets; nobody types a quote.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from .engine.rating import rate_theme

ACTIONS = ("accept", "reject", "move", "note", "verdict", "add")
VERDICTS = ("addressed", "partial", "absent")
KEPT_STATUSES = ("accepted", "added")
# Dispositions say whether a passage belongs to a theme; a note or a re-cut quote leaves that alone.
_POSITIVE = ("accept", "add", "moved_in")
_NEGATIVE = ("reject", "move")


@dataclass(frozen=True)
class Decision:
    """One person's decision, as stored: who, when, what."""

    id: int
    reviewer: str
    action: str
    theme_id: str
    passage_id: str | None = None
    to_theme: str | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None
    verdict: str | None = None
    criterion_id: str | None = None
    created: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PassageState:
    """What the decisions so far say about one passage in one theme."""

    disposition: str | None = None
    moved_from: str | None = None
    to_theme: str | None = None
    span: tuple[int, int] | None = None
    note: str | None = None
    reviewers: list[str] = field(default_factory=list)

    def touched_by(self, reviewer: str) -> None:
        if reviewer not in self.reviewers:
            self.reviewers.append(reviewer)


Key = tuple[str, str]  # (passage_id, theme_id)


def fold(decisions: Iterable[Decision]) -> tuple[dict[Key, PassageState], dict[tuple[str, str], Decision]]:
    """Passage states and criterion verdicts after the decisions, applied oldest first."""
    states: dict[Key, PassageState] = {}
    verdicts: dict[tuple[str, str], Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.id):
        if decision.action == "verdict":
            verdicts[(decision.theme_id, decision.criterion_id or "")] = decision
            continue
        key = (decision.passage_id or "", decision.theme_id)
        state = states.setdefault(key, PassageState())
        state.touched_by(decision.reviewer)
        if decision.start is not None and decision.end is not None:
            state.span = (decision.start, decision.end)
        if decision.note is not None:
            state.note = decision.note
        if decision.action in ("accept", "reject", "add"):
            state.disposition = decision.action
        elif decision.action == "move" and decision.to_theme:
            state.disposition, state.to_theme = "move", decision.to_theme
            _move_into(states, decision, state)
    return states, verdicts


def _move_into(states: dict[Key, PassageState], decision: Decision, source: PassageState) -> None:
    # A move is also a decision in the target theme, so a later decision there (or a move back) wins.
    target = states.setdefault((decision.passage_id or "", decision.to_theme or ""), PassageState())
    target.disposition, target.moved_from = "moved_in", decision.theme_id
    target.span = source.span or target.span
    target.note = source.note if source.note is not None else target.note
    target.touched_by(decision.reviewer)


def document_chars(analysis: dict[str, Any]) -> int:
    return sum(passage["end"] - passage["start"] for passage in analysis.get("passages", []))


def buckets_of(analysis: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Contribution lists by theme id, the framework's "other" bucket included when it has one."""
    result = {theme["id"]: theme["contributions"] for theme in analysis["themes"]}
    other = analysis["framework"].get("other")
    if other:
        result[other["id"]] = analysis.setdefault("other", [])
    return result


def apply_decisions(result: dict[str, Any], decisions: list[Decision], reviewer: str | None = None) -> dict:
    """A reviewed copy of ``result``: ``reviewer``'s decisions applied (everyone's when None)."""
    analysis = copy.deepcopy(result)
    chosen = sorted((d for d in decisions if reviewer is None or d.reviewer == reviewer), key=lambda d: d.id)
    states, verdicts = fold(chosen)
    passages = {passage["id"]: passage for passage in analysis.get("passages", [])}
    buckets = buckets_of(analysis)
    proposed = {(c["passage_id"], bucket_id): c for bucket_id, items in buckets.items() for c in items}
    removed: dict[str, list[dict[str, Any]]] = {bucket_id: [] for bucket_id in buckets}

    for (passage_id, bucket_id), state in states.items():
        passage = passages.get(passage_id)
        if bucket_id not in buckets or passage is None:
            continue
        if state.disposition in _POSITIVE and (passage_id, bucket_id) not in proposed:
            base = proposed.get((passage_id, state.moved_from or "")) if state.moved_from else None
            buckets[bucket_id].append(_inserted(base, passage, bucket_id))
    for bucket_id, items in buckets.items():
        kept = []
        for contribution in items:
            key = (contribution["passage_id"], bucket_id)
            state = states.get(key)
            if state is None:
                kept.append(contribution)
            elif state.disposition in _NEGATIVE:
                removed[bucket_id].append(_removed(contribution, state))
            else:
                _apply_state(contribution, state, passages[contribution["passage_id"]], key in proposed)
                kept.append(contribution)
        items[:] = kept
    _apply_verdicts(analysis, verdicts)
    for theme in analysis["themes"]:
        theme["rejected"] = removed.get(theme["id"], [])
    rerate(analysis)
    analysis["review"] = _review_block(chosen, decisions, reviewer)
    return analysis


def _inserted(base: dict[str, Any] | None, passage: dict[str, Any], bucket_id: str) -> dict[str, Any]:
    """A contribution for a passage the engine did not list here: moved in, or added by a reviewer."""
    contribution = copy.deepcopy(base) if base else from_passage(passage)
    contribution["score"] = float(passage.get("scores", {}).get(bucket_id, contribution.get("score", 0.0)))
    contribution["why"] = "placed here by a reviewer"
    contribution["criteria"] = []
    return contribution


def from_passage(passage: dict[str, Any]) -> dict[str, Any]:
    """A whole-paragraph contribution built from an entry of the analysis' ``passages``."""
    return {
        "passage_id": passage["id"],
        "score": 0.0,
        "quote": passage["text"],
        "text": passage["text"],
        "page": passage["page"],
        "page_end": passage.get("page_end", passage["page"]),
        "section": list(passage.get("section", [])),
        "start": passage["start"],
        "end": passage["end"],
        "criteria": [],
        "why": "",
        "duplicates": [],
    }


def _apply_state(
    contribution: dict[str, Any], state: PassageState, passage: dict[str, Any], was_proposed: bool
) -> None:
    if state.disposition in ("accept", "add"):
        contribution["status"] = "accepted" if was_proposed else "added"
    elif state.disposition == "moved_in":
        contribution["status"] = "accepted"
        contribution["moved_from"] = state.moved_from
    if state.span and inside(passage, *state.span):
        start, end = state.span
        contribution["start"], contribution["end"] = start, end
        contribution["quote"] = cut(passage, start, end)
    if state.note:
        contribution["note"] = state.note
    contribution["reviewed_by"] = ", ".join(state.reviewers)


def _removed(contribution: dict[str, Any], state: PassageState) -> dict[str, Any]:
    return {
        "passage_id": contribution["passage_id"],
        "quote": contribution["quote"],
        "page": contribution["page"],
        "action": state.disposition,
        "to_theme": state.to_theme if state.disposition == "move" else None,
        "reviewed_by": ", ".join(state.reviewers),
    }


def inside(passage: dict[str, Any], start: int, end: int) -> bool:
    return passage["start"] <= start < end <= passage["end"]


def cut(passage: dict[str, Any], start: int, end: int) -> str:
    """``document.text[start:end]``, taken from the paragraph text that the analysis carries."""
    offset = passage["start"]
    return passage["text"][start - offset : end - offset]


def _apply_verdicts(analysis: dict[str, Any], verdicts: dict[tuple[str, str], Decision]) -> None:
    for theme in analysis["themes"]:
        for criterion in theme.get("criteria", []):
            decision = verdicts.get((theme["id"], criterion["id"]))
            if decision and decision.verdict in VERDICTS:
                criterion["override"] = {
                    "verdict": decision.verdict,
                    "note": decision.note or "",
                    "reviewer": decision.reviewer,
                    "created": decision.created,
                }


def rerate(analysis: dict[str, Any]) -> None:
    """Recompute every theme's rating from its current contributions and (overridden) verdicts."""
    chars = document_chars(analysis)
    for theme in analysis["themes"]:
        theme["rating"], theme["rating_value"] = rate_theme(theme["contributions"], theme.get("criteria", []), chars)


def _review_block(chosen: list[Decision], everyone: list[Decision], reviewer: str | None) -> dict[str, Any]:
    return {
        "reviewer": reviewer,
        "reviewers": sorted({d.reviewer for d in everyone}),
        "decision_count": len(chosen),
        "actions": dict(Counter(d.action for d in chosen)),
        "decisions": [d.to_dict() for d in chosen],
    }


def accepted_only(reviewed: dict[str, Any]) -> dict[str, Any]:
    """Only what a reviewer accepted or added, with ratings recomputed for what is left."""
    analysis = copy.deepcopy(reviewed)
    for items in buckets_of(analysis).values():
        items[:] = [c for c in items if c.get("status") in KEPT_STATUSES]
    rerate(analysis)
    return analysis


# --- agreement between reviewers ----------------------------------------------------------------------


def labels_by_reviewer(decisions: list[Decision]) -> dict[str, dict[Key, bool]]:
    """Per reviewer: for each (passage, theme) they decided, whether it belongs to the theme."""
    by_reviewer: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_reviewer.setdefault(decision.reviewer, []).append(decision)
    labels: dict[str, dict[Key, bool]] = {}
    for reviewer, own in by_reviewer.items():
        states, _ = fold(own)
        labels[reviewer] = {key: state.disposition in _POSITIVE for key, state in states.items() if state.disposition}
    return labels


def cohen_kappa(first: list[bool], second: list[bool]) -> float | None:
    """Cohen's κ of two raters' yes/no labels; None when chance agreement is total (κ is undefined)."""
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p_first, p_second = sum(first) / n, sum(second) / n
    expected = p_first * p_second + (1 - p_first) * (1 - p_second)
    if expected >= 1.0:
        return None
    return round((observed - expected) / (1 - expected), 4)


def agreement(result: dict[str, Any], decisions: list[Decision]) -> dict[str, Any]:
    """κ per theme for every pair of reviewers, over the passages both decided, and where they differ."""
    labels = labels_by_reviewer(decisions)
    passages = {passage["id"]: passage for passage in result.get("passages", [])}
    themes = [(theme["id"], theme["name"]) for theme in result["themes"]]
    pairs = [
        _pair(first, second, labels[first], labels[second], themes, passages)
        for first, second in combinations(sorted(labels), 2)
    ]
    return {"reviewers": sorted(labels), "pairs": pairs}


def _pair(
    first: str,
    second: str,
    a: dict[Key, bool],
    b: dict[Key, bool],
    themes: list[tuple[str, str]],
    passages: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    shared = sorted(set(a) & set(b))
    rows = []
    for theme_id, name in themes:
        keys = [key for key in shared if key[1] == theme_id]
        first_labels, second_labels = [a[k] for k in keys], [b[k] for k in keys]
        agreed = sum(x == y for x, y in zip(first_labels, second_labels, strict=True))
        rows.append(
            {
                "theme_id": theme_id,
                "theme_name": name,
                "both_decided": len(keys),
                "agreed": agreed,
                "kappa": cohen_kappa(first_labels, second_labels),
            }
        )
    disagreements = [
        {
            "passage_id": passage_id,
            "theme_id": theme_id,
            "text": passages.get(passage_id, {}).get("text", ""),
            "page": passages.get(passage_id, {}).get("page"),
            "a_decision": "accept" if a[(passage_id, theme_id)] else "reject",
            "b_decision": "accept" if b[(passage_id, theme_id)] else "reject",
        }
        for passage_id, theme_id in shared
        if a[(passage_id, theme_id)] != b[(passage_id, theme_id)]
    ]
    return {"a": first, "b": second, "themes": rows, "disagreements": disagreements}
