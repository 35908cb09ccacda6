"""The Markdown report and the plain-text seed layout of the analyst's hand-made "Bijdrage" notes.

The text layout (``txt``) writes each quote verbatim after a `` • `` bullet, exactly as the analyst's notes do,
so the file stays a faithful plain-text copy of every quote. The Markdown report is real Markdown: headings,
``-`` lists, and every character Markdown would read as markup escaped, so a renderer shows the quote as written.
"""

from __future__ import annotations

import re
from typing import Any

from inkaart.report.commitments import markdown_commitments, theme_dicts
from inkaart.report.common import (
    Bucket,
    Labels,
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

# CommonMark lets any ASCII punctuation be escaped; these are the ones that can start markup mid-line.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|~&!])")
# At the start of a list item's text these would open a nested list, heading or quote block.
_LINE_START_MARKUP = re.compile(r"^([#>+-]|\d+[.)])")


def render_text(analysis: dict[str, Any], refs: bool = True) -> str:
    """The seed layout; ``refs=False`` gives it bare, without locations and ratings."""
    words = labels(analysis)
    with_id = cites_passage_ids(analysis)
    themes = theme_dicts(analysis)
    lines = [heading(analysis), "", intro(analysis)]
    for bucket in buckets(analysis):
        lines += ["", f"## {bucket.name}", ""]
        if refs:
            lines += _rating_lines(bucket, words)
        lines += [_bullet(contribution, refs, with_id) for contribution in bucket.contributions] or ["-"]
        closing = [f"{words.gap}: {text}" for text in gap_texts(bucket)]
        closing += [_located(f"{words.against}: {item['quote']}", item, refs, with_id) for item in bucket.against]
        if closing:
            lines += ["", *closing]
        if refs:
            lines += markdown_commitments(themes.get(bucket.id), language(analysis))
    return "\n".join(lines) + "\n"


def _rating_lines(bucket: Bucket, words: Labels) -> list[str]:
    rating = rating_text(bucket)
    if not rating:
        return []
    lines = [f"{words.rating}: {rating}"]
    if bucket.rating_why:
        # A paragraph of its own: Markdown would otherwise run it into the rating line.
        lines += ["", bucket.rating_why]
    return [*lines, ""]


def _bullet(contribution: dict[str, Any], refs: bool, with_id: bool) -> str:
    return _located(f" • {contribution['quote']}", contribution, refs, with_id)


def _located(line: str, item: dict[str, Any], refs: bool, with_id: bool) -> str:
    return f"{line} ({location(item, with_id)})" if refs else line


def render_markdown(analysis: dict[str, Any], refs: bool = True) -> str:
    """Markdown: a heading per theme, the quotes as a list, the gaps and against-passages as lists below."""
    words = labels(analysis)
    with_id = cites_passage_ids(analysis)
    themes = theme_dicts(analysis)
    lines = [f"# {escape_markdown(heading(analysis))}", "", escape_markdown(intro(analysis))]
    for bucket in buckets(analysis):
        lines += ["", f"## {escape_markdown(bucket.name)}", ""]
        if refs:
            lines += [escape_markdown(line) if line else line for line in _rating_lines(bucket, words)]
        lines += [_markdown_item(c["quote"], c, refs, with_id) for c in bucket.contributions] or ["-"]
        # A different bullet starts a list of its own: with "-" again, Markdown would join it to the quotes.
        gaps = [f"* **{words.gap}:** {escape_markdown(text)}" for text in gap_texts(bucket)]
        against = [
            _markdown_item(item["quote"], item, refs, with_id, f"**{words.against}:** ", "*") for item in bucket.against
        ]
        if gaps or against:
            lines += ["", *gaps, *against]
        if refs:
            lines += markdown_commitments(themes.get(bucket.id), language(analysis))
    return "\n".join(lines) + "\n"


def _markdown_item(
    quote: str, item: dict[str, Any], refs: bool, with_id: bool, prefix: str = "", bullet: str = "-"
) -> str:
    text = escape_markdown(quote)
    if refs:
        text += f" ({escape_markdown(location(item, with_id))})"
    return f"{bullet} {prefix}{text}"


def escape_markdown(text: str) -> str:
    """Text that a Markdown renderer shows as written: markup characters escaped, lines joined."""
    escaped = _INLINE_MARKUP.sub(r"\\\1", " ".join(text.split("\n")))
    return _LINE_START_MARKUP.sub(lambda match: match.group(0)[:-1] + "\\" + match.group(0)[-1], escaped)
