"""A consistent copy of an SQLite review database, taken while the server may be writing to it.

SQLite's online backup API copies page by page and restarts when a writer changes a page it already
copied, so the copy is one committed state. PostgreSQL has its own tool for this: pg_dump.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..errors import InputError

PAGES_PER_STEP = 256


def sqlite_path(database: str) -> Path:
    """The file behind a path or an ``sqlite:///`` URL; :class:`InputError` for anything else."""
    if "://" not in database:
        return Path(database)
    try:
        url = make_url(database)
    except ArgumentError:
        raise InputError(database, "is neither a file nor a database URL; give the SQLite file's path") from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        raise InputError(
            None, "inkaart backup copies SQLite databases; back up PostgreSQL with pg_dump, e.g. pg_dump -Fc DB > OUT"
        )
    if backend != "sqlite" or not url.database or url.database == ":memory:":
        raise InputError(database, "is not an SQLite database file; give the path of the review database")
    return Path(url.database)


def backup_sqlite(database: str, target: Path, progress: Callable[[int, int], None]) -> int:
    """Copy ``database`` to ``target`` (which must not exist); returns the number of pages copied."""
    source_path = sqlite_path(database)
    if not source_path.is_file():
        raise InputError(str(source_path), "does not exist; give the review database (see inkaart serve --db)")
    if target.exists():
        raise InputError(str(target), "exists already; choose a new file name for the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(
                copy, pages=PAGES_PER_STEP, progress=lambda _status, left, total: progress(total - left, total)
            )
            pages = copy.execute("PRAGMA page_count").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        partial.unlink(missing_ok=True)
        raise InputError(str(source_path), f"cannot be read as an SQLite database ({error})") from None
    finally:
        source.close()
    # Renamed only when complete, so an interrupted backup never looks like a good one.
    partial.replace(target)
    return int(pages)
