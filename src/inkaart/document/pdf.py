"""PDF reader: PyMuPDF's text layout turned into paragraphs in reading order.

PyMuPDF reports lines with position, font size and weight, but its "blocks" follow the order in
which the producer wrote the text, not how a person reads it. So the reader works from lines:

1. collect the lines of every page, dropping page furniture (running headers, footers, page and
   margin line numbers) that repeats at the same spot across pages;
2. per page, set the table of contents and aligned tables apart, order the other lines column by
   column (recursive XY-cut) and group them into paragraphs by gaps, indentation, bullets and style;
3. over the whole document, decide which paragraphs are headings (larger, bold or italic short
   lines, levelled by size rank) and rejoin paragraphs that a page or column break cut in two.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from ..errors import InputError
from .builder import Block, ReadResult
from .ocr import check_page_count, ocr_text_dict, tessdata_folder

# Ligatures expanded (so "ﬁ" becomes "fi"), no image payloads: both matter for search and speed.
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
_MIN_DISPLAY_SIZE = 10.0  # half the size from which lines of one heading need not share a left edge
_HEADING_LINES = 4  # a heading in text type is short: more lines make a paragraph
_DISPLAY_HEADING_LINES = 8  # display type on a divider page wraps a title after every word or two
_MARGIN_BAND = 0.09  # share of the page height at top and bottom that holds headers and footers
_FURNITURE_SHARE = 0.25  # furniture repeats on at least this share of the pages (odd/even layouts)
_HYPHENATED_DOCUMENT = 0.025  # share of lines ending in a word hyphen above which breaks are typographic

_BULLET_GLYPHS = set("•◦▪▫■□●○◆◇►▶▸➢➤✓✔✗✘·∙○\u2043\u25cf\u25aa\x07")
_DASH_MARKERS = ("-", "–", "—", "*")
_OCR_FONT = "GlyphLessFont"  # the font MuPDF gives text that Tesseract recognised
_OCR_BULLET_READINGS = frozenset("e«»©°*•o·")  # what Tesseract makes of a bullet glyph standing alone
_SYMBOL_FONT = re.compile(r"symbol|wingding|dingbat|icon|zapf", re.IGNORECASE)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|extrabold|[-,]bd\b|[a-z]bd$", re.IGNORECASE)
_ITALIC_FONT = re.compile(r"italic|oblique|[-,]it$", re.IGNORECASE)
_ENUMERATION = re.compile(r"^(\(?\d{1,3}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\)|[ivx]{1,4}\.)(?=\s)")
_LABEL_PIECE = re.compile(r"^\(?(\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]?\s*$")
_PAGE_NUMBER = re.compile(r"^(\d{1,4}|[ivxlcdm]{1,6})$", re.IGNORECASE)
_TOC_DOTTED = re.compile(r"^(?P<title>.*?\S)\s*(?:\.{3,}|…+|\s{2,}|\t)\s*(?P<page>\d{1,3})$")
_TOC_TITLE = re.compile(r"^(inhoud|inhoudsopgave|inhoudstafel|contents|table of contents)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_SENTENCE_END = re.compile(r"[.!][\"'”’»)\]]*$")
_TERMINAL = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
_WORD_HYPHEN = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")
_LAST_TOKEN = re.compile(r"(\w*)-$")
_VOWELS = set("aeiouyáéíóúàèëïöüâêîôû")
_SUSPENDED_HYPHEN_NEXT = re.compile(r"^(en|of|tot|and|or|to|nor)\b|^[,;]")


@dataclass
class Line:
    """One visual line (or one cell of a table row) on a page."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float
    bold: float  # share of the characters set in a bold face
    italic: float
    marker: str | None = None  # bullet glyph or dash that opened the line, already cut from ``text``
    text_x0: float | None = None  # where the text after a bullet glyph starts

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def left(self) -> float:
        return self.text_x0 if self.text_x0 is not None else self.x0


@dataclass
class Unit:
    """Something the layout orders as a whole: a line, a table or a table of contents."""

    x0: float
    y0: float
    x1: float
    y1: float
    line: Line | None = None
    block: Block | None = None
    chars: int = 0


@dataclass
class Paragraph:
    lines: list[Line]
    kind: str = "body"
    flow_break: bool = False  # starts after a page or column break, so may continue the previous one
    block: Block | None = None  # a table or toc block, passed through unchanged
    level: int = 0

    @property
    def page_start(self) -> int:
        return self.block.page_start if self.block else self.lines[0].page

    @property
    def page_end(self) -> int:
        if self.block:
            return self.block.page_end or self.block.page_start
        return self.lines[-1].page


@dataclass
class _Style:
    size: float
    bold: float
    italic: float

    @property
    def key(self) -> tuple[float, bool, bool]:
        return (round(self.size * 2) / 2, self.bold >= 0.9, self.italic >= 0.9)


