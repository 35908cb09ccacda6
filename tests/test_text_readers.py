"""Plain-text and Markdown readers, text decoding, and the hard-wrapped 2021 manifestos."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from conftest import SHARED

from inkaart.document import read_document
from inkaart.document.decoding import decode_text
from inkaart.document.text import CHUNKED_WARNING, NUMBERED_WARNING, REBUILT_WARNING
from inkaart.errors import InputError

MANIFESTOS = sorted((SHARED / "corpus" / "manifestos-2021").glob("*.txt"))


def _outline(document) -> list[tuple[str, str]]:
    return [(p.kind, document.paragraph_text(p)) for p in document.paragraphs]


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# --- decoding -----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "iso-8859-15", "utf-8", "utf-8-sig", "utf-16"])
def test_decoding_dutch_text_in_common_encodings(encoding: str) -> None:
    text = "De reïntegratie van ex-gedetineerden begint in het café.\nGeen één uitzondering.\n"
    assert decode_text(text.encode(encoding), "x.txt") == text


def test_cp1252_punctuation_and_euro_are_recognised() -> None:
    text = "Het kost “€ 5 miljoen” – per jaar."
    assert decode_text(text.encode("cp1252"), "x.txt") == text


def test_line_ends_are_normalised() -> None:
    assert decode_text(b"een\r\ntwee\rdrie\n", "x.txt") == "een\ntwee\ndrie\n"


@pytest.mark.parametrize("data", [b"tekst\x00met nul", bytes(range(256)) * 4])
def test_binary_content_is_not_text(data: bytes) -> None:
    with pytest.raises(InputError, match="is not a text file"):
        decode_text(data, "x.txt")


# --- plain text with blank lines ----------------------------------------------------------------


def test_plain_text_with_blank_line_paragraphs(tmp_path: Path) -> None:
    content = (
        "VERKIEZINGSPROGRAMMA\n\n"
        "1. Wonen\n\n"
        "We bouwen meer huizen. Starters\nkrijgen voorrang.\n\n"
        "1.1 Huur\n\n"
        "• Huren worden bevroren.\n• De huurtoeslag\ngaat omhoog.\n\n"
        "Zorg voor iedereen\n\n"
        "Het eigen risico gaat omlaag.\n"
    )
    document = read_document(_write(tmp_path, "programma.txt", content))
    assert _outline(document) == [
        ("heading", "VERKIEZINGSPROGRAMMA"),
        ("heading", "1. Wonen"),
        ("body", "We bouwen meer huizen. Starters krijgen voorrang."),
        ("heading", "1.1 Huur"),
        ("bullet", "Huren worden bevroren."),
        ("bullet", "De huurtoeslag gaat omhoog."),
        ("heading", "Zorg voor iedereen"),
        ("body", "Het eigen risico gaat omlaag."),
    ]
    sections = {document.paragraph_text(p): p.section for p in document.paragraphs}
    # Capitals and "1." both make a top-level heading; "1.1" sits below "1.".
    assert sections["Huren worden bevroren."] == ("1. Wonen", "1.1 Huur")
    assert document.meta.warnings == []


def test_amounts_with_abbreviations_stay_one_sentence(tmp_path: Path) -> None:
    content = "Zorg\n\nWe trekken €500 mln. per jaar uit voor de wijkverpleging. Dat is nodig.\n"
    document = read_document(_write(tmp_path, "zorg.txt", content))
    body = document.content_paragraphs[0]
    assert [document.sentence_text(s) for s in body.sentences] == [
        "We trekken €500 mln. per jaar uit voor de wijkverpleging.",
        "Dat is nodig.",
    ]


def test_form_feeds_are_page_breaks(tmp_path: Path) -> None:
    content = "Eerste pagina met een zin.\n\nNog een alinea.\n\fTweede pagina met een zin.\n"
    document = read_document(_write(tmp_path, "pages.txt", content))
    assert [p.page_start for p in document.paragraphs] == [1, 1, 2]
    assert document.meta.page_count == 2


# --- hard-wrapped text ---------------------------------------------------------------------------

WRAPPED = """\
Een sterke economie
Het onderwijs in Nederland is goed, maar het kan beter. Daarom investeren we in onder-
wijs en in de kansen van mkb-
ondernemers. Voor flexwerkers komen er regels voor oproep-, uitzend-
en payrollcontracten. De autoritei-
ten werken samen met gemeenten en met het onderwijs in de hele regio.
Wij kiezen voor minder regels.
• Het mkb krijgt minder regeldruk en betaalt minder belasting over de eerste
winst die het maakt.
• Ondernemers krijgen een loket.
Werk en inkomen
Iedereen die kan werken, doet mee. Wie niet kan werken, krijgt steun van de overheid en
hoeft zich geen zorgen te maken over de huur.
Het minimumloon gaat omhoog.
"""


def test_hard_wrapped_text_is_rebuilt_from_line_shapes(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, "wrapped.txt", WRAPPED))
    assert _outline(document) == [
        ("heading", "Een sterke economie"),
        (
            "body",
            "Het onderwijs in Nederland is goed, maar het kan beter. Daarom investeren we in onderwijs "
            "en in de kansen van mkb-ondernemers. Voor flexwerkers komen er regels voor oproep-, "
            "uitzend- en payrollcontracten. De autoriteiten werken samen met gemeenten en met het "
            "onderwijs in de hele regio.",
        ),
        ("body", "Wij kiezen voor minder regels."),
        (
            "bullet",
            "Het mkb krijgt minder regeldruk en betaalt minder belasting over de eerste winst die het maakt.",
        ),
        ("bullet", "Ondernemers krijgen een loket."),
        ("heading", "Werk en inkomen"),
        (
            "body",
            "Iedereen die kan werken, doet mee. Wie niet kan werken, krijgt steun van de overheid en "
            "hoeft zich geen zorgen te maken over de huur.",
        ),
        ("body", "Het minimumloon gaat omhoog."),
    ]
    assert REBUILT_WARNING in document.meta.warnings


def test_text_without_line_breaks_is_cut_at_sentences(tmp_path: Path) -> None:
    sentences = [f"Zin nummer {n} gaat over het beleid voor wonen, zorg en werk in 2025." for n in range(1, 41)]
    path = _write(tmp_path, "een-regel.txt", " ".join(sentences))
    document = read_document(path)
    assert document.meta.warnings == [CHUNKED_WARNING]
    paragraphs = [document.paragraph_text(p) for p in document.content_paragraphs]
    assert " ".join(paragraphs) == " ".join(sentences)
    assert all(3 <= len(p.sentences) <= 6 for p in document.content_paragraphs[:-1])
    assert all(p.endswith(".") and len(p) <= 900 for p in paragraphs)


# --- Markdown ------------------------------------------------------------------------------------

MARKDOWN = """\
---
title: Programma
---
# Wonen

