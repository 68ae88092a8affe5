"""Signing in, and the pages behind it: sources to track, webhooks."""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from redline.changes import LEVELS
from redline.errors import InputError, NotFoundError
from redline.explain.model import CLASS_ORDER
from redline.web import auth, queries, sessions, throttle, webhooks
from redline.web.accounts import ADMIN_HASH, ADMIN_USER
from redline.web.context import WebContext
from redline.web.views.request import check_csrf, ctx, html, int_param, session_of

__all__ = ["router"]

router = APIRouter()


def _safe_next(value: str | None) -> str:
    value = value or "/sources"
    parts = urlsplit(value)
    if (
        parts.scheme
        or parts.netloc
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
    ):
        return "/sources"
    return value


def _forbidden(request: Request) -> Response:
    return html(
        request,
        "error.html",
        status=403,
        heading="Forbidden",
        message="The form expired or did not come from this site. Reload and try again.",
        status_text="403",
    )


def _login_required(request: Request) -> Response | None:
    if session_of(request) is None:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return None


async def _admin_form(request: Request) -> Response | tuple[Any, Any]:
    """The context and the posted form of a signed-in admin with a valid CSRF token,
    or the response that turns the request away (login redirect or 403)."""
    if (redirect := _login_required(request)) is not None:
        return redirect
    form = await request.form()
    if not check_csrf(request, str(form.get("csrf") or "")):
        return _forbidden(request)
    return ctx(request), form


Act = Callable[[WebContext, Any], None]
"""What an admin form does with the context and the posted form."""


