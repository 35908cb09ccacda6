"""DOCX and HTML readers: structure from styles and tags, in body order, chrome and scripts dropped."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from inkaart.document import read_document
from inkaart.errors import InputError


def _kinds(document) -> list[tuple[str, str]]:
    return [(p.kind, document.paragraph_text(p)) for p in document.paragraphs]


@pytest.fixture
def word_file(tmp_path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Programma Wonen"
    document.add_heading("Wonen", level=1)
    document.add_paragraph("We bouwen   100.000 woningen per jaar.")
    document.add_heading("Huur", level=2)
    document.add_paragraph("Huren worden bevroren.", style="List Bullet")
    document.add_paragraph("De huurtoeslag gaat omhoog.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Jaar"
    table.cell(0, 1).text = "Woningen"
    table.cell(1, 0).text = "2025"
    table.cell(1, 1).text = "100.000"
    document.add_paragraph("Na de tabel volgt tekst.")
    document.add_heading("Zorg", level=1)
    document.add_paragraph("Het eigen risico gaat omlaag.")
    path = tmp_path / "programma.docx"
    document.save(str(path))
    return path


def test_docx_headings_lists_and_tables_in_body_order(word_file: Path) -> None:
    document = read_document(word_file)
    assert document.meta.title == "Programma Wonen"
    assert document.meta.format == "docx"
    assert _kinds(document) == [
        ("heading", "Wonen"),
        ("body", "We bouwen 100.000 woningen per jaar."),
        ("heading", "Huur"),
        ("bullet", "Huren worden bevroren."),
        ("bullet", "De huurtoeslag gaat omhoog."),
        ("table", "Jaar | Woningen\n2025 | 100.000"),
        ("body", "Na de tabel volgt tekst."),
        ("heading", "Zorg"),
        ("body", "Het eigen risico gaat omlaag."),
    ]


def test_docx_section_paths_follow_heading_levels(word_file: Path) -> None:
    document = read_document(word_file)
    sections = {document.paragraph_text(p): p.section for p in document.paragraphs}
    assert sections["Huren worden bevroren."] == ("Wonen", "Huur")
    assert sections["Na de tabel volgt tekst."] == ("Wonen", "Huur")
    assert sections["Het eigen risico gaat omlaag."] == ("Zorg",)


def test_docx_dutch_style_names_count_as_headings(tmp_path: Path) -> None:
    document = docx.Document()
    style = document.styles.add_style("Kop 2", 1)  # 1 = paragraph style
    document.add_paragraph("Klimaat", style=style)
    document.add_paragraph("We sluiten de kolencentrales.")
    path = tmp_path / "kop.docx"
    document.save(str(path))
    parsed = read_document(path)
    assert [(p.kind, p.section) for p in parsed.paragraphs] == [
        ("heading", ("Klimaat",)),
        ("body", ("Klimaat",)),
    ]
    assert parsed.sections[0].level == 2


def test_corrupt_docx_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "kapot.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive at all")
    with pytest.raises(InputError, match="not a readable Word document") as caught:
        read_document(path)
    assert "\n" not in str(caught.value)


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Verkiezingsprogramma</title>
<style>body { color: red; }</style>
<script>var geheim = "SCRIPTTEKST";</script></head>
<body>
<header><nav><a href="/">Home</a> | <a href="/over">Over ons</a></nav></header>
<main>
<h1>Onderwijs</h1>
<p>Elke leerling krijgt een <b>gratis</b> lunch.<br>Scholen krijgen meer geld.</p>
<h2>Leraren</h2>
<ul><li>Hogere salarissen.</li><li>Kleinere klassen<ul><li>maximaal 23 leerlingen</li></ul></li></ul>
<table><tr><th>Jaar</th><th>Budget</th></tr><tr><td>2025</td><td>€ 1 mrd</td></tr></table>
<div>Losse tekst in een div.<p>Een alinea erin.</p></div>
<noscript>Zet JavaScript aan</noscript>
<!-- commentaar dat geen tekst is -->
</main>
<footer>© Partij 2025</footer>
<script>document.write("NOGMEERSCRIPT")</script>
</body></html>
"""


def test_html_structure_and_ignored_chrome(tmp_path: Path) -> None:
    path = tmp_path / "programma.html"
    path.write_text(HTML, encoding="utf-8")
    document = read_document(path)
    assert document.meta.title == "Verkiezingsprogramma"
    assert _kinds(document) == [
        ("heading", "Onderwijs"),
        ("body", "Elke leerling krijgt een gratis lunch. Scholen krijgen meer geld."),
        ("heading", "Leraren"),
        ("bullet", "Hogere salarissen."),
        ("bullet", "Kleinere klassen"),
        ("bullet", "maximaal 23 leerlingen"),
        ("table", "Jaar | Budget\n2025 | € 1 mrd"),
        ("body", "Losse tekst in een div."),
        ("body", "Een alinea erin."),
    ]
    assert document.paragraphs[3].section == ("Onderwijs", "Leraren")
    for hidden in ("SCRIPTTEKST", "NOGMEERSCRIPT", "color: red", "JavaScript", "Over ons", "commentaar", "©"):
        assert hidden not in document.text


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Reïntegratie in het café.</p></body></html>'
    path = tmp_path / "oud.htm"
    path.write_bytes(page.encode("cp1252"))
    document = read_document(path)
    assert document.text == "Reïntegratie in het café."


def test_html_article_header_keeps_its_heading(tmp_path: Path) -> None:
    page = "<body><header>Site</header><article><header><h1>Titel</h1></header><p>Tekst.</p></article></body>"
    path = tmp_path / "artikel.html"
    path.write_text(page, encoding="utf-8")
    assert _kinds(read_document(path)) == [("heading", "Titel"), ("body", "Tekst.")]
