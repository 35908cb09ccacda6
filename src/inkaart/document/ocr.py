"""Text for scanned PDF pages, read by Tesseract through PyMuPDF.

MuPDF carries its own Tesseract engine; what it needs from the system are the trained language
files ("tessdata") that Debian's ``tesseract-ocr`` packages install. Policy documents here are Dutch,
with English names and quotes mixed in, so both languages are loaded.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf

from ..errors import InputError

OCR_LANGUAGES = ("nld", "eng")
APT_PACKAGES = "tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng"
# Tesseract reads best at about 300 dpi; a scan stored at a lower resolution is scaled up to it.
OCR_DPI = 300
# An A4 page at 300 dpi is 9 megapixels; a poster-sized page is read at a lower resolution instead
# of being rendered into gigabytes.
MAX_OCR_PIXELS = 40_000_000
# About 6 s a page on two cores: beyond this a scan belongs in a batch OCR tool, not in one command.
MAX_OCR_PAGES = 300


def check_page_count(path: Path, pages: int) -> None:
    if pages > MAX_OCR_PAGES:
        raise InputError(
            path,
            f"has {pages} scanned pages, over the OCR limit of {MAX_OCR_PAGES}; "
            "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, or pass --no-ocr to read only the text pages",
        )


def tessdata_folder(path: Path) -> str:
    """The folder with the Dutch and English language files, or an InputError saying what to install."""
    try:
        folder = pymupdf.get_tessdata()
    except RuntimeError:
        folder = None
    missing = [lang for lang in OCR_LANGUAGES if not folder or not (Path(folder) / f"{lang}.traineddata").is_file()]
    if missing:
        raise InputError(
            path,
            f"has scanned pages without text and Tesseract OCR ({'+'.join(missing)}) is not installed; "
            f"install it (`apt-get install {APT_PACKAGES}`) or pass a PDF with a text layer",
        )
    return str(folder)


def ocr_text_dict(page: pymupdf.Page, tessdata: str, flags: int) -> dict:
    """The page's text as PyMuPDF's ``dict`` layout, recognised from the rendered page."""
    square_inches = page.rect.width * page.rect.height / 72**2
    dpi = min(OCR_DPI, int((MAX_OCR_PIXELS / max(square_inches, 1e-6)) ** 0.5))
    with tesseract_silenced():
        textpage = page.get_textpage_ocr(language="+".join(OCR_LANGUAGES), dpi=dpi, full=True, tessdata=tessdata)
    return page.get_text("dict", flags=flags, textpage=textpage)


@contextmanager
def tesseract_silenced() -> Iterator[None]:
    """Tesseract writes its diagnostics ("Image too small to scale!!", "Line cannot be recognized!!") to
    the process's stderr, a line per speck of a designed page, none of which a user can act on. While a
    page is read, file descriptor 2 points at /dev/null, and Python's ``sys.stderr`` at a copy of the
    real one, so the progress bar and warnings written from Python still reach the terminal."""
    python_stderr = sys.stderr
    python_stderr.flush()
    saved = os.dup(2)
    encoding = getattr(python_stderr, "encoding", None) or "utf-8"
    terminal = os.fdopen(os.dup(saved), "w", buffering=1, encoding=encoding, errors="replace")
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 2)
        sys.stderr = terminal
        yield
    finally:
        sys.stderr = python_stderr
        terminal.close()
        os.dup2(saved, 2)
        os.close(saved)
