"""The review database opened for use: migrated to the newest schema, its rows and its job queue.

SQLite (a file in the user data folder) is the default; a team server points ``--db`` at PostgreSQL
(``postgresql+psycopg://user@host/db``).
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.engine import make_url

from .jobs import Conflict, JobQueue
from .migrate import upgrade
from .repository import Repository
from .tables import default_url, make_engine


class Store(Repository):
    """The repository of one database, with its job queue; opening it upgrades an older schema."""

    def __init__(self, url: str | None = None, files_dir: str | Path | None = None) -> None:
        self.url = url or default_url()
        engine = make_engine(self.url)
        # What opening did to an existing database, for the server to say on start; None when nothing.
        self.upgraded = upgrade(engine)
        super().__init__(engine, Path(files_dir) if files_dir else _default_files_dir(self.url))
        self.jobs = JobQueue(engine)

    def restart(self, analysis_id: int) -> None:
        """Queue a failed analysis again; decisions already made on it are kept."""
        if not self.jobs.restart(analysis_id):
            status = self.analysis(analysis_id).status
            raise Conflict(f"analysis {analysis_id} is {status}; only a failed analysis can be restarted")

    def close(self) -> None:
        self.engine.dispose()


def _default_files_dir(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return Path(parsed.database).parent / "uploads"
    return Path(user_data_dir("inkaart")) / "uploads"
