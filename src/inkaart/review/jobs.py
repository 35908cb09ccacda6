"""The analysis job queue, kept in the ``analyses`` table: queued -> running -> done | failed.

The status columns are the queue, so a restarted server finds what was waiting, and a second worker can
never run an analysis that another one claimed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select, update

from .tables import analyses

STATUSES = ("queued", "running", "done", "failed")
INTERRUPTED = "interrupted: the server stopped during the analysis; restart it"


class Conflict(Exception):
    """A request that does not fit the object's state (deciding on an unfinished analysis): 409."""


def now() -> datetime:
    return datetime.now(UTC)


class JobQueue:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(self, analysis_id: int) -> bool:
        """Mark a queued analysis running; False when it is not queued (another worker took it)."""
        with self.engine.begin() as connection:
            changed = connection.execute(
                update(analyses)
                .where(analyses.c.id == analysis_id, analyses.c.status == "queued")
                .values(status="running", stage="starting", done=0, total=0, started=now())
            ).rowcount
        return changed == 1

    def set_progress(self, analysis_id: int, stage: str, done: int, total: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(analyses)
                .where(analyses.c.id == analysis_id)
                .values(stage=stage[:32], done=int(done), total=int(total))
            )

    def finish(self, analysis_id: int, result: dict[str, Any]) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(analyses)
                .where(analyses.c.id == analysis_id)
                .values(status="done", stage="done", result=json.dumps(result, ensure_ascii=False), finished=now())
            )

    def fail(self, analysis_id: int, message: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(analyses)
                .where(analyses.c.id == analysis_id)
                .values(status="failed", error=message, finished=now())
            )

    def mark_interrupted(self) -> int:
        """At startup: an analysis still "running" belongs to a server that died; mark it restartable."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(analyses)
                .where(analyses.c.status == "running")
                .values(status="failed", error=INTERRUPTED, finished=now())
            ).rowcount

    def queued_ids(self) -> list[int]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(analyses.c.id).where(analyses.c.status == "queued").order_by(analyses.c.id)
            )
            return [int(r) for r in rows.scalars()]

    def restart(self, analysis_id: int) -> bool:
        """Queue a failed analysis again (decisions made on it are kept); False when it was not failed."""
        with self.engine.begin() as connection:
            changed = connection.execute(
                update(analyses)
                .where(analyses.c.id == analysis_id, analyses.c.status == "failed")
                .values(status="queued", stage=None, done=0, total=0, error=None, result=None, finished=None)
            ).rowcount
        return bool(changed)
