"""Checking what people send before it is stored: decisions against their analysis, names, frameworks."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..framework import Framework, load_framework
from ..schema import Analysis
from .decisions import ACTIONS, DIRECTIONS, VERDICTS, DecisionInput, buckets_of, inside
from .tables import MAX_REVIEWER

MAX_NOTE = 5000
ANONYMOUS = "anonymous"


def safe_filename(name: str | None) -> str:
    """The user's file name for display only: last path part, no control characters, bounded length."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[-200:] or "upload"


def clean_reviewer(name: str | None) -> str:
    cleaned = re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", "", name or "")).strip()
    return cleaned[:MAX_REVIEWER] or ANONYMOUS


def framework_from_yaml(text: str, name: str = "framework.yaml") -> Framework:
    """Validate uploaded framework YAML; errors name the uploaded file, not a temporary path."""
    display = safe_filename(name)
    with tempfile.TemporaryDirectory(prefix="inkaart-framework-") as folder:
        path = Path(folder) / "framework.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_framework(path)
        except InputError as error:
            raise InputError(display, error.problem) from None


class ResultIndex:
    """What a decision is checked against: the analysis' passages, themes, criteria and against-lists."""

    def __init__(self, result: Analysis) -> None:
        self.passages = {p["id"]: p for p in result.get("passages", [])}
        self.buckets = list(buckets_of(result))
        self.themes = [theme["id"] for theme in result["themes"]]
        self.criteria = {t["id"]: {c["id"] for c in t.get("criteria", [])} for t in result["themes"]}

    def validate(self, proposal: DecisionInput) -> dict[str, Any]:
        """The row to store, or :class:`InputError` naming what is wrong and what to send instead."""
        if proposal.action not in ACTIONS:
            raise InputError(None, f"unknown action '{proposal.action}'; use one of {', '.join(ACTIONS)}")
        self._check_direction(proposal)
        self._check_theme(proposal.theme_id, "theme_id")
        note = proposal.note.strip()[:MAX_NOTE] if proposal.note is not None else None
        if proposal.action == "verdict":
            return self._verdict_row(proposal, note)
        passage = self.passages.get(proposal.passage_id or "")
        if passage is None:
            raise InputError(None, f"unknown passage '{proposal.passage_id}'; use a passage id of this analysis")
        if proposal.action == "move":
            self._check_theme(proposal.to_theme, "to_theme")
            if proposal.to_theme == proposal.theme_id:
                raise InputError(None, "to_theme is the theme the passage is in; choose another theme")
        if proposal.action == "note" and not note:
            raise InputError(None, "empty note; write the note text")
        self._check_span(proposal, passage)
        return {
            "action": proposal.action,
            "theme_id": proposal.theme_id,
            "passage_id": passage["id"],
            "to_theme": proposal.to_theme if proposal.action == "move" else None,
            "start": proposal.start,
            "end": proposal.end,
            "note": note,
            "verdict": None,
            "criterion_id": None,
            "direction": proposal.direction,
        }

    def _check_direction(self, proposal: DecisionInput) -> None:
        if proposal.direction not in DIRECTIONS:
            raise InputError(None, f"unknown direction '{proposal.direction}'; use one of {', '.join(DIRECTIONS)}")
        if proposal.direction == "against":
            if proposal.action in ("move", "verdict"):
                raise InputError(None, f"'{proposal.action}' is for contributions; send it with direction 'for'")
            if proposal.theme_id not in self.themes:
                raise InputError(
                    None, f"unknown theme_id '{proposal.theme_id}' for direction 'against'; use a theme id"
                )

    def _check_theme(self, theme_id: str | None, name: str) -> None:
        if theme_id not in self.buckets:
            raise InputError(None, f"unknown {name} '{theme_id}'; use one of {', '.join(self.buckets)}")

    def _check_span(self, proposal: DecisionInput, passage: dict[str, Any]) -> None:
        if (proposal.start is None) != (proposal.end is None):
            raise InputError(None, "give both start and end to re-cut a quote, or neither")
        if proposal.start is None or proposal.end is None:
            return
        if not inside(passage, proposal.start, proposal.end):
            raise InputError(
                None,
                f"quote {proposal.start}-{proposal.end} is not inside paragraph {passage['id']} "
                f"({passage['start']}-{passage['end']}); select text within that paragraph",
            )

    def _verdict_row(self, proposal: DecisionInput, note: str | None) -> dict[str, Any]:
        if proposal.criterion_id not in self.criteria.get(proposal.theme_id, set()):
            raise InputError(
                None,
                f"unknown criterion '{proposal.criterion_id}' in theme '{proposal.theme_id}'"
                "; use a criterion id of that theme",
            )
        if proposal.verdict not in VERDICTS:
            raise InputError(None, f"unknown verdict '{proposal.verdict}'; use one of {', '.join(VERDICTS)}")
        return {
            "action": "verdict",
            "theme_id": proposal.theme_id,
            "passage_id": None,
            "to_theme": None,
            "start": None,
            "end": None,
            "note": note,
            "verdict": proposal.verdict,
            "criterion_id": proposal.criterion_id,
            "direction": "for",
        }
