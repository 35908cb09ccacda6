"""Reports of an ``inkaart.diff/v1`` dict: Markdown, HTML (two columns, OLD | NEW) and JSON.

Like every renderer these read only the dict, so a saved diff renders the same as a fresh one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from inkaart.errors import InputError
from inkaart.report.common import html_page

SCHEMA = "inkaart.diff/v1"
DIFF_FORMATS = ("md", "html", "json")


@dataclass(frozen=True)
class DiffWords:
    heading: str
    intro: str
    kinds: dict[str, str]
    explain: dict[str, str]
    nothing: str
    similarity: str
    page: str
    counts: str


_WORDS = {
    "nl": DiffWords(
        heading="Wat verandert: {old} → {new}",
        intro="Per thema van {framework}: wat {new} voortzet, terugdraait, laat vallen en toevoegt ten opzichte "
        "van {old}. Alinea's zijn gekoppeld op betekenis en gedeelde woorden (overeenkomst ≥ {threshold:.2f}).",
        kinds={"reversed": "Teruggedraaid", "continued": "Voortgezet", "dropped": "Vervallen", "new": "Nieuw"},
        explain={
            "reversed": "een nieuwe passage die tegen het thema in werkt, naast de oude alinea die ze terugdraait",
            "continued": "een oude bijdrage met een overeenkomende passage in het nieuwe document",
            "dropped": "een oude bijdrage zonder overeenkomende passage in het nieuwe document",
            "new": "een nieuwe bijdrage zonder overeenkomende alinea in het oude document",
        },
        nothing="geen veranderingen gevonden",
        similarity="overeenkomst",
        page="p.",
        counts="{reversed} teruggedraaid, {continued} voortgezet, {dropped} vervallen, {new} nieuw",
    ),
    "en": DiffWords(
        heading="What changes: {old} → {new}",
        intro="Per theme of {framework}: what {new} continues, reverses, drops and adds compared with {old}. "
        "Paragraphs are paired by meaning and shared words (similarity ≥ {threshold:.2f}).",
        kinds={"reversed": "Reversed", "continued": "Continued", "dropped": "Dropped", "new": "New"},
        explain={
            "reversed": "a new passage that works against the theme, beside the old paragraph it reverses",
            "continued": "an old contribution with a matching passage in the new document",
            "dropped": "an old contribution with no matching passage in the new document",
            "new": "a new contribution with no matching paragraph in the old document",
        },
        nothing="no changes found",
        similarity="similarity",
        page="p.",
        counts="{reversed} reversed, {continued} continued, {dropped} dropped, {new} new",
    ),
}


def validate_diff(diff: object) -> None:
    if not isinstance(diff, dict) or diff.get("schema") != SCHEMA or not isinstance(diff.get("changes"), list):
        raise InputError(None, f"not an {SCHEMA} diff; render the JSON that `inkaart diff` wrote")


def diff_words(diff: dict[str, Any]) -> DiffWords:
    return _WORDS["en" if diff["framework"].get("language") == "en" else "nl"]


def document_name(side: dict[str, Any]) -> str:
    return Path(side.get("source") or side.get("title") or "?").stem


def render_diff(diff: dict[str, Any], fmt: str) -> str:
    validate_diff(diff)
    match fmt:
        case "md":
            return render_diff_markdown(diff)
        case "html":
            return render_diff_html(diff)
        case "json":
            return json.dumps(diff, ensure_ascii=False, indent=2) + "\n"
        case _:
            raise InputError(None, f"unknown format '{fmt}'; choose one of {', '.join(DIFF_FORMATS)}")


def changes_by_theme(diff: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]]:
    """Per theme of the diff, its changes by kind (reversed, continued, dropped, new)."""
    grouped = []
    for theme in diff["themes"]:
        changes = [c for c in diff["changes"] if c["theme"] == theme["id"]]
        grouped.append((theme, {kind: [c for c in changes if c["kind"] == kind] for kind in _KINDS}))
    return grouped


_KINDS = ("reversed", "continued", "dropped", "new")


def _intro(diff: dict[str, Any], w: DiffWords) -> str:
    return w.intro.format(
        framework=diff["framework"].get("name") or "?",
        old=document_name(diff["old"]),
        new=document_name(diff["new"]),
        threshold=diff.get("settings", {}).get("match_similarity", 0.0),
    )


def _location(side: dict[str, Any], w: DiffWords) -> str:
    page = side.get("page")
    return f"{side['passage_id']}" + ("" if page is None else f", {w.page} {page}")


# --- Markdown -----------------------------------------------------------------------------------------


def render_diff_markdown(diff: dict[str, Any]) -> str:
    w = diff_words(diff)
    old, new = document_name(diff["old"]), document_name(diff["new"])
    lines = [f"# {w.heading.format(old=old, new=new)}", "", _intro(diff, w)]
    for theme, kinds in changes_by_theme(diff):
        lines += ["", f"## {theme['name']}", "", w.counts.format(**{k: len(v) for k, v in kinds.items()})]
        for kind, changes in kinds.items():
            if changes:
                lines += ["", f"### {w.kinds[kind]}", "", f"_{w.explain[kind]}_", ""]
                lines += [_md_change(change, old, new, w) for change in changes]
    return "\n".join(lines) + "\n"


def _md_change(change: dict[str, Any], old: str, new: str, w: DiffWords) -> str:
    parts = []
    for label, side in ((old, change["old"]), (new, change["new"])):
        if side is not None:
            parts.append(f"   {label} ({_location(side, w)}): {' '.join(side['quote'].split())}")
    similarity = change.get("similarity")
    head = " •" + ("" if similarity is None else f" {w.similarity} {similarity:.2f}")
    return "\n".join([head, *parts])


# --- HTML ---------------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; max-width: 80rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45;
       color: #1a1a1a; }
h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
table.diff { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: .92em; }
table.diff th, table.diff td { border: 1px solid #ddd; padding: .35rem .5rem; vertical-align: top; text-align: left; }
table.diff td.sim { width: 6rem; color: #555; }
tr.reversed td { background: #fbeee6; }
tr.dropped td.old { background: #f3f3f3; }
tr.new td.new { background: #eaf3fa; }
blockquote { margin: 0; white-space: pre-wrap; }
small { color: #555; }
"""


