"""The questions the engine asks a document: one per theme and one per criterion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..framework import Framework


@dataclass(frozen=True)
class Query:
    theme_id: str
    criterion_id: str | None
    kind: Literal["theme", "criterion", "other"]
    dense_text: str
    lexical_text: str
    label: str


def build_queries(framework: Framework) -> list[Query]:
    """Theme queries carry the theme's whole vocabulary; criterion queries one direction each."""
    queries: list[Query] = []
    for theme in framework.themes:
        keywords = " ".join(theme.keywords)
        criteria_text = " ".join(c.text for c in theme.criteria)
        queries.append(
            Query(
                theme_id=theme.id,
                criterion_id=None,
                kind="theme",
                dense_text=_sentence(theme.name, theme.description),
                lexical_text=" ".join([theme.name, theme.description or "", keywords, criteria_text]),
                label=theme.name,
            )
        )
        for criterion in theme.criteria:
            queries.append(
                Query(
                    theme_id=theme.id,
                    criterion_id=criterion.id,
                    kind="criterion",
                    dense_text=criterion.text,
                    lexical_text=criterion.text,
                    label=criterion.text,
                )
            )
    if framework.other is not None:
        other = framework.other
        queries.append(
            Query(
                theme_id=other.id,
                criterion_id=None,
                kind="other",
                dense_text=_sentence(other.name, other.description),
                lexical_text=" ".join([other.name, other.description or ""]),
                label=other.name,
            )
        )
    return queries


def _sentence(name: str, description: str | None) -> str:
    name = name.strip()
    if not description:
        return name
    return f"{name}. {description.strip()}" if not name.endswith((".", "?", "!")) else f"{name} {description}"
