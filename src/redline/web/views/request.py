"""Helpers shared by the HTML handlers: context, sessions, CSRF, parameters, rendering."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from redline.errors import InputError
from redline.web import auth, protocol, sessions
from redline.web.context import WebContext

__all__ = [
    "CSRF_COOKIE",
    "BadParameter",
    "check_csrf",
    "choice_param",
    "ctx",
    "data_page",
    "html",
    "int_param",
    "page_response",
    "session_of",
    "text_param",
]

CSRF_COOKIE = "redline_csrf"
MAX_ID = 2**31 - 1
MAX_PAGE = 10_000


class BadParameter(InputError):
    """A query or form parameter with a value the page cannot use (HTTP 400)."""

    status = 400


def ctx(request: Request) -> WebContext:
    web: WebContext = request.app.state.web
    return web


_NO_SESSION = object()


def session_of(request: Request) -> auth.Session | None:
    """The signed-in session: a validly signed cookie whose server-side record lives."""
    known = getattr(request.state, "session", _NO_SESSION)
    if known is not _NO_SESSION:
        return known  # type: ignore[return-value]
    c = ctx(request)
    session = auth.unsign_session(request.cookies.get(auth.SESSION_COOKIE), c.secret)
    if session is not None and not sessions.is_live(c.engine, session):
        session = None
    request.state.session = session
    return session


def _anon_token(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), b"csrf:" + nonce.encode(), hashlib.sha256).hexdigest()


def csrf_for(request: Request) -> tuple[str, str | None]:
    """(token for forms, new nonce cookie to set or None)."""
    session = session_of(request)
    if session:
        return session.csrf, None
    nonce = request.cookies.get(CSRF_COOKIE)
    fresh = None
    if not nonce or len(nonce) > 100:
        nonce = fresh = secrets.token_urlsafe(24)
    return _anon_token(ctx(request).secret, nonce), fresh


def check_csrf(request: Request, token: str | None) -> bool:
    if not token or len(token) > 200:
        return False
    session = session_of(request)
    if session:
        return hmac.compare_digest(token, session.csrf)
    nonce = request.cookies.get(CSRF_COOKIE)
    if not nonce or len(nonce) > 100:
        return False
    return hmac.compare_digest(token, _anon_token(ctx(request).secret, nonce))


#: pages hold per-visitor form tokens: browsers may keep them but must revalidate
PAGE_CACHE = "private, no-cache"


def page_response(request: Request, body: str | bytes) -> Response:
    """A 200 HTML page with an ETag; ``304`` when the browser already has this one."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    etag = protocol.etag_of(data)
    headers = {"ETag": etag, "Cache-Control": PAGE_CACHE}
    if protocol.not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return HTMLResponse(data, headers=headers)


@dataclass(slots=True)
class _Body:
    """A rendered page kept for reuse, and its gzip form once a client asked for it."""

    plain: bytes
    gzipped: bytes | None = None

    def __len__(self) -> int:
        """Its weight in the cache: the page and its compressed form (about a quarter)."""
        return len(self.plain) * 5 // 4


#: smallest body worth compressing (as the compression middleware)
GZIP_MIN = 1000
GZIP_LEVEL = 1  # about 10 % larger than level 6, in two thirds of the time


def _accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "")


def data_page(
    request: Request,
    template: str,
    data: tuple[Any, ...],
    values: Callable[[], dict[str, Any]],
) -> Response:
    """A page whose body is a function of *data* (what it read from the store) alone.

    For anonymous visitors its ETag is computed from *data* before anything is drawn:
    a revalidation that matches costs the page's one read and a hash (``304``); a page
    drawn before is served from memory, compressed once. Signed-in visitors see their
    name and a form token in the page, so it is drawn for them each time.
    """
    if session_of(request) is not None:
        return html(request, template, **values())
    c = ctx(request)
    etag = protocol.etag_from(c.build, template, data)
    headers = {"ETag": etag, "Cache-Control": PAGE_CACHE}
    if protocol.not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    body: _Body | None = c.bodies.get(etag)
    if body is None:
        # no per-visitor value: anonymous pages drawn here hold no form that posts
        body = _Body(c.render(template, user=None, csrf="", **values()).encode("utf-8"))
        c.bodies.put(etag, body)
    if len(body.plain) >= GZIP_MIN and _accepts_gzip(request):
        if body.gzipped is None:
            body.gzipped = gzip.compress(body.plain, GZIP_LEVEL, mtime=0)
        headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return Response(body.gzipped, media_type="text/html; charset=utf-8", headers=headers)
    return HTMLResponse(body.plain, headers=headers)


def html(request: Request, template: str, *, status: int = 200, **values: Any) -> Response:
    c = ctx(request)
    session = session_of(request)
    token, fresh = csrf_for(request)
    body = c.render(template, user=session.user if session else None, csrf=token, **values)
    if status == 200:
        response = page_response(request, body)
    else:
        response = HTMLResponse(body, status_code=status)
    if fresh:
        response.set_cookie(
            CSRF_COOKIE,
            fresh,
            httponly=True,
            samesite="strict",
            secure=c.settings.secure_cookies,
            path="/",
        )
    return response


def int_param(
    value: str | None, name: str, *, lo: int = 1, hi: int = MAX_ID, default: int | None = None
) -> int | None:
    """An integer parameter within [lo, hi]; ``default`` when absent or empty."""
    if value is None or value == "":
        return default
    if len(value) > 12 or not value.isascii() or not value.isdigit():
        raise BadParameter(f"{name} must be a whole number")
    number = int(value)
    if not lo <= number <= hi:
        raise BadParameter(f"{name} must be between {lo} and {hi}")
    return number


def choice_param(
    value: str | None, name: str, choices: tuple[str, ...] | list[str], default: str | None = None
) -> str | None:
    if value is None or value == "":
        return default
    if value not in choices:
        raise BadParameter(f"{name} must be one of: {', '.join(choices)}")
    return value


def text_param(value: str | None, name: str, *, limit: int = 200) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise BadParameter(f"{name} is too long (at most {limit} characters)")
    if "\x00" in value:
        raise BadParameter(f"{name} contains a NUL character")
    return value
