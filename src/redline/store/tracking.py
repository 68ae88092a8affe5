"""The live tracker's repository (:class:`TrackingRepo`): the only code that reads and
writes the tables of :mod:`redline.store.tracking_schema` (sources, the re-check
schedule of every URL and its leases).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Integer,
    Table,
    and_,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from redline.errors import InputError, NotFoundError
from redline.store.model import canonical_url, utc
from redline.store.tracking_schema import track_sources as _sources
from redline.store.tracking_schema import track_urls as _urls
from redline.store.transaction import attempts

__all__ = ["SourceRow", "TrackingRepo", "UrlTask"]


@dataclass(frozen=True)
class SourceRow:
    id: int
    name: str
    url: str
    kind: str | None
    options: dict[str, Any]
    enabled: bool
    next_check_at: datetime | None
    last_checked_at: datetime | None
    etag: str | None
    last_modified: str | None
    failures: int
    last_error: str | None
    urls: int = 0
    active: int = 0
    failing_since: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        def iso(d: datetime | None) -> str | None:
            return d.isoformat().replace("+00:00", "Z") if d else None

        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "kind": self.kind,
            "enabled": self.enabled,
            "options": self.options,
            "next_check_at": iso(self.next_check_at),
            "last_checked_at": iso(self.last_checked_at),
            "failures": self.failures,
            "last_error": self.last_error,
            "failing_since": iso(self.failing_since),
            "urls": self.urls,
            "active_urls": self.active,
        }


@dataclass(frozen=True)
class UrlTask:
    """A leased article URL, with what is needed to check it."""

    id: int
    url: str
    source_id: int
    article_id: int | None
    published_at: datetime | None
    discovered_at: datetime
    last_changed_at: datetime | None
    etag: str | None
    last_modified: str | None
    version: int | None
    content_hash: str | None
    html_unclosed: bool
    failures: int
    checks: int
    flipflops: int = 0
    failing_since: datetime | None = None


def _source_row(r: Any, urls: int = 0, active: int = 0) -> SourceRow:
    return SourceRow(
        id=r.id,
        name=r.name,
        url=r.url,
        kind=r.kind,
        options=json.loads(r.options or "{}"),
        enabled=bool(r.enabled),
        next_check_at=utc(r.next_check_at),
        last_checked_at=utc(r.last_checked_at),
        etag=r.etag,
        last_modified=r.last_modified,
        failures=r.failures,
        last_error=r.last_error,
        urls=urls,
        active=active,
        failing_since=utc(r.failing_since),
    )


class TrackingRepo:
    """Reads and writes the tracker's tables. Safe to share between threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self._insert = postgresql.insert if self.postgres else sqlite.insert

    # ---------------------------------------------------------------- sources
    def add_source(
        self, *, name: str, url: str, kind: str | None, options: dict[str, Any], now: datetime
    ) -> SourceRow:
        for attempt in attempts(self.engine):
            with attempt as conn:
                clash = conn.execute(
                    select(_sources.c.name, _sources.c.url).where(
                        or_(_sources.c.name == name, _sources.c.url == url)
                    )
                ).first()
                if clash is not None:
                    what = f"name {name!r}" if clash.name == name else f"URL {url}"
                    raise InputError(f"a source with {what} already exists ({clash.name})")
                try:
                    sid = conn.execute(
                        _sources.insert()
                        .values(
                            name=name,
                            url=url,
                            kind=kind,
                            options=json.dumps(options, sort_keys=True),
                            enabled=True,
                            next_check_at=now,
                            failures=0,
                            created_at=now,
                        )
                        .returning(_sources.c.id)
                    ).scalar_one()
                except IntegrityError as exc:
                    raise InputError(f"a source named {name!r} or at {url} already exists") from exc
                row = conn.execute(select(_sources).where(_sources.c.id == sid)).one()
        return _source_row(row)

    def sources(self) -> list[SourceRow]:
        with self.engine.connect() as conn:
            counts = {
                r.source_id: (r.n, r.active or 0)
                for r in conn.execute(
                    select(
                        _urls.c.source_id,
                        func.count().label("n"),
                        func.sum(func.cast(_urls.c.state == "active", Integer)).label("active"),
                    ).group_by(_urls.c.source_id)
                )
            }
            rows = conn.execute(select(_sources).order_by(_sources.c.name)).all()
        return [_source_row(r, *counts.get(r.id, (0, 0))) for r in rows]

    def source(self, ref: str | int) -> SourceRow:
        for s in self.sources():
            if s.id == ref or s.name == ref or s.url == ref or str(s.id) == str(ref):
                return s
        raise NotFoundError(f"no source {ref!r} (see: redline source list)")

    def update_source(self, name: str, *, url: str, options: dict[str, Any]) -> bool:
        """Change a source's URL and options; True if anything changed."""
        encoded = json.dumps(options, sort_keys=True)
        for attempt in attempts(self.engine):
            with attempt as conn:
                row = conn.execute(
                    select(_sources.c.url, _sources.c.options).where(_sources.c.name == name)
                ).first()
                if row is None:
                    raise NotFoundError(f"no source {name!r}")
                if row.url == url and row.options == encoded:
                    return False
                conn.execute(
                    update(_sources).where(_sources.c.name == name).values(url=url, options=encoded)
                )
        return True

    def remove_source(self, ref: str | int) -> tuple[SourceRow, int]:
        """Remove a source and stop tracking its URLs (recorded versions stay)."""
        src = self.source(ref)
        for attempt in attempts(self.engine):
            with attempt as conn:
                n = conn.execute(delete(_urls).where(_urls.c.source_id == src.id)).rowcount
                conn.execute(delete(_sources).where(_sources.c.id == src.id))
        return src, n

    def _lease(
        self,
        table: Table,
        due: ColumnElement[bool],
        order: list[Any],
        owner: str,
        now: datetime,
        lease_for: timedelta,
        limit: int,
    ) -> Sequence[Any]:
        """Lease up to *limit* due rows of *table* that no one else holds (or whose lease
        expired) to *owner* until now + *lease_for*; others' rows locked now are skipped."""
        free = or_(table.c.lease_expires_at.is_(None), table.c.lease_expires_at < now)
        for attempt in attempts(self.engine):
            with attempt as conn:
                rows = conn.execute(
                    select(table)
                    .where(due, free)
                    .order_by(*order)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                ).all()
                if rows:
                    conn.execute(
                        update(table)
                        .where(table.c.id.in_([r.id for r in rows]))
                        .values(lease_owner=owner, lease_expires_at=now + lease_for)
                    )
        return rows

    def lease_sources(
        self, owner: str, now: datetime, lease_for: timedelta, limit: int = 10
    ) -> list[SourceRow]:
        due = and_(_sources.c.enabled.is_(True), _sources.c.next_check_at <= now)
        rows = self._lease(_sources, due, [_sources.c.next_check_at], owner, now, lease_for, limit)
        return [_source_row(r) for r in rows]

    def finish_source(
        self,
        source_id: int,
        owner: str,
        *,
        now: datetime,
        next_at: datetime,
        kind: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        partial: bool = False,
    ) -> None:
        """Record a read of a source. *error*: what went wrong; with *partial* the
        read still gave links (a child sitemap failed, say): the source is reported
        failing, but on its normal schedule and without its validators."""
        values: dict[str, Any] = {
            "lease_owner": None,
            "lease_expires_at": None,
            "last_checked_at": now,
            "next_check_at": next_at,
        }
        since = func.coalesce(_sources.c.failing_since, now)
        if error is None:
            values.update(
                failures=0,
                last_error=None,
                failing_since=None,
                etag=etag,
                last_modified=last_modified,
            )
            if kind:
                values["kind"] = kind
        elif partial:
            values.update(
                failures=_sources.c.failures + 1,
                last_error=error[:2000],
                failing_since=since,
                etag=None,
                last_modified=None,
            )
            if kind:
                values["kind"] = kind
        else:
            values.update(
                failures=_sources.c.failures + 1, last_error=error[:2000], failing_since=since
            )
        for attempt in attempts(self.engine):
            with attempt as conn:
                conn.execute(
                    update(_sources)
                    .where(_sources.c.id == source_id, _sources.c.lease_owner == owner)
                    .values(**values)
                )

    # ------------------------------------------------------------------- urls
    def add_urls(
        self,
        source_id: int,
        found: Iterable[tuple[str, datetime | None]],
        *,
        now: datetime,
    ) -> int:
        """Start tracking newly found URLs (known ones are left alone); returns how many."""
        rows = []
        seen: set[str] = set()
        for url, published in found:
            key = canonical_url(url)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "url": key,
                    "source_id": source_id,
                    "state": "active",
                    "published_at": utc(published),
                    "discovered_at": now,
                    "next_check_at": now,
                    "html_unclosed": False,
                    "checks": 0,
                    "changes": 0,
                    "failures": 0,
                }
            )
        if not rows:
            return 0
        added = 0
        for attempt in attempts(self.engine):
            with attempt as conn:
                for start in range(0, len(rows), 500):
                    chunk = rows[start : start + 500]
                    existing = set(
                        conn.execute(
                            select(_urls.c.url).where(_urls.c.url.in_([r["url"] for r in chunk]))
                        )
                        .scalars()
                        .all()
                    )
                    new = [r for r in chunk if r["url"] not in existing]
                    if new:
                        inserted = conn.execute(
                            self._insert(_urls)
                            .values(new)
                            .on_conflict_do_nothing(index_elements=["url"])
                            .returning(_urls.c.id)
                        ).all()
                        added += len(inserted)
        return added

    def lease_urls(
        self,
        owner: str,
        now: datetime,
        lease_for: timedelta,
        limit: int = 50,
        due_before: datetime | None = None,
    ) -> list[UrlTask]:
        """Take up to *limit* URLs due by *due_before* (default: *now*) for *owner*,
        until now + *lease_for*. Leases of others are skipped, expired ones taken over."""
        due = and_(_urls.c.state == "active", _urls.c.next_check_at <= (due_before or now))
        order = [_urls.c.next_check_at, _urls.c.id]
        rows = self._lease(_urls, due, order, owner, now, lease_for, limit)
        return [
            UrlTask(
                id=r.id,
                url=r.url,
                source_id=r.source_id,
                article_id=r.article_id,
                published_at=utc(r.published_at),
                discovered_at=utc(r.discovered_at) or now,
                last_changed_at=utc(r.last_changed_at),
                etag=r.etag,
                last_modified=r.last_modified,
                version=r.version,
                content_hash=r.content_hash,
                html_unclosed=bool(r.html_unclosed),
                failures=r.failures,
                checks=r.checks,
                flipflops=r.flipflops or 0,
                failing_since=utc(r.failing_since),
            )
            for r in rows
        ]

    def finish_url(
        self, task_id: int, owner: str, *, bump_changes: bool = False, **values: Any
    ) -> bool:
        """Record a check's outcome and release the lease; False if the lease was lost."""
        values = {"lease_owner": None, "lease_expires_at": None, **values}
        if bump_changes:
            values["changes"] = _urls.c.changes + 1
        for attempt in attempts(self.engine):
            with attempt as conn:
                result = conn.execute(
                    update(_urls)
                    .where(_urls.c.id == task_id, _urls.c.lease_owner == owner)
                    .values(**values)
                )
                return (result.rowcount or 0) > 0
        raise AssertionError("unreachable")

    def extend_leases(self, owner: str, task_ids: Sequence[int], until: datetime) -> int:
        """Keep *owner*'s leases on *task_ids* until *until* (checks still running)."""
        if not task_ids:
            return 0
        for attempt in attempts(self.engine):
            with attempt as conn:
                result = conn.execute(
                    update(_urls)
                    .where(_urls.c.lease_owner == owner, _urls.c.id.in_(list(task_ids)))
                    .values(lease_expires_at=until)
                )
        return result.rowcount or 0

    def release(self, owner: str, task_ids: Sequence[int] | None = None) -> int:
        """Give back leases (all of *owner*'s, or those listed) without checking them."""
        for attempt in attempts(self.engine):
            with attempt as conn:
                cond = [_urls.c.lease_owner == owner]
                if task_ids is not None:
                    cond.append(_urls.c.id.in_(list(task_ids)))
                n = conn.execute(
                    update(_urls).where(and_(*cond)).values(lease_owner=None, lease_expires_at=None)
                ).rowcount
                conn.execute(
                    update(_sources)
                    .where(_sources.c.lease_owner == owner)
                    .values(lease_owner=None, lease_expires_at=None)
                )
        return n or 0

    def url_state(self, url: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(_urls).where(_urls.c.url == canonical_url(url))).first()
        if row is None:
            raise NotFoundError(f"{url} is not tracked")
        return dict(row._mapping)

    def counts(self, now: datetime) -> dict[str, int]:
        with self.engine.connect() as conn:
            by_state: dict[str, int] = dict(
                conn.execute(select(_urls.c.state, func.count()).group_by(_urls.c.state)).all()
            )
            due = conn.execute(
                select(func.count()).where(_urls.c.state == "active", _urls.c.next_check_at <= now)
            ).scalar_one()
            leased = conn.execute(
                select(func.count()).where(_urls.c.lease_expires_at > now)
            ).scalar_one()
        return {
            "urls": sum(by_state.values()),
            **{k: int(v) for k, v in by_state.items()},
            "due": int(due),
            "leased": int(leased),
        }

    def trouble(self, limit: int = 200) -> dict[str, Any]:
        """Failing, blocked and gone URLs and failing sources, most recent first, with
        counts by state and by kind of error (the tracking part of ``redline health``)."""
        with self.engine.connect() as conn:
            urls = conn.execute(
                select(
                    _urls.c.url,
                    _urls.c.state,
                    _urls.c.failures,
                    _urls.c.last_error,
                    _urls.c.last_status,
                    _urls.c.failing_since,
                    _urls.c.last_checked_at,
                    _urls.c.flipflops,
                    _sources.c.name.label("source"),
                )
                .join(_sources, _sources.c.id == _urls.c.source_id)
                .where(
                    or_(
                        _urls.c.failures > 0,
                        _urls.c.state.in_(("blocked", "gone")),
                        _urls.c.flipflops > 0,
                    )
                )
                .order_by(_urls.c.last_checked_at.desc(), _urls.c.id)
                .limit(limit)
            ).all()
            n_urls = conn.execute(
                select(func.count()).where(
                    or_(
                        _urls.c.failures > 0,
                        _urls.c.state.in_(("blocked", "gone")),
                        _urls.c.flipflops > 0,
                    )
                )
            ).scalar_one()
            sources = conn.execute(
                select(_sources)
                .where(_sources.c.failures > 0)
                .order_by(_sources.c.failing_since, _sources.c.name)
            ).all()
        return {
            "urls": [
                {
                    "url": r.url,
                    "source": r.source,
                    "state": r.state,
                    "failures": r.failures,
                    "last_status": r.last_status,
                    "last_error": r.last_error,
                    "failing_since": utc(r.failing_since),
                    "last_checked_at": utc(r.last_checked_at),
                    "flipflops": r.flipflops or 0,
                }
                for r in urls
            ],
            "urls_total": int(n_urls),
            "sources": [_source_row(r) for r in sources],
        }

    def next_due(self) -> datetime | None:
        with self.engine.connect() as conn:
            a = conn.execute(
                select(func.min(_urls.c.next_check_at)).where(_urls.c.state == "active")
            ).scalar()
            b = conn.execute(
                select(func.min(_sources.c.next_check_at)).where(_sources.c.enabled.is_(True))
            ).scalar()
        times = [utc(t) for t in (a, b) if t is not None]
        return min(times) if times else None
