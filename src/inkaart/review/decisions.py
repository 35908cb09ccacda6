"""People's decisions on a machine analysis, applied to a copy of it.

The engine's result is never edited. A reviewer's decisions are stored beside it and folded into a
*reviewed* copy on demand: the latest decision per (reviewer, passage, theme, direction) wins. Quotes stay
verbatim because a narrowed or widened quote is re-cut from the paragraph text by offsets; nobody types a
quote. A decision's ``direction`` says which list it is about: the theme's contributions (``for``) or the
passages that work against the theme (``against``).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..engine.rating import explain_rating, listed_shares, rate_theme
from ..schema import Analysis, Contribution, Theme

ACTIONS = ("accept", "reject", "move", "note", "verdict", "add", "undo")
VERDICTS = ("addressed", "partial", "absent")
DIRECTIONS = ("for", "against")
KEPT_STATUSES = ("accepted", "added")
# Dispositions say whether a passage belongs to a list; a note or a re-cut quote leaves that alone.
POSITIVE = ("accept", "add", "moved_in")
NEGATIVE = ("reject", "move")


@dataclass(frozen=True)
class DecisionInput:
    """A decision as a person submits it, before validation."""

    action: str
    theme_id: str
    passage_id: str | None = None
    to_theme: str | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None
    verdict: str | None = None
    criterion_id: str | None = None
    reviewer: str | None = None
    direction: str = "for"


@dataclass(frozen=True, kw_only=True)
class Decision(DecisionInput):
    """One person's decision, as stored: the submitted decision with its id, its reviewer and when."""

    id: int
    reviewer: str
    created: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PassageState:
    """What the decisions so far say about one passage in one list of one theme."""

    disposition: str | None = None
    moved_from: str | None = None
    to_theme: str | None = None
    span: tuple[int, int] | None = None
    note: str | None = None
    reviewers: list[str] = field(default_factory=list)

    def touched_by(self, reviewer: str) -> None:
        if reviewer not in self.reviewers:
            self.reviewers.append(reviewer)


Key = tuple[str, str, str]  # (passage_id, theme_id, direction)


def fold(decisions: Iterable[Decision]) -> tuple[dict[Key, PassageState], dict[tuple[str, str], Decision]]:
    """Passage states and criterion verdicts after the decisions, applied oldest first."""
    states: dict[Key, PassageState] = {}
    verdicts: dict[tuple[str, str], Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.id):
        if decision.action == "verdict":
            verdicts[(decision.theme_id, decision.criterion_id or "")] = decision
            continue
        key = (decision.passage_id or "", decision.theme_id, decision.direction)
        state = states.setdefault(key, PassageState())
        state.touched_by(decision.reviewer)
        if decision.start is not None and decision.end is not None:
            state.span = (decision.start, decision.end)
        if decision.note is not None:
            state.note = decision.note
        if decision.action in ("accept", "reject", "add"):
            state.disposition = decision.action
        elif decision.action == "undo":
            _undo(states, key, state)
        elif decision.action == "move" and decision.to_theme:
            state.disposition, state.to_theme = "move", decision.to_theme
            _move_into(states, decision, state)
    return states, verdicts


def _undo(states: dict[Key, PassageState], key: Key, state: PassageState) -> None:
    # Back to what the engine proposed; a move is taken back in the theme it went to as well.
    passage_id, theme_id, direction = key
    if state.disposition == "move" and state.to_theme:
        target = states.get((passage_id, state.to_theme, direction))
        if target and target.disposition == "moved_in" and target.moved_from == theme_id:
            target.disposition, target.moved_from = None, None
    state.disposition, state.to_theme, state.moved_from = None, None, None


def _move_into(states: dict[Key, PassageState], decision: Decision, source: PassageState) -> None:
    # A move is also a decision in the target theme, so a later decision there (or a move back) wins.
    key = (decision.passage_id or "", decision.to_theme or "", decision.direction)
    target = states.setdefault(key, PassageState())
    target.disposition, target.moved_from = "moved_in", decision.theme_id
    target.span = source.span or target.span
    target.note = source.note if source.note is not None else target.note
    target.touched_by(decision.reviewer)


def buckets_of(analysis: Analysis) -> dict[str, list[Contribution]]:
    """Contribution lists by theme id, the framework's "other" bucket included when it has one."""
    result = {theme["id"]: theme["contributions"] for theme in analysis["themes"]}
    other = analysis["framework"].get("other")
    if other:
        result[other["id"]] = analysis.setdefault("other", [])
    return result


def lists_of(analysis: Analysis) -> dict[tuple[str, str], list[Contribution]]:
    """Every list a decision can be about, by (theme id, direction)."""
    lists = {(bucket_id, "for"): items for bucket_id, items in buckets_of(analysis).items()}
    for theme in analysis["themes"]:
        lists[(theme["id"], "against")] = theme.setdefault("against", [])
    return lists


