"""The review database's tables as the newest migration leaves them, and opening a database.

The tables are created and changed only by the migrations in ``migrations/versions``; this module is
what the code reads and writes through, and a test checks that both describe the same schema.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import make_url

MAX_REVIEWER = 80

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("filename", String(255), nullable=False),
    Column("stored_name", String(64), nullable=False, unique=True),
    Column("sha256", String(64), nullable=False),
    Column("format", String(16), nullable=False),
    Column("size", Integer, nullable=False),
    Column("title", Text, nullable=False),
    # The document model as read at upload: analyses and searches never re-read (or re-parse) the file.
    Column("model", Text, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("framework_id", String(100), nullable=False),
    Column("framework_yaml", Text),
    Column("status", String(16), nullable=False),
    Column("stage", String(32)),
    Column("done", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("result", Text),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("started", DateTime(timezone=True)),
    Column("finished", DateTime(timezone=True)),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("analysis_id", Integer, ForeignKey("analyses.id"), nullable=False, index=True),
    Column("reviewer", String(MAX_REVIEWER), nullable=False),
    Column("passage_id", String(64)),
    Column("theme_id", String(100), nullable=False),
    Column("criterion_id", String(100)),
    Column("action", String(16), nullable=False),
    Column("to_theme", String(100)),
    Column("start", Integer),
    Column("end", Integer),
    Column("note", Text),
    Column("verdict", String(16)),
    Column("created", DateTime(timezone=True), nullable=False),
    # Which list of the theme the decision is about: its contributions or the passages against it (0002).
    Column("direction", String(8), nullable=False, server_default="for"),
)


def default_url() -> str:
    return f"sqlite:///{Path(user_data_dir('inkaart')) / 'inkaart.sqlite'}"


def _sqlite_pragmas(connection, _record) -> None:
    # WAL lets readers go on while one writer commits; the busy timeout makes a second writer wait for
    # the lock instead of failing, so concurrent decisions all land.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine
