"""Agreement between reviewers: Cohen's κ per theme over the passages two reviewers both decided.

Only decisions on a theme's contributions count (direction ``for``): whether a passage belongs to a theme
is the question both reviewers answer; the against-list asks a different one.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from ..schema import Analysis
from .decisions import POSITIVE, Decision, fold

Pair = tuple[str, str]  # (passage_id, theme_id)


def labels_by_reviewer(decisions: list[Decision]) -> dict[str, dict[Pair, bool]]:
    """Per reviewer: for each (passage, theme) they decided, whether it belongs to the theme."""
    by_reviewer: dict[str, list[Decision]] = {}
    for decision in decisions:
        if decision.direction == "for":
            by_reviewer.setdefault(decision.reviewer, []).append(decision)
    labels: dict[str, dict[Pair, bool]] = {}
    for reviewer, own in by_reviewer.items():
        states, _ = fold(own)
        labels[reviewer] = {
            (passage_id, theme_id): state.disposition in POSITIVE
            for (passage_id, theme_id, _direction), state in states.items()
            if state.disposition
        }
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


def agreement(result: Analysis, decisions: list[Decision]) -> dict[str, Any]:
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
    a: dict[Pair, bool],
    b: dict[Pair, bool],
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