def apply_decisions(result: Analysis, decisions: list[Decision], reviewer: str | None = None) -> Analysis:
    """A reviewed copy of ``result``: ``reviewer``'s decisions applied (everyone's when None)."""
    analysis = copy.deepcopy(result)
    chosen = sorted((d for d in decisions if reviewer is None or d.reviewer == reviewer), key=lambda d: d.id)
    states, verdicts = fold(chosen)
    passages = {passage["id"]: passage for passage in analysis.get("passages", [])}
    lists = lists_of(analysis)
    proposed = {(c["passage_id"], list_key[0], list_key[1]): c for list_key, items in lists.items() for c in items}
    removed: dict[tuple[str, str], list[dict[str, Any]]] = {list_key: [] for list_key in lists}

    for (passage_id, bucket_id, direction), state in states.items():
        passage = passages.get(passage_id)
        if (bucket_id, direction) not in lists or passage is None:
            continue
        if state.disposition in POSITIVE and (passage_id, bucket_id, direction) not in proposed:
            source = (passage_id, state.moved_from or "", direction)
            base = proposed.get(source) if state.moved_from else None
            lists[(bucket_id, direction)].append(_inserted(base, passage, bucket_id, direction))
    for (bucket_id, direction), items in lists.items():
        kept = []
        for contribution in items:
            key = (contribution["passage_id"], bucket_id, direction)
            state = states.get(key)
            if state is None:
                kept.append(contribution)
            elif state.disposition in NEGATIVE:
                removed[(bucket_id, direction)].append(_removed(contribution, state))
            else:
                _apply_state(contribution, state, passages[contribution["passage_id"]], key in proposed)
                kept.append(contribution)
        items[:] = kept
    _apply_verdicts(analysis, verdicts)
    for theme in analysis["themes"]:
        theme["rejected"] = removed.get((theme["id"], "for"), [])
        theme["against_rejected"] = removed.get((theme["id"], "against"), [])
        _drop_rejected_evidence(theme)
        theme["reviewed"] = any(key[1] == theme["id"] for key in states) or any(
            key[0] == theme["id"] for key in verdicts
        )
    _keep_machine_ratings(analysis)
    rerate(analysis)
    analysis["review"] = _review_block(chosen, decisions, reviewer)
    return analysis


def _drop_rejected_evidence(theme: Theme) -> None:
    # A passage the reviewer took out of a theme is no evidence for its criteria either.
    gone = {item["passage_id"] for item in theme["rejected"]}
    for criterion in theme.get("criteria", []):
        criterion["evidence"] = [e for e in criterion.get("evidence", []) if e.get("passage_id") not in gone]


def _keep_machine_ratings(analysis: Analysis) -> None:
    for theme in analysis["themes"]:
        theme.setdefault("machine_rating", theme.get("rating"))
        theme.setdefault("machine_rating_value", theme.get("rating_value"))


def _inserted(base: Contribution | None, passage: dict[str, Any], bucket_id: str, direction: str) -> Contribution:
    """A contribution for a passage the engine did not list here: moved in, or added by a reviewer."""
    contribution = copy.deepcopy(base) if base else from_passage(passage)
    contribution["score"] = float(passage.get("scores", {}).get(bucket_id, contribution.get("score", 0.0)))
    contribution["why"] = "placed here by a reviewer"
    contribution["criteria"] = []
    contribution["direction"] = direction
    return contribution


def from_passage(passage: dict[str, Any]) -> Contribution:
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


def _apply_state(contribution: Contribution, state: PassageState, passage: dict[str, Any], was_proposed: bool) -> None:
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


def _removed(contribution: Contribution, state: PassageState) -> dict[str, Any]:
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


def _apply_verdicts(analysis: Analysis, verdicts: dict[tuple[str, str], Decision]) -> None:
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


def rerate(analysis: Analysis) -> None:
    """Recompute the rating, and what it rests on, of every theme a reviewer touched.

    From its current lists and (overridden) verdicts. A theme nobody touched keeps the engine's rating,
    which rests on every passage the engine assigned, not only the listed ones.
    """
    chars = sum(passage["end"] - passage["start"] for passage in analysis.get("passages", []))
    language = analysis["document"].get("language", "nl")
    for theme in analysis["themes"]:
        if not theme.get("reviewed"):
            continue
        contributions, criteria, against = theme["contributions"], theme.get("criteria", []), theme.get("against", [])
        shares = listed_shares(contributions, against, chars)
        theme["rating"], theme["rating_value"] = rate_theme(
            contributions, criteria, chars, against, shares=shares, mentioned=bool(theme.get("named"))
        )
        if "rating_why" in theme:
            theme["rating_why"] = explain_rating(theme["rating"], contributions, criteria, against, language, shares)


def _review_block(chosen: list[Decision], everyone: list[Decision], reviewer: str | None) -> dict[str, Any]:
    return {
        "reviewer": reviewer,
        "reviewers": sorted({d.reviewer for d in everyone}),
        "decision_count": len(chosen),
        "actions": dict(Counter(d.action for d in chosen)),
        "decisions": [d.to_dict() for d in chosen],
    }


def accepted_only(reviewed: Analysis) -> Analysis:
    """Only what a reviewer accepted or added, with ratings recomputed for the themes they reviewed.

    A theme nobody has reviewed yet keeps the machine's rating and says so, rather than being lowered to
    ``-`` for want of accepted quotes; a reviewed theme shows the machine's rating beside its own.
    """
    analysis = copy.deepcopy(reviewed)
    _keep_machine_ratings(analysis)
    for items in lists_of(analysis).values():
        items[:] = [c for c in items if c.get("status") in KEPT_STATUSES]
    rerate(analysis)
    words = _RATING_NOTES.get(analysis["framework"].get("language", "nl"), _RATING_NOTES["nl"])
    for theme in analysis["themes"]:
        if not theme.get("reviewed"):
            theme["rating_note"] = words["not_reviewed"]
        elif theme["machine_rating"] is not None:
            value = theme["machine_rating_value"]
            machine = theme["machine_rating"] + ("" if value is None else f" ({value:.2f})")
            theme["rating_note"] = words["machine"].format(rating=machine)
    analysis.setdefault("review", {})["not_reviewed"] = [t["id"] for t in analysis["themes"] if not t.get("reviewed")]
    return analysis


# How a report of accepted quotes qualifies a rating, in the framework's language.
_RATING_NOTES = {
    "nl": {"not_reviewed": "nog niet beoordeeld: de beoordeling van de machine", "machine": "machine: {rating}"},
    "en": {"not_reviewed": "not reviewed yet: the machine's rating", "machine": "machine: {rating}"},
}
