"""Hostile and broken files: one line on stderr naming the file, exit 2, within 30 s and 2 GB.

Each file runs through the real command in a subprocess whose address space is capped, so a reader
that tries to unpack a zip bomb or build a giant tree fails the test instead of the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _bad_inputs import BAD, LARGE_BAD, ODD_ENCODING_TEXT, ODD_ENCODINGS, PASSWORD, SMALL_BAD
from fastapi.testclient import TestClient

import inkaart
from inkaart.document import read_document
from inkaart.web import create_app

ADDRESS_SPACE = 2 * 1024**3
TIMEOUT_SECONDS = 30
_CAPPED_CLI = (
    "import resource, sys\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))\n"
    "from inkaart.cli import app\n"
    "app()\n"
)


def run_capped(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CAPPED_CLI, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        cwd=cwd,
        # The package under test, not whatever an installed copy would resolve to from another folder.
        env={**os.environ, "PYTHONPATH": str(Path(inkaart.__file__).parents[1]), "COLUMNS": "100"},
    )


@pytest.fixture(scope="module")
def large_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("large-bad")
    return {name: make(folder) for name, make in LARGE_BAD.items()}


def _command(path: Path, folder: Path) -> list[str]:
    if path.suffix == ".yaml":
        document = folder / "kort.txt"
        document.write_text("Het kabinet investeert in betaalbare woningen voor starters.\n", encoding="utf-8")
        return ["analyse", str(document), "-f", str(path), "--cache", str(folder / "cache.sqlite")]
    return ["inspect", str(path)]


def _assert_refused_in_one_line(path: Path, folder: Path) -> None:
    result = run_capped(*_command(path, folder), cwd=folder)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and path.name in lines[0]


def test_the_corpus_is_committed_and_large_enough():
    committed = {path.name for path in BAD.iterdir()}
    assert set(SMALL_BAD) | set(ODD_ENCODINGS) <= committed
    assert len(SMALL_BAD) + len(LARGE_BAD) >= 25


@pytest.mark.parametrize("name", sorted(SMALL_BAD))
def test_bad_file_is_refused_in_one_line(name: str, tmp_path: Path):
    _assert_refused_in_one_line(BAD / name, tmp_path)


@pytest.mark.parametrize("name", sorted(LARGE_BAD))
def test_large_bad_file_is_refused_in_one_line(name: str, large_files: dict[str, Path], tmp_path: Path):
    _assert_refused_in_one_line(large_files[name], tmp_path)


@pytest.mark.parametrize("name", sorted(ODD_ENCODINGS))
def test_odd_encodings_read_with_the_right_text(name: str):
    document = read_document(BAD / name)
    assert document.text == ODD_ENCODING_TEXT


def test_encrypted_pdf_reads_with_its_password(tmp_path: Path):
    path = BAD / "encrypted.pdf"
    opened = run_capped("inspect", str(path), "--password", PASSWORD, "--json", cwd=tmp_path)
    assert opened.returncode == 0, opened.stderr
    assert "het kabinet investeert in woningbouw" in opened.stdout
    wrong = run_capped("inspect", str(path), "--password", "fout", cwd=tmp_path)
    assert wrong.returncode == 2 and "does not open it; check --password" in wrong.stderr


def test_an_encrypted_pdf_read_with_its_password_stays_out_of_the_cache(tmp_path: Path):
    from inkaart.document import DocumentCache, InputError

    cache = DocumentCache(tmp_path / "cache.sqlite")
    read_document(BAD / "encrypted.pdf", password=PASSWORD, cache=cache)
    with pytest.raises(InputError, match="pass its password with --password"):
        read_document(BAD / "encrypted.pdf", cache=cache)


# --- the web app answers the same files with 400 or 413, never 500 --------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("web-bad")
    app = create_app(
        f"sqlite:///{folder / 'db.sqlite'}", cache_path=folder / "cache.sqlite", files_dir=folder / "files"
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("name", sorted(n for n in SMALL_BAD if not n.endswith(".yaml")))
def test_web_upload_of_a_bad_file_is_400(client: TestClient, name: str):
    response = client.post("/api/documents", files={"file": (name, (BAD / name).read_bytes())})
    assert response.status_code == 400, response.text
    assert response.json()["detail"].startswith(name)


@pytest.mark.parametrize("name", ["huge-one-line.html", "zip-bomb.docx"])
def test_web_upload_of_a_large_bad_file_is_400(client: TestClient, name: str, large_files: dict[str, Path]):
    response = client.post("/api/documents", files={"file": (name, large_files[name].read_bytes())})
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("name", ["billion-laughs.yaml", "deeply-nested.yaml"])
def test_web_upload_of_a_bad_framework_is_400(client: TestClient, name: str):
    document = ("kort.md", b"Het kabinet investeert in betaalbare woningen voor starters.\n")
    framework = (name, (BAD / name).read_bytes())
    client.get("/")
    token = client.cookies.get("inkaart_csrf")
    response = client.post("/upload", files={"file": document, "framework_file": framework}, data={"csrf_token": token})
    assert response.status_code == 400
    assert name in response.text


def test_web_upload_of_an_encrypted_pdf_reads_with_its_password(client: TestClient):
    data = (BAD / "encrypted.pdf").read_bytes()
    refused = client.post("/api/documents", files={"file": ("geheim.pdf", data)})
    assert refused.status_code == 400 and "--password" in refused.json()["detail"]
    opened = client.post("/api/documents", files={"file": ("geheim.pdf", data)}, data={"password": PASSWORD})
    assert opened.status_code == 201, opened.text
    client.get("/")
    token = client.cookies.get("inkaart_csrf")
    form = client.post(
        "/upload",
        files={"file": ("geheim.pdf", data)},
        data={"password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert form.status_code == 303, form.text
