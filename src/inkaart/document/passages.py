"""Read a list of passages (CSV or JSON rows with ``id``, ``text`` and optional ``page``, ``section``).

Each row is one paragraph, kept in row order, its text exactly as in the file and its ``id`` as the
paragraph id. A ``section`` such as "Wonen > Huurwoningen" becomes heading blocks, emitted only where
the section changes, so the builder derives section paths exactly as it does for a document with real
headings.

CSV is read as RFC 4180 says. Only the delimiter is guessed, from the header line: a dialect sniffer
that also guesses the quoting from the file's head reads a file whose first rows hold no quotes as
unquoted, and then cuts every later row at its first escaped quote.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .builder import Block, ReadResult
from .decoding import decode_text

_SECTION_SEPARATOR = ">"
_PAGES = re.compile(r"^\d+(?:\.0)?(?:\s*[-–,;/]\s*\d+)*$")
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class _Row:
    number: int  # 1-based among the data rows, the header not counted
    fields: dict[str, object]
    where: str  # how an error names the row: "row 7 (line 9)"


def read_csv_passages(data: bytes, path: Path) -> ReadResult:
    text = decode_text(data, path)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=header_delimiter(text),
        quotechar='"',
        doublequote=True,
        strict=True,
    )
    try:
        header = next(reader, [])
        columns = [column.strip().lower() for column in header]
        rows = list(_csv_rows(reader, columns, path))
    except csv.Error as error:
        raise InputError(
            path, f"is not a readable CSV at line {reader.line_num} ({error}); export it again as CSV"
        ) from error
    return _passages_result(rows, columns, path, "csv")


def header_delimiter(text: str) -> str:
    """The delimiter that occurs most often in the header line outside quotes; a comma when none does."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for character in text:
        if character == '"':
            quoted = not quoted
        elif not quoted and character == "\n":
            break
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(reader, columns: list[str], path: Path) -> Iterable[_Row]:
    line = reader.line_num + 1
    for number, values in enumerate(reader, start=1):
        where = f"row {number} (line {line})"
        line = reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(columns):
            raise InputError(
                path,
                f"{where} has {len(values)} fields but the header names {len(columns)}; "
                "quote fields that contain the delimiter",
            )
        yield _Row(number, dict(zip(columns, values, strict=False)), where)


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
    columns = list(dict.fromkeys(str(key).strip().lower() for row in loaded for key in row))
    rows = [
        _Row(number, {str(k).strip().lower(): v for k, v in row.items()}, f"passage {number}")
        for number, row in enumerate(loaded, start=1)
    ]
    return _passages_result(rows, columns, path, "json")


def _passages_result(rows: list[_Row], columns: list[str], path: Path, fmt: str) -> ReadResult:
    if "text" not in columns:
        found = ", ".join(column for column in columns if column) or "none"
        raise InputError(path, f"has no 'text' column (columns found: {found}); add one with the passage text")
    ids = _row_ids(rows, path)
    blocks = list(_blocks(rows, ids, path))
    if not blocks:
        raise InputError(path, "has a 'text' column but every row is empty; fill in the passages")
    page_count = max(b.page_end or b.page_start for b in blocks)
    return ReadResult(blocks=blocks, format=fmt, page_count=page_count)


def _row_ids(rows: list[_Row], path: Path) -> list[str]:
    """Each row's own id, or ``row-N`` from its row number where it has none, never repeating a given id."""
    given = [_string(row.fields.get("id")).strip() for row in rows]
    first_row: dict[str, _Row] = {}
    for row, passage_id in zip(rows, given, strict=True):
        if not passage_id:
            continue
        if passage_id in first_row:
            raise InputError(
                path,
                f"{first_row[passage_id].where} and {row.where} share the id '{passage_id}'; give every row its own id",
            )
        first_row[passage_id] = row
    return [passage_id or _generated_id(row.number, first_row) for row, passage_id in zip(rows, given, strict=True)]


def _generated_id(number: int, taken: Mapping[str, object]) -> str:
    candidate, suffix = f"row-{number}", 1
    while candidate in taken:
        suffix += 1
        candidate = f"row-{number}-{suffix}"
    return candidate


def _blocks(rows: list[_Row], ids: list[str], path: Path) -> Iterable[Block]:
    current_section: list[str] = []
    for row, passage_id in zip(rows, ids, strict=True):
        text = _string(row.fields.get("text"))
        if not text.strip():
            continue
        page, last_page = _pages(row.fields.get("page"), row.where, path)
        section = _section(row.fields.get("section"))
        if section and section != current_section:
            yield from _headings(current_section, section, page)
            current_section = section
        yield Block(text=text, kind="body", page_start=page, page_end=last_page, id=passage_id, verbatim=True)


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


def _pages(value: object, where: str, path: Path) -> tuple[int, int]:
    """A page ("12", 12, 12.0), a range ("15-16") or a list ("39, 42") as (first, last)."""
    text = _string(value).strip()
    if not text:
        return 1, 1
    if not _PAGES.match(text):
        raise InputError(path, f"{where} has page '{text}', not a number; use numbers like 12 or 15-16")
    numbers = [max(1, int(n)) for n in re.findall(r"\d+", re.sub(r"\.0\b", "", text))]
    return min(numbers), max(numbers)


def _string(value: object) -> str:
    if value is None:
        return ""
    return str(value)
