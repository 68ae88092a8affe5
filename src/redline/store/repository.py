"""The ``Store``: record versions of articles and query their history.

Every write is one database transaction: the versions, sightings and article
counters of a batch are committed together or not at all. On SQLite writers
take the lock up front (``BEGIN IMMEDIATE``) and wait for each other; on
PostgreSQL the article row is locked (``SELECT … FOR UPDATE``). Unique
constraints on (article, number), (article, content hash) and (article, seen
time, content hash) make every write idempotent, and a write that loses a race
is retried.
"""

from __future__ import annotations

import logging
import os
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Engine, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from redline.comparison import Comparison, compare
from redline.errors import NotFoundError, StoreError
from redline.store import migrate
from redline.store.config import database_url
from redline.store.dberrors import describe
from redline.store.engine import is_read_only, make_engine
from redline.store.model import (
    ArticleInfo,
    CaptureInfo,
    Observation,
    RecordResult,
    StoredVersion,
    VersionInfo,
    article_key,
    canonical_url,
    utc,
)
from redline.store.schema import articles as _articles
from redline.store.schema import blobs as _blobs
from redline.store.schema import captures as _captures
from redline.store.schema import sources as _sources
from redline.store.schema import versions as _versions
from redline.store.transaction import write
from redline.store.unitcache import UnitCache
from redline.store.writer import Prepared, write_batch
from redline.times import utcnow

__all__ = ["ArticleRef", "Store"]

log = logging.getLogger(__name__)

ArticleRef = int | str | ArticleInfo
T = TypeVar("T")

#: Articles whose text units are kept in memory per Store (for writing and reading fast).
UNIT_CACHE_ARTICLES = 4096
_ARTICLE_FIELDS = tuple(f.name for f in fields(ArticleInfo))
_VERSION_FIELDS = tuple(f.name for f in fields(VersionInfo) if f.name in _versions.c)
_VERSION_INFO_COLS = tuple(_versions.c[name] for name in _VERSION_FIELDS)


