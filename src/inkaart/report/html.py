"""The HTML report: one self-contained file (inline CSS, no script, no external resources).

Every string that comes from the document or the framework passes through :func:`html.escape`, so a
document that contains markup shows it as text. The whole paragraph behind a quote opens with a plain
``<details>`` element, the quote marked in it by its character offsets.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import PureWindowsPath
from typing import Any

from inkaart.report.commitments import html_commitments, theme_dicts
from inkaart.report.common import (
    Bucket,
    Labels,
    buckets,
    cites_passage_ids,
    gap_texts,
    heading,
    html_page,
    intro,
    labels,
    language,
    location,
    pages,
    verdict,
)

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies; the badge text carries
# the rating too, so colour is never the only cue.
_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
nav ol { padding-left: 1.5rem; }
.badge { display: inline-block; min-width: 2.2em; padding: 0 .4em; border-radius: .3em; font-size: .85em;
         font-weight: 600; text-align: center; vertical-align: middle; }
.r-pp, .v-addressed { background: #0072B2; color: #fff; }
.r-p { background: #56B4E9; color: #000; }
.r-o { background: #bbb; color: #000; }
.r-m, .v-partial { background: #E69F00; color: #000; }
.r-mm, .v-absent { background: #D55E00; color: #000; }
.description { color: #555; font-style: italic; }
ul.quotes { list-style: none; padding: 0; }
ul.quotes > li { margin: 0 0 1.2rem; }
blockquote { margin: 0; padding: .2rem .8rem; border-left: 4px solid #0072B2; background: #f5f8fb;
             white-space: pre-wrap; }
.loc, .note, small { color: #555; font-size: .85em; }
.loc { margin: .2rem 0 0 .8rem; }
.status { border: 1px solid #555; border-radius: .3em; padding: 0 .3em; }
details { margin-left: .8rem; font-size: .9em; }
.context { white-space: pre-wrap; background: #fafafa; padding: .4rem .6rem; border: 1px solid #eee; }
mark { background: #fde9a9; }
ul.gaps { list-style: none; padding: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9em; margin-top: 1rem; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td ul { margin: 0; padding-left: 1rem; }
.rating-why { margin: .2rem 0 .6rem; }
ul.against blockquote { border-left-color: #D55E00; background: #fdf3ee; }
.direction { border: 1px solid #555; border-radius: .3em; padding: 0 .3em; font-size: .8em; }
.d-against { border-color: #D55E00; color: #8a3b00; }
footer { margin-top: 3rem; color: #777; font-size: .8em; }
"""

_RATING_CLASS = {"++": "r-pp", "+": "r-p", "o": "r-o", "-": "r-m", "--": "r-mm"}


def render_html(analysis: dict[str, Any]) -> str:
    words = labels(analysis)
    passages = {passage["id"]: passage for passage in analysis.get("passages", [])}
    sections = buckets(analysis)
    themes = theme_dicts(analysis)
    anchors = [_anchor(index, bucket) for index, bucket in enumerate(sections)]
    body = [
        f"<h1>{escape(heading(analysis))}</h1>",
        f'<p class="intro">{escape(intro(analysis))}</p>',
        _contents(sections, anchors, words),
        *(
            _section(
                bucket,
                anchor,
                words,
                passages,
                cites_passage_ids(analysis),
                html_commitments(themes.get(bucket.id), language(analysis)),
            )
            for bucket, anchor in zip(sections, anchors, strict=True)
        ),
        _footer(analysis, words),
    ]
    return html_page(analysis["document"].get("language"), heading(analysis), _CSS, body)


def _anchor(index: int, bucket: Bucket) -> str:
    # The index keeps anchors unique even if a theme id collides with the "other" bucket's id.
    slug = re.sub(r"[^a-z0-9]+", "-", bucket.id.lower()).strip("-")
    return f"s{index + 1}-{slug}"


def _rating_badge(bucket: Bucket, words: Labels) -> str:
    if bucket.rating is None:
        return ""
    value = "" if bucket.rating_value is None else f" {bucket.rating_value:.2f}"
    css = _RATING_CLASS.get(bucket.rating, "r-o")
    return f' <span class="badge {css}" title="{escape(words.rating)}">{escape(bucket.rating)}{value}</span>'


def _contents(sections: list[Bucket], anchors: list[str], words: Labels) -> str:
    items = "".join(
        f'<li><a href="#{anchor}">{escape(bucket.name)}</a>{_rating_badge(bucket, words)}'
        f" <small>({len(bucket.contributions)})</small></li>"
        for bucket, anchor in zip(sections, anchors, strict=True)
    )
    return f"<nav>\n<h2>{escape(words.contents)}</h2>\n<ol>{items}</ol>\n</nav>"


