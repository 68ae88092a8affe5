"""What every request handler shares: the store, settings, templates and small caches."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from redline.changes.explained import EXPLAINED_BY
from redline.changes.settings import get_setting, set_setting
from redline.comparison import Comparison
from redline.store import Store
from redline.store.tracking import TrackingRepo
from redline.web import auth, dating, fragments
from redline.web.throttle import LoginLimit

__all__ = ["WebContext", "WebSettings"]

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@dataclass(frozen=True, slots=True)
class WebSettings:
    """How the web app runs (``redline serve`` options)."""

    page_size: int = 30
    # absolute links in feeds and webhooks; "" = the address the server listens on
    # (never the request's Host header)
    base_url: str = ""
    secure_cookies: bool = False  # set when served over HTTPS
    background: bool = False  # run the indexer and webhook dispatcher in threads
    index_interval: float = 5.0
    webhook_base_delay: float = 30.0
    cache_size: int = 512
    # rendered anonymous story and diff pages, keyed by their ETag
    body_cache_size: int = 1024
    body_cache_bytes: int = 32 * 2**20
    login_limit: LoginLimit = field(default_factory=LoginLimit)


class LRU:
    """A small thread-safe least-recently-used cache of at most *size* entries and, when
    *max_bytes* is given, entries of at most that many bytes together (their ``len``)."""

    def __init__(self, size: int, max_bytes: int | None = None) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self.bytes = 0
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any | None:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            if self.max_bytes is not None:
                if len(value) > self.max_bytes:
                    return
                old = self._data.get(key)
                self.bytes += len(value) - (len(old) if old is not None else 0)
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size or (
                self.max_bytes is not None and self.bytes > self.max_bytes
            ):
                _, gone = self._data.popitem(last=False)
                if self.max_bytes is not None:
                    self.bytes -= len(gone)


def _ago(value: datetime | None) -> str:
    return dating.ago(value, datetime.now(UTC))


class WebContext:
    def __init__(self, store: Store, settings: WebSettings) -> None:
        self.store = store
        self.engine = store.engine
        self.settings = settings
        self.tracking = TrackingRepo(store.engine)
        self.comparisons = LRU(settings.cache_size)
        self.pages = LRU(settings.cache_size)
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates never change while serving: no stat() per page
        )
        self.env.filters["when"] = dating.absolute
        self.env.filters["ago"] = _ago
        self.env.filters["web_url"] = fragments.web_url
        self.env.filters["slug"] = fragments.slug
        self.env.filters["words"] = fragments.words
        for name in ("badges", "original", "pieces", "when"):
            self.env.globals[name] = getattr(fragments, name)
        self.env.globals["static"] = self.static_url
        self._static_version = str(
            int(max(p.stat().st_mtime for p in STATIC.iterdir() if p.is_file()))
        )
        self.build = _build_id(self._static_version)
        self.bodies = LRU(settings.body_cache_size, settings.body_cache_bytes)
        self._secret_value = self._load_secret()
        self._secret_at = time.monotonic()

    # ---------------------------------------------------------------- settings

    def get_setting(self, key: str) -> str | None:
        return get_setting(self.engine, key)

    def set_setting(self, key: str, value: str) -> None:
        set_setting(self.engine, key, value)

    def _load_secret(self) -> str:
        value = self.get_setting("session_key")
        if not value:
            value = auth.new_secret()
            self.set_setting("session_key", value)
        return value

    @property
    def secret(self) -> str:
        """The cookie signing key (re-read every few seconds: a new password rotates it)."""
        if time.monotonic() - self._secret_at > 5:
            self._secret_value = self._load_secret()
            self._secret_at = time.monotonic()
        return self._secret_value

    def secret_current(self) -> str:
        self._secret_at = 0.0
        return self.secret

    # ------------------------------------------------------------------- views

    def static_url(self, name: str) -> str:
        return f"/static/{name}?v={self._static_version}"

    def render(self, name: str, **values: Any) -> str:
        return self.env.get_template(name).render(**values)

    def comparison(self, story_id: int, vid_a: int, a: int, vid_b: int, b: int) -> Comparison:
        """Compare two versions (cached by version ids, which never change meaning)."""
        key = (vid_a, vid_b)
        hit = self.comparisons.get(key)
        if hit is None:
            hit = self.store.compare_versions(story_id, a, b)
            self.comparisons.put(key, hit)
        return hit


def _build_id(static_version: str) -> str:
    """What, besides its data, a page's body depends on: the code that draws it (this
    package's sources and templates), the explainer's version and the static files'.

    Part of every ETag computed from data, so an upgrade never answers 304 for a page
    drawn by older code; the same in every worker process."""
    h = hashlib.blake2b(digest_size=8)
    h.update(f"{EXPLAINED_BY}|{static_version}".encode())
    for path in sorted(HERE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html"):
            h.update(path.relative_to(HERE).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()
