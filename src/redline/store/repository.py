"""The ``Store``: record versions of articles and query their history.

Every write is one database transaction: a version, its capture record and the
article's counters are committed together or not at all. On SQLite writers
take the lock up front (``BEGIN IMMEDIATE``) and wait for each other; on
PostgreSQL the article row is locked (``SELECT … FOR UPDATE``). Unique
constraints on (article, number), (article, content hash) and (article, seen
time, content hash) make every write idempotent, and a write that loses a race
is retried.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError, OperationalError

from redline.comparison import Comparison, compare
from redline.errors import NotFoundError, StoreError
from redline.store import migrate
from redline.store.config import database_url
from redline.store.engine import make_engine
from redline.store.model import (
    ArticleInfo,
    CaptureInfo,
    Observation,
    RecordResult,
    StoredComparison,
    StoredVersion,
    VersionInfo,
    canonical_url,
    utc,
)
from redline.store.schema import Article, Blob, Capture, ComparisonRow, Source, Version
from redline.store.summaries import ENGINE, pack_json, summarise, unpack_json
from redline.store.textpack import UnitTable, content_hash, encode_layout, encode_pack
from redline.text.boilerplate import is_boilerplate

__all__ = ["ArticleRef", "Store"]

log = logging.getLogger(__name__)

ArticleRef = int | str | ArticleInfo
T = TypeVar("T")

A, V, C, B, S, K = (
    Article.__table__,
    Version.__table__,
    Capture.__table__,
    Blob.__table__,
    Source.__table__,
    ComparisonRow.__table__,
)
_RETRIES = 8
_VERSION_INFO_COLS = (
    V.c.article_id,
    V.c.id,
    V.c.number,
    V.c.content_hash,
    V.c.first_seen,
    V.c.last_seen,
    V.c.seen_count,
    V.c.published,
    V.c.updated,
    V.c.headline,
    V.c.byline,
    V.c.extractor,
    V.c.extractor_version,
    V.c.text_bytes,
)


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """A version store at a database URL (SQLite file or PostgreSQL).

    >>> store = Store.open("sqlite:///:memory:")            # doctest: +SKIP
    >>> store.record_version(Observation.from_text("Hi.", url="https://x.test/a"))  # doctest: +SKIP

    Opening runs the schema migrations when the database is new or older.
    Instances are safe to share between threads.
    """

    def __init__(self, engine: Engine, *, migrate_schema: bool = True) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._units: dict[int, UnitTable] = {}
        self._lock = threading.RLock()
        if migrate_schema:
            migrate.upgrade(engine)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (and create or migrate) the store at *url*, a path or the default place."""
        resolved = database_url(url)
        try:
            return cls(make_engine(resolved))
        except OperationalError as exc:
            raise StoreError(f"cannot open the store at {_hide(resolved)}: {exc.orig}") from exc

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
        prepared = [(obs, _prepare(obs)) for obs in observations]
        return self._write(lambda conn: [self._record(conn, obs, p) for obs, p in prepared])

    def set_story_order(
        self,
        article: ArticleRef,
        *,
        method: str,
        confidence: float | None,
    ) -> None:
        """Record how the versions of an id-less story were ordered, and how surely."""
        aid = self._article_id(article)
        self._write(
            lambda conn: conn.execute(
                update(A)
                .where(A.c.id == aid)
                .values(order_method=method, order_confidence=confidence)
            )
        )

    def renumber(self, article: ArticleRef, order: Sequence[int]) -> None:
        """Put the versions of *article* in *order* (current numbers, new order first to last)."""
        aid = self._article_id(article)

        def work(conn: Connection) -> None:
            rows = conn.execute(select(V.c.id, V.c.number).where(V.c.article_id == aid)).all()
            by_number = {r.number: r.id for r in rows}
            if sorted(order) != sorted(by_number):
                raise StoreError(
                    f"the new order must list each of versions {sorted(by_number)} once"
                )
            conn.execute(update(V).where(V.c.article_id == aid).values(number=-V.c.number))
            for new_number, old_number in enumerate(order, 1):
                conn.execute(
                    update(V).where(V.c.id == by_number[old_number]).values(number=new_number)
                )
            last = by_number[order[-1]]
            headline = conn.execute(select(V.c.headline).where(V.c.id == last)).scalar()
            conn.execute(
                update(A)
                .where(A.c.id == aid)
                .values(current_version_id=last, **({"title": headline} if headline else {}))
            )

        self._write(work)

    def _write(self, work: Callable[[Connection], T]) -> T:
        for attempt in range(_RETRIES):
            try:
                with self._lock, self.engine.connect() as conn:
                    conn = conn.execution_options(redline_write=True)
                    try:
                        with conn.begin():
                            if self.engine.dialect.name == "postgresql":
                                conn.exec_driver_sql("SET LOCAL lock_timeout = '120s'")
                            return work(conn)
                    except BaseException:
                        self._units.clear()  # may hold units of the rolled-back transaction
                        raise
            except IntegrityError as exc:
                # Another writer inserted the same row first: redo on the new state.
                if attempt == _RETRIES - 1:
                    raise StoreError(f"store write failed: {exc.orig}") from exc
                log.debug("write conflict, retrying", exc_info=True)
            except OperationalError as exc:
                transient = any(w in str(exc.orig) for w in ("locked", "deadlock", "serialize"))
                if not transient or attempt == _RETRIES - 1:
                    raise StoreError(f"store write failed: {exc.orig}") from exc
        raise AssertionError("unreachable")

    def _source_id(self, conn: Connection, name: str, now: datetime) -> int:
        conn.execute(self._insert(S).values(name=name, created_at=now).on_conflict_do_nothing())
        return conn.execute(select(S.c.id).where(S.c.name == name)).scalar_one()

    def _record(self, conn: Connection, obs: Observation, prep: _Prepared) -> RecordResult:
        now = _now()
        seen = utc(obs.seen_at)
        source_id = self._source_id(conn, obs.source_name(), now)
        key = obs.key()
        inserted = (
            conn.execute(
                self._insert(A)
                .values(
                    key=key,
                    source_id=source_id,
                    url=canonical_url(obs.url) if obs.url else None,
                    external_id=obs.external_id,
                    story=obs.story,
                    grouping="id" if obs.external_id else "url" if obs.url else "story",
                    title=prep.title,
                    version_count=0,
                    flipflops=0,
                    created_at=now,
                )
                .on_conflict_do_nothing()
                .returning(A.c.id)
            ).first()
            is not None
        )
        art = conn.execute(select(A).where(A.c.key == key).with_for_update()).one()
        aid = art.id
        versions = conn.execute(
            select(V.c.id, V.c.number, V.c.content_hash, V.c.first_seen, V.c.last_seen)
            .where(V.c.article_id == aid)
            .order_by(V.c.number)
        ).all()
        raw_hash = self._put_blob(conn, obs.raw, obs.raw_type, now) if obs.raw else None
        match = next((v for v in versions if v.content_hash == prep.hash), None)
        last_seen = utc(art.last_seen)
        is_latest = seen is None or last_seen is None or seen >= last_seen
        if match is not None:
            return self._record_seen(
                conn, art, match, seen, prep.hash, raw_hash, obs.origin, is_latest, versions
            )
        # A new version: its number follows the versions first seen before it.
        number = len(versions) + 1
        if seen is not None:
            before = [v for v in versions if v.first_seen is None or utc(v.first_seen) <= seen]
            if len(before) < len(versions):
                number = len(before) + 1
                later = [v.id for v in versions[len(before) :]]
                conn.execute(update(V).where(V.c.id.in_(later)).values(number=-V.c.number))
                conn.execute(update(V).where(V.c.id.in_(later)).values(number=1 - V.c.number))
        table = self._unit_table(conn, aid)
        layout, new_units = table.plan(prep.paragraphs)
        vid = conn.execute(
            V.insert()
            .values(
                article_id=aid,
                number=number,
                content_hash=prep.hash,
                first_seen=seen,
                last_seen=seen,
                seen_count=1,
                published=utc(obs.published),
                updated=utc(obs.updated),
                headline=obs.headline,
                standfirst=obs.standfirst,
                byline=obs.byline,
                extractor=obs.extractor,
                extractor_version=obs.extractor_version,
                layout=encode_layout(layout),
                pack=encode_pack(new_units),
                unit_count=len(new_units),
                text_bytes=prep.text_bytes,
                raw_blob=raw_hash,
                origin=obs.origin,
                created_at=now,
            )
            .returning(V.c.id)
        ).scalar_one()
        table.add_pack(vid, encode_pack(new_units))
        conn.execute(
            C.insert().values(
                article_id=aid,
                version_id=vid,
                seen_at=seen,
                kind="version",
                content_hash=prep.hash,
                raw_blob=raw_hash,
                origin=obs.origin,
            )
        )
        values: dict[str, Any] = {"version_count": A.c.version_count + 1}
        if is_latest and number == len(versions) + 1:
            values["current_version_id"] = vid
            values["title"] = prep.title or art.title
        if seen is not None:
            values.update(_seen_bounds(art, seen))
        conn.execute(update(A).where(A.c.id == aid).values(**values))
        previous = number - 1 if number > 1 else None
        return RecordResult("created", aid, number, vid, previous, new_article=bool(inserted))

    def _record_seen(
        self,
        conn: Connection,
        art: Row[Any],
        match: Row[Any],
        seen: datetime | None,
        h: str,
        raw_hash: str | None,
        origin: str | None,
        is_latest: bool,
        versions: Sequence[Row[Any]],
    ) -> RecordResult:
        if seen is None:
            return RecordResult("duplicate", art.id, match.number, match.id)
        exists = conn.execute(
            select(C.c.id).where(
                C.c.article_id == art.id, C.c.seen_at == seen, C.c.content_hash == h
            )
        ).first()
        if exists:
            return RecordResult("duplicate", art.id, match.number, match.id)
        flip = (
            is_latest and art.current_version_id is not None and art.current_version_id != match.id
        )
        kind = "flipflop" if flip else "seen"
        conn.execute(
            C.insert().values(
                article_id=art.id,
                version_id=match.id,
                seen_at=seen,
                kind=kind,
                content_hash=h,
                raw_blob=raw_hash,
                origin=origin,
            )
        )
        conn.execute(
            update(V)
            .where(V.c.id == match.id)
            .values(
                seen_count=V.c.seen_count + 1,
                last_seen=_later(seen, match.last_seen),
                first_seen=_earlier(seen, match.first_seen),
            )
        )
        values: dict[str, Any] = _seen_bounds(art, seen)
        if is_latest:
            values["current_version_id"] = match.id
        if flip:
            values["flipflops"] = A.c.flipflops + 1
        if values:
            conn.execute(update(A).where(A.c.id == art.id).values(**values))
        previous = None
        if flip:
            previous = next((v.number for v in versions if v.id == art.current_version_id), None)
        return RecordResult(kind, art.id, match.number, match.id, previous)

    def _put_blob(self, conn: Connection, raw: bytes, media_type: str | None, now: datetime) -> str:
        digest = hashlib.sha256(raw).hexdigest()
        packed = zlib.compress(raw, 6)
        codec, data = ("zlib", packed) if len(packed) < len(raw) else ("raw", raw)
        conn.execute(
            self._insert(B)
            .values(
                hash=digest,
                size=len(raw),
                codec=codec,
                media_type=media_type,
                data=data,
                created_at=now,
            )
            .on_conflict_do_nothing()
        )
        return digest

    def _unit_table(self, conn: Connection, aid: int) -> UnitTable:
        ids = (
            conn.execute(select(V.c.id).where(V.c.article_id == aid).order_by(V.c.id))
            .scalars()
            .all()
        )
        with self._lock:
            table = self._units.get(aid)
            if table is None or table.version_ids != ids[: len(table.version_ids)]:
                table = UnitTable()
            missing = ids[len(table.version_ids) :]
            if missing:
                packs = dict(
                    conn.execute(select(V.c.id, V.c.pack).where(V.c.id.in_(missing))).all()
                )
                for vid in missing:
                    table.add_pack(vid, packs[vid])
            if len(self._units) > 2048:
                self._units.clear()
            self._units[aid] = table
            return table

    # ------------------------------------------------------------------ reads

    def article(self, ref: ArticleRef) -> ArticleInfo:
        """Find one article by id, URL, external id, story name or search words."""
        if isinstance(ref, ArticleInfo):
            ref = ref.id
        with self.engine.connect() as conn:
            if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
                row = conn.execute(_article_select().where(A.c.id == int(ref))).first()
                if row is not None:
                    return _article_info(row)
            if isinstance(ref, int):
                raise NotFoundError(f"no article with id {ref}")
            text = ref.strip()
            if not text:
                raise NotFoundError("no article reference given")
            if "://" in text:
                row = conn.execute(
                    _article_select().where(or_(A.c.url == canonical_url(text), A.c.url == text))
                ).first()
                if row is not None:
                    return _article_info(row)
                raise NotFoundError(f"no article with URL {text}")
            for column in (A.c.external_id, A.c.story, A.c.key):
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
    ) -> list[ArticleInfo]:
        """Articles, most recently seen first."""
        q = _article_select()
        if source:
            q = q.where(S.c.name == source)
        if since:
            q = q.where(A.c.last_seen >= utc(since))
        q = q.order_by(A.c.last_seen.desc().nulls_last(), A.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [_article_info(r) for r in conn.execute(q)]

    def search(self, words: str, *, limit: int = 20) -> list[ArticleInfo]:
        """Articles whose title, URL, story name or id contain every word (case-insensitive)."""
        q = _article_select()
        haystack = (
            func.coalesce(A.c.title, "")
            + " "
            + func.coalesce(A.c.url, "")
            + " "
            + func.coalesce(A.c.story, "")
            + " "
            + func.coalesce(A.c.external_id, "")
        )
        terms = [w for w in words.split() if w]
        if not terms:
            return []
        for w in terms:
            escaped = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            q = q.where(haystack.ilike(f"%{escaped}%", escape="\\"))
        q = q.order_by(A.c.last_seen.desc().nulls_last(), A.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [_article_info(r) for r in conn.execute(q)]

    def count(self) -> dict[str, int]:
        """Numbers of articles, versions and captures."""
        with self.engine.connect() as conn:
            return {
                "articles": conn.execute(select(func.count()).select_from(A)).scalar_one(),
                "versions": conn.execute(select(func.count()).select_from(V)).scalar_one(),
                "captures": conn.execute(select(func.count()).select_from(C)).scalar_one(),
            }

    def history(self, article: ArticleRef, *, summaries: bool = True) -> list[VersionInfo]:
        """Versions of *article* in order, each with the summary of its change from the previous.

        Missing or outdated comparisons are computed and cached when *summaries* is true.
        """
        aid = self._article_id(article)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(*_VERSION_INFO_COLS).where(V.c.article_id == aid).order_by(V.c.number)
            ).all()
            cached = {
                (r.old_version_id, r.new_version_id): r
                for r in conn.execute(
                    select(
                        K.c.old_version_id, K.c.new_version_id, K.c.engine, K.c.summary, K.c.classes
                    ).where(K.c.article_id == aid)
                )
            }
        out: list[VersionInfo] = []
        prev: Row[Any] | None = None
        for row in rows:
            summary, classes = ("first version", ()) if prev is None else (None, ())
            if prev is not None:
                hit = cached.get((prev.id, row.id))
                if hit is not None and hit.engine == ENGINE:
                    summary, classes = hit.summary, _classes(hit.classes)
                elif summaries:
                    got = self._compare_ids(aid, prev.number, row.number)
                    summary, classes = got.summary, got.classes
            out.append(_version_info(row, summary, classes))
            prev = row
        return out

    def version(self, article: ArticleRef, number: int | None = None) -> StoredVersion:
        """Version *number* of *article* with its text (default: the latest)."""
        aid = self._article_id(article)
        with self.engine.connect() as conn:
            q = select(*_VERSION_INFO_COLS, V.c.layout, V.c.standfirst, V.c.raw_blob).where(
                V.c.article_id == aid
            )
            q = (
                q.where(V.c.number == number)
                if number is not None
                else q.order_by(V.c.number.desc()).limit(1)
            )
            row = conn.execute(q).first()
            if row is None:
                raise NotFoundError(
                    f"article {aid} has no version {number}"
                    if number is not None
                    else f"article {aid} has no versions"
                )
            paragraphs = self._unit_table(conn, aid).paragraphs(row.layout)
            conn.rollback()
        return StoredVersion(
            _version_info(row, None, ()), tuple(paragraphs), row.standfirst, row.raw_blob
        )

    def versions(self, article: ArticleRef) -> list[StoredVersion]:
        """All versions of *article* with their texts, in order."""
        return [self.version(article, v.number) for v in self.history(article, summaries=False)]

    def captures(self, article: ArticleRef) -> list[CaptureInfo]:
        """Every observation of *article* (versions, re-fetches, flip-flops), oldest first."""
        aid = self._article_id(article)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(C.c.seen_at, C.c.kind, V.c.number, C.c.origin, C.c.raw_blob)
                .join(V, V.c.id == C.c.version_id)
                .where(C.c.article_id == aid)
                .order_by(C.c.seen_at.nulls_first(), C.c.id)
            ).all()
        return [CaptureInfo(utc(r.seen_at), r.kind, r.number, r.origin, r.raw_blob) for r in rows]

    def raw(self, blob_hash: str) -> bytes:
        """The raw captured bytes with this SHA-256 (decompressed)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(B.c.codec, B.c.data).where(B.c.hash == blob_hash)).first()
        if row is None:
            raise NotFoundError(f"no raw capture {blob_hash}")
        return zlib.decompress(row.data) if row.codec == "zlib" else bytes(row.data)

    def compare_versions(self, article: ArticleRef, old: int, new: int) -> Comparison:
        """Compare the bodies of two stored versions (computed now, not cached)."""
        aid = self._article_id(article)
        return compare(self.version(aid, old).text, self.version(aid, new).text)

    def comparison(self, article: ArticleRef, old: int, new: int) -> StoredComparison:
        """The cached comparison of versions *old* → *new*, computed and cached when missing."""
        return self._compare_ids(self._article_id(article), old, new)

    def _compare_ids(self, aid: int, old: int, new: int) -> StoredComparison:
        a, b = self.version(aid, old), self.version(aid, new)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(K).where(K.c.old_version_id == a.info.id, K.c.new_version_id == b.info.id)
            ).first()
        if row is not None and row.engine == ENGINE:
            return StoredComparison(
                aid,
                old,
                new,
                row.summary,
                _classes(row.classes),
                json.loads(row.counts),
                unpack_json(row.data),
            )
        comparison = compare(a.text, b.text)
        summary, classes, data = summarise(comparison, _meta(a), _meta(b))
        self._cache_comparison(
            aid, a.info.id, b.info.id, summary, classes, comparison.counts(), data
        )
        return StoredComparison(aid, old, new, summary, classes, comparison.counts(), data)

    def _cache_comparison(
        self,
        aid: int,
        old_id: int,
        new_id: int,
        summary: str,
        classes: tuple[str, ...],
        counts: dict[str, int],
        data: dict[str, Any],
    ) -> None:
        values = {
            "article_id": aid,
            "old_version_id": old_id,
            "new_version_id": new_id,
            "engine": ENGINE,
            "summary": summary,
            "classes": json.dumps(list(classes)),
            "counts": json.dumps(counts),
            "data": pack_json(data),
            "created_at": _now(),
        }
        stmt = self._insert(K).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[K.c.old_version_id, K.c.new_version_id],
            set_={
                k: stmt.excluded[k]
                for k in ("engine", "summary", "classes", "counts", "data", "created_at")
            },
        )
        self._write(lambda conn: conn.execute(stmt))

    def refresh_comparisons(self, article: ArticleRef) -> int:
        """Compute and cache the comparisons between consecutive versions; return how many."""
        aid = self._article_id(article)
        before = self._cached_pairs(aid)
        self.history(aid, summaries=True)
        return len(self._cached_pairs(aid) - before)

    def _cached_pairs(self, aid: int) -> set[tuple[int, int]]:
        with self.engine.connect() as conn:
            return {
                (r[0], r[1])
                for r in conn.execute(
                    select(K.c.old_version_id, K.c.new_version_id).where(
                        K.c.article_id == aid, K.c.engine == ENGINE
                    )
                )
            }

    def find_by_content(self, hashes: Iterable[str]) -> dict[str, int]:
        """Article ids holding a version with each of these content hashes."""
        wanted = list(set(hashes))
        out: dict[str, int] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                rows = conn.execute(
                    select(V.c.content_hash, V.c.article_id).where(
                        V.c.content_hash.in_(wanted[i : i + 500])
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


class _Prepared:
    __slots__ = ("hash", "paragraphs", "text_bytes", "title")

    def __init__(self, obs: Observation) -> None:
        self.paragraphs = [p for p in obs.paragraphs if p]
        self.hash = content_hash(obs.headline, obs.standfirst, self.paragraphs)
        self.text_bytes = sum(len(p.encode("utf-8")) for p in self.paragraphs) + max(
            len(self.paragraphs) - 1, 0
        )
        first = next(
            (p for p in self.paragraphs if len(p.split()) > 3 and not is_boilerplate(p)), None
        )
        title = obs.headline or first
        self.title = title[:300] if title else None


def _prepare(obs: Observation) -> _Prepared:
    if not obs.url and not obs.external_id and not obs.story:
        raise StoreError("an observation needs a URL, an id or a story name")
    return _Prepared(obs)


def _seen_bounds(art: Row[Any], seen: datetime) -> dict[str, Any]:
    values: dict[str, Any] = {}
    first, last = utc(art.first_seen), utc(art.last_seen)
    if first is None or seen < first:
        values["first_seen"] = seen
    if last is None or seen > last:
        values["last_seen"] = seen
    return values


def _later(a: datetime, b: datetime | None) -> datetime:
    b = utc(b)
    return a if b is None or a > b else b


def _earlier(a: datetime, b: datetime | None) -> datetime:
    b = utc(b)
    return a if b is None or a < b else b


def _article_select() -> Any:
    return select(A, S.c.name.label("source_name")).outerjoin(S, S.c.id == A.c.source_id)


def _article_info(row: Row[Any]) -> ArticleInfo:
    return ArticleInfo(
        id=row.id,
        key=row.key,
        url=row.url,
        external_id=row.external_id,
        story=row.story,
        source=row.source_name,
        title=row.title,
        grouping=row.grouping,
        version_count=row.version_count,
        flipflops=row.flipflops,
        first_seen=utc(row.first_seen),
        last_seen=utc(row.last_seen),
        order_method=row.order_method,
        order_confidence=row.order_confidence,
    )


def _version_info(row: Row[Any], summary: str | None, classes: tuple[str, ...]) -> VersionInfo:
    return VersionInfo(
        article_id=row.article_id,
        id=row.id,
        number=row.number,
        content_hash=row.content_hash,
        first_seen=utc(row.first_seen),
        last_seen=utc(row.last_seen),
        seen_count=row.seen_count,
        published=utc(row.published),
        updated=utc(row.updated),
        headline=row.headline,
        byline=row.byline,
        extractor=row.extractor,
        extractor_version=row.extractor_version,
        text_bytes=row.text_bytes,
        summary=summary,
        classes=classes,
    )


def _meta(v: StoredVersion) -> dict[str, Any]:
    return {
        "headline": v.info.headline,
        "standfirst": v.standfirst,
        "published": v.info.published,
        "seen": v.info.first_seen,
    }


def _classes(value: str) -> tuple[str, ...]:
    return tuple(json.loads(value or "[]"))


def _hide(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