class Store:
    """A version store at a database URL (SQLite file or PostgreSQL).

    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = Store.open(f"{tmp.name}/redline.sqlite3")
    >>> store.record_version(Observation.from_text("Hi.", url="https://x.test/a")).status
    'created'
    >>> store.close()
    >>> tmp.cleanup()

    Opening runs the schema migrations when the database is new or older.
    Instances are safe to share between threads.
    """

    def __init__(self, engine: Engine, *, unit_cache: int | None = None) -> None:
        self.engine = engine
        #: the decoded text units of recently used articles (about 20 KB each)
        self.units = UnitCache(
            unit_cache or int(os.environ.get("REDLINE_UNIT_CACHE", UNIT_CACHE_ARTICLES))
        )
        self.url = engine.url.render_as_string(hide_password=True)
        #: opened read-only (a SQLite file this process cannot write): reads work,
        #: comparisons are not cached, writes raise StoreError
        self.read_only = is_read_only(engine)
        #: the dialect's INSERT (with ``on_conflict_do_update``)
        self.insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._lock = threading.RLock()
        migrate.upgrade(engine)

    @classmethod
    def open(cls, url: str | None = None, *, unit_cache: int | None = None) -> Store:
        """Open (and create or migrate) the store at *url*, a path or the default place."""
        resolved = database_url(url)
        engine = make_engine(resolved)
        try:
            return cls(engine, unit_cache=unit_cache)
        except DBAPIError as exc:
            engine.dispose()
            where = engine.url.render_as_string(hide_password=True)
            raise StoreError(f"cannot open the store at {where}: {describe(exc)}") from exc
        except BaseException:
            engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writes

    def record_version(self, obs: Observation) -> RecordResult:
        """Record one observation; return whether it made a new version (see RecordResult)."""
        return self.record_many([obs])[0]

    def record_many(self, observations: Sequence[Observation]) -> list[RecordResult]:
        """Record several observations in ONE transaction (all or nothing), in order."""
        prepared = [Prepared(obs) for obs in observations]
        if not prepared:
            return []
        return self._write(
            lambda conn: write_batch(
                conn, prepared, now=utcnow(), insert=self.insert, unit_tables=self.units.tables
            )
        )

    def set_story_order(
        self, article: ArticleRef, *, method: str, confidence: float | None
    ) -> None:
        """Record how the versions of an id-less story were ordered, and how surely."""
        aid = self._article_id(article)
        self._write(
            lambda conn: conn.execute(
                update(_articles)
                .where(_articles.c.id == aid)
                .values(order_method=method, order_confidence=confidence)
            )
        )

    def renumber(self, article: ArticleRef, order: Sequence[int]) -> None:
        """Put the versions of *article* in *order* (current numbers, new order first to last)."""
        aid = self._article_id(article)

        def work(conn: Connection) -> None:
            rows = conn.execute(
                select(_versions.c.id, _versions.c.number).where(_versions.c.article_id == aid)
            ).all()
            by_number = {r.number: r.id for r in rows}
            if sorted(order) != sorted(by_number):
                raise StoreError(
                    f"the new order must list each of versions {sorted(by_number)} once"
                )
            conn.execute(
                update(_versions)
                .where(_versions.c.article_id == aid)
                .values(number=-_versions.c.number)
            )
            for new_number, old_number in enumerate(order, 1):
                conn.execute(
                    update(_versions)
                    .where(_versions.c.id == by_number[old_number])
                    .values(number=new_number)
                )
            last = by_number[order[-1]]
            headline = conn.execute(
                select(_versions.c.headline).where(_versions.c.id == last)
            ).scalar()
            conn.execute(
                update(_articles)
                .where(_articles.c.id == aid)
                .values(current_version_id=last, **({"title": headline} if headline else {}))
            )

        self._write(work)

    def _write(self, work: Callable[[Connection], T]) -> T:
        if self.read_only:
            raise StoreError(
                f"the store at {self.url} is read-only for this user (the file or its "
                "directory is not writable): it can be read, not written"
            )
        with self._lock:
            return write(self.engine, work, on_rollback=self.units.clear)

    # ------------------------------------------------------------------ reads

    def article(self, ref: ArticleRef) -> ArticleInfo:
        """Find one article by id, URL, external id, story name or search words."""
        if isinstance(ref, ArticleInfo):
            ref = ref.id
        with self.engine.connect() as conn:
            if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
                row = conn.execute(_article_select().where(_articles.c.id == int(ref))).first()
                if row is not None:
                    return _article_info(row)
            if isinstance(ref, int):
                raise NotFoundError(f"no article with id {ref}")
            text = ref.strip()
            if not text:
                raise NotFoundError("no article reference given")
            if "://" in text:
                row = conn.execute(
                    _article_select().where(
                        or_(
                            _articles.c.url == canonical_url(text),
                            _articles.c.url == text,
                            _articles.c.key == article_key(url=text),
                        )
                    )
                ).first()
                if row is not None:
                    return _article_info(row)
                raise NotFoundError(f"no article with URL {text}")
            for column in (_articles.c.external_id, _articles.c.story, _articles.c.key):
                rows = conn.execute(_article_select().where(column == text).limit(2)).all()
                if len(rows) == 1:
                    return _article_info(rows[0])
        found = self.search(text, limit=6)
        if not found:
            raise NotFoundError(f"no article matches {text!r}")
        if len(found) > 1:
            listing = "; ".join(
                f"{a.id}: {(a.title or a.url or a.story or '')[:60]}" for a in found[:5]
            )
            raise StoreError(f"{len(found)}+ articles match {text!r}, give an id: {listing}")
        return found[0]

    def articles(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        source: str | None = None,
        since: datetime | None = None,
        grouping: str | None = None,
    ) -> list[ArticleInfo]:
        """Articles, most recently seen first (*grouping*: ``url``, ``id`` or ``story``)."""
        q = _article_select()
        if grouping:
            q = q.where(_articles.c.grouping == grouping)
        if source:
            q = q.where(_sources.c.name == source)
        if since:
            q = q.where(_articles.c.last_seen >= utc(since))
        return self._newest_articles(q, limit, offset)

    def search(self, words: str, *, limit: int = 20) -> list[ArticleInfo]:
        """Articles whose title, URL, story name or id contain every word (case-insensitive)."""
        terms = words.split()
        if not terms:
            return []
        haystack: ColumnElement[str] = func.coalesce(_articles.c.title, "")
        for column in (_articles.c.url, _articles.c.story, _articles.c.external_id):
            haystack = haystack + " " + func.coalesce(column, "")
        q = _article_select()
        for w in terms:
            escaped = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            q = q.where(haystack.ilike(f"%{escaped}%", escape="\\"))
        return self._newest_articles(q, limit)

    def _newest_articles(self, q: Any, limit: int, offset: int = 0) -> list[ArticleInfo]:
        q = q.order_by(_articles.c.last_seen.desc().nulls_last(), _articles.c.id.desc())
        with self.engine.connect() as conn:
            return [_article_info(r) for r in conn.execute(q.limit(limit).offset(offset))]

    def count(self) -> dict[str, int]:
        """Numbers of articles, versions and captures."""
        tables = {"articles": _articles, "versions": _versions, "captures": _captures}
        with self.engine.connect() as conn:
            return {
                k: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for k, t in tables.items()
            }

    def history(self, article: ArticleRef) -> list[VersionInfo]:
        """Versions of *article* in order (their changes: :func:`redline.changes.history`)."""
        aid = self._article_id(article)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(*_VERSION_INFO_COLS)
                .where(_versions.c.article_id == aid)
                .order_by(_versions.c.number)
            ).all()
        return [_version_info(row) for row in rows]

    def version(self, article: ArticleRef, number: int | None = None) -> StoredVersion:
        """Version *number* of *article* with its text (default: the latest)."""
        aid = self._article_id(article)
        with self.engine.connect() as conn:
            q = select(
                *_VERSION_INFO_COLS,
                _versions.c.layout,
                _versions.c.standfirst,
                _versions.c.raw_blob,
            ).where(_versions.c.article_id == aid)
            q = (
                q.where(_versions.c.number == number)
                if number is not None
                else q.order_by(_versions.c.number.desc()).limit(1)
            )
            row = conn.execute(q).first()
            if row is None:
                what = "versions" if number is None else f"version {number}"
                raise NotFoundError(f"article {aid} has no {what}")
            paragraphs = self.units.table(conn, aid).paragraphs(row.layout)
            conn.rollback()
        return StoredVersion(_version_info(row), tuple(paragraphs), row.standfirst, row.raw_blob)

    def versions(self, article: ArticleRef) -> list[StoredVersion]:
        """All versions of *article* with their texts, in order."""
        return [self.version(article, v.number) for v in self.history(article)]

    def captures(self, article: ArticleRef) -> list[CaptureInfo]:
        """Every observation of *article* (versions, re-fetches, flip-flops), oldest first.

        The sighting that created a version is the version row itself (``first_seen``,
        ``origin``, ``raw_blob``); it has a ``captures`` row of its own only once an
        earlier sighting of the same text moved ``first_seen``.
        """
        aid = self._article_id(article)
        cap, ver = _captures.c, _versions.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(cap.seen_at, cap.kind, ver.number, cap.origin, cap.raw_blob)
                .join(_versions, ver.id == cap.version_id)
                .where(cap.article_id == aid)
            ).all()
            versions = conn.execute(
                select(ver.first_seen, ver.number, ver.origin, ver.raw_blob).where(
                    ver.article_id == aid
                )
            ).all()
        out = [CaptureInfo(utc(r.seen_at), r.kind, r.number, r.origin, r.raw_blob) for r in rows]
        kept = {c.version for c in out if c.kind == "version"}
        out += [
            CaptureInfo(utc(v.first_seen), "version", v.number, v.origin, v.raw_blob)
            for v in versions
            if v.number not in kept
        ]
        floor = datetime.min.replace(tzinfo=UTC)
        out.sort(key=lambda c: (c.seen_at is not None, c.seen_at or floor, c.kind != "version"))
        return out

    def raw(self, blob_hash: str) -> bytes:
        """The raw captured bytes with this SHA-256 (decompressed)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(_blobs.c.codec, _blobs.c.data).where(_blobs.c.hash == blob_hash)
            ).first()
        if row is None:
            raise NotFoundError(f"no raw capture {blob_hash}")
        return zlib.decompress(row.data) if row.codec == "zlib" else bytes(row.data)

    def compare_versions(self, article: ArticleRef, old: int, new: int) -> Comparison:
        """Compare the bodies of two stored versions (computed now, not cached)."""
        aid = self._article_id(article)
        return compare(self.version(aid, old).text, self.version(aid, new).text)

    def find_by_content(self, hashes: Iterable[str]) -> dict[str, int]:
        """Article ids holding a version with each of these content hashes."""
        wanted = list(set(hashes))
        out: dict[str, int] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                rows = conn.execute(
                    select(_versions.c.content_hash, _versions.c.article_id).where(
                        _versions.c.content_hash.in_(wanted[i : i + 500])
                    )
                ).all()
                out.update({r.content_hash: r.article_id for r in rows})
        return out

    def _article_id(self, ref: ArticleRef) -> int:
        if isinstance(ref, ArticleInfo):
            return ref.id
        if isinstance(ref, int):
            return ref
        return self.article(ref).id


def _article_select() -> Any:
    return select(_articles, _sources.c.name.label("source")).outerjoin(
        _sources, _sources.c.id == _articles.c.source_id
    )


def _values(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The row's columns of these names, times in UTC."""
    m = row._mapping
    return {n: utc(m[n]) if isinstance(m[n], datetime) else m[n] for n in names}


def _article_info(row: Any) -> ArticleInfo:
    return ArticleInfo(**_values(row, _ARTICLE_FIELDS))


def _version_info(row: Any) -> VersionInfo:
    return VersionInfo(**_values(row, _VERSION_FIELDS))
