"""HTTP plumbing shared by pages, feeds and the API: HEAD, validators, conditional answers.

* :class:`HeadAsGet` answers ``HEAD`` on every ``GET`` route: the request runs as
  ``GET`` and the body is dropped (headers, ``Content-Length`` included, stay).
* :func:`etag_of` is a weak validator (``W/"…"``) of a body: weak because the same
  page may travel gzip-compressed or not.
* :func:`etag_from` is the validator of a page computed from the data it is drawn
  from (before drawing it), for pages whose body is a function of that data.
* :func:`not_modified` compares it with ``If-None-Match`` (weak comparison, RFC 9110).
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HeadAsGet", "base_url", "conditional", "etag_from", "etag_of", "not_modified"]


def etag_of(body: bytes) -> str:
    return 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def etag_from(*parts: object) -> str:
    """A weak validator of *parts*: nested tuples of plain values (numbers, text, bytes,
    times, None), such as the rows a page was drawn from.

    A page whose body is a function of these values (and of the code drawing it, which
    the caller includes) keeps its validator as long as they are equal: their ``repr``
    is hashed, which is the same for equal values in every process."""
    text = repr(parts).encode("utf-8", "surrogatepass")
    return 'W/"' + hashlib.blake2b(text, digest_size=12).hexdigest() + '"'


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(request: Request, etag: str) -> bool:
    """True when the client's ``If-None-Match`` names *etag* (or is ``*``)."""
    wanted = request.headers.get("if-none-match", "")
    if not wanted or len(wanted) > 4096:
        return False
    if wanted.strip() == "*":
        return True
    mine = _opaque(etag)
    return any(_opaque(t) == mine for t in wanted.split(","))


def conditional(
    request: Request,
    body: bytes,
    media_type: str,
    *,
    cache_control: str,
    headers: dict[str, str] | None = None,
) -> Response:
    """*body* with an ETag, or ``304 Not Modified`` when the client already has it."""
    etag = etag_of(body)
    all_headers = {"ETag": etag, "Cache-Control": cache_control, **(headers or {})}
    if not_modified(request, etag):
        return Response(status_code=304, headers=all_headers)
    return Response(body, media_type=media_type, headers=all_headers)


class HeadAsGet:
    """Pure ASGI middleware: ``HEAD`` runs as ``GET`` without sending the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope = dict(scope, method="GET")

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.start":
                await send(message)
            elif message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
            else:
                await send(message)

        await self.app(scope, receive, send_headers_only)


def base_url(request: Request, configured: str) -> str:
    """The site's absolute address for links that leave the page (feeds, webhooks).

    The configured one (``redline serve --base-url``), else the address of the
    socket the server accepted the connection on: never the request's ``Host``
    header, which the client chooses.
    """
    if configured:
        return configured.rstrip("/")
    server = request.scope.get("server")
    scheme = "https" if request.scope.get("scheme") == "https" else "http"
    if not server or server[1] is None:
        return f"{scheme}://localhost"
    host, port = str(server[0]), int(server[1])
    if ":" in host:
        host = f"[{host}]"
    default = (scheme, port) in {("http", 80), ("https", 443)}
    return f"{scheme}://{host}" + ("" if default else f":{port}")
