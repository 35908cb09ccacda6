"""Parsed documents kept in SQLite, keyed by the sha256 of the file's bytes.

Reading a PDF and splitting its sentences takes longer than the whole warm analysis; a document
whose bytes were read before by the same version of inkaart is loaded from here instead.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from .. import __version__
from ..sqlite import open_shared
from .model import Document

# Raised whenever the reader output changes within one release, so stale parses are not served.
_READER_VERSION = f"{__version__}+6"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT NOT NULL,
    reader_version TEXT NOT NULL,
    language TEXT NOT NULL,
    model BLOB NOT NULL,
    PRIMARY KEY (sha256, reader_version, language)
)
"""


class DocumentCache:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._connection = open_shared(self.path, _SCHEMA)

    def get(self, sha256: str, language: str | None, source: str) -> Document | None:
        row = self._connection.execute(
            "SELECT model FROM documents WHERE sha256=? AND reader_version=? AND language=?",
            (sha256, _READER_VERSION, language or ""),
        ).fetchone()
        if row is None:
            return None
        document = Document.from_dict(json.loads(zlib.decompress(row[0])))
        document.meta.source = source
        return document

    def put(self, document: Document, language: str | None) -> None:
        blob = zlib.compress(json.dumps(document.to_dict(), ensure_ascii=False).encode("utf-8"))
        with self._connection:
            self._connection.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
                (document.meta.sha256, _READER_VERSION, language or "", blob),
            )

    def close(self) -> None:
        self._connection.close()
