"""Opening the SQLite cache files that several processes (Dask workers, the web app) share."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

BUSY_TIMEOUT_S = 30
_WAL_ATTEMPTS = 50


def open_shared(path: Path, schema: str) -> sqlite3.Connection:
    """A connection in WAL mode with ``schema`` (one or more statements) applied.

    Switching a new file to WAL takes an exclusive lock that the busy timeout does not cover, so two
    processes creating the same cache at once would see "database is locked"; the switch is retried.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    for attempt in range(_WAL_ATTEMPTS):
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == _WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    connection.executescript(schema)
    return connection