@dataclass
class _Joiner:
    """Repairs words split over two lines, deciding per break whether the hyphen is real."""

    hyphenated: bool
    hyphen_words: set[str] = field(default_factory=set)

    def join(self, left: str, right: str) -> str:
        left = left.rstrip()
        right = right.lstrip()
        if not left:
            return right
        if left.endswith("\xad"):
            return left[:-1] + right
        if left.endswith(("-", "\u2010")):
            return left + self._after_hyphen(left, right) + right
        return f"{left} {right}"

    def _after_hyphen(self, left: str, right: str) -> str:
        """Return what goes between ``left`` (ending in a hyphen) and ``right``: "", " " or a removal."""
        before = _LAST_TOKEN.search(left)
        token = before.group(1) if before else ""
        if not token or _SUSPENDED_HYPHEN_NEXT.match(right):
            return " "  # "wet-" + "en regelgeving", "EU -" + "...": a suspended or spaced hyphen
        return ""

    def dehyphenate(self, left: str, right: str) -> bool:
        """True when ``left``'s final hyphen is a typographic word break that should disappear."""
        before = _LAST_TOKEN.search(left.rstrip())
        token = before.group(1) if before else ""
        right = right.lstrip()
        if not (self.hyphenated and token and right and right[0].islower()):
            return False
        if not token.isalpha() or not token.islower() or _SUSPENDED_HYPHEN_NEXT.match(right):
            return False
        if token[-1] in _VOWELS and right[0] in _VOWELS:
            return False  # Dutch writes a hyphen at a vowel clash: media-aanbod, zee-egel
        following = re.match(r"[^\W\d_]+", right)
        compound = f"{token}-{following.group(0) if following else ''}".lower()
        return compound not in self.hyphen_words

    def join_lines(self, left: str, right: str) -> str:
        if self.dehyphenate(left, right):
            return left.rstrip()[:-1] + right.lstrip()
        return self.join(left, right)


@dataclass(frozen=True)
class PdfOptions:
    """What reading a PDF may need beside its bytes."""

    password: str | None = None
    ocr: bool = True  # read pages without a text layer with Tesseract
    progress: Callable[[str, int, int], None] | None = None  # (stage, done, total), e.g. per OCR'd page


# What PyMuPDF raises for a damaged file: MuPDF errors surface as RuntimeError or FzErrorBase.
_LIBRARY_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)
_PDF_HEADER = b"%PDF-"
_HEADER_WINDOW = 1024  # readers accept a header within the first kilobyte, after junk bytes
_MAX_PAGES = 10_000


def read_pdf(data: bytes, path: Path, options: PdfOptions | None = None) -> ReadResult:
    options = options or PdfOptions()
    document = _open(data, path, options.password)
    try:
        with _library_errors(path):
            raw_pages = [
                (page.get_text("dict", flags=_TEXT_FLAGS), bool(page.get_images(full=False))) for page in document
            ]
            heights = [page.rect.height for page in document]
            widths = [page.rect.width for page in document]
            metadata_title = (document.metadata or {}).get("title") or ""
            pdf_labels = _pdf_page_labels(document)
        pages = [_page_lines(text, number) for number, (text, _) in enumerate(raw_pages, start=1)]
        blank_pages = _image_only_pages(pages, [images for _, images in raw_pages])
        ocr_pages = _recognise(document, pages, blank_pages, path, options) if options.ocr else []
    finally:
        document.close()
    if not any(pages):
        if blank_pages and not options.ocr:
            raise InputError(path, "has no text layer (scanned?); drop --no-ocr to read it with Tesseract OCR")
        raise InputError(path, "has no text layer (scanned?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`")

    labels = pdf_labels or _printed_page_labels(pages, heights)
    pages = _drop_furniture(pages, heights)
    body_size = _body_size(pages)
    joiner = _joiner(pages)
    paragraphs: list[Paragraph] = []
    for lines, width in zip(pages, widths, strict=True):
        paragraphs.extend(_page_paragraphs(lines, width, body_size))
    _classify(paragraphs, body_size)
    paragraphs = _join_flow_breaks(paragraphs)
    blocks = [_to_block(p, joiner) for p in paragraphs]
    return ReadResult(
        blocks=blocks,
        format="pdf",
        title=_title(metadata_title, paragraphs, joiner),
        page_count=len(pages),
        page_labels=labels,
        warnings=_warnings(blank_pages, ocr_pages),
        ocr_pages=ocr_pages,
    )


def _image_only_pages(pages: list[list[Line]], has_images: list[bool]) -> list[int]:
    """Pages that show images but carry no text: scanned pages, or photos."""
    return [n for n, (lines, images) in enumerate(zip(pages, has_images, strict=True), start=1) if images and not lines]


def _warnings(blank_pages: list[int], ocr_pages: list[int]) -> list[str]:
    unread = [n for n in blank_pages if n not in ocr_pages]
    warnings = []
    if ocr_pages:
        listed = ", ".join(str(n) for n in ocr_pages)
        warnings.append(f"pages {listed} were read by OCR (Tesseract); check quotes from them against the scan")
    if unread:
        listed = ", ".join(str(n) for n in unread)
        warnings.append(f"pages {listed} have no text layer (images only); run OCR if they hold text")
    return warnings


