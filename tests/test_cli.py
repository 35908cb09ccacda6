"""The command line as a user meets it: real processes, real files, exit codes and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DOCUMENT = """# Ons programma

## Klimaat

We verminderen de uitstoot van broeikasgassen met 55% in 2030 en worden uiterlijk in 2050 klimaatneutraal.

Er komt een klimaatfonds van €35 mrd. voor wind op zee en zonnepanelen.

## Werk en inkomen

We pakken armoede en problematische schulden aan met schuldhulp in elke gemeente.

We verhogen het minimumloon zodat werken loont.

## Veiligheid

De politie krijgt meer wijkagenten.

De krijgsmacht krijgt nieuwe fregatten.
"""

FRAMEWORK = """
id: klein
name: Klein kader
themes:
  - id: klimaat
    name: Klimaat
    description: Minder uitstoot en schone energie tegen de opwarming van de aarde.
    criteria:
      - id: uitstoot
        text: De uitstoot van broeikasgassen fors verminderen.
  - id: armoede
    name: Armoede
    description: Mensen met schulden en een laag inkomen krijgen zekerheid.
    criteria:
      - id: schulden
        text: Armoede en problematische schulden aanpakken.
  - id: veiligheid
    name: Veiligheid
    description: Politie en defensie beschermen het land.
    criteria:
      - id: politie
        text: Meer politie in de wijk.