def render_diff_html(diff: dict[str, Any]) -> str:
    w = diff_words(diff)
    old, new = document_name(diff["old"]), document_name(diff["new"])
    title = w.heading.format(old=old, new=new)
    body = [f"<h1>{escape(title)}</h1>", f"<p>{escape(_intro(diff, w))}</p>"]
    body += [_html_theme(theme, kinds, old, new, w) for theme, kinds in changes_by_theme(diff)]
    return html_page(diff["framework"].get("language"), title, _CSS, body)


def _html_theme(theme: dict[str, Any], kinds: dict[str, list], old: str, new: str, w: DiffWords) -> str:
    counts = w.counts.format(**{k: len(v) for k, v in kinds.items()})
    parts = [f'<section id="theme-{escape(theme["id"])}">', f"<h2>{escape(theme['name'])}</h2>", f"<p>{counts}</p>"]
    rows = [_html_row(change, kind, w) for kind, changes in kinds.items() for change in changes]
    if rows:
        head = f"<tr><th>{escape(old)}</th><th>{escape(new)}</th><th class='sim'>{escape(w.similarity)}</th></tr>"
        parts.append(f'<table class="diff">\n<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody></table>")
    else:
        parts.append(f"<p>{escape(w.nothing)}</p>")
    return "\n".join([*parts, "</section>"])


def _html_row(change: dict[str, Any], kind: str, w: DiffWords) -> str:
    similarity = change.get("similarity")
    cells = [_html_side(change["old"], "old", w), _html_side(change["new"], "new", w)]
    score = "" if similarity is None else f"{similarity:.2f}"
    label = f"<strong>{escape(w.kinds[kind])}</strong><br>{score}"
    return f'<tr class="{kind}">{"".join(cells)}<td class="sim">{label}</td></tr>'


def _html_side(side: dict[str, Any] | None, css: str, w: DiffWords) -> str:
    if side is None:
        return f'<td class="{css}"></td>'
    return (
        f'<td class="{css}"><blockquote>{escape(side["quote"])}</blockquote>'
        f"<small>{escape(_location(side, w))}</small></td>"
    )