Intro met **vet**, *schuin* en een [link](https://example.org) naar `code`.
Tweede regel van dezelfde alinea.

Huur
----

- Huren worden *bevroren*.
- De huurtoeslag
  gaat omhoog.
1. Genummerd punt.

| Jaar | Woningen |
|------|---------:|
| 2025 | 100.000  |

```
def niet_aanraken(): pass
```

## Koop
Starters krijgen hulp.
"""


def test_markdown_structure(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, "programma.md", MARKDOWN))
    assert document.meta.title == "Programma"
    assert _outline(document) == [
        ("heading", "Wonen"),
        ("body", "Intro met vet, schuin en een link naar code. Tweede regel van dezelfde alinea."),
        ("heading", "Huur"),
        ("bullet", "Huren worden bevroren."),
        ("bullet", "De huurtoeslag gaat omhoog."),
        ("bullet", "Genummerd punt."),
        ("table", "Jaar | Woningen\n2025 | 100.000"),
        ("body", "def niet_aanraken(): pass"),
        ("heading", "Koop"),
        ("body", "Starters krijgen hulp."),
    ]
    sections = {document.paragraph_text(p): p.section for p in document.paragraphs}
    assert sections["Genummerd punt."] == ("Wonen", "Huur")
    assert sections["Starters krijgen hulp."] == ("Wonen", "Koop")


# --- the 2021 manifestos --------------------------------------------------------------------------


def test_the_corpus_has_sixteen_manifestos() -> None:
    assert len(MANIFESTOS) == 16


@pytest.mark.parametrize("path", MANIFESTOS, ids=lambda p: p.stem)
def test_manifesto_outline_is_plausible(path: Path) -> None:
    document = read_document(path)
    headings = [p for p in document.paragraphs if p.kind == "heading"]
    content = document.content_paragraphs
    lengths = [p.end - p.start for p in content]
    assert len(headings) > 5
    # PVV's programme is mostly one-line bullets once its running headers are out of them.
    assert 60 <= statistics.median(lengths) <= 700
    assert max(lengths) <= 3200
    assert 1 <= statistics.median(len(p.sentences) for p in content) <= 6
    assert all(len(document.paragraph_text(h)) <= 100 for h in headings)
    assert document.meta.warnings


def test_sgp_line_numbers_are_removed_and_structure_recovered() -> None:
    document = read_document(SHARED / "corpus" / "manifestos-2021" / "SGP_2021.txt")
    assert NUMBERED_WARNING in document.meta.warnings
    # The original reads "... van een rondwarend 3 dodelijk virus": "3" was a line number.
    assert "van een rondwarend dodelijk virus" in document.text
    texts = {document.paragraph_text(p): p for p in document.paragraphs}
    assert texts["Het verplichte eigen risico blijft gelijk."].kind == "bullet"
    assert texts["Wijkverpleging"].kind == "heading"
    assert len(document.paragraphs) > 1000


def test_vvd_headings_and_sections() -> None:
    document = read_document(SHARED / "corpus" / "manifestos-2021" / "VVD_2021.txt")
    paragraph = next(p for p in document.paragraphs if document.paragraph_text(p).startswith("De kans dat je"))
    assert paragraph.section[-1] == "Hoe blijven we beschermd?"
    assert "Ons nieuwe verhaal" in document.text  # "Ons nieuw\ne verhaal": a word broken without hyphen


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.txt", b"", "the file is empty"),
        ("spaties.txt", b"  \n\t \n", "the file is empty"),
        ("rommel.txt", bytes(range(256)) * 8, "is not a text file"),
        ("onbekend.xyz", b"tekst", "unsupported file type '.xyz'"),
        ("kapot.docx", b"dit is geen zip", "not a readable Word document"),
        ("geen-tekst.csv", b"id,page\n1,2\n", "no 'text' column"),
    ],
)
def test_bad_inputs_raise_one_line_input_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_document(_write(tmp_path, name, content))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert name in str(caught.value)


# --- running headers glued into the text ---------------------------------------------------------


def _paged_text(header: str) -> str:
    """Hard-wrapped pages whose header (with its page number) is glued into a sentence that runs on."""
    topics = ["wonen", "zorg", "onderwijs", "klimaat", "werk", "veiligheid", "natuur", "cultuur", "landbouw",
              "defensie", "energie", "armoede"]  # fmt: skip
    lines = []
    for page, topic in enumerate(topics, start=1):
        lines += [
            f"Voor {topic} willen we meer doen dan in de afgelopen jaren, en dat vraagt",
            f"om keuzes{page} {header}{topic} vraagt om een plan dat we hier uitleggen.",
            f"Een gewone alinea over {topic} met genoeg woorden om een echte alinea te zijn.",
            "",
        ]
    return "\n".join(lines)


def test_running_headers_glued_into_sentences_are_taken_out(tmp_path: Path) -> None:
    path = tmp_path / "programma.txt"
    path.write_text(_paged_text("Verkiezingsprogramma 2021-2025 Samen sterk"), encoding="utf-8")
    document = read_document(path)
    assert "Verkiezingsprogramma" not in document.text
    assert "dat vraagt om keuzes wonen vraagt om een plan" in document.text, "the sentence is joined again"


def test_a_phrase_repeated_beside_chapter_numbers_stays(tmp_path: Path) -> None:
    """Nine chapter numbers in a hundred-page text stand on few of its pages: no page numbers."""
    chapters = [f"{n} Ons plan bestaat uit de volgende punten voor hoofdstuk {n}." for n in range(1, 10)]
    body = "Een gewone zin over beleid die de tekst lang genoeg maakt voor een document. " * 150
    path = tmp_path / "plan.txt"
    path.write_text("\n\n".join(f"{c}\n\n{body}" for c in chapters), encoding="utf-8")
    assert read_document(path).text.count("Ons plan bestaat uit de volgende punten") == 9


@pytest.mark.parametrize(
    ("party", "header"),
    [
        ("GroenLinks", "VERKIEZINGSPROGRAMMA GROENLINKS"),
        ("ChristenUnie", "CONCEPT - CHRISTENUNIE"),
        ("JA21", "JA21 Verkiezingsprogramma"),
        ("SP", "VERKIEZINGSPROGRAMMA VAN DE SP"),
        ("PVV", "Verkiezingsprogramma PVV"),
    ],
)
def test_manifesto_passages_carry_no_running_headers(party: str, header: str) -> None:
    path = SHARED / "corpus" / "manifestos-2021" / f"{party}_2021.txt"
    if not path.exists():
        pytest.skip("needs ../shared")
    document = read_document(path)
    assert path.read_text(encoding="utf-8").count(header) >= 20
    assert [p.id for p in document.content_paragraphs if header in document.paragraph_text(p)] == []
    headings = [document.paragraph_text(p) for p in document.paragraphs if p.kind == "heading"]
    assert len(headings) > 5 and not [h for h in headings if header in h], "headings are cleaned too"


# --- bullet glyphs that came out of a PDF as another character --------------------------------------


def _glued_items(marker: str, count: int) -> str:
    topics = ["de heffing", "het fonds", "de regeling", "de subsidie", "het programma", "de norm", "de toeslag",
              "het plan", "de wet", "het akkoord", "de korting", "de plicht"]  # fmt: skip
    items = [f"{marker}Stoppen met {topic} van het oude maatregelbeleid." for topic in topics[:count]]
    return "Wij willen:\n\n" + "\n".join(items) + "\n\nEen gewone alinea tot slot.\n"


def test_a_glyph_glued_before_many_items_is_their_bullet(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, "lijst.txt", _glued_items("6", 12)))
    items = [
        (p.kind, document.paragraph_text(p)) for p in document.paragraphs if "maatregel" in document.paragraph_text(p)
    ]
    assert len(items) == 12
    assert all(kind == "bullet" and text.startswith("Stoppen met") for kind, text in items)


def test_a_few_glued_digits_are_left_as_written(tmp_path: Path) -> None:
    """A page or chapter number glued to a word on a few lines is no list style."""
    document = read_document(_write(tmp_path, "lijst.txt", _glued_items("6", 3)))
    assert document.text.count("6Stoppen met") == 3


def test_ja21_list_items_lose_their_glued_glyph() -> None:
    path = SHARED / "corpus" / "manifestos-2021" / "JA21_2021.txt"
    if not path.exists():
        pytest.skip("needs ../shared")
    document = read_document(path)
    texts = {document.paragraph_text(p): p for p in document.paragraphs}
    item = "Stoppen met windturbines op land en in zee, met zonnevlaktes en met biomassacentrales."
    assert texts[item].kind == "bullet"
    assert "6Stoppen" not in document.text