def _recognise(
    document: pymupdf.Document, pages: list[list[Line]], blank_pages: list[int], path: Path, options: PdfOptions
) -> list[int]:
    """OCR the image-only pages in place; returns the numbers of the pages that gave text."""
    if not blank_pages:
        return []
    check_page_count(path, len(blank_pages))
    try:
        tessdata = tessdata_folder(path)
    except InputError:
        if any(pages):
            return []  # the text pages still read; the warning names the pages left out
        raise
    report = options.progress or (lambda stage, done, total: None)
    recognised = []
    report("OCR", 0, len(blank_pages))
    for done, number in enumerate(blank_pages, start=1):
        with _library_errors(path, f"OCR of page {number} failed"):
            text = ocr_text_dict(document[number - 1], tessdata, _TEXT_FLAGS)
        pages[number - 1] = _page_lines(text, number)
        if pages[number - 1]:
            recognised.append(number)
        report("OCR", done, len(blank_pages))
    return recognised


# --- opening and raw lines ------------------------------------------------------------------------


@contextmanager
def _library_errors(path: Path, what: str = "is damaged or not a PDF") -> Iterator[None]:
    """Turn PyMuPDF's complaints about a broken file into one line for the user."""
    try:
        yield
    except _LIBRARY_ERRORS as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(path, f"{what} ({reason}); open it in a PDF viewer and save or export it again") from error


def _open(data: bytes, path: Path, password: str | None) -> pymupdf.Document:
    if _PDF_HEADER not in data[:_HEADER_WINDOW]:
        raise InputError(path, f"is not a PDF (it starts like {_file_kind(data)}); choose the PDF or fix the extension")
    with _library_errors(path, "cannot be opened as a PDF"):
        document = pymupdf.open(stream=data, filetype="pdf")
        page_count = document.page_count
        needs_password = document.needs_pass
    try:
        if not document.is_pdf:  # PyMuPDF opens images and e-books too, whatever filetype says
            raise InputError(path, "is not a PDF; choose the PDF or fix the extension")
        _unlock(document, path, password, needs_password)
        if page_count == 0:
            raise InputError(path, "cannot be opened as a PDF (no pages); check that the file is not damaged")
        if page_count > _MAX_PAGES:
            raise InputError(path, f"has {page_count} pages, over the limit of {_MAX_PAGES}; split the document")
    except InputError:
        document.close()
        raise
    return document


def _unlock(document: pymupdf.Document, path: Path, password: str | None, needs_password: bool) -> None:
    if not needs_password or document.authenticate(""):
        return
    if password is None:
        raise InputError(path, "is password-protected; pass its password with --password (or the password field)")
    if not document.authenticate(password):
        raise InputError(path, "is password-protected and the given password does not open it; check --password")


def _file_kind(data: bytes) -> str:
    """A short name for what the bytes look like, so a wrongly named file is recognised."""
    signatures = {
        b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"GIF8": "a GIF image",
        b"PK\x03\x04": "a ZIP archive or Word/Office file",
        b"\xd0\xcf\x11\xe0": "an old Office file",
        b"{": "JSON",
        b"<": "HTML or XML",
    }
    head = data.lstrip()[:8]
    for signature, kind in signatures.items():
        if head.startswith(signature):
            return kind
    return "text" if head.isascii() else "something else"


def _page_lines(text: dict, number: int) -> list[Line]:
    lines: list[Line] = []
    seen: set[tuple[str, int, int]] = set()
    for block in text["blocks"]:
        for raw in block.get("lines", ()):
            direction = raw.get("dir", (1, 0))
            if abs(direction[0] - 1) > 0.01:
                continue  # rotated margin text is not part of the reading flow
            line = _line(raw, number)
            if line is None:
                continue
            # Designers fake shadows and outlines by printing the same text twice at one spot.
            key = (line.text, round(line.x0), round(line.y0))
            if key not in seen:
                seen.add(key)
                lines.append(line)
    return lines


def _line(raw: dict, page: int) -> Line | None:
    spans = [s for s in raw["spans"] if s["text"]]
    marker, spans = _leading_marker(spans)
    text = _CONTROL.sub(" ", "".join(s["text"] for s in spans))
    if not text.strip() and not marker:
        return None
    weights = Counter[tuple[float, bool, bool]]()
    for span in spans:
        chars = len(span["text"].strip())
        font = span["font"]
        bold = bool(span["flags"] & 16) or bool(_BOLD_FONT.search(font))
        italic = bool(span["flags"] & 2) or bool(_ITALIC_FONT.search(font))
        weights[(round(span["size"], 1), bold, italic)] += chars
    total = sum(weights.values()) or 1
    size = max(weights, key=lambda k: weights[k])[0] if weights else round(raw["spans"][0]["size"], 1)
    x0, y0, x1, y1 = raw["bbox"]
    text_x0 = spans[0]["bbox"][0] if marker and spans else None
    return Line(
        page=page,
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        text=text.strip() if not marker else text.lstrip(),
        size=size,
        bold=sum(v for k, v in weights.items() if k[1]) / total,
        italic=sum(v for k, v in weights.items() if k[2]) / total,
        marker=marker,
        text_x0=text_x0,
    )


