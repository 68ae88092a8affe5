"""The test newsroom: a real HTTP server on 127.0.0.1 that follows a script.

Start it from Python (``with Newsroom(editorial_script()) as room: ...``) or
with ``redline demo-site``. Time only moves when told to: ``room.set_step(n)``
or ``POST /_control/step?n=N``. Misbehaviour is switched on per path:
``room.add_fault("/news/x", "ratelimit", count=2, seconds=1)`` or
``POST /_control/fault?path=/news/x&kind=ratelimit&count=2&seconds=1``.

Fault kinds
    ``slow`` (sleep ``seconds`` before answering), ``error`` (status ``status``,
    default 500), ``ratelimit`` (429 with ``Retry-After: seconds``),
    ``redirect-loop`` (302s that never end), ``redirect`` (a 302 to
    ``location``), ``huge`` (a ``size``-byte body),
    ``wrong-charset`` (body in ``encoding``, header declaring ``declared``),
    ``truncated`` (the connection drops half-way through the body) and
    ``truncated-html`` (a complete response carrying half a page).

``count`` is how many requests misbehave (``-1``: until cleared).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from redline.newsroom.pages import (
    render_article,
    render_robots,
    render_rss,
    render_sitemap,
    render_sitemap_index,
)
from redline.newsroom.script import EPOCH, Script, StaticScript, step_time

__all__ = ["FAULT_KINDS", "Fault", "Newsroom"]

log = logging.getLogger(__name__)

FAULT_KINDS = (
    "slow",
    "error",
    "ratelimit",
    "redirect-loop",
    "redirect",
    "huge",
    "wrong-charset",
    "truncated",
    "truncated-html",
)
SITEMAP_PAGE = 1000
FEED_ITEMS = 50


@dataclass
class Fault:
    kind: str
    count: int = 1
    seconds: float = 1.0
    status: int = 500
    size: int = 50 * 1024 * 1024
    encoding: str = "cp1252"
    declared: str = "utf-8"
    location: str = "/"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(FAULT_KINDS)}")


@dataclass
class _State:
    step: int = 0
    faults: dict[str, Fault] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    user_agents: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Newsroom:
    """A scripted news site served on 127.0.0.1 (an ephemeral port by default)."""

    def __init__(self, script: Script, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.script = script
        self._state = _State()
        self._server = ThreadingHTTPServer((host, port), _make_handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle
    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Newsroom:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="newsroom", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop_serving(self) -> None:
        """Close the socket after :meth:`serve_forever` returned."""
        self._server.server_close()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Newsroom:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ control
    @property
    def step(self) -> int:
        return self._state.step

    def set_step(self, step: int) -> None:
        with self._state.lock:
            self._state.step = step

    def add_fault(self, path: str, kind: str, **params: Any) -> None:
        fault = Fault(kind, **params)
        with self._state.lock:
            self._state.faults[path] = fault

    def clear_faults(self) -> None:
        with self._state.lock:
            self._state.faults.clear()

    def hits(self, path: str | None = None) -> int:
        with self._state.lock:
            if path is None:
                return sum(self._state.hits.values())
            return self._state.hits[path]

    def stats(self) -> dict[str, Any]:
        with self._state.lock:
            return {
                "step": self._state.step,
                "requests": sum(self._state.hits.values()),
                "hits": dict(self._state.hits),
                "statuses": {str(k): v for k, v in self._state.statuses.items()},
                "user_agents": dict(self._state.user_agents),
                "faults": {p: f.kind for p, f in self._state.faults.items()},
            }

    def reset_stats(self) -> None:
        with self._state.lock:
            self._state.hits.clear()
            self._state.statuses.clear()
            self._state.user_agents.clear()

    def _take_fault(self, path: str, *, first_hop: bool = True) -> Fault | None:
        with self._state.lock:
            fault = self._state.faults.get(path)
            if fault is None:
                return None
            if first_hop and fault.count > 0:
                fault.count -= 1
                if fault.count == 0:
                    del self._state.faults[path]
            return fault

    def _record(self, path: str, status: int, agent: str) -> None:
        with self._state.lock:
            self._state.hits[path] += 1
            self._state.statuses[status] += 1
            self._state.user_agents[agent] += 1


@dataclass
class _Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def _make_handler(room: Newsroom) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "RedlineGazette/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("newsroom: " + format, *args)

        def do_POST(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            agent = self.headers.get("User-Agent", "")
            try:
                if path.startswith("/_control/"):
                    response = self._control(path, query)
                    self._send(response)
                    return
                fault = room._take_fault(path, first_hop="loop" not in query)
                if fault is not None:
                    room._record(path, -1, agent)
                    if self._misbehave(fault, path, query):
                        return
                response = self._serve(path)
                room._record(path, response.status, agent)
                self._send(response)
            except (BrokenPipeError, ConnectionResetError):
                pass

        # -------------------------------------------------------------- pages
        def _serve(self, path: str, *, conditional: bool = True) -> _Response:
            step = room.step
            base = room.base_url
            script = room.script
            now = step_time(step, getattr(script, "epoch", EPOCH))
            if path == "/robots.txt":
                return _Response(200, render_robots(base).encode(), "text/plain; charset=utf-8")
            if path in ("/feed.xml", "/rss.xml"):
                paths = list(script.paths(step))[:FEED_ITEMS]
                arts = [a for p in paths if (a := script.article(p, step)) is not None]
                body = render_rss(arts, base, built=now).encode()
                response = _Response(200, body, "application/rss+xml; charset=utf-8")
                return self._conditional(response) if conditional else response
            if path == "/sitemap.xml":
                n = max(1, -(-len(script.paths(step)) // SITEMAP_PAGE))
                body = render_sitemap_index(base, n, built=now).encode()
                return _Response(200, body, "application/xml; charset=utf-8")
            if path.startswith("/sitemaps/news-") and path.endswith(".xml"):
                try:
                    page = int(path[len("/sitemaps/news-") : -4])
                except ValueError:
                    return _Response(404, b"not found", "text/plain")
                paths = list(script.paths(step))[(page - 1) * SITEMAP_PAGE : page * SITEMAP_PAGE]
                arts = [a for p in paths if (a := script.article(p, step)) is not None]
                if not arts and page != 1:
                    return _Response(404, b"not found", "text/plain")
                return _Response(200, render_sitemap(arts, base).encode(), "application/xml")
            article = script.article(path, step)
            if article is None:
                return _Response(404, b"<h1>Page not found</h1>")
            related = []
            if isinstance(script, StaticScript):
                related = [
                    a
                    for p in script.paths(step)
                    if p != path and (a := script.article(p, step)) is not None
                ]
            body = render_article(article, base, related=related).encode("utf-8")
            response = _Response(200, body)
            response.headers["Last-Modified"] = format_datetime(article.updated, usegmt=True)
            response.headers["Cache-Control"] = "max-age=60"
            if not conditional:
                return response
            return self._conditional(response, modified=article.updated)

        def _conditional(self, response: _Response, modified: Any = None) -> _Response:
            etag = '"' + hashlib.blake2b(response.body, digest_size=10).hexdigest() + '"'
            response.headers["ETag"] = etag
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = False
            if inm is not None:
                fresh = etag in [t.strip() for t in inm.split(",")]
            elif ims is not None and modified is not None:
                try:
                    fresh = parsedate_to_datetime(ims) >= modified.replace(microsecond=0)
                except (TypeError, ValueError):
                    fresh = False
            if fresh:
                return _Response(304, b"", response.content_type, response.headers)
            return response

        # ------------------------------------------------------------ control
        def _control(self, path: str, query: dict[str, list[str]]) -> _Response:
            def one(name: str, default: str | None = None) -> str | None:
                return query.get(name, [default])[0]

            if path == "/_control/step":
                n = one("n")
                room.set_step(int(n) if n is not None else room.step + 1)
            elif path == "/_control/fault":
                params: dict[str, Any] = {}
                for key, conv in (
                    ("count", int),
                    ("seconds", float),
                    ("status", int),
                    ("size", int),
                    ("encoding", str),
                    ("declared", str),
                    ("location", str),
                ):
                    if (value := one(key)) is not None:
                        params[key] = conv(value)
                try:
                    room.add_fault(one("path") or "/", one("kind") or "", **params)
                except ValueError as exc:
                    return _Response(
                        400, json.dumps({"error": str(exc)}).encode(), "application/json"
                    )
            elif path == "/_control/clear":
                room.clear_faults()
            elif path != "/_control/stats":
                return _Response(404, b'{"error": "no such control"}', "application/json")
            return _Response(200, json.dumps(room.stats()).encode(), "application/json")

        # --------------------------------------------------------- misbehave
        def _misbehave(self, fault: Fault, path: str, query: dict[str, list[str]]) -> bool:
            """Act out *fault*; True when the response has been sent."""
            kind = fault.kind
            if kind == "slow":
                time.sleep(fault.seconds)
                return False
            if kind == "error":
                self._send(_Response(fault.status, b"<h1>Internal Server Error</h1>"))
                return True
            if kind == "ratelimit":
                self._send(
                    _Response(
                        429,
                        b"<h1>Too Many Requests</h1>",
                        headers={"Retry-After": str(int(fault.seconds))},
                    )
                )
                return True
            if kind == "redirect-loop":
                hop = int(query.get("loop", ["0"])[0]) + 1
                self._send(_Response(302, b"", headers={"Location": f"{path}?loop={hop}"}))
                return True
            if kind == "redirect":
                self._send(_Response(302, b"", headers={"Location": fault.location}))
                return True
            if kind == "huge":
                self._send_huge(fault.size)
                return True
            page = self._serve(path, conditional=False)  # a broken page is never a 304
            if kind == "wrong-charset":
                text = page.body.decode("utf-8").replace('<meta charset="utf-8">', "")
                body = text.encode(fault.encoding, errors="xmlcharrefreplace")
                self._send(_Response(page.status, body, f"text/html; charset={fault.declared}"))
                return True
            if kind == "truncated":
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body[: len(page.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return True
            if kind == "truncated-html":
                cut = page.body[: len(page.body) * 2 // 3]
                self._send(_Response(page.status, cut, page.content_type))
                return True
            return False  # pragma: no cover - kinds are validated

        def _send_huge(self, size: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            chunk = b"<p>" + b"filler " * 9000 + b"</p>\n"
            sent = 0
            while sent < size:
                piece = chunk[: size - sent]
                self.wfile.write(piece)
                sent += len(piece)
            self.close_connection = True

        def _send(self, response: _Response) -> None:
            self.send_response(response.status)
            if response.status != 304:
                self.send_header("Content-Type", response.content_type)
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if response.body and self.command != "HEAD":
                self.wfile.write(response.body)

    return Handler
