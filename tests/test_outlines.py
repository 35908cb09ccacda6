"""Outlines of plain text: chapters from the document's own table of contents, TOC lines never headings,
and no manifesto in the corpus with a fifth of its content under one leaf section."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from inkaart.document import Document, read_document

SHARED = Path(__file__).resolve().parents[2] / "shared"
MANIFESTOS = sorted(SHARED.glob("corpus/manifestos-*/*"))
MAX_LEAF_SHARE = 0.20

_BODY = (
    "We investeren fors in {topic} en maken daar de komende jaren werk van in het hele land.\n"
    "Daarvoor trekken we structureel geld uit en we spreken met alle betrokkenen af wie wat doet.\n"
    "Zo komt er een plan dat iedereen kan volgen en dat ook na de verkiezingen overeind blijft.\n"
)


def _read(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "programma.txt"
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def _headings(document: Document) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in document.sections]


def largest_leaf_share(document: Document) -> float:
    content = document.content_paragraphs
    return max(Counter(p.section for p in content).values()) / len(content)


@pytest.mark.parametrize("path", MANIFESTOS, ids=lambda p: p.name)
def test_no_manifesto_has_a_fifth_of_its_content_under_one_leaf_section(path: Path) -> None:
    assert largest_leaf_share(read_document(path)) <= MAX_LEAF_SHARE


def test_the_corpus_has_the_manifestos() -> None:
    assert len(MANIFESTOS) == 22


def test_contents_lines_are_never_headings_and_confirm_the_chapters(tmp_path: Path) -> None:
    text = (
        "Ons programma\nInhoud\n"
        "1. Wonen en bouwen ........ 3\n2. Zorg dichtbij ........ 5\n3. Werk dat loont ........ 7\n"
        "4. Een schoon land ........ 9\n"
        # Running footers glue the chapter title to the page's last line or split it over two lines.
        "Programma 2021 3\n1. WONEN EN BOUWEN\n" + _BODY.format(topic="woningen")
        + "Programma 2021 5\nen de rest van de pagina.2. Zorg\ndichtbij\n" + _BODY.format(topic="zorg")
        + "Programma 2021 73. Werk dat loont\n" + _BODY.format(topic="werk")
        + "4. Een schoon land\n" + _BODY.format(topic="natuur")
    )  # fmt: skip
    document = _read(tmp_path, text)
    assert [p.kind for p in document.paragraphs if "........" in document.paragraph_text(p)] == ["toc"] * 4
    assert _headings(document)[-4:] == [
        (1, "1. WONEN EN BOUWEN"),
        (1, "2. Zorg dichtbij"),
        (1, "3. Werk dat loont"),
        (1, "4. Een schoon land"),
    ]


def test_an_overview_of_the_chapters_in_the_introduction_is_not_the_outline(tmp_path: Path) -> None:
    chapters = ["Wonen en bouwen", "Zorg dichtbij", "Werk dat loont", "Een schoon land"]
    contents = "".join(f"{title}  {page}\n" for title, page in zip(chapters, (3, 5, 7, 9), strict=True))
    overview = "".join(f"{title}\nKort gezegd: hier gaat het over.\n" for title in chapters)
    body = "".join(f"{title}\n{_BODY.format(topic=title.lower())}" for title in chapters)
    document = _read(tmp_path, f"Inhoud\n{contents}Inleiding van de lijsttrekker.\n{overview}{body}")
    assert [s.title for s in document.sections if s.level == 1] == chapters
    first_chapter = next(s for s in document.sections if s.level == 1)
    assert "We investeren fors in wonen en bouwen" in document.text[first_chapter.start : first_chapter.end]
    assert "Kort gezegd" not in document.text[first_chapter.start : first_chapter.end]


def test_a_contents_without_page_numbers_under_an_inhoud_heading(tmp_path: Path) -> None:
    listed = "Inhoudsopgave\nHoofdstuk 1: Wonen\n• Huren\n• Kopen\nHoofdstuk 2: Zorg en\nwelzijn\n• Ouderen\n"
    body = (
        "Hoofdstuk 1: Wonen\nHuren\n" + _BODY.format(topic="huurwoningen") + "Kopen\n" + _BODY.format(topic="koop")
        + "Hoofdstuk 2: Zorg en welzijn\nOuderen\n" + _BODY.format(topic="ouderenzorg")
    )  # fmt: skip
    document = _read(tmp_path, listed + "Wij willen een beter land.\n" + body)
    assert _headings(document) == [
        (1, "Hoofdstuk 1: Wonen"),
        (2, "Huren"),
        (2, "Kopen"),
        (1, "Hoofdstuk 2: Zorg en welzijn"),
        (2, "Ouderen"),
    ]


def test_a_numbered_section_heads_the_text_that_follows_it_without_a_blank_line(tmp_path: Path) -> None:
    text = "Inleiding\n\nEen korte inleiding.\n\n2.1 Betaalbare huren\nDe huren dalen.\n\n2.2 Meer bouwen\nWe bouwen.\n"
    headings = _headings(_read(tmp_path, text))
    assert (2, "2.1 Betaalbare huren") in headings
    assert (2, "2.2 Meer bouwen") in headings


def test_a_line_repeated_on_every_page_is_no_heading(tmp_path: Path) -> None:
    pages = "".join(f"Het gaat om u\n{_BODY.format(topic=f'onderwerp {n}')}" for n in range(5))
    document = _read(tmp_path, pages)
    assert "Het gaat om u" not in [s.title for s in document.sections]
