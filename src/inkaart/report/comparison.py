"""Reports of an ``inkaart.comparison/v1`` dict: Markdown, HTML, CSV and JSON, plus the heatmap grid.

Like the single-document reports, these read only the dict, so a saved comparison renders the same as
a fresh one. Documents are named by their file name (without suffix): titles taken from messy texts
are often a slogan or a heading, and an analyst compares files.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from inkaart.errors import InputError
from inkaart.report.commitments import commitment_words, money_per_year_cell
from inkaart.report.common import cites_passage_ids, html_page, location, spreadsheet_safe, verdict
from inkaart.report.heatmap import Grid, heatmap_svg

SCHEMA = "inkaart.comparison/v1"
STRONGEST = 2
CSV_COLUMNS = (
    "document",
    "source",
    "theme_id",
    "theme_name",
    "rating",
    "rating_value",
    "contributions",
    "criteria_addressed",
    "criteria_partial",
    "criteria_absent",
    "money_per_year_eur",
    "rating_why",
)


@dataclass(frozen=True)
class Words:
    heading: str
    intro: str
    scale: str
    document: str
    heatmap: str
    failed: str
    strongest: str
    differences: str
    addressed_by: str
    absent_in: str
    partial_in: str
    nothing: str
    against: str
    against_intro: str
    traced: str
    share: str
    closest: str
    closest_share: str
    themes: str


_WORDS = {
    "nl": Words(
        heading="Vergelijking: {framework}",
        intro="{count} documenten naast elkaar op {framework}.",
        scale="Beoordeling per thema: ++ serieuze bijdrage · + enige bijdrage · o geringe bijdrage · "
        "- genoemd zonder bijdrage · -- niet genoemd; tussen haakjes de waarde (0-1).",
        document="Document",
        heatmap="Heatmap van de beoordelingen",
        failed="Niet geanalyseerd",
        strongest="Sterkste bijdragen",
        differences="Criteria die het ene document behandelt en het andere niet",
        addressed_by="behandeld door",
        absent_in="afwezig in",
        partial_in="gedeeltelijk in",
        nothing="geen bijdrage",
        against="Terug te vinden in de documenten: {title}",
        against_intro="Voor elke bijdrage van {title} de dichtstbijzijnde alinea's in elk document "
        "(cosinus van alineavectoren, gecentreerd op de gemiddelde alinea van het akkoord). Een bijdrage "
        "is herleid tot een document als de beste overeenkomst daar minstens {threshold:.2f} is.",
        traced="herleid",
        share="aandeel",
        closest="het dichtst bij",
        closest_share="aandeel het dichtst",
        themes="thema's",
    ),
    "en": Words(
        heading="Comparison: {framework}",
        intro="{count} documents side by side on {framework}.",
        scale="Rating per theme: ++ serious contribution · + some · o slight · - mentioned without "
        "contribution · -- not mentioned; the value (0-1) in brackets.",
        document="Document",
        heatmap="Heatmap of the ratings",
        failed="Not analysed",
        strongest="Strongest contributions",
        differences="Criteria one document addresses and another does not",
        addressed_by="addressed by",
        absent_in="absent in",
        partial_in="partial in",
        nothing="no contribution",
        against="Traced to the documents: {title}",
        against_intro="For every contribution of {title}, the closest paragraphs in each document "
        "(cosine of paragraph vectors centred on the agreement's mean paragraph). A contribution is traced to a "
        "document when its best match there reaches {threshold:.2f}.",
        traced="traced",
        share="share",
        closest="closest to",
        closest_share="closest share",
        themes="themes",
    ),
}


def validate_comparison(comparison: object) -> None:
    if not isinstance(comparison, dict) or comparison.get("schema") != SCHEMA:
        raise InputError(None, f"not an {SCHEMA} comparison; render the JSON that `inkaart compare` wrote")
    if not isinstance(comparison.get("documents"), list) or not isinstance(comparison.get("framework"), dict):
        raise InputError(None, "comparison lacks documents or framework; re-run `inkaart compare`")


def words(comparison: dict[str, Any]) -> Words:
    return _WORDS.get(comparison["framework"].get("language") or "nl", _WORDS["nl"])


def document_labels(comparison: dict[str, Any]) -> list[str]:
    """Short unique names: the file name without suffix, numbered when two files share one."""
    stems = [Path(d["document"]["source"] or d["document"]["title"]).stem for d in comparison["documents"]]
    counts = Counter(stems)
    seen: Counter[str] = Counter()
    labels = []
    for stem in stems:
        seen[stem] += 1
        labels.append(f"{stem} ({seen[stem]})" if counts[stem] > 1 else stem)
    return labels


def theme_columns(comparison: dict[str, Any]) -> list[tuple[str, str]]:
    """The framework's themes in order, as every document lists them (they share the framework)."""
    documents = comparison["documents"]
    return [(t["id"], t["name"]) for t in documents[0]["themes"]] if documents else []


