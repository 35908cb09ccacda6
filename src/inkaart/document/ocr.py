"""Text for scanned PDF pages, read by Tesseract through PyMuPDF.

MuPDF carries its own Tesseract engine; what it needs from the system are the trained language
files ("tessdata") that Debian's ``tesseract-ocr`` packages install. Policy documents here are Dutch,
with English names and quotes mixed in, so both languages are loaded.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ..errors import InputError

OCR_LANGUAGES = ("nld", "eng")
APT_PACKAGES = "tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng"
# Tesseract reads best at about 300 dpi; a scan stored at a lower resolution is scaled up to it.
OCR_DPI = 300


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
    textpage = page.get_textpage_ocr(language="+".join(OCR_LANGUAGES), dpi=OCR_DPI, full=True, tessdata=tessdata)
    return page.get_text("dict", flags=flags, textpage=textpage)
