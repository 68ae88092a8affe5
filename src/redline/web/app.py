"""The FastAPI application: pages, feeds, API, static files, security headers, errors."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from redline.errors import RedlineError
from redline.store import Store
from redline.web.context import STATIC, WebContext, WebSettings
from redline.web.protocol import HeadAsGet
from redline.web.views.request import GZIP_LEVEL, GZIP_MIN

__all__ = ["CSP", "app_from_env", "create_app"]

LOG = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
_SECURITY_RAW = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
_SECURITY_NAMES = frozenset(k for k, _ in _SECURITY_RAW)
HEADINGS = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    422: "Cannot use this input",
}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse(
            {"error": {"status": status, "message": message}},
            status_code=status,
            headers=SECURITY_HEADERS,
        )
    web: WebContext | None = getattr(request.app.state, "web", None)
    if web is None:  # pragma: no cover - only before startup
        return HTMLResponse(message, status_code=status)
    body = web.render(
        "error.html",
        heading=HEADINGS.get(status, "Something went wrong"),
        message=message,
        status=status,
        user=None,
        csrf="",
    )
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = message.setdefault("headers", [])
                have = {name.lower() for name, _ in raw}
                if have.isdisjoint(_SECURITY_NAMES):  # the usual case: add them all
                    message["headers"] = [*raw, *_SECURITY_RAW]
                else:  # a response that set some itself keeps its own
                    extra = [(k, v) for k, v in _SECURITY_RAW if k not in have]
                    message["headers"] = [*raw, *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    return "; ".join(parts) or "invalid parameters"


def create_app(store: Store | str | None = None, settings: WebSettings | None = None) -> FastAPI:
    """The web application over *store* (a :class:`Store` or a database URL)."""
    settings = settings or WebSettings()
    owned = not isinstance(store, Store)
    the_store = store if isinstance(store, Store) else Store.open(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if settings.background:
            from redline.web.background import BackgroundWorker

            worker = BackgroundWorker(app.state.web)
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            if owned:
                the_store.close()

    app = FastAPI(
        title="Redline API",
        version="1",
        description="How news stories changed: sources, stories, versions, diffs, blame, stats.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.web = WebContext(the_store, settings)

    # outermost last: HEAD runs as GET, then compression, then the security headers
    app.add_middleware(SecurityHeaders)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN, compresslevel=GZIP_LEVEL)
    app.add_middleware(HeadAsGet)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        LOG.error("unhandled error on %s", request.url.path, exc_info=exc)
        return _error(request, 500, "Something went wrong on our side.")

    @app.exception_handler(RedlineError)
    async def redline_error(request: Request, exc: RedlineError) -> Response:
        status = exc.status if 400 <= exc.status < 600 else 500
        if status >= 500:
            LOG.error("error on %s: %s", request.url.path, exc)
        return _error(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else HEADINGS.get(exc.status_code, "")
        if exc.status_code == 404:
            message = "There is no page at this address."
        response = _error(request, exc.status_code, message)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    from redline.web import api
    from redline.web.views import admin, docs, feeds, pages

    app.include_router(pages.router, include_in_schema=False)
    app.include_router(admin.router, include_in_schema=False)
    app.include_router(feeds.router, include_in_schema=False)
    app.include_router(api.router)
    app.include_router(docs.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(
            (STATIC / "favicon.svg").read_bytes(),
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return app


def app_from_env() -> FastAPI:
    """The app for uvicorn worker processes (``--factory``): store from ``REDLINE_DATABASE_URL``.

    Workers serve pages only; the parent process runs the indexer and webhooks.
    """
    settings = WebSettings(
        base_url=os.environ.get("REDLINE_BASE_URL", ""),
        secure_cookies=os.environ.get("REDLINE_SECURE_COOKIES") == "1",
    )
    url_file = os.environ.get("REDLINE_DATABASE_URL_FILE")
    url = (
        Path(url_file).read_text(encoding="utf-8").strip()
        if url_file
        else os.environ.get("REDLINE_DATABASE_URL")
    )
    return create_app(url, settings)
