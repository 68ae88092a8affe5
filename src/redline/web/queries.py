"""Read-only queries the pages, feeds and API need, over the store's and the web's tables.

Everything returns plain dataclasses. Parameters are always bound (never
formatted into SQL); full-text queries are rebuilt from word tokens only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select, text

from redline.changes import LEVELS, level_for
from redline.changes.tables import change_classes, changes
from redline.store.schema import articles as _articles
from redline.store.schema import sources as _sources
from redline.store.schema import versions as _versions
from redline.times import utc as _utc
from redline.web.dating import Dated, row_date

__all__ = [
    "VERSION_TIMES",
    "ChangeRow",
    "Page",
    "SourceListing",
    "StoryGroup",
    "latest_changes",
    "latest_stories",
    "list_sources",
    "page_rows",
    "stats",
    "story_changes",
]


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    size: int
    has_next: bool

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.has_next else None

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True, slots=True)
class SourceListing:
    id: int
    name: str
    url: str | None
    stories: int
    created_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "url": self.url, "stories": self.stories}


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: int
    story_id: int
    version_id: int
    number: int
    previous: int
    seen_at: datetime
    summary: str
    classes: tuple[str, ...]
    significance: float
    level: str
    counts: dict[str, int] = field(default_factory=dict)
    title: str | None = None
    url: str | None = None
    source_id: int | None = None
    source_name: str | None = None
    dated: Dated | None = None  # the newer version's time and its basis

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "version": self.number,
            "previous": self.previous,
            "seen_at": _iso(self.seen_at),
            "summary": self.summary,
            "classes": list(self.classes),
            "significance": self.significance,
            "level": self.level,
            "counts": self.counts,
            "title": self.title,
            "url": self.url,
            "source": self.source_name,
        }


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """One story on the home page: its latest change, how many, the biggest one."""

    latest: ChangeRow
    count: int
    top_significance: float

    @property
    def top_level(self) -> str:
        return level_for(self.top_significance)


def _iso(value: datetime | None) -> str | None:
    value = _utc(value)
    return value.isoformat().replace("+00:00", "Z") if value else None


def page_rows(rows: Sequence[Any], page: int, size: int) -> tuple[list[Any], Page]:
    return list(rows[:size]), Page(page, size, len(rows) > size)


def list_sources(engine: Engine) -> list[SourceListing]:
    counts = (
        select(_articles.c.source_id, func.count().label("n"))
        .group_by(_articles.c.source_id)
        .subquery()
    )
    q = (
        select(
            _sources.c.id,
            _sources.c.name,
            _sources.c.homepage,
            _sources.c.created_at,
            func.coalesce(counts.c.n, 0),
        )
        .outerjoin(counts, counts.c.source_id == _sources.c.id)
        .order_by(_sources.c.name)
    )
    with engine.connect() as conn:
        return [SourceListing(r[0], r[1], r[2], int(r[4]), _utc(r[3])) for r in conn.execute(q)]


VERSION_TIMES = (
    _versions.c.updated.label("v_updated"),
    _versions.c.published.label("v_published"),
    _versions.c.first_seen.label("v_first_seen"),
    _versions.c.created_at.label("v_created_at"),
)


def _change_select() -> Any:
    return (
        select(
            changes,
            _articles.c.title,
            _articles.c.url,
            _sources.c.name.label("source_name"),
            *VERSION_TIMES,
        )
        .join(_articles, _articles.c.id == changes.c.article_id)
        .outerjoin(_sources, _sources.c.id == changes.c.source_id)
        .outerjoin(_versions, _versions.c.id == changes.c.version_id)
    )


def _dated_change(r: Any) -> Dated | None:
    if not hasattr(r, "v_created_at"):
        return None
    return row_date(r, "v_", number=r.number)


def _change_row(r: Any) -> ChangeRow:
    dated = _dated_change(r)
    return ChangeRow(
        id=r.id,
        story_id=r.article_id,
        version_id=r.version_id,
        number=r.number,
        previous=r.previous,
        seen_at=_utc(r.seen_at) or (dated.when if dated else datetime.now(UTC)),
        summary=r.summary,
        classes=tuple(r.classes.split()),
        significance=r.significance,
        level=r.level,
        counts=json.loads(r.counts or "{}"),
        title=r.headline or r.title,
        url=r.url,
        source_id=r.source_id,
        source_name=r.source_name,
        dated=dated,
    )


def _filtered(
    q: Any,
    *,
    source_id: int | None = None,
    cls: str | None = None,
    min_level: str | None = None,
    story_id: int | None = None,
) -> Any:
    if source_id is not None:
        q = q.where(changes.c.source_id == source_id)
    if story_id is not None:
        q = q.where(changes.c.article_id == story_id)
    if min_level:
        q = q.where(changes.c.level.in_(LEVELS[LEVELS.index(min_level) :]))
    if cls:
        q = q.where(
            changes.c.id.in_(select(change_classes.c.change_id).where(change_classes.c.cls == cls))
        )
    return q


#: changes read, newest first, to find one page of distinct stories
MAX_SCAN = 20_000


def latest_stories(
    engine: Engine,
    *,
    source_id: int | None = None,
    cls: str | None = None,
    min_level: str | None = None,
    page: int = 1,
    size: int = 30,
) -> tuple[list[StoryGroup], Page]:
    """Stories by their latest (matching) change, newest first: one entry per story.

    Walks the changes newest first (the ``seen_at`` index) until it has seen enough
    distinct stories, then counts each chosen story's changes and finds its biggest.
    """
    q = _filtered(
        select(changes.c.id, changes.c.article_id),
        source_id=source_id,
        cls=cls,
        min_level=min_level,
    ).order_by(changes.c.seen_at.desc(), changes.c.id.desc())
    want = page * size + 1
    batch = max(200, 4 * want)
    order: list[tuple[int, int]] = []  # (story, its latest matching change)
    stories: set[int] = set()
    with engine.connect() as conn:
        offset = 0
        while len(order) < want and offset < MAX_SCAN:
            rows = conn.execute(q.limit(batch).offset(offset)).all()
            for change_id, story in rows:
                if story not in stories:
                    stories.add(story)
                    order.append((story, change_id))
            if len(rows) < batch:
                break
            offset += batch
        chosen = order[(page - 1) * size : page * size]
        if not chosen:
            return [], Page(page, size, False)
        ids = [c for _, c in chosen]
        full = {
            r.id: _change_row(r)
            for r in conn.execute(_change_select().where(changes.c.id.in_(ids)))
        }
        totals = {
            r[0]: (int(r[1]), float(r[2]))
            for r in conn.execute(
                select(changes.c.article_id, func.count(), func.max(changes.c.significance))
                .where(changes.c.article_id.in_([s for s, _ in chosen]))
                .group_by(changes.c.article_id)
            )
        }
    groups = [
        StoryGroup(full[c], *totals.get(story, (1, full[c].significance)))
        for story, c in chosen
        if c in full
    ]
    return groups, Page(page, size, len(order) > page * size)


def latest_changes(
    engine: Engine,
    *,
    source_id: int | None = None,
    cls: str | None = None,
    min_level: str | None = None,
    story_id: int | None = None,
    page: int = 1,
    size: int = 30,
) -> tuple[list[ChangeRow], Page]:
    """Changes, newest first, filtered by source, class, lowest significance level, story."""
    q = _filtered(
        _change_select(), source_id=source_id, cls=cls, min_level=min_level, story_id=story_id
    )
    q = q.order_by(changes.c.seen_at.desc(), changes.c.id.desc())
    q = q.limit(size + 1).offset((page - 1) * size)
    with engine.connect() as conn:
        rows = [_change_row(r) for r in conn.execute(q)]
    return page_rows(rows, page, size)


def story_changes(engine: Engine, story_id: int) -> dict[int, ChangeRow]:
    """The explained changes of one story by version number (no story columns)."""
    q = select(
        changes, text("NULL AS title"), text("NULL AS url"), text("NULL AS source_name")
    ).where(changes.c.article_id == story_id)
    with engine.connect() as conn:
        return {r.number: r for r in (_change_row(x) for x in conn.execute(q))}


def change_of_version(engine: Engine, version_id: int) -> ChangeRow | None:
    """The explained change that led to one version (no story columns), or None."""
    q = select(
        changes, text("NULL AS title"), text("NULL AS url"), text("NULL AS source_name")
    ).where(changes.c.version_id == version_id)
    with engine.connect() as conn:
        row = conn.execute(q).first()
    return _change_row(row) if row is not None else None


def known_classes(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(select(change_classes.c.cls).distinct()))


def stats(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        counts = {
            "sources": conn.execute(select(func.count()).select_from(_sources)).scalar_one(),
            "stories": conn.execute(select(func.count()).select_from(_articles)).scalar_one(),
            "versions": conn.execute(select(func.count()).select_from(_versions)).scalar_one(),
            "changes": conn.execute(select(func.count()).select_from(changes)).scalar_one(),
        }
        by_level: dict[str, int] = dict(
            conn.execute(select(changes.c.level, func.count()).group_by(changes.c.level)).all()
        )
        by_class: dict[str, int] = dict(
            conn.execute(
                select(change_classes.c.cls, func.count()).group_by(change_classes.c.cls)
            ).all()
        )
        last = conn.execute(select(func.max(changes.c.seen_at))).scalar()
    return {
        **counts,
        "changes_by_level": {lvl: int(by_level.get(lvl, 0)) for lvl in LEVELS},
        "changes_by_class": {k: int(v) for k, v in sorted(by_class.items())},
        "last_change": _iso(last),
    }


def stories_page(
    engine: Engine,
    *,
    source_id: int | None = None,
    page: int = 1,
    size: int = 30,
    min_versions: int = 1,
) -> tuple[list[Any], Page]:
    q = select(
        _articles.c.id,
        _articles.c.title,
        _articles.c.url,
        _articles.c.version_count,
        _articles.c.first_seen,
        _articles.c.last_seen,
        _sources.c.name.label("source"),
        _articles.c.source_id,
        _articles.c.created_at,
    ).outerjoin(_sources, _sources.c.id == _articles.c.source_id)
    if source_id is not None:
        q = q.where(_articles.c.source_id == source_id)
    if min_versions > 1:
        q = q.where(_articles.c.version_count >= min_versions)
    q = q.order_by(_articles.c.last_seen.desc().nulls_last(), _articles.c.id.desc())
    q = q.limit(size + 1).offset((page - 1) * size)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    return page_rows(rows, page, size)


def _versions_meta_q(story_id: int) -> Any:
    return (
        select(
            _versions.c.id,
            _versions.c.number,
            _versions.c.first_seen,
            _versions.c.last_seen,
            _versions.c.updated,
            _versions.c.published,
            _versions.c.headline,
            _versions.c.content_hash,
            _versions.c.text_bytes,
            _versions.c.created_at,
        )
        .where(_versions.c.article_id == story_id)
        .order_by(_versions.c.number)
    )


def _story_row_q(story_id: int) -> Any:
    return (
        select(_articles, _sources.c.name.label("source_name"))
        .outerjoin(_sources, _sources.c.id == _articles.c.source_id)
        .where(_articles.c.id == story_id)
    )


def versions_meta(engine: Engine, story_id: int) -> list[Any]:
    """Version numbers, ids and times of a story, cheaply (no texts)."""
    with engine.connect() as conn:
        return list(conn.execute(_versions_meta_q(story_id)))


def story_row(engine: Engine, story_id: int) -> Any | None:
    with engine.connect() as conn:
        return conn.execute(_story_row_q(story_id)).first()


def story_bundle(
    engine: Engine, story_id: int, *, with_changes: bool = False
) -> tuple[Any | None, list[Any], dict[int, ChangeRow]]:
    """(story row, versions meta, explained changes if asked) in one read transaction."""
    with engine.connect() as conn:
        row = conn.execute(_story_row_q(story_id)).first()
        if row is None:
            return None, [], {}
        metas = list(conn.execute(_versions_meta_q(story_id)))
        found: dict[int, ChangeRow] = {}
        if with_changes:
            q = select(
                changes, text("NULL AS title"), text("NULL AS url"), text("NULL AS source_name")
            ).where(changes.c.article_id == story_id)
            found = {r.number: r for r in (_change_row(x) for x in conn.execute(q))}
    return row, metas, found


def version_id(engine: Engine, story_id: int, number: int) -> int | None:
    with engine.connect() as conn:
        return conn.execute(
            select(_versions.c.id).where(
                _versions.c.article_id == story_id, _versions.c.number == number
            )
        ).scalar()
