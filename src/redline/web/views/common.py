"""Helpers shared by the HTML handlers: context, sessions, CSRF, parameters, rendering."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from redline.errors import InputError
from redline.web import auth
from redline.web.context import WebContext

__all__ = [
    "CSRF_COOKIE",
    "BadParameter",
    "check_csrf",
    "choice_param",
    "ctx",
    "html",
    "int_param",
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


def session_of(request: Request) -> auth.Session | None:
    c = ctx(request)
    return auth.unsign_session(request.cookies.get(auth.SESSION_COOKIE), c.secret)


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


def html(request: Request, template: str, *, status: int = 200, **values: Any) -> HTMLResponse:
    c = ctx(request)
    session = session_of(request)
    token, fresh = csrf_for(request)
    body = c.render(template, user=session.user if session else None, csrf=token, **values)
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
