"""Access token, login cookie and CSRF checks.

Local mode (no token) trusts whoever can reach 127.0.0.1, but a web page in the same browser must not be
able to post on the analyst's behalf: every state-changing request from a browser carries a per-session
CSRF token (cookie + hidden field or ``X-CSRF-Token`` header). Scripts without an ``Origin`` header (curl,
httpx) may call the JSON API directly. In team mode every request needs ``Authorization: Bearer`` or
the login cookie, and a request authorised by the bearer token needs no CSRF token: a foreign page cannot
make the browser send that header.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from starlette.requests import Request

CSRF_COOKIE = "inkaart_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOGIN_COOKIE = "inkaart_login"
REVIEWER_COOKIE = "inkaart_reviewer"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC_PREFIXES = ("/login", "/static/", "/favicon.ico")
_TOKEN_SHAPE = re.compile(r"^[0-9a-f]{32}$")


def new_csrf_token() -> str:
    return secrets.token_hex(16)


def valid_csrf_shape(value: str | None) -> bool:
    return bool(value and _TOKEN_SHAPE.match(value))


def login_value(token: str) -> str:
    """The login cookie's value: derived from the token, so the cookie never holds the token itself."""
    return hmac.new(token.encode("utf-8"), b"inkaart-login", hashlib.sha256).hexdigest()


def bearer_ok(request: Request, token: str | None) -> bool:
    if not token:
        return False
    scheme, _, supplied = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(supplied.strip().encode(), token.encode())


def authorised(request: Request, token: str | None) -> bool:
    if not token or request.url.path.startswith(PUBLIC_PREFIXES):
        return True
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    return bearer_ok(request, token) or hmac.compare_digest(cookie.encode(), login_value(token).encode())


async def csrf_ok(request: Request, token: str | None) -> bool:
    """Whether a state-changing request is the user's own, by the rules in the module docstring."""
    if request.method in SAFE_METHODS or bearer_ok(request, token):
        return True
    expected = request.cookies.get(CSRF_COOKIE)
    supplied = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if supplied is None and content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        value = (await request.form()).get(CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if valid_csrf_shape(expected) and supplied and hmac.compare_digest(supplied.encode(), expected.encode()):
        return True
    return not token and request.url.path.startswith("/api/") and "origin" not in request.headers