def _leading_marker(spans: list[dict]) -> tuple[str | None, list[dict]]:
    """Cut a bullet glyph (Symbol font, private-use code point, "•", icon font) off the line start."""
    if not spans:
        return None, spans
    first = spans[0]
    stripped = first["text"].strip()
    if not stripped:
        if len(spans) > 1:
            marker, rest = _leading_marker(spans[1:])
            return (marker, rest) if marker else (None, spans)
        return None, spans
    glyph = stripped[0]
    is_glyph = glyph in _BULLET_GLYPHS or "\ue000" <= glyph <= "\uf8ff"
    if _SYMBOL_FONT.search(first["font"]) and len(stripped) <= 2:
        is_glyph = True
    if first["font"] == _OCR_FONT and len(spans) == 1 and stripped in _OCR_BULLET_READINGS:
        is_glyph = True
    if not is_glyph:
        return None, spans
    remainder = stripped[1:] if len(stripped) > 1 and not _SYMBOL_FONT.search(first["font"]) else ""
    rest = spans[1:]
    if remainder.strip():
        rest = [{**first, "text": remainder}, *rest]
    return glyph, rest


def _pdf_page_labels(document: pymupdf.Document) -> dict[int, str]:
    if not document.get_page_labels():
        return {}
    labels = {number: page.get_label() for number, page in enumerate(document, start=1)}
    return {number: label for number, label in labels.items() if label}


# --- furniture ------------------------------------------------------------------------------------


def _in_margin(line: Line, height: float) -> bool:
    return line.y1 <= height * _MARGIN_BAND or line.y0 >= height * (1 - _MARGIN_BAND)


