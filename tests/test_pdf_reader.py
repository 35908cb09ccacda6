"""The PDF reader on the real corpus: verbatim gold quotes, structure, furniture, tables, bad input."""

from __future__ import annotations

import itertools
import re

import pymupdf
import pytest
import yaml
from conftest import SHARED
from rapidfuzz import fuzz

from inkaart.document import Document, InputError, Paragraph, read_document

AGREEMENT = SHARED / "corpus" / "agreements" / "coalitieakkoord-2021-2025.pdf"
GOLD = SHARED / "benchmark" / "gold-seed-2021.yaml"
MANIFESTOS = sorted((SHARED / "corpus").glob("manifestos-20*/*.pdf"))

pytestmark = pytest.mark.skipif(not AGREEMENT.exists(), reason="../shared corpus not present")


def _squeeze(text: str) -> str:
    """Whitespace-free form: a quote copied from a PDF may gain or lose a space at a line break."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def agreement() -> Document:
    return read_document(AGREEMENT)


@pytest.fixture(scope="module")
def raw_pages() -> list[str]:
    with pymupdf.open(AGREEMENT) as pdf:
        return [page.get_text() for page in pdf]


def _gold_quotes() -> list[str]:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    return [quote for theme in gold["themes"] for quote in theme["quotes"]]


def _raw_headings() -> list[tuple[int, float, str, str]]:
    """(page, y, kind, text) of the agreement's chapter (16 pt bold) and subsection (13 pt bold
    italic) headings, read straight from PyMuPDF spans: an oracle independent of the reader."""
    found = []
    with pymupdf.open(AGREEMENT) as pdf:
        for number, page in enumerate(pdf, start=1):
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", ()):
                    text = "".join(span["text"] for span in line["spans"]).strip()
                    span = line["spans"][0]
                    if not text or not span["flags"] & 16:
                        continue
                    kind = "chapter" if span["size"] >= 15.5 else "sub" if 12.5 <= span["size"] < 13.5 else ""
                    if kind and number > 3:  # the contents page lists them too
                        found.append((number, line["bbox"][1], kind, " ".join(text.split())))
    return found


def _expected_section(page: int, y: float, headings) -> tuple[str, ...]:
    chapter: str | None = None
    sub: str | None = None
    for number, top, kind, text in headings:
        if (number, top) > (page, y):
            break
        if kind == "chapter":
            chapter, sub = text, None
        else:
            sub = text
    return tuple(t for t in (chapter, sub) if t)


def _quote_position(quote: str, pages: range) -> tuple[int, float] | None:
    """Where PyMuPDF's own search finds the quote's first words, on the given physical pages."""
    opening = " ".join(quote.split()[:4])
    with pymupdf.open(AGREEMENT) as pdf:
        for number in pages:
            hits = pdf[number - 1].search_for(opening)
            if hits:
                return number, hits[0].y0
    return None


def _sentences(quote: str) -> list[str]:
    return [_squeeze(s).rstrip(".") for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", quote)]


def _holding_paragraph(document: Document, quote: str) -> tuple[Paragraph | None, bool]:
    """The paragraph holding the quote verbatim (whitespace aside); for a quote the analyst edited,
    the one holding its first sentence, else the closest fuzzy match (the benchmark's >= 90 %)."""
    squeezed = _squeeze(quote)
    first = _sentences(quote)[0]
    for paragraph in document.content_paragraphs:
        if squeezed in _squeeze(document.paragraph_text(paragraph)):
            return paragraph, True
    for paragraph in document.content_paragraphs:
        if first in _squeeze(document.paragraph_text(paragraph)):
            return paragraph, False
    scored = [(fuzz.partial_ratio(quote, document.paragraph_text(p)), p) for p in document.content_paragraphs]
    score, best = max(scored, key=lambda item: item[0])
    return (best if score >= 90 else None), False


@pytest.mark.parametrize("quote", _gold_quotes(), ids=lambda q: q[:40])
def test_gold_quote_sits_in_one_paragraph_on_the_right_page_and_section(agreement, raw_pages, quote):
    in_pdf = _squeeze(quote) in _squeeze("".join(raw_pages))
    paragraph, verbatim = _holding_paragraph(agreement, quote)
    assert paragraph is not None, "quote not found in any single paragraph"
    # Every quote the PDF holds verbatim comes out verbatim in one paragraph. The analyst edited
    # three: "," made ".", a word dropped, two bullets' sentences joined; their sentences must
    # still each lie inside one paragraph (or match at >= 90 %).
    assert verbatim or not in_pdf
    if not verbatim:
        texts = [_squeeze(agreement.paragraph_text(p)) for p in agreement.content_paragraphs]
        fuzzy = fuzz.partial_ratio(quote, agreement.paragraph_text(paragraph)) >= 90
        assert fuzzy or all(any(s in text for text in texts) for s in _sentences(quote))
    position = _quote_position(quote, range(paragraph.page_start, paragraph.page_end + 1))
    assert position is not None, f"PyMuPDF does not find the quote on pages {paragraph.page_start}-"
    expected = _expected_section(*position, _raw_headings())
    assert paragraph.section[: len(expected)] == expected
    assert len(paragraph.section) <= len(expected) + 1  # at most one run-in italic heading below


def test_example_quote_has_the_documented_section(agreement):
    paragraph, verbatim = _holding_paragraph(agreement, "Een klimaat- en transitiefonds van €35 mrd")
    assert verbatim and paragraph is not None
    assert paragraph.section == ("2. Duurzaam land", "Klimaat en energie")
    assert paragraph.kind == "bullet" and paragraph.page_start == 9


def test_outline_levels_follow_size_rank(agreement):
    levels = {s.title: s.level for s in agreement.sections}
    assert levels["2. Duurzaam land"] == 1
    assert levels["Klimaat en energie"] == 2
    assert levels["Bijlage: financiën"] == 1
    chapters = [s.title for s in agreement.sections if s.level == 1]
    assert [t for t in chapters if re.match(r"\d\. ", t)] == [
        "1. Democratische rechtsorde",
        "2. Duurzaam land",
        "3. Veiligheid en sterke samenleving",
        "4. Bestaanszekerheid en kansengelijkheid",
        "5. Welvarend land",
        "6. Gezondheid",
        "7. Internationaal",
    ]


def test_no_page_furniture_and_printed_labels_recorded(agreement):
    texts = [agreement.paragraph_text(p) for p in agreement.paragraphs]
    assert not [t for t in texts if re.fullmatch(r"\d{1,3}", t.strip())]
    assert agreement.pages[3].label == "1"  # physical page 4 prints "1"
    assert agreement.pages[49].label == "47"
    assert agreement.pages[0].label is None


def test_no_paragraph_is_cut_at_a_page_break(agreement):
    body = [p for p in agreement.paragraphs if p.kind in ("body", "bullet")]
    for previous, following in itertools.pairwise(body):
        tail = agreement.paragraph_text(previous).rstrip()
        head = agreement.paragraph_text(following)
        cut = not re.search(r"[.!?:;…)\"”’]$", tail) and head[:1].islower()
        assert not cut, f"{tail[-60:]!r} | {head[:60]!r}"
    spanning = [p for p in body if p.page_end > p.page_start]
    assert spanning, "the agreement has paragraphs running over a page break"
    joined = next(p for p in spanning if "reële vaste uitgavenplafonds" in agreement.paragraph_text(p))
    assert (joined.page_start, joined.page_end) == (46, 47)


def test_table_of_contents_is_marked_and_no_heading(agreement):
    toc = [p for p in agreement.paragraphs if p.kind == "toc"]
    assert {p.page_start for p in toc} == {3}
    assert any(agreement.paragraph_text(p) == "2. Duurzaam land 6" for p in toc)
    headings_on_toc_page = [s for s in agreement.sections if s.page_start == 3]
    assert not headings_on_toc_page


def test_financial_annex_tables(agreement):
    tables = [p for p in agreement.paragraphs if p.kind == "table"]
    assert {p.page_start for p in tables} == {48, 49, 50}
    first = agreement.paragraph_text(tables[0]).splitlines()
    assert first[0] == "in mln. + is saldoverslechterend | 2022 | 2023 | 2024 | 2025 | Struc"
    assert "a. Overheid op orde | 722 | 1.224 | 1.294 | 1.294 | 681" in first
    assert all(p.section[0] == "Bijlage: financiën" for p in tables)
    # Cells are not emitted a second time as running text.
    prose = " ".join(agreement.paragraph_text(p) for p in agreement.paragraphs if p.kind != "table")
    assert "Overheid op orde" not in prose
    assert "Elektriciteitssector" not in prose


def test_line_end_hyphens_are_kept_in_a_word_processor_export(agreement):
    text = agreement.text
    # These hyphens all fall at a line end in the PDF; each is a real hyphen.
    for word in (
        "media-aanbod",
        "sociaal-economische",
        "MLT-advies",
        "anti-discriminatiebeleid",
        "niet-vrijblijvende",
    ):
        assert word in text
    assert "wet- en regelgeving" in text
    assert "mediaaanbod" not in text and "sociaaleconomische" not in text


def test_bullet_glyphs_are_dropped(agreement):
    texts = [agreement.paragraph_text(p) for p in agreement.paragraphs]
    assert not [t for t in texts if t[:1] in "\uf0b7•"]
    assert sum(p.kind == "bullet" for p in agreement.paragraphs) > 300


def test_typographic_hyphenation_is_repaired_in_a_hyphenated_layout():
    path = SHARED / "corpus" / "manifestos-2025" / "JA21_2025.pdf"
    document = read_document(path)
    assert "een ontspoord migratiebeleid" in document.text
    assert "Nederland moet weer voorop durven lopen" in document.text
    assert "ont- spoord" not in document.text and "ont-spoord" not in document.text
    assert "voor- en tegenspoed" in document.text  # a suspended hyphen stays


@pytest.mark.parametrize("path", MANIFESTOS, ids=lambda p: p.name)
def test_every_corpus_pdf_ingests_with_a_plausible_outline(path):
    document = read_document(path)
    headings = [p for p in document.paragraphs if p.kind == "heading"]
    content = document.content_paragraphs
    print(f"\n{path.name}: {len(document.paragraphs)} paragraphs, {len(document.sections)} sections")
    for section in document.sections:
        if section.level <= 2:
            print(f"  {'  ' * (section.level - 1)}{section.title} (p{section.page_start})")
    assert len(headings) >= 10 and len(content) >= 100
    texts = [document.text[h.start : h.end] for h in headings]
    # Headings look like headings: short, not a sentence fragment, not a bare number.
    assert all(len(t) <= 200 and not t[:1].islower() and not t.isdigit() for t in texts)
    long_body = [p for p in content if len(document.paragraph_text(p)) > 300]
    assert len(long_body) >= 20, "running text comes out as paragraphs, not as lines"


def test_a_chapter_title_in_display_type_may_wrap_after_every_word():
    """D66 sets its chapter titles at 60 pt on divider pages, one or two words a line: the five-line title of
    chapter 7 is a chapter as the four-line ones are, not text under chapter 6."""
    document = read_document(SHARED / "corpus" / "manifestos-2025" / "D66_2025_concept.pdf")
    chapters = [s.title for s in document.sections if s.level == 1]
    assert "Europa, defensie, internationale samenwerking en migratie" in chapters
    asylum = next(s for s in document.sections if s.title.startswith("7.4."))
    assert asylum.path[0] == "Europa, defensie, internationale samenwerking en migratie"


def test_two_column_page_reads_column_by_column():
    document = read_document(SHARED / "corpus" / "manifestos-2025" / "JA21_2025.pdf")
    text = " ".join(document.text.split())
    left_end = "De migratiecrisis blijft immers een van de grootste problemen waar Nederland momenteel mee kampt."
    assert left_end in text
    # The left column's last paragraph runs into the right column's first line mid-sentence.
    assert "een jaarlijkse kostenpost van €24 miljard met zich meebrengt. Dit is voor onze samenleving" in text


def test_corrupt_pdf_is_an_input_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n this is not really a pdf \x00\x01\x02" * 20)
    with pytest.raises(InputError, match=r"cannot be opened as a PDF \(.+\); open it in a PDF viewer and save"):
        read_document(path)


def test_encrypted_pdf_is_an_input_error(tmp_path):
    path = tmp_path / "locked.pdf"
    with pymupdf.open() as pdf:
        pdf.new_page().insert_text((72, 72), "Geheime tekst over beleid.")
        pdf.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="geheim", owner_pw="eigenaar")
    with pytest.raises(InputError, match=r"is password-protected; pass its password with --password"):
        read_document(path)
    with pytest.raises(InputError, match=r"the given password does not open it; check --password"):
        read_document(path, password="fout")
    assert "Geheime tekst over beleid." in read_document(path, password="geheim").text


def _image_page(pdf: pymupdf.Document) -> None:
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pixmap.clear_with(200)
    page = pdf.new_page()
    page.insert_image(page.rect, pixmap=pixmap)


def test_image_only_pdf_asks_for_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    with pymupdf.open() as pdf:
        _image_page(pdf)
        _image_page(pdf)
        pdf.save(path)
    with pytest.raises(InputError, match=r"has no text layer \(scanned\?\); drop --no-ocr to read it"):
        read_document(path, ocr=False)


def test_partly_scanned_pdf_warns_with_page_numbers(tmp_path):
    path = tmp_path / "mixed.pdf"
    with pymupdf.open() as pdf:
        page = pdf.new_page()
        page.insert_text((72, 72), "Hoofdstuk één gaat over wonen en werken in het land.")
        _image_page(pdf)
        pdf.save(path)
    document = read_document(path)
    assert "Hoofdstuk één gaat over wonen en werken in het land." in document.text
    assert any("pages 2 " in warning and "OCR" in warning for warning in document.meta.warnings)
