"""Read a Word (.docx) file: headings from paragraph styles, list items, tables in body order."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from ..errors import InputError
from .builder import Block, ReadResult

# Word stores built-in style names in English; Dutch templates also carry localised custom copies.
_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "titel"})
_LIST_STYLE = re.compile(r"list|lijst", re.IGNORECASE)
_CELL_SEPARATOR = " | "
# python-docx unpacks every part into memory. A long report unpacks to tens of megabytes, images
# included; a zip bomb declares gigabytes, so the archive's own directory is checked first.
_MAX_UNPACKED_BYTES = 300_000_000
_MAX_PARTS = 10_000


def read_docx(data: bytes, path: Path) -> ReadResult:
    _check_archive(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    # A damaged archive fails inside zipfile or zlib while python-docx unpacks the parts.
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        PackageNotFoundError,
        KeyError,
        ValueError,
        XMLSyntaxError,
    ) as error:
        raise InputError(
            path, "is not a readable Word document (corrupt or not .docx); open and save it again in Word"
        ) from error
    blocks = list(_blocks(document.iter_inner_content()))
    # Without a title property the builder falls back to the first heading.
    title = (document.core_properties.title or "").strip() or None
    return ReadResult(blocks=blocks, format="docx", title=title)


def _check_archive(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as error:
        raise InputError(
            path, "is not a readable Word document (not a .docx archive); open and save it again in Word"
        ) from error
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > _MAX_PARTS or unpacked > _MAX_UNPACKED_BYTES:
        raise InputError(
            path,
            f"unpacks to {unpacked / 1e6:.0f} MB in {len(parts)} parts, over the limit of "
            f"{_MAX_UNPACKED_BYTES / 1e6:g} MB (a zip bomb?); save the document again in Word",
        )


def _blocks(items: Iterable[Paragraph | Table]) -> Iterable[Block]:
    for item in items:
        if isinstance(item, Table):
            yield Block(text=_table_text(item), kind="table")
        else:
            yield _paragraph_block(item)


def _paragraph_block(paragraph: Paragraph) -> Block:
    level = _heading_level(paragraph.style)
    if level:
        return Block(text=paragraph.text, kind="heading", level=level)
    if _is_list_item(paragraph):
        return Block(text=paragraph.text, kind="bullet")
    return Block(text=paragraph.text, kind="body")


def _heading_level(style: BaseStyle | None) -> int:
    # Custom styles are often based on a heading style; follow the chain to find the level.
    seen = 0
    while style is not None and seen < 10:
        name = (style.name or "").strip()
        if name.lower() in _TITLE_STYLES:
            return 1
        match = _HEADING_STYLE.match(name)
        if match:
            return max(1, int(match.group(1)))
        style = style.base_style
        seen += 1
    return 0


def _is_list_item(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    style = paragraph.style
    return style is not None and bool(_LIST_STYLE.search(style.name or ""))


def _table_text(table: Table) -> str:
    lines = []
    for row in table.rows:
        cells = []
        previous = None
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append(_CELL_SEPARATOR.join(cells))
    return "\n".join(lines)
