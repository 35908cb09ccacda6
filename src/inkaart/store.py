"""Where the review app keeps documents, analyses and people's decisions: any SQLAlchemy database.

SQLite (a file in the user data folder) is the default; a team server points ``--db`` at PostgreSQL
(``postgresql+psycopg://user@host/db``). The engine's result and the reviewers' decisions live in separate
tables: the result is written once, decisions are appended one per transaction and never edited, so
"who decided what, when" stays readable and two reviewers writing at once cannot overwrite each other.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url

from .document import Document, read_document
from .errors import InputError
from .framework import Framework, load_framework, shipped_ids
from .review import ACTIONS, VERDICTS, Decision, agreement, apply_decisions, buckets_of, inside

STATUSES = ("queued", "running", "done", "failed")
INTERRUPTED = "interrupted: the server stopped during the analysis; restart it"
MAX_NOTE = 5000
MAX_REVIEWER = 80
ANONYMOUS = "anonymous"

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
)


class NotFound(Exception):
    """An id that names nothing: the web layer answers 404."""


class Conflict(Exception):
    """A request that does not fit the object's state (deciding on an unfinished analysis): 409."""


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    filename: str
    stored_name: str
    sha256: str
    format: str
    size: int
    title: str
    created: str


@dataclass(frozen=True)
class AnalysisRecord:
    id: int
    document_id: int
    filename: str
    title: str
    framework_id: str
    status: str
    stage: str | None
    done: int
    total: int
    error: str | None
    created: str
    started: str | None
    finished: str | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class DecisionInput:
    """A decision as a person submits it, before validation."""

    action: str
    theme_id: str
    passage_id: str | None = None
    to_theme: str | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None
    verdict: str | None = None
    criterion_id: str | None = None
    reviewer: str | None = None


def default_url() -> str:
    return f"sqlite:///{Path(user_data_dir('inkaart')) / 'inkaart.sqlite'}"


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


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


