"""A hostile news site on 127.0.0.1: feeds, sitemaps and pages that misbehave on purpose.

Used by the tests and ``bench/hostile.py`` to run the real watcher against the
kinds of trouble the open web serves. Every misbehaviour has its own path;
sizes and timings are parameters so tests stay small and fast.

=============================  =============================================
path                           what it does
=============================  =============================================
``/feeds/dupes.xml``           6 links to 3 pages, with ``utm_*``, ``ref``,
                               ``fbclid``, ``gclid``, fragments and an alias
                               page whose ``<link rel=canonical>`` names another
``/feeds/bombs.xml``           links to the decompression bombs and trickles
``/feeds/entities.xml``        one entity referenced ``entity_refs`` times
``/feeds/big.xml``             ``big_items`` items (links cycle over 3 pages)
``/feeds/nonweb.xml``          ``file:``, ``ftp:``, ``javascript:``, ``data:``
                               links and one good one
``/feeds/gone.xml``            a 410 page, a 404 page, a flip-flopping page
``/feeds/trickle.xml``         a feed sent at one byte per ``trickle_every`` s
``/sitemaps/bomb.xml.gz``      a gzip file inflating to ``bomb_size`` bytes
``/sitemaps/index.xml``        an index naming the bomb and a good sitemap
``/sitemaps/good.xml``         a plain news sitemap
``/p/<slug>``                  an article page
``/alt/<slug>``                the same page under another path (canonical
                               link to ``/p/<slug>``)
``/bomb/layered``              ``Content-Encoding: gzip, gzip``, ``bomb_size``
``/bomb/single``               ``Content-Encoding: gzip``, ``bomb_size``
``/slow/body``                 headers, then the body one byte per
                               ``trickle_every`` s
``/slow/headers``              the status line and headers one byte at a time
``/slow/stall``                512 bytes of the body, then silence
``/status/410`` ``/status/404`` gone and not found
``/flipflop``                  text A, then B, then A... on successive requests
``/redirect?to=URL``           a 302 to URL (for the address guard)
=============================  =============================================
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape

from redline.newsroom.pages import render_article
from redline.newsroom.script import Article, Version

__all__ = ["HostileSettings", "HostileSite"]

PAGES = ("one", "two", "three")


@dataclass(frozen=True)
class HostileSettings:
    bomb_size: int = 1024**3
    """Bytes a decompression bomb inflates to."""
    entity_refs: int = 25_000
    entity_size: int = 40_000
    big_items: int = 20_000
    trickle_every: float = 1.0
    """Seconds between two bytes of a trickle."""
    stall_for: float = 3600.0
    """How long a stalled response stays silent."""


@cache
def _bomb(size: int, layers: int) -> bytes:
    """*size* zero bytes gzip'd *layers* times (built a slice at a time)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1 << 20)
    parts = []
    left = size
    while left > 0:
        parts.append(z.compress(zeros[: min(left, len(zeros))]))
        left -= len(zeros)
    parts.append(z.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        data = gzip.compress(data, 9)
    return data


@cache
def _sitemap_bomb(size: int, base: str) -> bytes:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/p/one</loc></url>\n"
    ).encode()
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [z.compress(head)]
    spaces = b" " * (1 << 20)
    left = size - len(head)
    while left > 0:
        parts.append(z.compress(spaces[: min(left, len(spaces))]))
        left -= len(spaces)
    parts.append(z.flush())
    return b"".join(parts)


def _article(slug: str, text: str = "", path: str = "") -> Article:
    when = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    paras = (
        f"Councillors in the {slug} district have approved a plan to rebuild the old "
        "harbour bridge, which has been closed to traffic since the winter storms.",
        "The work is expected to take two years and will be paid for by a grant from "
        "the regional transport fund, the council leader told a meeting on Monday.",
        text
        or "Residents said they had not been told about the plan in advance and asked "
        "for a public consultation before any contracts are signed.",
        "Local businesses on both sides of the river said the closure had cut the number "
        "of visitors by about a third and welcomed the decision.",
        "A spokesperson for the council said a temporary footbridge would open in the "
        "spring while the main structure is replaced.",
    )
    return Article(
        slug,
        path or f"/p/{slug}",
        "News",
        Version(f"Harbour bridge to be rebuilt in {slug} district", paras, byline="Staff"),
        0,
        when,
        when,
    )


def _rss(items: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{xml_escape(t)}</title><link>{xml_escape(link)}</link></item>"
        for t, link in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>Hostile</title><link>/</link>{body}</channel></rss>"
    ).encode()


@dataclass
class _Counts:
    hits: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, path: str) -> int:
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]