async def _posted(request: Request, act: Act, page: Callable[..., Response], done: str) -> Response:
    """Run *act* for a signed-in admin's valid form and go to *done*; input it
    refuses (``InputError``, ``ValueError``) shows *page* again with the message
    (400), an item that is not there (``NotFoundError``) with 404."""
    checked = await _admin_form(request)
    if isinstance(checked, Response):
        return checked
    c, form = checked
    try:
        act(c, form)
    except NotFoundError as exc:
        return page(request, status=404, error=str(exc))
    except (ValueError, InputError) as exc:
        return page(request, status=400, error=str(exc))
    return RedirectResponse(done, status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    c = ctx(request)
    return html(
        request,
        "login.html",
        configured=bool(c.get_setting(ADMIN_HASH)),
        next=_safe_next(request.query_params.get("next")),
        error="",
    )


#: scrypt needs 16 MiB and ~50 ms of CPU: at most this many run at once, in worker threads
_SCRYPT_SLOTS = threading.BoundedSemaphore(2)


def _verify(password: str, stored_hash: str) -> bool:
    with _SCRYPT_SLOTS:
        return auth.verify_password(password, stored_hash)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    c = ctx(request)
    form = await request.form()
    if not check_csrf(request, str(form.get("csrf") or "")):
        return _forbidden(request)
    user = str(form.get("username") or "")[:100]
    password = str(form.get("password") or "")[: auth.MAX_PASSWORD_LENGTH + 1]
    next_url = _safe_next(str(form.get("next") or ""))
    keys = throttle.keys_for(_client(request), user)
    wait = await run_in_threadpool(throttle.admit, c.engine, keys, c.settings.login_limit)
    stored_user, stored_hash = c.get_setting(ADMIN_USER), c.get_setting(ADMIN_HASH)
    if wait > 0:
        seconds = math.ceil(wait)
        response = html(
            request,
            "login.html",
            status=429,
            configured=bool(stored_hash),
            next=next_url,
            error=f"Too many failed sign-ins. Try again in {seconds} seconds.",
        )
        response.headers["Retry-After"] = str(seconds)
        return response
    ok = bool(stored_hash) and await run_in_threadpool(_verify, password, stored_hash or "")
    if not ok or user != stored_user:
        return html(
            request,
            "login.html",
            status=401,
            configured=bool(stored_hash),
            next=next_url,
            error="Wrong user name or password.",
        )
    session = auth.new_session(user)
    await run_in_threadpool(throttle.succeeded, c.engine, keys)
    await run_in_threadpool(sessions.record, c.engine, session)
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(
        auth.SESSION_COOKIE,
        auth.sign_session(session, c.secret_current()),
        max_age=auth.SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=c.settings.secure_cookies,
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()
    if not check_csrf(request, str(form.get("csrf") or "")):
        return _forbidden(request)
    session = session_of(request)
    if session is not None:
        sessions.revoke(ctx(request).engine, session)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


def _done(request: Request, error: str) -> str:
    """The message of the action just done (none after an error)."""
    return request.query_params.get("done", "")[:200] if not error else ""


def _sources_page(request: Request, *, status: int = 200, error: str = "") -> Response:
    c = ctx(request)
    return html(
        request,
        "sources.html",
        status=status,
        sources=_sources(c),
        message=_done(request, error),
        error=error,
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    return _sources_page(request)


def _sources(c: WebContext) -> list[_SourceView]:
    recorded = {s.name: s for s in queries.list_sources(c.engine)}
    out = []
    for s in c.tracking.sources():
        known = recorded.get(s.name)
        out.append(
            _SourceView(
                s.id, s.name, s.url, known.stories if known else 0, known.id if known else None
            )
        )
    return out


class _SourceView:
    def __init__(self, id: int, name: str, url: str, stories: int, store_id: int | None) -> None:
        self.id, self.name, self.url, self.stories = id, name, url, stories
        self.store_id = store_id


@router.post("/sources", response_class=HTMLResponse)
async def add_source(request: Request) -> Response:
    def act(c: WebContext, form: Any) -> None:
        name = str(form.get("name") or "").strip()
        url = str(form.get("url") or "").strip()
        if not name or len(name) > 200:
            raise InputError("Give the source a name (at most 200 characters).")
        if (
            not url.startswith(("http://", "https://"))
            or len(url) > 2000
            or any(ch.isspace() for ch in url)
        ):
            raise InputError("The feed URL must be an http:// or https:// address.")
        c.tracking.add_source(name=name, url=url, kind=None, options={}, now=datetime.now(UTC))

    return await _posted(request, act, _sources_page, "/sources?done=Source+added")


@router.post("/sources/{source_id}/delete")
async def remove_source(request: Request, source_id: str) -> Response:
    def act(c: WebContext, _form: Any) -> None:
        try:
            c.tracking.remove_source(int_param(source_id, "source id") or 0)
        except NotFoundError:
            raise NotFoundError("No such source.") from None

    return await _posted(request, act, _sources_page, "/sources?done=Source+removed")


def _channels_page(request: Request, *, status: int = 200, error: str = "") -> Response:
    from redline.notify.channels import list_channels

    c = ctx(request)
    return html(
        request,
        "channels.html",
        status=status,
        channels=list_channels(c.engine),
        levels=LEVELS,
        message=_done(request, error),
        error=error,
    )


@router.get("/admin/channels", response_class=HTMLResponse)
def channels_page(request: Request) -> Response:
    """Notification channels (secrets masked), as ``redline notify list`` shows them."""
    if (redirect := _login_required(request)) is not None:
        return redirect
    return _channels_page(request)


@router.post("/admin/channels", response_class=HTMLResponse)
async def add_channel(request: Request) -> Response:
    from redline.notify.channels import add_channel as add

    def act(c: WebContext, form: Any) -> None:
        per_hour = int_param(str(form.get("max_per_hour") or ""), "posts per hour", lo=1, hi=1000)
        add(
            c.engine,
            str(form.get("url") or "").strip(),
            name=str(form.get("name") or "").strip(),
            only=str(form.get("only") or "").strip() or None,
            min_significance=str(form.get("min_level") or "") or None,
            max_per_hour=per_hour,
        )

    return await _posted(request, act, _channels_page, "/admin/channels?done=Channel+added")


@router.post("/admin/channels/{channel_id}/delete")
async def delete_channel(request: Request, channel_id: str) -> Response:
    from redline.notify.channels import remove_channel

    def act(c: WebContext, _form: Any) -> None:
        number = int_param(channel_id, "channel id") or 0
        with contextlib.suppress(NotFoundError):  # removed already: the list says so
            remove_channel(c.engine, number)

    return await _posted(request, act, _channels_page, "/admin/channels?done=Channel+removed")


@router.get("/admin/health", response_class=HTMLResponse)
def health_page(request: Request) -> Response:
    """The tracker's trouble, as ``redline health`` lists it: failing, blocked and gone
    URLs and failing sources with their last error and since when, counts by kind."""
    if (redirect := _login_required(request)) is not None:
        return redirect
    from redline.track.health import tracking_section

    return html(request, "health.html", tracking=tracking_section(ctx(request).store))


def _webhooks_page(request: Request, *, status: int = 200, error: str = "") -> Response:
    c = ctx(request)
    return html(
        request,
        "webhooks.html",
        status=status,
        hooks=webhooks.list_webhooks(c.engine),
        deliveries=webhooks.list_deliveries(c.engine),
        levels=LEVELS,
        classes=CLASS_ORDER,
        message=_done(request, error),
        error=error,
    )


@router.get("/admin/webhooks", response_class=HTMLResponse)
def webhooks_page(request: Request) -> Response:
    if (redirect := _login_required(request)) is not None:
        return redirect
    return _webhooks_page(request)


@router.post("/admin/webhooks", response_class=HTMLResponse)
async def add_webhook(request: Request) -> Response:
    def act(c: WebContext, form: Any) -> None:
        minutes = (
            int_param(
                str(form.get("digest_minutes") or "0"), "digest period", lo=0, hi=10080, default=0
            )
            or 0
        )
        level = str(form.get("min_level") or "") or None
        classes = tuple(
            x.strip() for v in form.getlist("classes") for x in str(v).split(",") if x.strip()
        )
        webhooks.add_webhook(
            c.engine,
            str(form.get("url") or "").strip(),
            str(form.get("secret") or ""),
            min_level=level,
            classes=classes,
            digest_seconds=minutes * 60,
        )

    return await _posted(request, act, _webhooks_page, "/admin/webhooks?done=Webhook+added")


@router.post("/admin/webhooks/{hook_id}/delete")
async def delete_webhook(request: Request, hook_id: str) -> Response:
    def act(c: WebContext, _form: Any) -> None:
        webhooks.remove_webhook(c.engine, int_param(hook_id, "webhook id") or 0)

    return await _posted(request, act, _webhooks_page, "/admin/webhooks?done=Webhook+removed")