"""


def inkaart(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "inkaart.cli", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.fixture()
def files(tmp_path: Path) -> Path:
    (tmp_path / "programma.md").write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "klein.yaml").write_text(FRAMEWORK, encoding="utf-8")
    return tmp_path


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_inspect_prints_an_outline(files: Path):
    result = inkaart("inspect", str(files / "programma.md"))
    assert result.returncode == 0, result.stderr
    assert "Klimaat" in result.stdout and "Werk en inkomen" in result.stdout
    assert "6 body" in result.stdout


def test_inspect_json_offsets_index_the_text(files: Path):
    model = json.loads(inkaart("inspect", str(files / "programma.md"), "--json").stdout)
    assert model["schema"] == "inkaart.document/v1"
    text = model["text"]
    for paragraph in model["paragraphs"]:
        for sentence in paragraph["sentences"]:
            assert text[sentence["start"] : sentence["end"]].strip() == text[sentence["start"] : sentence["end"]]
    fund = next(p for p in model["paragraphs"] if "klimaatfonds" in text[p["start"] : p["end"]])
    assert fund["section"] == ["Ons programma", "Klimaat"]
    assert len(fund["sentences"]) == 1, "the amount '€35 mrd.' does not end the sentence"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("leeg.txt", b"", "empty"),
        ("kapot.pdf", b"%PDF-1.4 not really", "cannot be opened as a PDF"),
        ("iets.xyz", b"tekst", "unsupported file type"),
        ("binair.txt", b"\x00\x01\x02\x00" * 50, "not a text file"),
    ],
)
def test_bad_documents_give_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes, fragment: str):
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(inkaart("inspect", str(path)), name, fragment)


def test_missing_file_and_size_limit(files: Path):
    assert_one_line_error(inkaart("inspect", str(files / "weg.pdf")), "not found")
    assert_one_line_error(
        inkaart("inspect", str(files / "programma.md"), "--max-size", "0.0001"), "over the limit", "--max-size"
    )


def test_bad_framework_and_unknown_framework(files: Path):
    (files / "kapot.yaml").write_text("id: x\nthemes: [\n", encoding="utf-8")
    assert_one_line_error(
        inkaart("analyse", str(files / "programma.md"), "-f", str(files / "kapot.yaml")), "kapot.yaml", "line"
    )
    assert_one_line_error(inkaart("analyse", str(files / "programma.md"), "-f", "bestaatniet"), "unknown framework")
    (files / "leeg.yaml").write_text("id: x\nname: X\nthemes: []\n", encoding="utf-8")
    assert_one_line_error(inkaart("analyse", str(files / "programma.md"), "-f", str(files / "leeg.yaml")), "themes")


def test_a_failed_run_leaves_an_existing_report_untouched(files: Path):
    report = files / "rapport.md"
    report.write_text("eerder werk", encoding="utf-8")
    result = inkaart("analyse", str(files / "programma.md"), "-f", "bestaatniet", "-o", str(report))
    assert result.returncode == 2
    assert report.read_text(encoding="utf-8") == "eerder werk"


GERMAN = (
    "Die Bundesregierung wird die Treibhausgasemissionen bis 2030 um 65 Prozent senken. Wir investieren in den "
    "Ausbau der erneuerbaren Energien und schaffen die Voraussetzungen für eine klimaneutrale Industrie. Die "
    "Schuldenbremse bleibt erhalten, aber wir ermöglichen Investitionen in Bildung, Forschung und Infrastruktur. "
    "Für Familien mit Kindern wird das Kindergeld erhöht, und die Renten steigen mit den Löhnen.\n"
)


def test_analyse_warns_when_a_document_is_neither_dutch_nor_english(files: Path):
    (files / "programm.txt").write_text(GERMAN, encoding="utf-8")
    cache = str(files / "cache.sqlite")
    german = inkaart("analyse", str(files / "programm.txt"), "-f", str(files / "klein.yaml"), "--cache", cache)
    assert german.returncode == 0, german.stderr
    assert "programm.txt: the text reads as neither Dutch nor English" in " ".join(german.stderr.split())
    dutch = inkaart("analyse", str(files / "programma.md"), "-f", str(files / "klein.yaml"), "--cache", cache)
    assert dutch.returncode == 0 and "neither Dutch nor English" not in dutch.stderr


def test_analyse_writes_a_verified_report(files: Path):
    cache = files / "cache.sqlite"
    out = files / "rapport.json"
    result = inkaart(
        "analyse", str(files / "programma.md"), "-f", str(files / "klein.yaml"),
        "--format", "json", "-o", str(out), "--verify", "--cache", str(cache),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "verified" in result.stderr
    analysis = json.loads(out.read_text(encoding="utf-8"))
    assert analysis["schema"] == "inkaart.analysis/v1"
    climate = next(t for t in analysis["themes"] if t["id"] == "klimaat")
    assert any("broeikasgassen" in c["quote"] for c in climate["contributions"])
    markdown = inkaart(
        "analyse", str(files / "programma.md"), "-f", str(files / "klein.yaml"), "--cache", str(cache), "--no-refs"
    ).stdout
    assert markdown.startswith("# Bijdrage ")
    assert "(p. " not in markdown


def test_frameworks_lists_the_shipped_ones():
    rows = json.loads(inkaart("frameworks", "--json").stdout)
    assert {"kwetsbaarheden", "sdg", "sdg-en"} <= {row["id"] for row in rows}


COMMANDS = (
    "inspect",
    "analyse",
    "demo",
    "frameworks",
    "frameworks export",
    "frameworks import",
    "compare",
    "diff",
    "evaluate",
    "serve",
    "backup",
)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_reads_cleanly(command: str):
    result = subprocess.run(
        [sys.executable, "-m", "inkaart.cli", *command.split(), "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    for noise in ("<bool>", "<str>", "<path>", "<int", "<float", "<list", "{", "104.8576"):
        assert noise not in result.stdout, f"{noise!r} in `inkaart {command} --help`"


def test_every_parameter_has_help():
    from typer.main import get_command

    from inkaart.cli import app

    group = get_command(app)
    for name, command in group.commands.items():
        for param in command.params:
            assert getattr(param, "help", None), f"inkaart {name}: {param.name} has no help text"


def test_backup_copies_a_review_database_that_is_in_use(tmp_path: Path):
    from inkaart.review import Store

    database = tmp_path / "review.sqlite"
    store = Store(f"sqlite:///{database}", tmp_path / "files")
    document = store.add_document("programma.md", DOCUMENT.encode("utf-8"), 10_000_000)
    store.create_analysis(document.id, "kwetsbaarheden")
    target = tmp_path / "copy" / "backup.sqlite"
    result = inkaart("backup", f"sqlite:///{database}", str(target))
    assert result.returncode == 0, result.stderr
    copy = Store(f"sqlite:///{target}", tmp_path / "files")
    assert [r.filename for r in copy.list_analyses()] == ["programma.md"]
    assert copy.upgraded is None, "the copy is at the newest revision already"
    store.close()
    copy.close()


def test_backup_refuses_postgresql_and_an_existing_target(tmp_path: Path):
    assert_one_line_error(inkaart("backup", "postgresql+psycopg://u@h/db", str(tmp_path / "out")), "pg_dump")
    existing = tmp_path / "out.sqlite"
    existing.write_bytes(b"")
    source = tmp_path / "in.sqlite"
    source.write_bytes(b"")
    assert_one_line_error(inkaart("backup", str(source), str(existing)), "exists already")
    assert_one_line_error(inkaart("backup", str(tmp_path / "none.sqlite"), str(tmp_path / "x")), "does not exist")
