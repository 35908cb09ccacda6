"""The commitments of a theme (money, targets, dates) as every report shows them: a table per theme.

Reads ``themes[].commitments`` and ``themes[].money`` of the analysis dict; an analysis written before
commitments existed has neither and renders without the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


@dataclass(frozen=True)
class CommitmentWords:
    title: str
    money: str
    per_year: str
    one_off: str
    money_note: str
    columns: tuple[str, ...]
    kinds: dict[str, str]
    against: str
    not_added: str
    described: str
    structural: str
    one_off_flag: str
    years: str
    per: dict[str, str]
    money_column: str
    billion: str
    million: str
    decimal_comma: bool


_WORDS = {
    "nl": CommitmentWords(
        title="Toezeggingen",
        money="Geld",
        per_year="per jaar",
        one_off="eenmalig of in totaal",
        money_note="alleen toegezegde bedragen van passages die bijdragen; deelbedragen niet dubbel",
        columns=("Soort", "Tekst", "Waarde", "Jaar", "Wie", "Passage"),
        kinds={"amount": "bedrag", "target": "doel", "date": "datum"},
        against="werkt tegen",
        not_added="deel van ander bedrag",
        described="beschreven, niet toegezegd",
        structural="structureel",
        one_off_flag="incidenteel",
        years="{years} jaar",
        per={"year": "per jaar", "month": "per maand"},
        money_column="Geld per jaar",
        billion="mrd",
        million="mln",
        decimal_comma=True,
    ),
    "en": CommitmentWords(
        title="Commitments",
        money="Money",
        per_year="per year",
        one_off="one-off or in total",
        money_note="only committed amounts of contributing passages; parts of another amount not counted twice",
        columns=("Kind", "Text", "Value", "Year", "Who", "Passage"),
        kinds={"amount": "amount", "target": "target", "date": "date"},
        against="works against",
        not_added="part of another amount",
        described="described, not committed",
        structural="structural",
        one_off_flag="one-off",
        years="{years} years",
        per={"year": "per year", "month": "per month"},
        money_column="Money per year",
        billion="bn",
        million="m",
        decimal_comma=False,
    ),
}


def commitment_words(language: str | None) -> CommitmentWords:
    return _WORDS["en" if language == "en" else "nl"]


def theme_dicts(analysis: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {theme["id"]: theme for theme in analysis.get("themes", [])}


_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}


def money_text(value: float, words: CommitmentWords, unit: str = "EUR") -> str:
    """€35 mrd, €1,25 mrd, €500 mln, €165 (a decimal comma in Dutch), £8 bn."""
    if value >= 1e9:
        number, scale = value / 1e9, f" {words.billion}"
    elif value >= 1e6:
        number, scale = value / 1e6, f" {words.million}"
    else:
        number, scale = value, ""
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    if words.decimal_comma:
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{_SYMBOLS[unit]}{text}{scale}"


def value_text(commitment: dict[str, Any], words: CommitmentWords) -> str:
    """The parsed value with its qualifiers, in the report's language."""
    value, unit = commitment.get("value"), commitment.get("unit")
    if value is None:
        return ""
    if unit in _SYMBOLS:
        parts = [money_text(value, words, unit)]
    else:
        number = f"{value:g}".replace(".", ",") if words.decimal_comma else f"{value:g}"
        parts = [f"{number}%" if unit == "%" else f"{number} {unit}"]
        if commitment.get("what"):
            parts.append(commitment["what"])
    if commitment.get("per") in words.per:
        parts.append(words.per[commitment["per"]])
    if commitment.get("years"):
        parts.append(words.years.format(years=commitment["years"]))
    if commitment.get("structural") is True:
        parts.append(words.structural)
    elif commitment.get("structural") is False:
        parts.append(words.one_off_flag)
    return " ".join(parts)


def _flags(commitment: dict[str, Any], words: CommitmentWords) -> list[str]:
    flags = []
    if commitment.get("direction") == "against":
        flags.append(words.against)
    if commitment.get("kind") == "amount" and commitment.get("part_of_other"):
        flags.append(words.not_added)
    elif commitment.get("kind") == "amount" and commitment.get("described"):
        flags.append(words.described)
    return flags


