"""The pages: server-rendered HTML, with htmx swapping in the parts a decision or a poll changes."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from ..errors import InputError
from ..framework import shipped_frameworks
from ..report import FORMATS
from ..review import VERDICTS, DecisionInput, clean_reviewer, framework_from_yaml
from .i18n import LANGUAGE_COOKIE, LANGUAGES, language_of, translator
from .security import LOGIN_COOKIE, REVIEWER_COOKIE, login_value
from .services import Services
from .uploads import TooLarge, read_upload
from .views import passage_view, theme_views

router = APIRouter(include_in_schema=False)
MAX_FRAMEWORK_BYTES = 1_000_000


def _services(request: Request) -> Services:
    return request.app.state.services


def reviewer_of(request: Request) -> str:
    return clean_reviewer(request.cookies.get(REVIEWER_COOKIE))


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    headers: dict | None = None,
    framework_language: str | None = None,
) -> Response:
    """A template with what every page needs; it speaks the reader's language, else the framework's."""
    lang = language_of(request, framework_language)
    base = {
        "lang": lang,
        "t": translator(lang),
        "csrf": request.state.csrf,
        "reviewer": reviewer_of(request),
        "team": bool(_services(request).settings.token),
        "path": request.url.path,
    }
    return request.app.state.templates.TemplateResponse(
        request, name, {**base, **context}, status_code=status, headers=headers
    )


def _choices(analysis: dict[str, Any]) -> list[tuple[str, str]]:
    """Every place a passage can go: the themes, then the "other" bucket."""
    items = [(theme["id"], theme["name"]) for theme in analysis["themes"]]
    other = analysis["framework"].get("other")
    return items + ([(other["id"], other["name"])] if other else [])


def _review_context(analysis: dict[str, Any]) -> dict[str, Any]:
    choices = _choices(analysis)
    return {"choices": choices, "names": dict(choices), "verdicts": VERDICTS}


def _local_path(target: str | None) -> str:
    """Only a path on this site is a place to return to (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/")
def home(request: Request) -> Response:
    return _home(request)


def _home(request: Request, error: str | None = None, status: int = 200) -> Response:
    context = {
        "frameworks": shipped_frameworks(),
        "analyses": _services(request).store.list_analyses(),
        "error": error,
    }
    return page(request, "home.html", context, status)


@router.post("/upload")
def upload(
    request: Request,
    file: UploadFile = File(...),
    framework: str = Form("kwetsbaarheden"),
    framework_file: UploadFile | None = File(None),
    password: str | None = Form(None),
) -> Response:
    app = _services(request)
    try:
        framework_yaml = _framework_text(framework_file)
        data = read_upload(file, app.settings.max_upload_bytes)
        record = app.store.add_document(file.filename, data, app.settings.max_upload_bytes, password or None)
        analysis_id = app.create_analysis(record.id, None if framework_yaml else framework, framework_yaml)
    except InputError as error:
        return _home(request, str(error), 400)
    except TooLarge as error:
        return _home(request, str(error), 413)
    return RedirectResponse(f"/analyses/{analysis_id}", 303)


def _framework_text(upload: UploadFile | None) -> str | None:
    """The uploaded framework YAML, validated before the document is stored; None when none was sent."""
    if upload is None or not upload.filename:
        return None
    raw = upload.file.read(MAX_FRAMEWORK_BYTES + 1)
    if len(raw) > MAX_FRAMEWORK_BYTES:
        raise InputError(upload.filename, "framework file is over 1 MB; a framework is a short YAML file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(upload.filename, "is not UTF-8 text; save the framework file as UTF-8") from None
    framework_from_yaml(text, upload.filename)
    return text


@router.get("/analyses/{analysis_id}")
def analysis_page(request: Request, analysis_id: int) -> Response:
    app = _services(request)
    record = app.store.analysis(analysis_id)
    context: dict[str, Any] = {"record": record, "analysis_id": analysis_id}
    if record.status == "done":
        reviewed = app.review_view(analysis_id, reviewer_of(request))
        context.update(
            _review_context(reviewed),
            analysis=reviewed,
            themes=theme_views(reviewed),
            formats=FORMATS,
        )
    return page(request, "analysis.html", context, framework_language=_language(app, analysis_id))


def _language(app: Services, analysis_id: int) -> str:
    return app.store.framework_for(analysis_id).language


@router.get("/analyses/{analysis_id}/status")
def status(request: Request, analysis_id: int, reload: bool = False) -> Response:
    app = _services(request)
    record = app.store.analysis(analysis_id)
    # The review page replaces its progress block with the review once the analysis is done.
    headers = {"HX-Refresh": "true"} if reload and record.status == "done" else None
    return page(
        request, "_status.html", {"record": record}, headers=headers, framework_language=_language(app, analysis_id)
    )


@router.get("/analyses/{analysis_id}/row")
def row(request: Request, analysis_id: int) -> Response:
    return page(request, "_row.html", {"record": _services(request).store.analysis(analysis_id)})


@router.post("/analyses/{analysis_id}/restart")
def restart(request: Request, analysis_id: int) -> Response:
    _services(request).restart(analysis_id)
    return RedirectResponse(f"/analyses/{analysis_id}", 303)


@router.post("/analyses/{analysis_id}/decide")
def decide(
    request: Request,
    analysis_id: int,
    action: str = Form(...),
    theme_id: str = Form(...),
    passage_id: str | None = Form(None),
    to_theme: str | None = Form(None),
    start: int | None = Form(None),
    end: int | None = Form(None),
    note: str | None = Form(None),
    verdict: str | None = Form(None),
    criterion_id: str | None = Form(None),
    direction: str = Form("for"),
) -> Response:
    """Store one decision, then send back the theme sections it changed (swapped in out of band)."""
    app = _services(request)
    reviewer = reviewer_of(request)
    decision = app.store.add_decision(
        analysis_id,
        DecisionInput(
            action=action,
            theme_id=theme_id,
            passage_id=passage_id or None,
            # Every form carries every field; only the ones that belong to the action count.
            to_theme=(to_theme or None) if action == "move" else None,
            start=start,
            end=end,
            note=(note or "").strip() or None,
            verdict=verdict or None,
            criterion_id=criterion_id or None,
            reviewer=reviewer,
            direction=direction,
        ),
    )
    reviewed = app.review_view(analysis_id, reviewer)
    changed = {decision.theme_id, decision.to_theme}
    lang = language_of(request, reviewed["framework"].get("language"))
    t = translator(lang)
    context = {
        **_review_context(reviewed),
        "themes": [theme for theme in theme_views(reviewed) if theme.id in changed],
        "analysis_id": analysis_id,
        "message": t("saved", action=t(f"action_{decision.action}"), reviewer=decision.reviewer),
        # A reject or move can be taken back from the message that confirms it.
        "undo": decision if decision.action in ("reject", "move") else None,
    }
    return page(request, "_decided.html", context, framework_language=lang)


@router.get("/analyses/{analysis_id}/search")
def search(request: Request, analysis_id: int, q: str = "", mode: str = "hybrid") -> Response:
    app = _services(request)
    result = app.store.result(analysis_id)
    passages = {p["id"]: p for p in result["passages"]}
    hits = [(passage_view(passages[pid]), score) for pid, score in app.search(analysis_id, q, mode)]
    context = {"hits": hits, "query": q, "analysis_id": analysis_id, "choices": _choices(result)}
    return page(request, "_search.html", context, framework_language=result["framework"].get("language"))


@router.get("/analyses/{analysis_id}/pages/{number}")
def page_context(request: Request, analysis_id: int, number: int) -> Response:
    passages = _services(request).store.result(analysis_id)["passages"]
    on_page = [passage_view(p) for p in passages if p["page"] <= number <= p.get("page_end", p["page"])]
    context = {"paragraphs": on_page, "number": number}
    return page(request, "_context.html", context, framework_language=_language(_services(request), analysis_id))


@router.get("/analyses/{analysis_id}/agreement")
def agreement_page(request: Request, analysis_id: int) -> Response:
    app = _services(request)
    record = app.store.analysis(analysis_id)
    context = {"record": record, "analysis_id": analysis_id, "agreement": app.store.agreement(analysis_id)}
    return page(request, "agreement.html", context, framework_language=_language(app, analysis_id))


@router.get("/diff")
def diff_page(request: Request, old: int, new: int) -> Response:
    """``inkaart diff`` of two finished analyses made with the same framework, side by side."""
    from ..diff import Paragraphs, diff_analyses
    from ..engine.scoring import embed_paragraphs
    from ..report.diff import changes_by_theme, diff_words, document_name

    app = _services(request)
    analyses = [app.store.result(analysis_id) for analysis_id in (old, new)]
    if analyses[0]["framework"]["id"] != analyses[1]["framework"]["id"]:
        raise InputError(None, "the two analyses use different frameworks; diff two analyses of one framework")
    embedder = app.embedders.get()
    documents = [app.store.load_document(app.store.analysis(analysis_id).document_id) for analysis_id in (old, new)]
    vectors = [Paragraphs(*embed_paragraphs(document, embedder)) for document in documents]
    diff = diff_analyses(*analyses, *vectors)
    context = {
        "diff": diff,
        "old_id": old,
        "new_id": new,
        "names": [document_name(diff["old"]), document_name(diff["new"])],
        "words": diff_words(diff),
        "themes": changes_by_theme(diff),
    }
    return page(request, "diff.html", context, framework_language=analyses[0]["framework"].get("language"))


@router.post("/reviewer")
def set_reviewer(request: Request, reviewer: str = Form(...), next: str = Form("/")) -> Response:
    response = RedirectResponse(_local_path(next), 303)
    response.set_cookie(REVIEWER_COOKIE, clean_reviewer(reviewer), max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.post("/language")
def set_language(request: Request, lang: str = Form(...), next: str = Form("/")) -> Response:
    """The reader's language for every page, whatever the framework's."""
    if lang not in LANGUAGES:
        raise InputError(None, f"unknown language '{lang}'; choose one of {', '.join(LANGUAGES)}")
    response = RedirectResponse(_local_path(next), 303)
    response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", 301)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return page(request, "login.html", {"next": _local_path(next), "error": None})


@router.post("/login")
def login(request: Request, token: str = Form(...), next: str = Form("/")) -> Response:
    expected = _services(request).settings.token
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        context = {"next": _local_path(next), "error": "wrong access token; ask whoever runs the server"}
        return page(request, "login.html", context, 401)
    response = RedirectResponse(_local_path(next), 303)
    response.set_cookie(LOGIN_COOKIE, login_value(expected), httponly=True, samesite="lax")
    return response