class HostileSite:
    """Serve the hostile paths on 127.0.0.1 (an ephemeral port by default)."""

    def __init__(self, settings: HostileSettings | None = None, *, port: int = 0) -> None:
        self.settings = settings or HostileSettings()
        self.counts = _Counts()
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def hits(self, path: str) -> int:
        with self.counts.lock:
            return self.counts.hits.get(path, 0)

    def prepare(self) -> HostileSite:
        """Build the bombs now (they take a moment for large sizes)."""
        _bomb(self.settings.bomb_size, 1)
        _bomb(self.settings.bomb_size, 2)
        _sitemap_bomb(self.settings.bomb_size, self.base_url)
        return self

    def start(self) -> HostileSite:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> HostileSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------- documents
    def feed(self, name: str) -> bytes:
        b = self.base_url
        s = self.settings
        if name == "dupes":
            return _rss(
                [
                    ("one", f"{b}/p/one?utm_source=rss&utm_medium=feed"),
                    ("one again", f"{b}/p/one?ref=homepage#comments"),
                    ("one more", f"{b}/p/one?fbclid=IwAR0abc"),
                    ("two", f"{b}/p/two?gclid=Cj0KCQ"),
                    ("two alias", f"{b}/alt/two"),
                    ("three", f"{b}/p/three"),
                ]
            )
        if name == "bombs":
            return _rss(
                [
                    ("layered", f"{b}/bomb/layered"),
                    ("single", f"{b}/bomb/single"),
                    ("trickle", f"{b}/slow/body"),
                    ("trickle headers", f"{b}/slow/headers"),
                    ("stall", f"{b}/slow/stall"),
                ]
            )
        if name == "entities":
            value = "x" * s.entity_size
            refs = "&big;" * s.entity_refs
            return (
                '<?xml version="1.0"?>\n'
                f'<!DOCTYPE rss [<!ENTITY big "{value}">]>\n'
                '<rss version="2.0"><channel><title>Entities</title>'
                f"<item><title>{refs}</title><link>{b}/p/one</link></item>"
                "</channel></rss>"
            ).encode()
        if name == "big":
            n = s.big_items
            return _rss(
                [(f"item {i}", f"{b}/p/{PAGES[i % 3]}?utm_campaign=c{i}") for i in range(n)]
            )
        if name == "nonweb":
            return _rss(
                [
                    ("passwd", "file:///etc/passwd"),
                    ("ftp", "ftp://127.0.0.1/pub/x"),
                    ("js", "javascript:alert(1)"),
                    ("data", "data:text/html,<b>x</b>"),
                    ("mail", "mailto:editor@example.com"),
                    ("good", f"{b}/p/three"),
                ]
            )
        if name == "gone":
            return _rss(
                [
                    ("gone", f"{b}/status/410"),
                    ("missing", f"{b}/status/404"),
                    ("flipflop", f"{b}/flipflop"),
                ]
            )
        raise KeyError(name)

    def sitemap(self, name: str) -> bytes:
        b = self.base_url
        if name == "index":
            locs = "".join(
                f"<sitemap><loc>{b}/sitemaps/{n}</loc></sitemap>"
                for n in ("bomb.xml.gz", "good.xml")
            )
            return (
                '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>'
            ).encode()
        if name == "good":
            return (
                '<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
                'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{b}/p/two</loc></url></urlset>"
            ).encode()
        raise KeyError(name)


def _handler(site: HostileSite) -> type[BaseHTTPRequestHandler]:
    s = site.settings

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def handle(self) -> None:
            # clients that give up on a trickle or a bomb reset the connection: expected
            with contextlib.suppress(ConnectionResetError, BrokenPipeError):
                super().handle()

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            path = parts.path
            n = site.counts.hit(path)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._route(path, parse_qs(parts.query), n)

        def _send(
            self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **hdrs: str
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in hdrs.items():
                self.send_header(k.replace("_", "-"), v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _trickle(self, data: bytes) -> None:
            for i in range(len(data)):
                if site.stopping.wait(s.trickle_every):
                    return
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
            self.close_connection = True

        def _route(self, path: str, query: dict[str, list[str]], n: int) -> None:
            base = site.base_url
            xml = "application/rss+xml; charset=utf-8"
            if path == "/robots.txt":
                self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            elif path == "/feeds/trickle.xml":
                body = site.feed("dupes")
                self.send_response(200)
                self.send_header("Content-Type", xml)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self._trickle(body)
            elif path.startswith("/feeds/") and path.endswith(".xml"):
                try:
                    self._send(200, site.feed(path[7:-4]), xml)
                except KeyError:
                    self._send(404, b"no such feed")
            elif path == "/sitemaps/bomb.xml.gz":
                self._send(200, _sitemap_bomb(s.bomb_size, base), "application/x-gzip")
            elif path in ("/sitemaps/index.xml", "/sitemaps/good.xml"):
                self._send(200, site.sitemap(path[10:-4]), "application/xml")
            elif path.startswith(("/p/", "/alt/")):
                slug = path.rsplit("/", 1)[1]
                if slug not in PAGES:
                    self._send(404, b"<h1>not found</h1>")
                    return
                self._send(200, render_article(_article(slug), base).encode())
            elif path in ("/bomb/layered", "/bomb/single"):
                layers = 2 if path.endswith("layered") else 1
                enc = "gzip, gzip" if layers == 2 else "gzip"
                self._send(200, _bomb(s.bomb_size, layers), Content_Encoding=enc)
            elif path == "/slow/body":
                body = render_article(_article("one"), base).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self._trickle(body)
            elif path == "/slow/headers":
                body = render_article(_article("one"), base).encode()
                head = (
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                self._trickle(head + body)
            elif path == "/slow/stall":
                body = render_article(_article("one"), base).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:512])
                self.wfile.flush()
                site.stopping.wait(s.stall_for)
                self.close_connection = True
            elif path.startswith("/status/"):
                code = int(path[8:])
                self._send(code, b"<h1>status</h1>")
            elif path == "/flipflop":
                text = (
                    "Version A says the bridge will open in May."
                    if n % 2
                    else ("Version B says the bridge will open in June.")
                )
                art = _article("flipflop", text, "/flipflop")
                self._send(200, render_article(art, base).encode())
            elif path == "/redirect":
                self._send(302, b"", Location=query.get("to", ["/"])[0])
            else:
                self._send(404, b"<h1>not found</h1>")

    return Handler
