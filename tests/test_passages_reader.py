"""CSV and JSON passage lists: one paragraph per row, in row order, with pages and sections."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import SHARED

from inkaart.document import read_document
from inkaart.errors import InputError

AGREEMENTS = SHARED / "corpus" / "agreements"
PASSAGE_FILES = sorted(AGREEMENTS.glob("*-passages.csv"))


def _normalised(text: str) -> str:
    return " ".join(text.split())


def test_the_corpus_has_passage_files() -> None:
    assert len(PASSAGE_FILES) == 2


@pytest.mark.parametrize("path", PASSAGE_FILES, ids=lambda p: p.name)
def test_every_row_is_one_verbatim_paragraph_with_its_page(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["text"].strip()]
    document = read_document(path)
    paragraphs = document.content_paragraphs
    assert [document.paragraph_text(p) for p in paragraphs] == [_normalised(row["text"]) for row in rows]
    # Pages are numbers, ranges ("15-16") or lists ("39, 42").
    pages = [[int(n) for n in re.findall(r"\d+", row["page"])] for row in rows]
    assert [(p.page_start, p.page_end) for p in paragraphs] == [(min(n), max(n)) for n in pages]
    assert document.meta.page_count == max(max(n) for n in pages)
    assert all(p.kind == "body" for p in paragraphs)


def test_semicolon_delimited_csv_with_sections(tmp_path: Path) -> None:
    path = tmp_path / "passages.csv"
    path.write_text(
        "id;page;section;text\n"
        'a1;3;Wonen > Huur;"Huren worden bevroren; ook in 2026."\n'
        'a2;3;Wonen > Huur;"De huurtoeslag gaat omhoog."\n'
        "a3;4;Wonen > Koop;Starters krijgen hulp.\n"
        "a4;9;Zorg;Het eigen risico daalt.\n",
        encoding="utf-8",
    )
    document = read_document(path)
    outline = [(p.kind, document.paragraph_text(p), p.section, p.page_start) for p in document.paragraphs]
    assert outline == [
        ("heading", "Wonen", ("Wonen",), 3),
        ("heading", "Huur", ("Wonen", "Huur"), 3),
        ("body", "Huren worden bevroren; ook in 2026.", ("Wonen", "Huur"), 3),
        ("body", "De huurtoeslag gaat omhoog.", ("Wonen", "Huur"), 3),
        ("heading", "Koop", ("Wonen", "Koop"), 4),
        ("body", "Starters krijgen hulp.", ("Wonen", "Koop"), 4),
        ("heading", "Zorg", ("Zorg",), 9),
        ("body", "Het eigen risico daalt.", ("Zorg",), 9),
    ]


def test_json_list_and_wrapped_object(tmp_path: Path) -> None:
    rows = [
        {"id": "x1", "text": "Eerste passage.", "page": 2},
        {"id": "x2", "text": "Tweede   passage.", "section": "Klimaat"},
        {"id": "x3", "text": ""},
    ]
    for name, payload in (("lijst.json", rows), ("object.json", {"passages": rows})):
        path = tmp_path / name
        path.write_text(json.dumps(rows if name == "lijst.json" else payload), encoding="utf-8")
        document = read_document(path)
        assert [(p.kind, document.paragraph_text(p), p.page_start) for p in document.paragraphs] == [
            ("body", "Eerste passage.", 2),
            ("heading", "Klimaat", 1),
            ("body", "Tweede passage.", 1),
        ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("geen-tekst.csv", "id,page,quote\n1,2,Iets\n", "no 'text' column (columns found: id, page, quote)"),
        ("leeg.csv", "id,text\n1,\n2,  \n", "every row is empty"),
        ("pagina.csv", "id,page,text\n1,twaalf,Iets.\n", "row 1 has page 'twaalf'"),
        ("kapot.json", '[{"id": 1, "text": "a"', "is not valid JSON"),
        ("vorm.json", '{"rows": []}', "expected a list of passages"),
        ("geen-tekst.json", '[{"id": 1, "quote": "a"}]', "columns found: id, quote"),
    ],
)
def test_bad_passage_files_raise_one_line_input_errors(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
