"""The Markdown report, in the layout of the analyst's hand-made "Bijdrage" notes.

Quotes are written verbatim after a ``•`` bullet (not ``-``/``*``) so that Markdown leaves their text alone
and no escaping is needed: the file stays a faithful plain-text copy of every quote.
"""

from __future__ import annotations

from typing import Any

from inkaart.report.commitments import markdown_commitments, theme_dicts
from inkaart.report.common import (
    buckets,
    cites_passage_ids,
    gap_texts,
    heading,
    intro,
    labels,
    language,
    location,
    rating_text,
)


def render_markdown(analysis: dict[str, Any], refs: bool = True) -> str:
    """Render the analysis; ``refs=False`` gives the bare seed layout without locations and ratings."""
    words = labels(analysis)
    with_id = cites_passage_ids(analysis)
    themes = theme_dicts(analysis)
    lines = [heading(analysis), "", intro(analysis)]
    for bucket in buckets(analysis):
        lines += ["", f"## {bucket.name}", ""]
        rating = rating_text(bucket)
        if refs and rating:
            lines += [f"{words.rating}: {rating}", ""]
        lines += [_bullet(contribution, refs, with_id) for contribution in bucket.contributions] or ["-"]
        gaps = gap_texts(bucket)
        if gaps:
            lines += ["", *(f"{words.gap}: {text}" for text in gaps)]
        if refs:
            lines += markdown_commitments(themes.get(bucket.id), language(analysis))
    return "\n".join(lines) + "\n"


def _bullet(contribution: dict[str, Any], refs: bool, with_id: bool) -> str:
    line = f" • {contribution['quote']}"
    return f"{line} ({location(contribution, with_id)})" if refs else line
