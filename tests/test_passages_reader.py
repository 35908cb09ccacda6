"""CSV and JSON passage lists: one paragraph per row, in row order, with pages and sections."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inkaart.document import read_document
from inkaart.document.passages import header_delimiter
from inkaart.errors import InputError
from inkaart.report.markdown import render_markdown

SHARED = Path(__file__).resolve().parents[2] / "shared"
AGREEMENTS = SHARED / "corpus" / "agreements"
PASSAGE_FILES = sorted(AGREEMENTS.glob("*-passages.csv"))


def test_the_corpus_has_passage_files() -> None:
    assert len(PASSAGE_FILES) == 2


@pytest.mark.parametrize("path", PASSAGE_FILES, ids=lambda p: p.name)
def test_every_row_is_one_verbatim_paragraph_with_its_page(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["text"].strip()]
    document = read_document(path)
    paragraphs = document.content_paragraphs
    assert [document.paragraph_text(p) for p in paragraphs] == [row["text"] for row in rows]
    assert [p.id for p in paragraphs] == [row["id"] for row in rows]
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
            ("body", "Tweede   passage.", 1),
        ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("geen-tekst.csv", "id,page,quote\n1,2,Iets\n", "no 'text' column (columns found: id, page, quote)"),
        ("leeg.csv", "id,text\n1,\n2,  \n", "every row is empty"),
        ("pagina.csv", "id,page,text\n1,twaalf,Iets.\n", "row 1 (line 2) has page 'twaalf'"),
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


def _write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)


def _passages(document) -> list[tuple[str, str]]:
    return [(p.id, document.paragraph_text(p)) for p in document.content_paragraphs]


# Control characters come only as tab and newline: a file full of others is refused as binary, and
# line ends inside a field are read as "\n" (as in every text file), so "\r" is left out.
_FIELD = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
_TRICKY = st.sampled_from(['"', '""', ",", ";", "\t", "\n", " ", "  leading", "é", "€", "ß", "—", "'"])
_TEXT = st.lists(st.one_of(_FIELD, _TRICKY), min_size=1, max_size=6).map("".join).filter(str.strip)
_ID = st.text(alphabet="ABCXYZ0123456789-_ .é", min_size=1, max_size=12).filter(lambda text: text.strip() == text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(_ID, _TEXT), min_size=1, max_size=12, unique_by=lambda row: row[0]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_rows_written_by_csv_writer_come_back_exactly(tmp_path: Path, rows, delimiter: str) -> None:
    path = tmp_path / "rijen.csv"
    _write_rows(path, [["id", "text"], *map(list, rows)], delimiter)
    assert _passages(read_document(path)) == [(passage_id, text) for passage_id, text in rows]


def test_quotes_after_a_quote_free_head_are_read_exactly(tmp_path: Path) -> None:
    # A dialect sniffer that looks at the head only reads this as unquoted and cuts rows at '""'.
    rows = [[f"R{n:03}", f"Rij {n} zonder aanhalingstekens."] for n in range(1, 301)]
    rows += [[f"R{n:03}", f'Rij {n}: de "Roemernorm", 15,4%;\n  en verder.'] for n in range(301, 601)]
    path = tmp_path / "zeshonderd.csv"
    _write_rows(path, [["id", "text"], *rows])
    assert _passages(read_document(path)) == [tuple(row) for row in rows]


def test_missing_ids_are_generated_from_the_row_number_without_colliding(tmp_path: Path) -> None:
    path = tmp_path / "deels.csv"
    _write_rows(path, [["id", "text"], ["row-2", "Eerste."], ["", "Tweede."], ["", "Derde."]])
    # Row 2 has no id but "row-2" is taken by row 1.
    assert [passage_id for passage_id, _ in _passages(read_document(path))] == ["row-2", "row-2-2", "row-3"]


def test_sentence_ids_derive_from_the_row_id(tmp_path: Path) -> None:
    path = tmp_path / "zinnen.json"
    path.write_text(json.dumps([{"id": 7, "text": "Eerste zin. Tweede zin."}]), encoding="utf-8")
    paragraph = read_document(path).content_paragraphs[0]
    assert paragraph.id == "7"
    assert [s.id for s in paragraph.sentences] == ["7.s1", "7.s2"]


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    path = tmp_path / "dubbel.csv"
    _write_rows(path, [["id", "text"], ["a", "Een."], ["b", "Twee."], ["a", "Drie."]])
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "row 1 (line 2) and row 3 (line 4) share the id 'a'" in str(caught.value)


def test_a_row_with_more_fields_than_the_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "te-veel.csv"
    path.write_text("id,text\n1,Huren, en meer\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 1 \(line 2\) has 3 fields but the header names 2"):
        read_document(path)


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("id,text", ","), ("id;text", ";"), ("id\ttext", "\t"), ('"a;b",text', ","), ("text", ",")],
)
def test_the_delimiter_is_counted_in_the_header_outside_quotes(header: str, delimiter: str) -> None:
    assert header_delimiter(header + "\nx;y,z\tw\n") == delimiter


def test_the_analysis_and_its_reports_cite_the_row_ids(tmp_path: Path) -> None:
    path = AGREEMENTS / "hoofdlijnenakkoord-2024-passages.csv"
    out = tmp_path / "analyse.json"
    result = _inkaart("analyse", str(path), "--format", "json", "-o", str(out), "--verify")
    assert result.returncode == 0, result.stderr
    analysis = json.loads(out.read_text(encoding="utf-8"))
    with path.open(encoding="utf-8", newline="") as handle:
        row_ids = [row["id"] for row in csv.DictReader(handle)]
    assert [p["id"] for p in analysis["passages"]] == row_ids
    cited = [c["passage_id"] for theme in analysis["themes"] for c in theme["contributions"]]
    cited += [r["passage_id"] for theme in analysis["themes"] for r in theme["ranking"]]
    cited += [e["passage_id"] for theme in analysis["themes"] for c in theme["criteria"] for e in c["evidence"]]
    assert cited
    assert set(cited) <= set(row_ids)
    markdown = render_markdown(analysis)
    first = next(c for theme in analysis["themes"] for c in theme["contributions"])
    assert f"({first['passage_id']}, p. {first['page']}" in markdown


def test_a_csv_with_duplicate_ids_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "dubbel.csv"
    _write_rows(path, [["id", "text"], ["SCHOOF-1", "Een."], ["SCHOOF-1", "Twee."]])
    result = _inkaart("inspect", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {path}: row 1 (line 2) and row 2 (line 3) share the id 'SCHOOF-1'; give every row its own id"
    ]


def _inkaart(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "inkaart.cli", *args], capture_output=True, text=True, check=False)
