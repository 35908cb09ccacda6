"""Readers turn a file into a :class:`Document`; :func:`read_document` picks one by extension."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from importlib import import_module
from pathlib import Path

from ..errors import InputError
from .builder import Block, ReadResult, build_document
from .cache import DocumentCache
from .model import Document, DocumentMeta, Page, Paragraph, Section, Sentence

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
# Sentence splitting costs time and about 25 bytes of memory per character: the whole text stays
# within what a laptop handles in seconds (some 3,000 pages), and a single "paragraph" of a million
# characters is a file without line breaks, not prose.
MAX_TEXT_CHARS = 10_000_000
MAX_PARAGRAPH_CHARS = 1_000_000

Reader = Callable[[bytes, Path], ReadResult]


# Each format's reader module is imported only when a file of that format arrives, so PyMuPDF,
# python-docx and lxml load only when needed.
_READERS: dict[str, tuple[str, str]] = {
    ".pdf": ("pdf", "read_pdf"),
    ".docx": ("docx", "read_docx"),
    ".html": ("html", "read_html"),
    ".htm": ("html", "read_html"),
    ".txt": ("text", "read_text"),
    ".md": ("text", "read_markdown"),
    ".markdown": ("text", "read_markdown"),
    ".csv": ("passages", "read_csv_passages"),
    ".json": ("passages", "read_json_passages"),
}


def _reader(extension: str) -> Reader:
    module_name, function_name = _READERS[extension]
    module = import_module(f"{__name__}.{module_name}")
    return getattr(module, function_name)


SUPPORTED_EXTENSIONS = tuple(_READERS)
# Formats whose bytes are the text itself, so the size limits apply before a reader splits anything.
_PLAIN_TEXT = frozenset({".txt", ".md", ".markdown", ".csv", ".json"})


def read_document(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    data: bytes | None = None,
    language: str | None = None,
    cache: DocumentCache | None = None,
    password: str | None = None,
    ocr: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> Document:
    """Read ``path`` (or ``data`` named by ``path``) into a Document, or raise :class:`InputError`.

    With a ``cache``, a file whose bytes were read before is loaded from it instead of parsed again.
    A ``password`` opens an encrypted PDF; ``ocr`` lets Tesseract read scanned PDF pages, reporting
    each page to ``progress`` as ``("OCR", done, total)``.
    """
    path = Path(path)
    extension = path.suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise InputError(
            path,
            f"unsupported file type '{extension or '(none)'}'; use one of {', '.join(SUPPORTED_EXTENSIONS)}",
        )
    if data is None:
        data = _read_bytes(path, max_bytes)
    elif len(data) > max_bytes:
        raise _too_large(path, len(data), max_bytes)
    if not data.strip():
        raise InputError(path, "the file is empty; export the document again or choose another file")
    # An encrypted file's text stays out of the cache, where it could be read without the password.
    if password is not None:
        cache = None
    if cache is not None:
        cached = cache.get(hashlib.sha256(data).hexdigest(), language, str(path))
        if cached is not None and (ocr or not any(page.ocr for page in cached.pages)):
            return cached
    if extension in _PLAIN_TEXT:
        _check_plain_text(data, path, lines=extension != ".json")
    reader = _reader(extension)
    if extension == ".pdf":
        from .pdf import PdfOptions

        reader = partial(reader, options=PdfOptions(password=password, ocr=ocr, progress=progress))
    result = reader(data, path)
    _check_text_size(result, path)
    document = build_document(result, path, data, language=language)
    if not document.content_paragraphs:
        raise InputError(path, "no text found in the document; check that it is the right file")
    if cache is not None:
        cache.put(document, language)
    return document


def _check_plain_text(data: bytes, path: Path, lines: bool) -> None:
    """Bytes bound characters from above (twice over for UTF-16), so both limits hold before decoding.

    JSON is often written on one line, so only its total counts.
    """
    if len(data) > 2 * MAX_TEXT_CHARS:
        raise InputError(
            path,
            f"holds {len(data) / 1e6:.1f} MB of text, over the limit of {MAX_TEXT_CHARS / 1e6:g} million "
            "characters; split the document",
        )
    longest = max(len(line) for line in data.splitlines()) if lines and data else 0
    if longest > 2 * MAX_PARAGRAPH_CHARS:
        raise InputError(
            path,
            f"has a line of {longest:,} bytes (limit {MAX_PARAGRAPH_CHARS:,} characters); "
            "save the text with its line breaks",
        )


def _check_text_size(result: ReadResult, path: Path) -> None:
    total = sum(len(block.text) for block in result.blocks)
    if total > MAX_TEXT_CHARS:
        raise InputError(
            path,
            f"holds {total / 1e6:.1f} million characters of text, over the limit of "
            f"{MAX_TEXT_CHARS / 1e6:g} million; split the document",
        )
    longest = max((len(block.text) for block in result.blocks), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        raise InputError(
            path,
            f"has a paragraph of {longest:,} characters without a break (limit {MAX_PARAGRAPH_CHARS:,}); "
            "save the text with its line breaks",
        )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise InputError(path, "file not found; check the path")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file; name a document inside it")
    size = path.stat().st_size
    if size > max_bytes:
        raise _too_large(path, size, max_bytes)
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror}); check its permissions") from error


def _too_large(path: Path, size: int, max_bytes: int) -> InputError:
    return InputError(
        path,
        f"file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:g} MB; "
        "split it or raise the limit with --max-size",
    )


__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "Block",
    "Document",
    "DocumentCache",
    "DocumentMeta",
    "InputError",
    "Page",
    "Paragraph",
    "ReadResult",
    "Section",
    "Sentence",
    "read_document",
]