def safe_filename(name: str | None) -> str:
    """The user's file name for display only: last path part, no control characters, bounded length."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[-200:] or "upload"


def clean_reviewer(name: str | None) -> str:
    cleaned = re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", "", name or "")).strip()
    return cleaned[:MAX_REVIEWER] or ANONYMOUS


def framework_from_yaml(text: str, name: str = "framework.yaml") -> Framework:
    """Validate uploaded framework YAML; errors name the uploaded file, not a temporary path."""
    display = safe_filename(name)
    with tempfile.TemporaryDirectory(prefix="inkaart-framework-") as folder:
        path = Path(folder) / "framework.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_framework(path)
        except InputError as error:
            raise InputError(display, error.problem) from None


class Store:
    """Documents, analyses and decisions in one database; uploaded files in a folder beside it."""

    def __init__(self, url: str | None = None, files_dir: str | Path | None = None) -> None:
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        metadata.create_all(self.engine)
        self.files_dir = Path(files_dir) if files_dir else self._default_files_dir()
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._documents: OrderedDict[int, Document] = OrderedDict()
        self._indexes: dict[int, tuple[str | None, _ResultIndex]] = {}

    def _default_files_dir(self) -> Path:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
            return Path(parsed.database).parent / "uploads"
        return Path(user_data_dir("inkaart")) / "uploads"

    def close(self) -> None:
        self.engine.dispose()

    # --- documents ---------------------------------------------------------------------------------

    def add_document(
        self, filename: str | None, data: bytes, max_bytes: int, password: str | None = None
    ) -> DocumentRecord:
        """Read the upload (raising :class:`InputError` for a bad one), keep the file under a new name.

        The password is used once, to read the text; it is stored nowhere.
        """
        display = safe_filename(filename)
        document = read_document(Path(display), data=data, max_bytes=max_bytes, password=password)
        stored_name = uuid.uuid4().hex + Path(display).suffix.lower()
        target = self.files_dir / stored_name
        partial = target.with_name(stored_name + ".part")
        partial.write_bytes(data)
        partial.replace(target)
        row = {
            "filename": display,
            "stored_name": stored_name,
            "sha256": document.meta.sha256,
            "format": document.meta.format,
            "size": len(data),
            "title": document.meta.title,
            "model": json.dumps(document.to_dict(), ensure_ascii=False),
            "created": _now(),
        }
        try:
            with self.engine.begin() as connection:
                new_id = connection.execute(insert(documents).values(**row)).inserted_primary_key[0]
        except Exception:
            target.unlink(missing_ok=True)
            raise
        return self.document(int(new_id))

    def document(self, document_id: int) -> DocumentRecord:
        columns = [c for c in documents.c if c.name != "model"]
        with self.engine.connect() as connection:
            row = connection.execute(select(*columns).where(documents.c.id == document_id)).mappings().first()
        if row is None:
            raise NotFound(f"no document {document_id}")
        return DocumentRecord(**{**row, "created": _iso(row["created"])})

    def load_document(self, document_id: int) -> Document:
        with self._lock:
            if document_id in self._documents:
                self._documents.move_to_end(document_id)
                return self._documents[document_id]
        with self.engine.connect() as connection:
            model = connection.execute(
                select(documents.c.model).where(documents.c.id == document_id)
            ).scalar_one_or_none()
        if model is None:
            raise NotFound(f"no document {document_id}")
        document = Document.from_dict(json.loads(model))
        with self._lock:
            self._documents[document_id] = document
            while len(self._documents) > 8:
                self._documents.popitem(last=False)
        return document

    # --- analyses ----------------------------------------------------------------------------------

    def create_analysis(self, document_id: int, framework: str | None = None, framework_yaml: str | None = None) -> int:
        """Queue an analysis of a stored document with a shipped framework id or uploaded YAML."""
        self.document(document_id)
        if framework_yaml is not None and framework_yaml.strip():
            framework_id = framework_from_yaml(framework_yaml).id
        elif framework:
            if framework not in shipped_ids():
                raise InputError(
                    None,
                    f"unknown framework '{framework}'; choose one of {', '.join(shipped_ids())} "
                    "or upload a framework YAML file",
                )
            framework_id, framework_yaml = framework, None
        else:
            raise InputError(None, "no framework given; pick a shipped framework or upload a YAML file")
        with self.engine.begin() as connection:
            new_id = connection.execute(
                insert(analyses).values(
                    document_id=document_id,
                    framework_id=framework_id,
                    framework_yaml=framework_yaml,
                    status="queued",
                    done=0,
                    total=0,
                    created=_now(),
                )
            ).inserted_primary_key[0]
        return int(new_id)

    def framework_for(self, analysis_id: int) -> Framework:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(analyses.c.framework_id, analyses.c.framework_yaml).where(analyses.c.id == analysis_id)
            ).first()
        if row is None:
            raise NotFound(f"no analysis {analysis_id}")
        return framework_from_yaml(row.framework_yaml) if row.framework_yaml else load_framework(row.framework_id)

    def analysis(self, analysis_id: int) -> AnalysisRecord:
        records = self._analysis_records(analyses.c.id == analysis_id)
        if not records:
            raise NotFound(f"no analysis {analysis_id}")
        return records[0]

    def list_analyses(self) -> list[AnalysisRecord]:
        return self._analysis_records(None)

    def _analysis_records(self, condition) -> list[AnalysisRecord]:
        columns = [c for c in analyses.c if c.name not in ("result", "framework_yaml")]
        query = select(*columns, documents.c.filename, documents.c.title).join(
            documents, documents.c.id == analyses.c.document_id
        )
        if condition is not None:
            query = query.where(condition)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(analyses.c.id.desc())).mappings().all()
        return [
            AnalysisRecord(
                **{
                    **row,
                    "created": _iso(row["created"]),
                    "started": _iso(row["started"]),
                    "finished": _iso(row["finished"]),
                }
            )
            for row in rows
        ]

    def claim(self, analysis_id: int) -> bool:
        """Mark a queued analysis running; False when it is not queued (another worker took it)."""
        with self.engine.begin() as connection:
            changed = connection.execute(
                update(analyses)
                .where(analyses.c.id == analysis_id, analyses.c.status == "queued")
                .values(status="running", stage="starting", done=0, total=0, started=_now())
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
                .values(
                    status="done",
                    stage="done",
                    result=json.dumps(result, ensure_ascii=False),
                    finished=_now(),
                )
            )

    def fail(self, analysis_id: int, message: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(analyses)
                .where(analyses.c.id == analysis_id)
                .values(status="failed", error=message, finished=_now())
            )

    def mark_interrupted(self) -> int:
        """At startup: an analysis still "running" belongs to a server that died; mark it restartable."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(analyses)
                .where(analyses.c.status == "running")
                .values(status="failed", error=INTERRUPTED, finished=_now())
            ).rowcount

    def queued_ids(self) -> list[int]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(analyses.c.id).where(analyses.c.status == "queued").order_by(analyses.c.id)
            )
            return [int(r) for r in rows.scalars()]

    def restart(self, analysis_id: int) -> None:
        """Queue a failed analysis again; decisions already made on it are kept."""
        with self.engine.begin() as connection:
            changed = connection.execute(
                update(analyses)
                .where(analyses.c.id == analysis_id, analyses.c.status == "failed")
                .values(status="queued", stage=None, done=0, total=0, error=None, result=None, finished=None)
            ).rowcount
        if not changed:
            status = self.analysis(analysis_id).status
            raise Conflict(f"analysis {analysis_id} is {status}; only a failed analysis can be restarted")

    def result(self, analysis_id: int) -> dict[str, Any]:
        """The engine's own result (no decisions); :class:`Conflict` until the analysis is done."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(analyses.c.status, analyses.c.result).where(analyses.c.id == analysis_id)
            ).first()
        if row is None:
            raise NotFound(f"no analysis {analysis_id}")
        if row.status != "done" or row.result is None:
            raise Conflict(f"analysis {analysis_id} is {row.status}; wait until it is done")
        return json.loads(row.result)

    # --- decisions ---------------------------------------------------------------------------------

    def add_decision(self, analysis_id: int, proposal: DecisionInput) -> Decision:
        """Validate a decision against the analysis and store it in its own transaction."""
        index = self._result_index(analysis_id)
        values = index.validate(proposal)
        values.update(analysis_id=analysis_id, reviewer=clean_reviewer(proposal.reviewer), created=_now())
        with self.engine.begin() as connection:
            new_id = connection.execute(insert(decisions).values(**values)).inserted_primary_key[0]
        return _decision({**values, "id": new_id})

    def decisions(self, analysis_id: int) -> list[Decision]:
        self.analysis(analysis_id)
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(decisions).where(decisions.c.analysis_id == analysis_id).order_by(decisions.c.id)
            ).mappings()
            return [_decision(dict(row)) for row in rows]

    def decision_count(self, analysis_id: int) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count()).select_from(decisions).where(decisions.c.analysis_id == analysis_id)
                ).scalar_one()
            )

    def reviewed(self, analysis_id: int, reviewer: str | None = None) -> dict[str, Any]:
        """The result with ``reviewer``'s decisions applied; everyone's when None, the latest winning."""
        return apply_decisions(self.result(analysis_id), self.decisions(analysis_id), reviewer)

    def agreement(self, analysis_id: int) -> dict[str, Any]:
        return agreement(self.result(analysis_id), self.decisions(analysis_id))

    def _result_index(self, analysis_id: int) -> _ResultIndex:
        record = self.analysis(analysis_id)
        if record.status != "done":
            raise Conflict(f"analysis {analysis_id} is {record.status}; decisions need a finished analysis")
        with self._lock:
            cached = self._indexes.get(analysis_id)
        if cached and cached[0] == record.finished:
            return cached[1]
        index = _ResultIndex(self.result(analysis_id))
        with self._lock:
            self._indexes[analysis_id] = (record.finished, index)
        return index


def _decision(row: dict[str, Any]) -> Decision:
    fields = {k: row.get(k) for k in Decision.__dataclass_fields__ if k != "created"}
    created = row.get("created")
    return Decision(**fields, created=_iso(created) if isinstance(created, datetime) else str(created or ""))


class _ResultIndex:
    """What a decision is checked against: the analysis' passages, themes and criteria."""

    def __init__(self, result: dict[str, Any]) -> None:
        self.passages = {p["id"]: p for p in result.get("passages", [])}
        self.buckets = list(buckets_of(result))
        self.criteria = {t["id"]: {c["id"] for c in t.get("criteria", [])} for t in result["themes"]}

    def validate(self, proposal: DecisionInput) -> dict[str, Any]:
        """The row to store, or :class:`InputError` naming what is wrong and what to send instead."""
        if proposal.action not in ACTIONS:
            raise InputError(None, f"unknown action '{proposal.action}'; use one of {', '.join(ACTIONS)}")
        self._check_theme(proposal.theme_id, "theme_id")
        note = proposal.note.strip()[:MAX_NOTE] if proposal.note is not None else None
        if proposal.action == "verdict":
            return self._verdict_row(proposal, note)
        passage = self.passages.get(proposal.passage_id or "")
        if passage is None:
            raise InputError(None, f"unknown passage '{proposal.passage_id}'; use a passage id of this analysis")
        if proposal.action == "move":
            self._check_theme(proposal.to_theme, "to_theme")
            if proposal.to_theme == proposal.theme_id:
                raise InputError(None, "to_theme is the theme the passage is in; choose another theme")
        if proposal.action == "note" and not note:
            raise InputError(None, "empty note; write the note text")
        self._check_span(proposal, passage)
        return {
            "action": proposal.action,
            "theme_id": proposal.theme_id,
            "passage_id": passage["id"],
            "to_theme": proposal.to_theme if proposal.action == "move" else None,
            "start": proposal.start,
            "end": proposal.end,
            "note": note,
            "verdict": None,
            "criterion_id": None,
        }

    def _check_theme(self, theme_id: str | None, name: str) -> None:
        if theme_id not in self.buckets:
            raise InputError(None, f"unknown {name} '{theme_id}'; use one of {', '.join(self.buckets)}")

    def _check_span(self, proposal: DecisionInput, passage: dict[str, Any]) -> None:
        if (proposal.start is None) != (proposal.end is None):
            raise InputError(None, "give both start and end to re-cut a quote, or neither")
        if proposal.start is None or proposal.end is None:
            return
        if not inside(passage, proposal.start, proposal.end):
            raise InputError(
                None,
                f"quote {proposal.start}-{proposal.end} is not inside paragraph {passage['id']} "
                f"({passage['start']}-{passage['end']}); select text within that paragraph",
            )

    def _verdict_row(self, proposal: DecisionInput, note: str | None) -> dict[str, Any]:
        if proposal.criterion_id not in self.criteria.get(proposal.theme_id, set()):
            raise InputError(
                None,
                f"unknown criterion '{proposal.criterion_id}' in theme '{proposal.theme_id}'"
                "; use a criterion id of that theme",
            )
        if proposal.verdict not in VERDICTS:
            raise InputError(None, f"unknown verdict '{proposal.verdict}'; use one of {', '.join(VERDICTS)}")
        return {
            "action": "verdict",
            "theme_id": proposal.theme_id,
            "passage_id": None,
            "to_theme": None,
            "start": None,
            "end": None,
            "note": note,
            "verdict": proposal.verdict,
            "criterion_id": proposal.criterion_id,
        }
