"""Fuzzing every reader with truncations and byte flips of real files: only InputError may escape.

Seeds are real corpus files, cut to a size that reads in well under a second so hypothesis can try
many variants within CI time: three pages of the bundled agreement, the start of a 2021 manifesto,
the 2024 passages CSV, and a DOCX and an HTML page built here. OCR is off, so that a flip which
hides a page's text layer does not send the page to Tesseract.
"""

from __future__ import annotations

import contextlib
import functools
import io
from pathlib import Path

import docx
import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inkaart.cli import bundled_document
from inkaart.document import InputError, read_document

SHARED = Path(__file__).resolve().parents[2] / "shared"
MANIFESTO = SHARED / "corpus" / "manifestos-2021" / "BoerBurgerBeweging_2021.txt"
PASSAGES = SHARED / "corpus" / "agreements" / "hoofdlijnenakkoord-2024-passages.csv"
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], database=None
)


def _agreement_pages() -> bytes:
    with pymupdf.open(bundled_document()) as agreement, pymupdf.open() as excerpt:
        excerpt.insert_pdf(agreement, from_page=4, to_page=6)
        return excerpt.tobytes(garbage=3)


def _docx() -> bytes:
    document = docx.Document()
    document.add_heading("Wonen", level=1)
    document.add_paragraph("We bouwen 100.000 woningen per jaar, vooral betaalbare huurwoningen.")
    document.add_paragraph("Starters krijgen voorrang.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Jaar", "Woningen"
    table.cell(1, 0).text, table.cell(1, 1).text = "2025", "100.000"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_HTML = (
    "<html><head><meta charset='utf-8'><title>Akkoord</title></head><body><main>"
    "<h1>Zorg</h1><p>De huisarts blijft dichtbij en de wachtlijsten in de ggz worden korter.</p>"
    "<ul><li>Meer wijkverpleging</li><li>Lager eigen risico</li></ul>"
    "<table><tr><th>Jaar</th><th>Bedrag</th></tr><tr><td>2025</td><td>€ 1 mrd.</td></tr></table>"
    "</main></body></html>"
).encode()

SEEDS = {
    "akkoord.pdf": _agreement_pages,
    "manifest.txt": lambda: MANIFESTO.read_bytes()[:20_000],
    "passages.csv": PASSAGES.read_bytes,
    "passages.json": lambda: _csv_as_json(PASSAGES.read_bytes()),
    "akkoord.docx": _docx,
    "akkoord.html": lambda: _HTML,
    "akkoord.md": lambda: MANIFESTO.read_bytes()[:10_000].replace(b"\n\n", b"\n\n## Kop\n\n", 3),
}


def _csv_as_json(data: bytes) -> bytes:
    import csv
    import json

    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return json.dumps(rows[:40], ensure_ascii=False).encode()


@functools.cache
def seed(name: str) -> bytes:
    # Not a fixture: hypothesis prints every argument of a failing example, and seeds are large.
    return SEEDS[name]()


def _read(name: str, data: bytes) -> None:
    with contextlib.suppress(InputError):
        read_document(Path(name), data=data, ocr=False)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_seed_reads(name: str):
    assert read_document(Path(name), data=seed(name), ocr=False).content_paragraphs


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(cut=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_truncated_files_give_only_input_errors(name: str, cut: float):
    data = seed(name)
    _read(name, data[: int(len(data) * cut)])


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(flips=st.lists(st.tuples(st.floats(0.0, 1.0, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=8))
def test_files_with_flipped_bytes_give_only_input_errors(name: str, flips: list[tuple[float, int]]):
    data = bytearray(seed(name))
    for where, mask in flips:
        data[int(len(data) * where)] ^= mask
    _read(name, bytes(data))