def _theme(document: dict[str, Any], theme_id: str) -> dict[str, Any] | None:
    return next((t for t in document["themes"] if t["id"] == theme_id), None)


def grid(comparison: dict[str, Any]) -> Grid:
    columns = theme_columns(comparison)
    values, symbols, tooltips = [], [], []
    for document in comparison["documents"]:
        themes = [_theme(document, theme_id) for theme_id, _ in columns]
        values.append([None if t is None else t.get("rating_value") for t in themes])
        symbols.append(["" if t is None else t.get("rating") or "" for t in themes])
        tooltips.append([_tooltip(name, t) for (_, name), t in zip(columns, themes, strict=True)])
    return Grid(
        title=comparison["framework"]["name"],
        rows=document_labels(comparison),
        columns=[name for _, name in columns],
        values=values,
        symbols=symbols,
        tooltips=tooltips,
    )


def _tooltip(name: str, theme: dict[str, Any] | None) -> str:
    """A heatmap cell's tooltip: the theme, the rating and the sentence the rating rests on."""
    parts = [f"{name}: {cell_text(theme)}" if cell_text(theme) else name]
    if theme and theme.get("rating_why"):
        parts.append(theme["rating_why"])
    return " — ".join(parts)


def cell_text(theme: dict[str, Any] | None) -> str:
    if theme is None or theme.get("rating") is None:
        return ""
    value = theme.get("rating_value")
    return theme["rating"] if value is None else f"{theme['rating']} ({value:.2f})"


def strongest(theme: dict[str, Any]) -> list[dict[str, Any]]:
    ranked = sorted(theme["contributions"], key=lambda c: -(c.get("score") or 0.0))
    unique, seen = [], set()
    for contribution in ranked:
        if contribution["quote"] not in seen:
            seen.add(contribution["quote"])
            unique.append(contribution)
    return unique[:STRONGEST]


@dataclass(frozen=True)
class Difference:
    criterion: str
    addressed: list[str]
    partial: list[str]
    absent: list[str]


def differences(comparison: dict[str, Any], theme_id: str) -> list[Difference]:
    """Criteria of a theme that at least one document addresses and at least one leaves absent."""
    labels = document_labels(comparison)
    by_criterion: dict[str, dict[str, Any]] = {}
    for label, document in zip(labels, comparison["documents"], strict=True):
        theme = _theme(document, theme_id)
        for criterion in theme["criteria"] if theme else []:
            entry = by_criterion.setdefault(
                criterion["id"], {"text": criterion["text"], "addressed": [], "partial": [], "absent": []}
            )
            entry[verdict(criterion)].append(label)
    return [
        Difference(entry["text"], entry["addressed"], entry["partial"], entry["absent"])
        for entry in by_criterion.values()
        if entry["addressed"] and entry["absent"]
    ]


