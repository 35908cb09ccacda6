"""The JSON API: the same operations as the pages, for scripts and for other tools."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from ..report import FORMATS, OUTPUT_FORMATS
from ..review import AnalysisRecord, DecisionInput, DocumentRecord
from .services import Services
from .uploads import read_upload

router = APIRouter(prefix="/api", tags=["api"])

MEDIA_TYPES = {name: output.media_type for name, output in OUTPUT_FORMATS.items()}


class DocumentOut(BaseModel):
    id: int
    filename: str = Field(description="The uploaded name, for display; the file is stored under a generated one.")
    format: str
    size: int
    sha256: str
    title: str
    created: str


class AnalysisIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document_id: int
    framework: str | None = Field(None, description="A shipped framework id, e.g. kwetsbaarheden.")
    framework_yaml: str | None = Field(None, description="The text of a framework YAML file, instead.")


class Created(BaseModel):
    id: int


class Progress(BaseModel):
    stage: str | None
    done: int
    total: int
    percent: int


class AnalysisOut(BaseModel):
    id: int
    document_id: int
    filename: str
    framework: str
    status: Literal["queued", "running", "done", "failed"]
    progress: Progress
    error: str | None
    created: str
    started: str | None
    finished: str | None
    analysis: dict[str, Any] | None = Field(
        None, description="When done: the inkaart.analysis/v1 result with the decisions applied."
    )


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    passage_id: str | None = Field(None, description="Required except for action 'verdict'.")
    theme_id: str
    action: Literal["accept", "reject", "move", "note", "verdict", "add", "undo"] = Field(
        description="'undo' takes back the last accept, reject or move of this passage in this theme."
    )
    direction: Literal["for", "against"] = Field(
        "for", description="Which list of the theme: its contributions (for) or the passages against it."
    )
    to_theme: str | None = Field(None, description="For 'move': the theme the passage belongs to instead.")
    start: int | None = Field(None, description="Re-cut the quote: document offsets inside the paragraph.")
    end: int | None = None
    note: str | None = None
    verdict: Literal["addressed", "partial", "absent"] | None = Field(None, description="For 'verdict'.")
    criterion_id: str | None = Field(None, description="For 'verdict'.")
    reviewer: str | None = None


class DecisionOut(BaseModel):
    id: int
    reviewer: str
    action: str
    theme_id: str
    passage_id: str | None
    to_theme: str | None
    start: int | None
    end: int | None
    note: str | None
    verdict: str | None
    criterion_id: str | None
    created: str
    direction: str


class SearchHit(BaseModel):
    passage_id: str
    score: float
    page: int
    page_end: int
    section: list[str]
    start: int
    end: int
    text: str


class SearchOut(BaseModel):
    query: str
    mode: str
    hits: list[SearchHit]


class ThemeAgreement(BaseModel):
    theme_id: str
    theme_name: str
    both_decided: int
    agreed: int
    kappa: float | None = Field(description="Cohen's κ; null when undefined (no variation).")


class Disagreement(BaseModel):
    passage_id: str
    theme_id: str
    text: str
    page: int | None
    a_decision: str
    b_decision: str


class ReviewerPair(BaseModel):
    a: str
    b: str
    themes: list[ThemeAgreement]
    disagreements: list[Disagreement]


class AgreementOut(BaseModel):
    reviewers: list[str]
    pairs: list[ReviewerPair]


def services(request: Request) -> Services:
    return request.app.state.services


def document_out(record: DocumentRecord) -> DocumentOut:
    return DocumentOut(**{k: getattr(record, k) for k in DocumentOut.model_fields})


def analysis_out(record: AnalysisRecord, analysis: dict[str, Any] | None = None) -> AnalysisOut:
    return AnalysisOut(
        id=record.id,
        document_id=record.document_id,
        filename=record.filename,
        framework=record.framework_id,
        status=record.status,
        progress=Progress(stage=record.stage, done=record.done, total=record.total, percent=record.percent),
        error=record.error,
        created=record.created,
        started=record.started,
        finished=record.finished,
        analysis=analysis,
    )


@router.post("/documents", status_code=201, response_model=DocumentOut)
def upload_document(
    request: Request,
    file: UploadFile = File(...),
    password: str | None = Form(None, description="The password of an encrypted PDF."),
) -> DocumentOut:
    """Upload a PDF, DOCX, HTML, TXT, Markdown or CSV document (multipart field ``file``)."""
    app = services(request)
    data = read_upload(file, app.settings.max_upload_bytes)
    return document_out(app.store.add_document(file.filename, data, app.settings.max_upload_bytes, password or None))


@router.get("/documents/{document_id}", response_model=DocumentOut)
def get_document(request: Request, document_id: int) -> DocumentOut:
    return document_out(services(request).store.document(document_id))


@router.post("/analyses", status_code=201, response_model=Created)
def create_analysis(request: Request, body: AnalysisIn) -> Created:
    """Queue an analysis; poll ``GET /api/analyses/{id}`` for its progress."""
    return Created(id=services(request).create_analysis(body.document_id, body.framework, body.framework_yaml))


@router.get("/analyses", response_model=list[AnalysisOut])
def list_analyses(request: Request) -> list[AnalysisOut]:
    return [analysis_out(record) for record in services(request).store.list_analyses()]


@router.get("/analyses/{analysis_id}", response_model=AnalysisOut)
def get_analysis(
    request: Request,
    analysis_id: int,
    reviewer: str | None = Query(None, description="Apply only this reviewer's decisions."),
) -> AnalysisOut:
    app = services(request)
    record = app.store.analysis(analysis_id)
    analysis = app.review_view(analysis_id, reviewer) if record.status == "done" else None
    return analysis_out(record, analysis)


@router.post("/analyses/{analysis_id}/restart", response_model=AnalysisOut)
def restart_analysis(request: Request, analysis_id: int) -> AnalysisOut:
    """Queue a failed (or interrupted) analysis again."""
    app = services(request)
    app.restart(analysis_id)
    return analysis_out(app.store.analysis(analysis_id))


@router.post("/analyses/{analysis_id}/decisions", status_code=201, response_model=DecisionOut)
def add_decision(request: Request, analysis_id: int, body: DecisionIn) -> DecisionOut:
    """Record one decision; it is committed before this returns."""
    decision = services(request).store.add_decision(analysis_id, DecisionInput(**body.model_dump()))
    return DecisionOut(**decision.to_dict())


@router.get("/analyses/{analysis_id}/decisions", response_model=list[DecisionOut])
def list_decisions(request: Request, analysis_id: int) -> list[DecisionOut]:
    return [DecisionOut(**d.to_dict()) for d in services(request).store.decisions(analysis_id)]


@router.get(
    "/analyses/{analysis_id}/export",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}},
)
def export(
    request: Request,
    analysis_id: int,
    format: str = Query("md", description=f"One of {', '.join(FORMATS)}."),
    reviewer: str | None = Query(None, description="Only this reviewer's decisions."),
    accepted_only: bool = Query(False, description="Only accepted and added quotes."),
) -> Response:
    """The reviewed report: every quote not rejected, or with ``accepted_only`` only the accepted ones."""
    content = services(request).export(analysis_id, format, reviewer, accepted_only)
    fmt = format.lower().lstrip(".")
    disposition = f'attachment; filename="inkaart-analysis-{analysis_id}.{fmt}"'
    return Response(content, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})


@router.get("/analyses/{analysis_id}/search", response_model=SearchOut)
def search(
    request: Request,
    analysis_id: int,
    q: str = Query(..., description="Words or a phrase."),
    mode: str = Query("hybrid", description="hybrid, keyword or semantic."),
    limit: int = Query(20, ge=1, le=100),
) -> SearchOut:
    """Paragraphs of the analysed document, to add what the engine missed."""
    app = services(request)
    passages = {p["id"]: p for p in app.store.result(analysis_id)["passages"]}
    hits = [
        SearchHit(
            passage_id=pid,
            score=score,
            page=passages[pid]["page"],
            page_end=passages[pid]["page_end"],
            section=passages[pid]["section"],
            start=passages[pid]["start"],
            end=passages[pid]["end"],
            text=passages[pid]["text"],
        )
        for pid, score in app.search(analysis_id, q, mode, limit)
        if pid in passages
    ]
    return SearchOut(query=q, mode=mode, hits=hits)


@router.get("/analyses/{analysis_id}/agreement", response_model=AgreementOut)
def get_agreement(request: Request, analysis_id: int) -> AgreementOut:
    """Cohen's κ per theme for each pair of reviewers, over the passages both decided."""
    return AgreementOut(**services(request).store.agreement(analysis_id))