def _section(
    bucket: Bucket, anchor: str, words: Labels, passages: dict[str, Any], with_id: bool, commitments: str = ""
) -> str:
    parts = [f'<section id="{anchor}">', f"<h2>{escape(bucket.name)}{_rating_badge(bucket, words)}</h2>"]
    if bucket.rating_why:
        parts.append(f'<p class="rating-why">{escape(bucket.rating_why)}</p>')
    if bucket.description:
        parts.append(f'<p class="description">{escape(bucket.description)}</p>')
    if bucket.contributions:
        quotes = "\n".join(_quote(contribution, words, passages, with_id) for contribution in bucket.contributions)
        parts.append(f'<ul class="quotes">\n{quotes}\n</ul>')
    else:
        parts.append('<p class="empty">-</p>')
    gaps = gap_texts(bucket)
    if gaps:
        lines = "".join(f"<li><strong>{escape(words.gap)}:</strong> {escape(text)}</li>" for text in gaps)
        parts.append(f'<ul class="gaps">{lines}</ul>')
    if bucket.against:
        quotes = "\n".join(_quote(item, words, passages, with_id) for item in bucket.against)
        parts.append(
            f'<h3 class="against">{escape(words.works_against)}</h3>\n<ul class="quotes against">\n{quotes}\n</ul>'
        )
    if commitments:
        parts.append(commitments)
    if bucket.criteria:
        parts.append(_criteria_table(bucket, words))
    parts.append("</section>")
    return "\n".join(parts)


def _quote(contribution: dict[str, Any], words: Labels, passages: dict[str, Any], with_id: bool) -> str:
    status = contribution.get("status", "proposed")
    status_name = escape(words.statuses.get(status, status))
    tag = "" if status == "proposed" else f' <span class="status">{status_name}</span>'
    parts = [
        f"<li><blockquote>{escape(contribution['quote'])}</blockquote>",
        f'<p class="loc">{escape(location(contribution, with_id))}{tag}</p>',
    ]
    if contribution.get("note"):
        parts.append(f'<p class="note">{escape(words.note)}: {escape(contribution["note"])}</p>')
    context = _context(contribution, passages)
    if context:
        summary = f"<summary>{escape(words.context)}</summary>"
        why = contribution.get("why")
        reason = f'<p class="why">{escape(words.why)}: {escape(why)}</p>' if why else ""
        parts.append(f'<details>{summary}<p class="context">{context}</p>{reason}</details>')
    return "\n".join(parts) + "</li>"


def _context(contribution: dict[str, Any], passages: dict[str, Any]) -> str:
    """The paragraph around a quote, escaped, with the quote inside ``<mark>``."""
    passage = passages.get(contribution["passage_id"]) or {}
    text = contribution.get("text") or passage.get("text") or ""
    quote = contribution["quote"]
    offset = contribution["start"] - passage["start"] if "start" in passage else -1
    if offset < 0 or text[offset : offset + len(quote)] != quote:
        # Offsets from an edited or older file may not line up; the text itself is still authoritative.
        offset = text.find(quote)
    if offset < 0:
        return escape(text)
    end = offset + len(quote)
    return f"{escape(text[:offset])}<mark>{escape(quote)}</mark>{escape(text[end:])}"


def _criteria_table(bucket: Bucket, words: Labels) -> str:
    head = "".join(
        f"<th>{escape(title)}</th>" for title in (words.criterion, words.verdict, words.score, words.evidence)
    )
    rows = "\n".join(_criterion_row(criterion, words) for criterion in bucket.criteria)
    return (
        f'<table class="criteria">\n<caption>{escape(words.criteria)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
    )


def _criterion_row(criterion: dict[str, Any], words: Labels) -> str:
    shown = verdict(criterion)
    cell = f'<span class="badge v-{escape(shown)}">{escape(words.verdicts.get(shown, shown))}</span>'
    override = criterion.get("override")
    if override:
        who = override.get("reviewer") or "?"
        note = f": {override['note']}" if override.get("note") else ""
        cell += f"<br><small>{escape(words.overridden)} {escape(who)}{escape(note)}</small>"
    score = criterion.get("score")
    evidence = "".join(_evidence(item, words) for item in criterion.get("evidence", []))
    return (
        f"<tr><td>{escape(criterion['text'])}</td><td>{cell}</td>"
        f"<td>{'' if score is None else f'{score:.2f}'}</td>"
        f"<td>{f'<ul>{evidence}</ul>' if evidence else ''}</td></tr>"
    )


def _evidence(item: dict[str, Any], words: Labels) -> str:
    """One evidence passage; newer analyses say whether it works for or against and why."""
    direction = item.get("direction")
    tag = ""
    if direction:
        name = words.directions.get(direction, direction)
        tag = f' <span class="direction d-{escape(direction)}" title="{escape(words.direction)}">{escape(name)}</span>'
    reason = f'<br><small class="reason">{escape(item["reason"])}</small>' if item.get("reason") else ""
    return f"<li><q>{escape(item['quote'])}</q> <small>{escape(pages(item))}</small>{tag}{reason}</li>"


def _footer(analysis: dict[str, Any], words: Labels) -> str:
    made = words.generated.format(
        version=analysis.get("inkaart_version", "?"),
        date=analysis.get("generated", "?"),
        embedder=analysis.get("settings", {}).get("embedder", "?"),
    )
    # The file name only: the full path would publish the analyst's folders with the report. The Windows
    # flavour splits on both "/" and "\\", whichever system wrote the analysis.
    source = PureWindowsPath(analysis["document"].get("source") or "").name
    return f"<footer>{escape(made)}{f'<br>{escape(source)}' if source else ''}</footer>"
