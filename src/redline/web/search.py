"""Full-text search of the web's tables: stories by their headline and latest
text, and removed sentences (or removed words of edited ones).

SQLite's FTS5 tables or PostgreSQL's ``to_tsvector`` (simple configuration);
queries are rebuilt from word tokens only, and every parameter is bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select, text

from redline.changes.tables import changes, removed, story_text
from redline.store.schema import articles as _articles
from redline.store.schema import sources as _sources
from redline.store.schema import versions as _versions
from redline.times import utc as _utc
from redline.web.dating import row_date
from redline.web.queries import VERSION_TIMES, Page, page_rows
from redline.web.snippets import Fragment, highlight, plain, snippet

__all__ = ["RemovedHit", "StoryHit", "fts_terms", "search_removed", "search_stories"]

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


@dataclass(frozen=True, slots=True)
class StoryHit:
    story_id: int
    title: str | None
    url: str | None
    source_name: str | None
    versions: int
    fragments: tuple[Fragment, ...] = ()

    @property
    def snippet(self) -> str:
        return plain(self.fragments)


@dataclass(frozen=True, slots=True)
class RemovedHit:
    story_id: int
    title: str | None
    url: str | None
    source_name: str | None
    number: int
    anchor: str
    text: str
    previous: int = 0
    seen_at: datetime | None = None
    fragments: tuple[Fragment, ...] = ()


def fts_terms(query: str) -> list[str]:
    """The words of a search query (letters and digits only), at most a dozen."""
    return [w for w in _WORD.findall(query.lower()) if w != "_"][:MAX_TERMS]


def _sqlite_match(terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def search_stories(
    engine: Engine, query: str, *, page: int = 1, size: int = 20
) -> tuple[list[StoryHit], Page]:
    """Stories whose headline or latest text contain every word of *query*."""
    terms = fts_terms(query)
    if not terms:
        return [], Page(page, size, False)
    offset = (page - 1) * size
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(
                text(
                    "SELECT f.rowid AS id FROM web_story_fts f WHERE web_story_fts MATCH :q "
                    "ORDER BY rank LIMIT :n OFFSET :o"
                ),
                {"q": _sqlite_match(terms), "n": size + 1, "o": offset},
            ).all()
            bodies = dict(
                conn.execute(
                    select(story_text.c.article_id, story_text.c.body).where(
                        story_text.c.article_id.in_([r.id for r in rows])
                    )
                ).all()
            )
            ids = [(r.id, snippet(bodies.get(r.id, ""), terms)) for r in rows]
        else:
            doc = func.to_tsvector(
                "simple", func.coalesce(story_text.c.title, "") + " " + story_text.c.body
            )
            tsq = func.plainto_tsquery("simple", " ".join(terms))
            rows = conn.execute(
                select(story_text.c.article_id, story_text.c.body)
                .where(doc.op("@@")(tsq))
                .order_by(func.ts_rank(doc, tsq).desc(), story_text.c.article_id.desc())
                .limit(size + 1)
                .offset(offset)
            ).all()
            ids = [(r[0], snippet(r[1], terms)) for r in rows]
        if not ids:
            return [], Page(page, size, False)
        meta = {
            r.id: r
            for r in conn.execute(
                select(
                    _articles.c.id,
                    _articles.c.title,
                    _articles.c.url,
                    _articles.c.version_count,
                    _sources.c.name.label("source"),
                )
                .outerjoin(_sources, _sources.c.id == _articles.c.source_id)
                .where(_articles.c.id.in_([i for i, _ in ids]))
            )
        }
    hits = [
        StoryHit(i, meta[i].title, meta[i].url, meta[i].source, meta[i].version_count, snip)
        for i, snip in ids
        if i in meta
    ]
    return page_rows(hits, page, size)


def search_removed(
    engine: Engine, query: str, *, page: int = 1, size: int = 20
) -> tuple[list[RemovedHit], Page]:
    """Removed sentences (or removed words of edited ones) containing every word of *query*."""
    terms = fts_terms(query)
    if not terms:
        return [], Page(page, size, False)
    offset = (page - 1) * size
    base = (
        select(
            removed.c.id,
            removed.c.article_id,
            removed.c.number,
            removed.c.anchor,
            removed.c.text,
            _articles.c.title,
            _articles.c.url,
            _sources.c.name.label("source"),
            changes.c.previous,
            changes.c.seen_at,
            *VERSION_TIMES,
        )
        .join(_articles, _articles.c.id == removed.c.article_id)
        .outerjoin(_sources, _sources.c.id == _articles.c.source_id)
        .outerjoin(changes, changes.c.id == removed.c.change_id)
        .outerjoin(_versions, _versions.c.id == changes.c.version_id)
    )
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            matched = (
                select(text("rowid"))
                .select_from(text("web_removed_fts"))
                .where(text("web_removed_fts MATCH :q"))
            )
            q = base.where(removed.c.id.in_(matched)).params(q=_sqlite_match(terms))
        else:
            tsq = func.plainto_tsquery("simple", " ".join(terms))
            q = base.where(func.to_tsvector("simple", removed.c.text).op("@@")(tsq))
        rows = conn.execute(q.order_by(removed.c.id.desc()).limit(size + 1).offset(offset)).all()
    hits = []
    for r in rows:
        dated = row_date(r, "v_", number=r.number)
        hits.append(
            RemovedHit(
                r.article_id,
                r.title,
                r.url,
                r.source,
                r.number,
                r.anchor,
                r.text,
                previous=r.previous if r.previous is not None else r.number - 1,
                seen_at=dated.when if dated else _utc(r.seen_at),
                fragments=highlight(r.text, terms),
            )
        )
    return page_rows(hits, page, size)
