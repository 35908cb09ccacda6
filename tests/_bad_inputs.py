"""The bad-input corpus: files every reader must refuse in one line, and two odd encodings it must read.

The small files are committed in ``tests/data/bad/``; ``python tests/_bad_inputs.py`` writes them
again. The large ones (a 50 MB one-line page, a zip bomb, 100,000 themes) are built per test run.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).resolve().parent / "data" / "bad"
AGREEMENT = ROOT / "src" / "inkaart" / "data" / "coalitieakkoord-2021-2025.pdf"
PASSWORD = "geheim"
# Read fine, with this text: what the encoding tests compare against.
ODD_ENCODING_TEXT = "Het kabinet zorgt dat iedereen één café, crèche en zuivelfabriek in de buurt heeft."


def _png() -> bytes:
    picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 16, 16), False)
    picture.clear_with(120)
    return picture.tobytes("png")


def _encrypted_pdf() -> bytes:
    with pymupdf.open() as pdf:
        pdf.new_page().insert_text((72, 72), "Vertrouwelijk: het kabinet investeert in woningbouw.")
        return pdf.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=PASSWORD, owner_pw="eigenaar")


def _docx(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def _nested(depth: int, open_tag: str, close_tag: str, inner: str) -> str:
    return open_tag * depth + inner + close_tag * depth


# name -> bytes; every one of these must give exit 2 and one line naming the file.
SMALL_BAD: dict[str, Callable[[], bytes]] = {
    "truncated.pdf": lambda: AGREEMENT.read_bytes()[:5000],
    "png-renamed.pdf": _png,
    "encrypted.pdf": _encrypted_pdf,
    "garbage-after-header.pdf": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "empty.pdf": lambda: b"",
    "text-renamed.pdf": lambda: b"Dit is gewone tekst, geen PDF.\n" * 20,
    "docx-missing-document-part.docx": lambda: _docx(
        {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS}
    ),
    "docx-missing-content-types.docx": lambda: _docx({"word/document.xml": "<w:document/>"}),
    "docx-broken-xml.docx": lambda: _docx(
        {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS, "word/document.xml": "<w:document><w:body"}
    ),
    "docx-deeply-nested.docx": lambda: _docx(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _ROOT_RELS,
            "word/document.xml": _nested(100_000, "<a>", "</a>", "x"),
        }
    ),
    "pdf-renamed.docx": lambda: AGREEMENT.read_bytes()[:20_000],
    "deeply-nested.html": lambda: _nested(100_000, "<div>", "</div>", "Diep verstopt.").encode(),
    "only-script.html": lambda: b"<html><body><script>var tekst = 'geen inhoud';</script></body></html>",
    "png-renamed.html": _png,
    "nul-bytes.txt": lambda: b"Het kabinet\x00 investeert\x00\x00 in\x00 wonen.\n" * 50,
    "binary.txt": lambda: bytes(range(256)) * 64,
    "empty.txt": lambda: b"",
    "only-whitespace.txt": lambda: b" \n\t\n   \r\n",
    "utf8-bom-then-invalid.txt": lambda: b"\xef\xbb\xbfHet kabinet \xff\xfe\xfd investeert.\n",
    "nul-bytes.md": lambda: b"# Kop\x00\n\nTekst\x00 met\x00 nullen.\n" * 40,
    "not-passages.json": lambda: json.dumps({"titel": "Geen passages", "aantal": 3}).encode(),
    "list-of-numbers.json": lambda: b"[1, 2, 3]",
    "invalid.json": lambda: b'[{"id": "a", "text": "niet afgesloten"',
    "deeply-nested.json": lambda: _nested(100_000, "[", "]", "").encode(),
    "no-text-column.csv": lambda: b"id,titel,pagina\n1,Wonen,3\n2,Zorg,4\n",
    "empty-text-column.csv": lambda: b"id,text\n1,\n2,\n",
    "bad-page.csv": lambda: b"id,text,page\n1,Het kabinet investeert in wonen.,drie\n",
    "png-renamed.csv": _png,
    "wrong-extension.xyz": lambda: b"Het kabinet investeert in wonen.\n",
    "no-extension": lambda: b"Het kabinet investeert in wonen.\n",
    "billion-laughs.yaml": lambda: "\n".join(
        ["id: lachen", "name: Lachen", "themes: &t", "  - &a [ha, ha, ha, ha, ha, ha, ha, ha, ha]"]
        + [f"  - &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    ).encode(),
    "deeply-nested.yaml": lambda: _nested(5_000, "[", "]", "x").encode(),
    "not-a-mapping.yaml": lambda: b"- alleen\n- een\n- lijst\n",
    "invalid-syntax.yaml": lambda: b"id: kapot\nname: [niet gesloten\nthemes:\n  - id: a\n",
}

# Read fine: text in an encoding other than UTF-8.
ODD_ENCODINGS: dict[str, Callable[[], bytes]] = {
    "latin-1.txt": lambda: ODD_ENCODING_TEXT.encode("latin-1"),
    "utf-16-bom.txt": lambda: ODD_ENCODING_TEXT.encode("utf-16"),
    "utf-16-le-no-bom.txt": lambda: ODD_ENCODING_TEXT.encode("utf-16-le"),
}


def huge_one_line_html(folder: Path) -> Path:
    """50 MB of markup on one line: a page far beyond any policy document."""
    path = folder / "huge-one-line.html"
    paragraph = b"<p>Het kabinet investeert in wonen, zorg en onderwijs voor iedereen.</p>"
    with path.open("wb") as file:
        file.write(b"<html><body>")
        file.write(paragraph * (50_000_000 // len(paragraph)))
        file.write(b"</body></html>")
    return path


def huge_one_line_text(folder: Path) -> Path:
    """50 MB of words without a line break: decodes, but is more text than the tool takes."""
    path = folder / "huge-one-line.txt"
    path.write_bytes(b"het kabinet investeert in wonen " * (50_000_000 // 32))
    return path


def zip_bomb_docx(folder: Path) -> Path:
    """A DOCX of a few megabytes whose document part unpacks to 2 GB."""
    path = folder / "zip-bomb.docx"
    chunk = b" " * 16_000_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(125):
                part.write(chunk)
    return path


def many_themes_yaml(folder: Path, themes: int = 100_000) -> Path:
    path = folder / "many-themes.yaml"
    lines = ["id: veel", "name: Veel thema's", "themes:"]
    for number in range(themes):
        lines += [f"  - id: t{number}", f"    name: Thema {number}", "    criteria:", f"      - Criterium {number}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def compact_many_themes_yaml(folder: Path) -> Path:
    """Over the theme limit yet under the size limit: one short flow mapping per theme."""
    path = folder / "many-compact-themes.yaml"
    themes = ", ".join(f"{{id: t{n}, name: T}}" for n in range(2_000))
    path.write_text(f"id: veel\nname: Veel\nthemes: [{themes}]\n", encoding="utf-8")
    return path


LARGE_BAD: dict[str, Callable[[Path], Path]] = {
    "huge-one-line.html": huge_one_line_html,
    "huge-one-line.txt": huge_one_line_text,
    "zip-bomb.docx": zip_bomb_docx,
    "many-themes.yaml": many_themes_yaml,
    "many-compact-themes.yaml": compact_many_themes_yaml,
}


def write_small_corpus(folder: Path = BAD) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in {**SMALL_BAD, **ODD_ENCODINGS}.items():
        (folder / name).write_bytes(make())


if __name__ == "__main__":
    write_small_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else BAD)