def table_rows(theme: dict[str, Any], words: CommitmentWords) -> list[tuple[str, ...]]:
    rows = []
    for commitment in theme.get("commitments") or []:
        kind = words.kinds.get(commitment.get("kind", ""), commitment.get("kind", ""))
        flags = _flags(commitment, words)
        rows.append(
            (
                kind + (f" ({', '.join(flags)})" if flags else ""),
                commitment["text"],
                value_text(commitment, words),
                "" if commitment.get("year") is None else str(commitment["year"]),
                commitment.get("actor") or "",
                commitment.get("passage_id", ""),
            )
        )
    return rows


def money_line(theme: dict[str, Any], words: CommitmentWords) -> str | None:
    money = theme.get("money") or {}
    totals = {"EUR": {"per_year": money.get("per_year_eur") or 0, "one_off": money.get("one_off_eur") or 0}}
    totals |= money.get("other_currencies") or {}
    parts = []
    for unit, total in totals.items():
        if total["per_year"]:
            parts.append(f"{money_text(total['per_year'], words, unit)} {words.per_year}")
        if total["one_off"]:
            parts.append(f"{money_text(total['one_off'], words, unit)} {words.one_off}")
    return f"{words.money}: {'; '.join(parts)} ({words.money_note})" if parts else None


def markdown_commitments(theme: dict[str, Any] | None, language: str | None) -> list[str]:
    """Lines of a Markdown table of the theme's commitments, with the money line above it; empty if none."""
    if not theme or not theme.get("commitments"):
        return []
    words = commitment_words(language)
    lines = ["", f"{words.title}:"]
    money = money_line(theme, words)
    if money:
        lines += ["", money]
    lines += ["", _md_row(words.columns), "|" + "---|" * len(words.columns)]
    lines += [_md_row(row) for row in table_rows(theme, words)]
    return lines


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"


def html_commitments(theme: dict[str, Any] | None, language: str | None) -> str:
    """A ``<table class="commitments">`` of the theme's commitments, or an empty string."""
    if not theme or not theme.get("commitments"):
        return ""
    words = commitment_words(language)
    money = money_line(theme, words)
    head = "".join(f"<th>{escape(title)}</th>" for title in words.columns)
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table_rows(theme, words)
    )
    money_html = f'<p class="money">{escape(money)}</p>\n' if money else ""
    return (
        f'{money_html}<table class="commitments">\n<caption>{escape(words.title)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
    )


def docx_commitments(
    document: DocxDocument, theme: dict[str, Any] | None, language: str | None, clean: Callable[[str], str]
) -> None:
    """Append the theme's money line and commitments table to a Word document; ``clean`` makes text XML-safe."""
    if not theme or not theme.get("commitments"):
        return
    words = commitment_words(language)
    document.add_paragraph(words.title, style="Heading 2")
    money = money_line(theme, words)
    if money:
        document.add_paragraph(money)
    rows = table_rows(theme, words)
    table = document.add_table(rows=1, cols=len(words.columns))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, words.columns, strict=True):
        cell.text = title
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = clean(text)


CSV_COLUMNS = ("commitment_kind", "value", "unit", "per", "years", "structural", "year", "actor", "in_total")


def csv_commitment_fields(commitment: dict[str, Any]) -> list[object]:
    """The commitment-only columns of a CSV row (empty for a contribution row)."""
    return ["" if commitment.get(name) is None else commitment[name] for name in ("kind", *CSV_COLUMNS[1:])]


def document_money_per_year(document: dict[str, Any]) -> float | None:
    """Euros per year over all themes of one analysis, each amount once even where two themes list its
    passage; None for an analysis made before commitments existed."""
    themes = document.get("themes", [])
    if not any("money" in theme for theme in themes):
        return None
    amounts = {
        (c["start"], c["end"]): c["value"] * (12 if c["per"] == "month" else 1)
        for theme in themes
        for c in theme.get("commitments") or []
        if c.get("in_total") and c.get("per") in {"year", "month"} and c.get("unit", "EUR") == "EUR"
    }
    return sum(amounts.values())


def money_per_year_cell(document: dict[str, Any], language: str | None) -> str:
    total = document_money_per_year(document)
    return "" if total is None else money_text(total, commitment_words(language)) if total else "-"
