"""Read a list of passages (CSV or JSON rows with ``id``, ``text`` and optional ``page``, ``section``).

Each row is one paragraph, kept in row order. A ``section`` such as "Wonen > Huurwoningen" becomes
heading blocks, emitted only where the section changes, so the builder derives section paths exactly
as it does for a document with real headings.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import InputError
from .builder import Block, ReadResult
from .decoding import decode_text

_SECTION_SEPARATOR = ">"
_PAGES = re.compile(r"^\d+(?:\.0)?(?:\s*[-–,;/]\s*\d+)*$")


def read_csv_passages(data: bytes, path: Path) -> ReadResult:
    text = decode_text(data, path)
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InputError(path, f"is not a readable CSV ({error}); export it again as CSV") from error
    return _passages_result(rows, reader.fieldnames or [], path, "csv")


def read_json_passages(data: bytes, path: Path) -> ReadResult:
    try:
        loaded = json.loads(decode_text(data, path))
    except json.JSONDecodeError as error:
        raise InputError(path, f"is not valid JSON ({error.msg}, line {error.lineno}); fix the file") from error
    except RecursionError:
        raise InputError(path, "nests lists or objects too deeply to be passages; give a flat list") from None
    if isinstance(loaded, Mapping) and isinstance(loaded.get("passages"), list):
        loaded = loaded["passages"]
    if not isinstance(loaded, list) or not all(isinstance(row, Mapping) for row in loaded):
        raise InputError(path, 'expected a list of passages like [{"id": ..., "text": ...}] or {"passages": [...]}')
    columns = list(dict.fromkeys(key for row in loaded for key in row))
    return _passages_result(loaded, columns, path, "json")


def _dialect(text: str) -> type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        # One-column files or odd quoting defeat the sniffer; plain commas are the common case.
        return csv.excel


def _passages_result(rows: list, columns: Iterable[str], path: Path, fmt: str) -> ReadResult:
    columns = [str(c).strip() for c in columns if c is not None]
    if "text" not in (c.lower() for c in columns):
        found = ", ".join(columns) or "none"
        raise InputError(path, f"has no 'text' column (columns found: {found}); add one with the passage text")
    blocks = list(_blocks(rows, path))
    if not blocks:
        raise InputError(path, "has a 'text' column but every row is empty; fill in the passages")
    page_count = max(b.page_end or b.page_start for b in blocks)
    return ReadResult(blocks=blocks, format=fmt, page_count=page_count)


def _blocks(rows: list, path: Path) -> Iterable[Block]:
    current_section: list[str] = []
    for number, row in enumerate(rows, start=1):
        fields = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        text = _string(fields.get("text"))
        if not text:
            continue
        page, last_page = _pages(fields.get("page"), number, path)
        section = _section(fields.get("section"))
        if section and section != current_section:
            yield from _headings(current_section, section, page)
            current_section = section
        yield Block(text=text, kind="body", page_start=page, page_end=last_page)


def _headings(previous: list[str], section: list[str], page: int) -> Iterable[Block]:
    # Only the levels below the shared prefix are new; repeating the rest would split sections.
    shared = 0
    while shared < min(len(previous), len(section)) and previous[shared] == section[shared]:
        shared += 1
    if shared == len(section):
        shared -= 1
    for level in range(shared, len(section)):
        yield Block(text=section[level], kind="heading", level=level + 1, page_start=page)


def _section(value: object) -> list[str]:
    return [part.strip() for part in _string(value).split(_SECTION_SEPARATOR) if part.strip()]


def _pages(value: object, row: int, path: Path) -> tuple[int, int]:
    """A page ("12", 12, 12.0), a range ("15-16") or a list ("39, 42") as (first, last)."""
    text = _string(value)
    if not text:
        return 1, 1
    if not _PAGES.match(text):
        raise InputError(path, f"row {row} has page '{text}', not a number; use numbers like 12 or 15-16")
    numbers = [max(1, int(n)) for n in re.findall(r"\d+", re.sub(r"\.0\b", "", text))]
    return min(numbers), max(numbers)


def _string(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()
