"""Documents, analyses and people's decisions in one database; uploaded files in a folder beside it.

The engine's result and the reviewers' decisions live in separate tables: the result is written once,
decisions are appended one per transaction and never edited, so "who decided what, when" stays readable
and two reviewers writing at once cannot overwrite each other.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select

from ..document import Document, read_document
from ..errors import InputError
from ..framework import Framework, load_framework, shipped_ids
from ..schema import Analysis
from .agreement import agreement
from .decisions import Decision, apply_decisions
from .jobs import Conflict, now
from .tables import analyses, decisions, documents
from .validation import DecisionInput, ResultIndex, clean_reviewer, framework_from_yaml, safe_filename


class NotFound(Exception):
    """An id that names nothing: the web layer answers 404."""


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


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


class Repository:
    """Reading and writing the review database's rows; no status transitions (see :mod:`.jobs`)."""

    def __init__(self, engine: Engine, files_dir: Path) -> None:
        self.engine = engine
        self.files_dir = files_dir
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._documents: OrderedDict[int, Document] = OrderedDict()
        self._indexes: dict[int, tuple[str | None, ResultIndex]] = {}

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
            "created": now(),
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
        return DocumentRecord(**{**row, "created": iso(row["created"])})

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
                    created=now(),
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
                    "created": iso(row["created"]),
                    "started": iso(row["started"]),
                    "finished": iso(row["finished"]),
                }
            )
            for row in rows
        ]

    def result(self, analysis_id: int) -> Analysis:
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
        values = self._result_index(analysis_id).validate(proposal)
        values.update(analysis_id=analysis_id, reviewer=clean_reviewer(proposal.reviewer), created=now())
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

    def reviewed(self, analysis_id: int, reviewer: str | None = None) -> Analysis:
        """The result with ``reviewer``'s decisions applied; everyone's when None, the latest winning."""
        return apply_decisions(self.result(analysis_id), self.decisions(analysis_id), reviewer)

    def agreement(self, analysis_id: int) -> dict[str, Any]:
        return agreement(self.result(analysis_id), self.decisions(analysis_id))

    def _result_index(self, analysis_id: int) -> ResultIndex:
        record = self.analysis(analysis_id)
        if record.status != "done":
            raise Conflict(f"analysis {analysis_id} is {record.status}; decisions need a finished analysis")
        with self._lock:
            cached = self._indexes.get(analysis_id)
        if cached and cached[0] == record.finished:
            return cached[1]
        index = ResultIndex(self.result(analysis_id))
        with self._lock:
            self._indexes[analysis_id] = (record.finished, index)
        return index


def _decision(row: dict[str, Any]) -> Decision:
    fields = {k: row.get(k) for k in Decision.__dataclass_fields__ if k not in ("created", "direction")}
    created = row.get("created")
    return Decision(
        **fields,
        created=iso(created) if isinstance(created, datetime) else str(created or ""),
        direction=row.get("direction") or "for",
    )