def render_comparison(comparison: dict[str, Any], fmt: str, *, heatmap_href: str | None = None) -> str:
    """Render in ``fmt``; Markdown links the heatmap at ``heatmap_href`` (HTML inlines it)."""
    # Imported here because the registry imports this module's renderers.
    from inkaart.report.formats import output_format

    renderer = output_format(fmt, comparison=True).render_comparison
    if renderer is None:  # output_format(comparison=True) only returns formats that have one
        raise InputError(None, f"format {fmt!r} cannot render a comparison")
    validate_comparison(comparison)
    return renderer(comparison, heatmap_href)


def render_comparison_csv(comparison: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for label, document in zip(document_labels(comparison), comparison["documents"], strict=True):
        for theme in document["themes"]:
            verdicts = Counter(verdict(c) for c in theme.get("criteria", []))
            row = [
                label,
                document["document"]["source"],
                theme["id"],
                theme["name"],
                theme.get("rating", ""),
                theme.get("rating_value", ""),
                len(theme["contributions"]),
                verdicts["addressed"],
                verdicts["partial"],
                verdicts["absent"],
                (theme.get("money") or {}).get("per_year_eur", ""),
                theme.get("rating_why", ""),
            ]
            writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


# --- Markdown ---------------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_comparison_markdown(comparison: dict[str, Any], heatmap_href: str | None = None) -> str:
    w = words(comparison)
    framework = comparison["framework"]["name"]
    lines = [
        f"# {w.heading.format(framework=framework)}",
        "",
        w.intro.format(count=len(comparison["documents"]), framework=framework),
        "",
        w.scale,
        "",
        *_md_table(comparison, w),
    ]
    if heatmap_href:
        lines += ["", f"![{w.heatmap}]({heatmap_href})"]
    if comparison.get("failed"):
        lines += [
            "",
            f"**{w.failed}:**",
            "",
            *(f"- {f['source']}: {f['error']}" for f in comparison["failed"]),
        ]
    labels = document_labels(comparison)
    for theme_id, name in theme_columns(comparison):
        lines += ["", f"## {name}", "", f"### {w.strongest}"]
        for label, document in zip(labels, comparison["documents"], strict=True):
            theme = _theme(document, theme_id)
            lines += ["", f"**{label}** {cell_text(theme)}", ""]
            if theme and theme.get("rating_why"):
                lines += [_md_cell(theme["rating_why"]), ""]
            quotes = strongest(theme) if theme else []
            with_id = cites_passage_ids(document)
            lines += [f" • {c['quote']} ({location(c, with_id)})" for c in quotes] or [f" - {w.nothing}"]
        found = differences(comparison, theme_id)
        if found:
            lines += ["", f"### {w.differences}", ""]
            lines += [_md_difference(d, w) for d in found]
    if comparison.get("against"):
        lines += ["", *_md_against(comparison["against"], w)]
    return "\n".join(lines) + "\n"


def _md_table(comparison: dict[str, Any], w: Words) -> list[str]:
    columns = theme_columns(comparison)
    language = comparison["framework"].get("language")
    head = [w.document, *(name for _, name in columns), commitment_words(language).money_column]
    rows = [
        "| " + " | ".join(_md_cell(cell) for cell in head) + " |",
        "|" + "---|" * len(head),
    ]
    for label, document in zip(document_labels(comparison), comparison["documents"], strict=True):
        cells = [
            label,
            *(cell_text(_theme(document, theme_id)) for theme_id, _ in columns),
            money_per_year_cell(document, language),
        ]
        rows.append("| " + " | ".join(_md_cell(cell) for cell in cells) + " |")
    return rows


def _md_difference(difference: Difference, w: Words) -> str:
    line = (
        f"- {difference.criterion} — {w.addressed_by}: {', '.join(difference.addressed)}; "
        f"{w.absent_in}: {', '.join(difference.absent)}"
    )
    return line + (f"; {w.partial_in}: {', '.join(difference.partial)}" if difference.partial else "")


def _source_labels(against: dict[str, Any]) -> dict[str, str]:
    return {share["source"]: Path(share["source"]).stem for share in against["shares"]}


def _md_against(against: dict[str, Any], w: Words) -> list[str]:
    title = Path(against["document"]["document"]["source"]).stem
    names = _source_labels(against)
    lines = [
        f"## {w.against.format(title=title)}",
        "",
        w.against_intro.format(title=title, threshold=against["threshold"]),
        "",
        f"| {w.document} | {w.traced} | {w.share} | {w.closest} | {w.closest_share} |",
        "|---|---|---|---|---|",
    ]
    for share in against["shares"]:
        lines.append(
            f"| {_md_cell(names[share['source']])} | {share['traced']}/{share['contributions']} | "
            f"{share['share']:.0%} | {share['closest']} | {share['closest_share']:.0%} |"
        )
    for item in against["contributions"]:
        lines += ["", f" • {item['quote']} (p. {item['page']}; {w.themes}: {', '.join(item['themes'])})"]
        for match in item["matches"]:
            if match["passages"]:
                best = match["passages"][0]
                mark = " ✓" if match["source"] in item["traced_to"] else ""
                lines.append(
                    f"    - {names[match['source']]}{mark}: {best['similarity']:.3f} — "
                    f"{best['text']} (p. {best['page']})"
                )
    return lines


# --- HTML -------------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; font-size: .9em; margin: 1rem 0; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.r { text-align: center; white-space: nowrap; }
.r-pp { background: #0072B2; color: #fff; }
.r-p { background: #56B4E9; }
.r-o { background: #ddd; }
.r-m { background: #E69F00; }
.r-mm { background: #D55E00; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
blockquote { margin: .3rem 0; padding: .2rem .8rem; border-left: 4px solid #0072B2; background: #f5f8fb;
             white-space: pre-wrap; }
.loc, small { color: #555; font-size: .85em; }
.traced { font-weight: 600; }
details { margin: .2rem 0 .8rem 1rem; font-size: .9em; }
"""

_RATING_CLASS = {"++": "r-pp", "+": "r-p", "o": "r-o", "-": "r-m", "--": "r-mm"}


def render_comparison_html(comparison: dict[str, Any]) -> str:
    w = words(comparison)
    framework = comparison["framework"]["name"]
    title = w.heading.format(framework=framework)
    body = [
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(w.intro.format(count=len(comparison['documents']), framework=framework))}</p>",
        f"<p><small>{escape(w.scale)}</small></p>",
        _html_table(comparison, w),
    ]
    if comparison["documents"]:
        body.append(f'<figure aria-label="{escape(w.heatmap)}">{heatmap_svg(grid(comparison))}</figure>')
    if comparison.get("failed"):
        items = "".join(f"<li>{escape(f['source'])}: {escape(f['error'])}</li>" for f in comparison["failed"])
        body.append(f"<h2>{escape(w.failed)}</h2><ul>{items}</ul>")
    body += [_html_theme(comparison, theme_id, name, w) for theme_id, name in theme_columns(comparison)]
    if comparison.get("against"):
        body.append(_html_against(comparison["against"], w))
    return html_page(comparison["framework"].get("language"), title, _CSS, body)


def _html_table(comparison: dict[str, Any], w: Words) -> str:
    columns = theme_columns(comparison)
    language = comparison["framework"].get("language")
    titles = [w.document, *(name for _, name in columns), commitment_words(language).money_column]
    head = "".join(f"<th>{escape(cell)}</th>" for cell in titles)
    rows = []
    for label, document in zip(document_labels(comparison), comparison["documents"], strict=True):
        cells = "".join(_html_cell(_theme(document, theme_id)) for theme_id, _ in columns)
        cells += f'<td class="money">{escape(money_per_year_cell(document, language))}</td>'
        rows.append(f"<tr><th>{escape(label)}</th>{cells}</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def _html_cell(theme: dict[str, Any] | None) -> str:
    rating = (theme or {}).get("rating")
    css = _RATING_CLASS.get(rating or "", "")
    why = (theme or {}).get("rating_why")
    title = f' title="{escape(why)}"' if why else ""
    return f'<td class="r {css}"{title}>{escape(cell_text(theme))}</td>'


def _html_quote(contribution: dict[str, Any], with_id: bool) -> str:
    where = escape(location(contribution, with_id))
    return f'<blockquote>{escape(contribution["quote"])}</blockquote><p class="loc">{where}</p>'


def _html_theme(comparison: dict[str, Any], theme_id: str, name: str, w: Words) -> str:
    parts = [f"<section><h2>{escape(name)}</h2>", f"<h3>{escape(w.strongest)}</h3>"]
    for label, document in zip(document_labels(comparison), comparison["documents"], strict=True):
        theme = _theme(document, theme_id)
        parts.append(f"<h4>{escape(label)} <small>{escape(cell_text(theme))}</small></h4>")
        if theme and theme.get("rating_why"):
            parts.append(f'<p class="why"><small>{escape(theme["rating_why"])}</small></p>')
        quotes = strongest(theme) if theme else []
        parts.append(
            "".join(_html_quote(c, cites_passage_ids(document)) for c in quotes)
            or f"<p><small>{escape(w.nothing)}</small></p>"
        )
    found = differences(comparison, theme_id)
    if found:
        parts.append(f"<h3>{escape(w.differences)}</h3><ul>")
        for d in found:
            partial = f"; {escape(w.partial_in)}: {escape(', '.join(d.partial))}" if d.partial else ""
            parts.append(
                f"<li>{escape(d.criterion)} — {escape(w.addressed_by)}: {escape(', '.join(d.addressed))}; "
                f"{escape(w.absent_in)}: {escape(', '.join(d.absent))}{partial}</li>"
            )
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _html_against(against: dict[str, Any], w: Words) -> str:
    title = Path(against["document"]["document"]["source"]).stem
    names = _source_labels(against)
    head = "".join(f"<th>{escape(h)}</th>" for h in (w.document, w.traced, w.share, w.closest, w.closest_share))
    rows = "".join(
        f"<tr><th>{escape(names[s['source']])}</th><td>{s['traced']}/{s['contributions']}</td>"
        f"<td>{s['share']:.0%}</td><td>{s['closest']}</td><td>{s['closest_share']:.0%}</td></tr>"
        for s in against["shares"]
    )
    parts = [
        f"<section><h2>{escape(w.against.format(title=title))}</h2>",
        f"<p>{escape(w.against_intro.format(title=title, threshold=against['threshold']))}</p>",
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>",
    ]
    for item in against["contributions"]:
        parts.append(
            f"<blockquote>{escape(item['quote'])}</blockquote>"
            f'<p class="loc">p. {item["page"]}; {escape(w.themes)}: {escape(", ".join(item["themes"]))}</p>'
        )
        parts.append("<details><summary>" + escape(_summary(item, names)) + "</summary><ul>")
        for match in item["matches"]:
            css = ' class="traced"' if match["source"] in item["traced_to"] else ""
            passages = "".join(
                f"<li>{p['similarity']:.3f} — {escape(p['text'])} <small>p. {p['page']}</small></li>"
                for p in match["passages"]
            )
            parts.append(f"<li><span{css}>{escape(names[match['source']])}</span><ol>{passages}</ol></li>")
        parts.append("</ul></details>")
    parts.append("</section>")
    return "\n".join(parts)


def _summary(item: dict[str, Any], names: dict[str, str]) -> str:
    bests = [f"{names[m['source']]} {m['passages'][0]['similarity']:.2f}" for m in item["matches"] if m["passages"]]
    return " · ".join(bests)