def _printed_page_labels(pages: list[list[Line]], heights: list[float]) -> dict[int, str]:
    """Lone numbers in the top or bottom margin, kept where they agree on one offset to the page."""
    candidates: list[tuple[int, str]] = []
    for number, (lines, height) in enumerate(zip(pages, heights, strict=True), start=1):
        for line in lines:
            if line.text.isdigit() and len(line.text) <= 4 and _in_margin(line, height):
                candidates.append((number, line.text))
    if not candidates:
        return {}
    offsets = Counter(int(text) - number for number, text in candidates)
    offset, count = offsets.most_common(1)[0]
    if count < max(2, len(pages) // 4):
        return {}
    return {number: text for number, text in candidates if int(text) - number == offset}


def _furniture_key(line: Line) -> tuple[str, int, int]:
    return (re.sub(r"\d+", "#", line.text.lower()), round(line.x0 / 6), round(line.y0 / 6))


def _drop_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop running headers/footers (repeated in the margin), page numbers and margin line numbers."""
    counts = Counter(key for lines in pages for key in {_furniture_key(line) for line in lines})
    threshold = max(3, len(pages) * _FURNITURE_SHARE)
    kept_pages = []
    for lines, height in zip(pages, heights, strict=True):
        kept = []
        for line in lines:
            margin = _in_margin(line, height)
            repeated = counts[_furniture_key(line)] >= threshold
            number_only = bool(_PAGE_NUMBER.match(line.text)) and not line.marker
            if (margin and (repeated or number_only)) or (repeated and number_only):
                continue
            kept.append(line)
        kept_pages.append(kept)
    return kept_pages


def _body_size(pages: list[list[Line]]) -> float:
    sizes = Counter[float]()
    for lines in pages:
        for line in lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _joiner(pages: list[list[Line]]) -> _Joiner:
    """Learn whether line-end hyphens are typographic, and which hyphenated words are real."""
    total = hyphen_breaks = 0
    words: set[str] = set()
    for lines in pages:
        total += len(lines)
        for line in lines:
            words.update(f"{a}-{b}".lower() for a, b in _WORD_HYPHEN.findall(line.text))
        for line, following in itertools.pairwise(lines):
            text = line.text.rstrip()
            if text.endswith("-") and len(text) > 1 and text[-2].islower():
                start = following.text.lstrip()[:1]
                hyphen_breaks += start.islower()
    return _Joiner(hyphenated=total > 0 and hyphen_breaks / total > _HYPHENATED_DOCUMENT, hyphen_words=words)


# --- one page: merge pieces, toc, tables, reading order, paragraphs ---------------------------------


def _page_paragraphs(lines: list[Line], width: float, body_size: float) -> list[Paragraph]:
    if not lines:
        return []
    rows = _rows(_merge_pieces(lines))
    toc = _toc_blocks(rows)
    if toc:
        return [Paragraph(lines=[], kind="toc", block=block, flow_break=True) for block in toc]
    units, rest = _table_units(rows, body_size)
    units.extend(Unit(line.x0, line.y0, line.x1, line.y1, line=line, chars=len(line.text)) for line in rest)
    ordered = _xy_order(units, min_gutter=max(5.0, body_size * 0.5))
    return _paragraphs(ordered, width)


def _vertical_overlap(a: Line | Unit, b: Line | Unit) -> float:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap / max(min(a.y1 - a.y0, b.y1 - b.y0), 0.1)


def _merge_pieces(lines: list[Line]) -> list[Line]:
    """Join a bullet glyph or list label printed as its own piece with the text beside it."""
    merged: list[Line] = []
    for row in _rows(lines):
        pieces: list[Line] = []
        for line in row:
            if pieces and _belongs_to(pieces[-1], line, first=len(pieces) == 1):
                _absorb(pieces[-1], line)
            else:
                pieces.append(line)
        merged.extend(pieces)
    return merged


def _absorb(host: Line, line: Line) -> None:
    if host.marker and not host.text.strip():
        # The glyph piece takes over the text piece: style and size are the text's.
        host.text, host.text_x0 = line.text, line.x0
        host.size, host.bold, host.italic = line.size, line.bold, line.italic
    else:
        share = len(line.text) / max(len(host.text) + len(line.text), 1)
        host.bold += (line.bold - host.bold) * share
        host.italic += (line.italic - host.italic) * share
        host.size = host.size if share < 0.5 else line.size
        host.text = f"{host.text} {line.text}"
    host.x1 = max(host.x1, line.x1)
    host.y0, host.y1 = min(host.y0, line.y0), max(host.y1, line.y1)


def _belongs_to(host: Line, line: Line, first: bool) -> bool:
    if line.x0 < host.x1 - 1:
        return False
    gap = line.x0 - host.x1
    if host.marker and not host.text.strip():
        return gap < 3 * line.size
    if first and _LABEL_PIECE.match(host.text) and host.text_x0 is None:
        return gap < 2 * line.size  # a list label, not a number in a table
    return gap < 0.6 * line.size


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Group lines into horizontal bands: one band holds the pieces of a visual row."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda item: (item.y0, item.x0)):
        if rows and any(_vertical_overlap(line, other) >= 0.5 for other in rows[-1]):
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:
        row.sort(key=lambda item: item.x0)
    return rows


def _toc_entry(row: list[Line]) -> tuple[str, str] | None:
    """(title, page) when a row reads like a contents entry: text, then a page number at the right."""
    texts = [line.text.strip() for line in row if line.text.strip()]
    if len(texts) >= 2 and texts[-1].isdigit() and len(texts[-1]) <= 3:
        return " ".join(texts[:-1]), texts[-1]
    if len(texts) == 1:
        match = _TOC_DOTTED.match(row[0].text.strip())
        if match:
            return match.group("title").rstrip(". "), match.group("page")
    return None


def _toc_blocks(rows: list[list[Line]]) -> list[Block]:
    entries = [_toc_entry(row) for row in rows]
    numbers = [int(entry[1]) for entry in entries if entry]
    if len(numbers) < 3:
        return []
    titled = any(_TOC_TITLE.match(" ".join(line.text for line in row).strip()) for row in rows[:4])
    rising = sum(b >= a for a, b in itertools.pairwise(numbers)) >= 0.8 * (len(numbers) - 1)
    if not rising or not (titled or len(numbers) >= 0.5 * len(rows)):
        return []
    page = rows[0][0].page
    blocks: list[Block] = []
    pending: list[str] = []
    for row, entry in zip(rows, entries, strict=True):
        if entry is None:
            text = " ".join(line.text.strip() for line in row)
            if _TOC_TITLE.match(text) and not pending:
                blocks.append(Block(text=text, kind="toc", page_start=page))
            else:
                pending.append(text)
            continue
        blocks.append(Block(text=" ".join([*pending, entry[0], entry[1]]), kind="toc", page_start=page))
        pending = []
    if pending:
        blocks.append(Block(text=" ".join(pending), kind="toc", page_start=page))
    return blocks


def _is_tabular(row: list[Line]) -> bool:
    return len(row) >= 3


def _table_units(rows: list[list[Line]], body_size: float) -> tuple[list[Unit], list[Line]]:
    """Find runs of rows whose cells line up in columns; return them as table units."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(rows):
        end = _table_end(rows, index, body_size)
        if end is None:
            index += 1
            continue
        floor = spans[-1][1] if spans else 0
        spans.append((_table_start(rows, index, floor, body_size), end))
        index = end
    units = [_table_unit(rows[start:end]) for start, end in spans]
    inside = {i for start, end in spans for i in range(start, end)}
    rest = [line for i, row in enumerate(rows) if i not in inside for line in row]
    return units, rest


def _table_start(rows: list[list[Line]], start: int, floor: int, body_size: float) -> int:
    """Extend a table upwards over its header: short pieces just above, within its width."""
    x0 = min(line.x0 for line in rows[start])
    x1 = max(line.x1 for line in rows[start])
    while start > floor:
        row = rows[start - 1]
        gap = min(line.y0 for line in rows[start]) - max(line.y1 for line in row)
        inside = min(line.x0 for line in row) >= x0 - body_size and max(line.x1 for line in row) <= x1 + body_size
        if gap > 3 * body_size or not inside or any(len(line.text) > 40 for line in row):
            break
        start -= 1
    return start


def _table_end(rows: list[list[Line]], start: int, body_size: float) -> int | None:
    """Index after the table that starts at ``rows[start]``, or None when no table starts there."""
    if not _is_tabular(rows[start]):
        return None
    x0 = min(line.x0 for line in rows[start])
    x1 = max(line.x1 for line in rows[start])
    tabular = 0
    end = start
    for index in range(start, len(rows)):
        row = rows[index]
        previous = rows[end - 1] if end > start else row
        gap = min(line.y0 for line in row) - max(line.y1 for line in previous)
        inside = min(line.x0 for line in row) >= x0 - 3 and max(line.x1 for line in row) <= x1 + 3
        short = all(len(line.text) <= 80 for line in row)
        if gap > 2.5 * body_size or not (_is_tabular(row) or (inside and short)):
            break
        tabular += _is_tabular(row)
        end = index + 1
    cells = [line.text for row in rows[start:end] for line in row]
    lengths = sorted(len(text) for text in cells)
    if tabular < 3 or lengths[len(lengths) // 2] > 25:
        return None
    return end


def _table_unit(rows: list[list[Line]]) -> Unit:
    anchors = [row for row in rows if _is_tabular(row)]
    bands: list[list[Line]] = [[] for _ in anchors]
    loose: list[list[Line]] = []
    for row in rows:
        if _is_tabular(row):
            bands[anchors.index(row)].extend(row)
            continue
        for line in row:
            best = max(range(len(anchors)), key=lambda i: _overlap_with_row(line, anchors[i]))
            if _overlap_with_row(line, anchors[best]) > 0:
                bands[best].append(line)
            else:
                loose.append([line])
    table_rows = sorted([*bands, *loose], key=lambda band: min(line.y0 for line in band))
    text = "\n".join(_row_text(band) for band in table_rows)
    lines = [line for row in rows for line in row]
    page = lines[0].page
    x0, y0 = min(line.x0 for line in lines), min(line.y0 for line in lines)
    x1, y1 = max(line.x1 for line in lines), max(line.y1 for line in lines)
    block = Block(text=text, kind="table", page_start=page)
    return Unit(x0, y0, x1, y1, block=block, chars=len(text))


def _overlap_with_row(line: Line, row: list[Line]) -> float:
    return min(line.y1, max(item.y1 for item in row)) - max(line.y0, min(item.y0 for item in row))


def _row_text(band: list[Line]) -> str:
    """Cells are pieces that overlap horizontally (a cell may wrap); cells are joined with " | "."""
    cells: list[list[Line]] = []
    for line in sorted(band, key=lambda item: item.x0):
        if cells and line.x0 < max(item.x1 for item in cells[-1]) - 1:
            cells[-1].append(line)
        else:
            cells.append([line])
    texts = [" ".join(item.text.strip() for item in sorted(cell, key=lambda i: i.y0)) for cell in cells]
    return " | ".join(text for text in texts if text)


def _xy_order(units: list[Unit], min_gutter: float) -> list[Unit]:
    """Recursive XY-cut: split at a column gutter when one runs through the region, else at the
    widest horizontal gap; columns are read left to right, each top to bottom."""
    if len(units) <= 1:
        return units
    columns = _vertical_cut(units, min_gutter)
    if columns:
        return [unit for column in columns for unit in _xy_order(column, min_gutter)]
    bands = _horizontal_cut(units)
    if bands:
        return [unit for band in bands for unit in _xy_order(band, min_gutter)]
    return sorted(units, key=lambda unit: (unit.y0, unit.x0))


def _vertical_cut(units: list[Unit], min_gutter: float) -> list[list[Unit]] | None:
    ordered = sorted(units, key=lambda unit: unit.x0)
    best: tuple[float, int] | None = None
    reach = ordered[0].x1
    for index in range(1, len(ordered)):
        gap = ordered[index].x0 - reach
        if gap >= min_gutter and (best is None or gap > best[0]):
            best = (gap, index)
        reach = max(reach, ordered[index].x1)
    if best is None:
        return None
    left, right = ordered[: best[1]], ordered[best[1] :]
    # A column of bullet glyphs or stray numbers is no column of text.
    if sum(unit.chars for unit in left) < 15 or sum(unit.chars for unit in right) < 15:
        return None
    return [left, right]


def _horizontal_cut(units: list[Unit]) -> list[list[Unit]] | None:
    ordered = sorted(units, key=lambda unit: unit.y0)
    best: tuple[float, int] | None = None
    reach = ordered[0].y1
    for index in range(1, len(ordered)):
        gap = ordered[index].y0 - reach
        if gap > 0 and (best is None or gap > best[0]):
            best = (gap, index)
        reach = max(reach, ordered[index].y1)
    if best is None:
        return None
    return [ordered[: best[1]], ordered[best[1] :]]


def _paragraphs(units: list[Unit], width: float) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    for position, unit in enumerate(units):
        if unit.block is not None:
            current = None
            paragraphs.append(Paragraph(lines=[], kind=unit.block.kind, block=unit.block))
            continue
        line = unit.line
        assert line is not None
        if current is not None and _continues(current, line):
            current.lines.append(line)
            continue
        previous = current.lines[-1] if current else None
        flow_break = position == 0 or (previous is not None and _region_change(previous, line))
        current = Paragraph(lines=[line], kind=_opening_kind(line), flow_break=flow_break)
        paragraphs.append(current)
    return paragraphs


def _opening_kind(line: Line) -> str:
    """A paragraph opened by a glyph, a dash or a list label is a bullet; a dash is cut like a glyph."""
    if line.marker:
        return "bullet"
    if line.text[:1] in _DASH_MARKERS and line.text[1:2].isspace():
        line.marker, line.text = line.text[0], line.text[1:].lstrip()
        return "bullet"
    return "bullet" if _ENUMERATION.match(line.text) else "body"


def _region_change(previous: Line, line: Line) -> bool:
    """The next line sits in another column or higher up: the text flowed on elsewhere."""
    return line.y0 < previous.y0 - 2 or line.x0 > previous.x1 or line.x1 < previous.x0


def _continues(paragraph: Paragraph, line: Line) -> bool:
    previous = paragraph.lines[-1]
    if line.marker or _opens_item(paragraph, line):
        return False
    if _region_change(previous, line) or line.y0 - previous.y1 > 0.8 * line.size:
        return False
    if not _aligned(paragraph, line):
        return False
    if abs(line.size - previous.size) > 0.6:
        # Another size is another paragraph, unless the sentence visibly runs on (a font slip).
        return not _TERMINAL.search(previous.text.rstrip()) and line.text[:1].islower()
    if _style_key(previous) != _style_key(line) and _short(paragraph, line, 0.2):
        return False  # a short line in another style above: a heading or lead-in, not a wrapped line
    return not _ends_paragraph(paragraph, line)


def _ends_paragraph(paragraph: Paragraph, line: Line) -> bool:
    """Where no gap separates paragraphs, a short line before a capital still ends one: a run-in
    heading (one short line without a full stop) or a sentence that ends well before the margin."""
    if not line.text[:1].isupper():
        return False
    previous = paragraph.lines[-1].text.rstrip()
    if _TERMINAL.search(previous):
        return _short(paragraph, line, 0.35)
    return len(paragraph.lines) == 1 and _short(paragraph, line, 0.2)


def _opens_item(paragraph: Paragraph, line: Line) -> bool:
    """A dash or an enumeration label that opens a line after a finished sentence starts a list item."""
    text = line.text
    dash = text[:1] in _DASH_MARKERS and text[1:2].isspace()
    if not dash and not _ENUMERATION.match(text):
        return False
    previous = paragraph.lines[-1].text.rstrip()
    return not previous or bool(_TERMINAL.search(previous))


def _aligned(paragraph: Paragraph, line: Line) -> bool:
    first = paragraph.lines[0]
    if _style_key(first) == _style_key(line) and line.size >= 2 * _MIN_DISPLAY_SIZE:
        return True  # display type is often centred or set right: its lines do not share a left edge
    tolerance = max(3.0, line.size * 0.3)
    if len(paragraph.lines) == 1:
        if first.marker:
            return abs(line.x0 - first.left) <= tolerance or line.x0 > first.left
        return line.x0 >= first.left - 4 * line.size  # a first-line indent is fine
    return abs(line.x0 - paragraph.lines[1].x0) <= tolerance


def _style_key(line: Line) -> tuple[bool, bool]:
    return (line.bold >= 0.9, line.italic >= 0.9)


def _short(paragraph: Paragraph, line: Line, share: float) -> bool:
    """The paragraph's last line stops ``share`` of the column width or more before its right edge."""
    left = min(line.x0, *(item.x0 for item in paragraph.lines))
    right = max(line.x1, *(item.x1 for item in paragraph.lines))
    return paragraph.lines[-1].x1 < right - share * (right - left)


# --- document level: headings, levels, flow joins ----------------------------------------------------


def _paragraph_style(lines: Sequence[Line]) -> _Style:
    weights = [max(len(line.text), 1) for line in lines]
    total = sum(weights)
    sizes = Counter[float]()
    for line, weight in zip(lines, weights, strict=True):
        sizes[line.size] += weight
    return _Style(
        size=sizes.most_common(1)[0][0],
        bold=sum(line.bold * w for line, w in zip(lines, weights, strict=True)) / total,
        italic=sum(line.italic * w for line, w in zip(lines, weights, strict=True)) / total,
    )


def _heading_like(paragraph: Paragraph, body_size: float) -> bool:
    if paragraph.block is not None or paragraph.lines[0].marker:
        return False
    display = min(line.size for line in paragraph.lines) >= 2 * _MIN_DISPLAY_SIZE
    if len(paragraph.lines) > (_DISPLAY_HEADING_LINES if display else _HEADING_LINES):
        return False
    text = " ".join(line.text.strip() for line in paragraph.lines).strip()
    if not text or len(text) > 200 or not any(ch.isalpha() for ch in text):
        return False
    if text[0].islower() or text.endswith((",", ";", ":", "-")):
        return False
    style = _paragraph_style(paragraph.lines)
    larger = style.size >= body_size + 1
    if _SENTENCE_END.search(text) and style.size < body_size * 1.5:
        return False
    if larger:
        return True
    if style.size < body_size - 0.5:
        return False
    if style.bold >= 0.9:
        return True
    return style.italic >= 0.9 and len(paragraph.lines) == 1 and len(text) <= 80


def _classify(paragraphs: list[Paragraph], body_size: float) -> None:
    """Mark headings and give each a level by the rank of its size among recurring heading styles."""
    first_page_size = max(
        (_paragraph_style(p.lines).size for p in paragraphs if p.lines and p.page_start == 1), default=0
    )
    headings = []
    for paragraph in paragraphs:
        if not _heading_like(paragraph, body_size):
            continue
        style = _paragraph_style(paragraph.lines)
        if paragraph.page_start == 1 and style.size < first_page_size:
            continue  # on a cover only the title is a heading; subtitles and dates are text
        paragraph.kind = "heading"
        headings.append((paragraph, style.key))
    if not headings:
        return
    counts = Counter(key for _, key in headings)
    recurring = sorted((key for key, n in counts.items() if n >= 2), key=lambda k: (-k[0], not k[1], k[2]))
    levels = {key: rank for rank, key in enumerate(recurring, start=1)}
    for paragraph, key in headings:
        paragraph.level = levels.get(key) or _nearest_level(key, recurring)


def _nearest_level(key: tuple[float, bool, bool], recurring: list[tuple[float, bool, bool]]) -> int:
    """A one-off heading style takes the level of the recurring style nearest in size."""
    if not recurring or key[0] > recurring[0][0]:
        return 1
    distances = [(abs(key[0] - other[0]), rank) for rank, other in enumerate(recurring, start=1)]
    return min(distances)[1]


def _join_flow_breaks(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Rejoin a paragraph that a page or column break cut: the first part has no sentence end and
    the second continues the sentence (lower case, a digit, or after a comma or a short word)."""
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        if previous is not None and paragraph.flow_break and _continues_across(previous, paragraph):
            previous.lines.extend(paragraph.lines)
            continue
        joined.append(paragraph)
    return joined


def _continues_across(previous: Paragraph, paragraph: Paragraph) -> bool:
    if previous.block is not None or paragraph.block is not None:
        return False
    if previous.kind not in ("body", "bullet") or paragraph.kind != "body":
        return False
    if abs(previous.lines[-1].size - paragraph.lines[0].size) > 0.6:
        return False
    tail = previous.lines[-1].text.rstrip()
    head = paragraph.lines[0].text.lstrip()
    if not tail or not head or _TERMINAL.search(tail):
        return False
    if not head[0].isupper():
        return True
    last_word = tail.split()[-1]
    return tail.endswith((",", "-")) or (last_word.islower() and len(last_word) <= 3)


def _to_block(paragraph: Paragraph, joiner: _Joiner) -> Block:
    if paragraph.block is not None:
        return paragraph.block
    text = ""
    for line in paragraph.lines:
        text = joiner.join_lines(text, line.text) if text else line.text
    text = text.replace("\xad", "")
    return Block(
        text=text,
        kind=paragraph.kind,  # type: ignore[arg-type]
        level=paragraph.level,
        page_start=paragraph.page_start,
        page_end=paragraph.page_end,
    )


def _title(metadata_title: str, paragraphs: Iterable[Paragraph], joiner: _Joiner) -> str | None:
    title = metadata_title.strip()
    meaningless = re.match(r"^(untitled|document\d*|microsoft word\b.*|.*\.(docx?|pdf|indd))$", title, re.I)
    if len(title) >= 4 and any(ch.isalpha() for ch in title) and not meaningless:
        return title
    early = [p for p in paragraphs if p.lines and p.page_start <= 3 and p.kind in ("heading", "body")]
    if not early:
        return None
    largest = max(early, key=lambda p: _paragraph_style(p.lines).size)
    text = _to_block(largest, joiner).text
    return " ".join(text.split()) or None
