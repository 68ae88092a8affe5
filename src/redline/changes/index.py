"""The change index: each new version becomes one explained change, once.

:func:`index_pending` reads versions added since its last run (a cursor on version
ids in ``web_settings``); for each story touched, :func:`index_story` explains every
change not indexed yet (or whose previous version changed, after a renumbering)
into ``web_changes``, ``web_change_classes`` and ``web_removed``, keeps the latest
text in ``web_story_text`` for story search and hands each new change to *notify*.
Rows are keyed by version id: a run is idempotent and safe from several processes.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.engine import Connection

from redline.changes.cache import Draw, explain_pair
from redline.changes.settings import get_setting, set_setting
from redline.changes.tables import change_classes, changes, removed, story_text
from redline.comparison import Comparison
from redline.store import Store
from redline.store.model import utc
from redline.store.schema import articles as _articles
from redline.store.schema import versions as _versions
from redline.store.transaction import attempts, new_id, upsert, write

__all__ = [
    "IndexResult",
    "Notify",
    "change_payload",
    "index_pending",
    "index_story",
    "removed_pieces",
]

LOG = logging.getLogger(__name__)
CURSOR_KEY = "index_cursor"

#: receives the JSON payload of each new change; returns how many deliveries it queued
Notify = Callable[[dict[str, Any]], int]


@dataclass(frozen=True, slots=True)
class IndexResult:
    versions: int
    stories: int
    changes: int
    notified: int


def removed_pieces(c: Comparison) -> list[tuple[str, str]]:
    """(anchor, text) of what *c* removed: deleted sentences, the removed words of edited ones."""
    out: list[tuple[str, str]] = []
    for link in c.links:
        if link.op == "deleted":
            for i in link.old:
                out.append((f"o{i + 1}", c.old.sentences[i].text))
        elif link.words and link.new:
            gone = [w.old for w in link.words if w.op in ("delete", "replace") and w.old.strip()]
            if gone:
                out.append((f"n{link.new[0] + 1}", " … ".join(gone)))
    return out


def _drop_changes(conn: Connection, where: ColumnElement[bool]) -> None:
    ids = list(conn.execute(select(changes.c.id).where(where)).scalars())
    if ids:
        conn.execute(delete(change_classes).where(change_classes.c.change_id.in_(ids)))
        conn.execute(delete(removed).where(removed.c.change_id.in_(ids)))
        conn.execute(delete(changes).where(changes.c.id.in_(ids)))


def index_story(
    store: Store,
    story_id: int,
    *,
    notify: Notify | None = None,
    base_url: str = "",
    notify_after: datetime | None = None,
    draw: Draw | None = None,
) -> tuple[int, int]:
    """Bring one story's rows up to date; return (changes indexed, deliveries queued).

    *notify* hears of new changes only, and with *notify_after* only of versions
    seen after it (so indexing an old archive for the first time floods nobody).
    What *draw* makes of each comparison is kept beside it (the web's diff bodies).
    """
    engine = store.engine
    with engine.connect() as conn:
        art = conn.execute(select(_articles).where(_articles.c.id == story_id)).first()
        if art is None:
            return 0, 0
        indexed = select(changes.c.version_id, changes.c.previous_version_id)
        have = dict(conn.execute(indexed.where(changes.c.article_id == story_id)).all())
    vers = store.history(story_id)
    done = queued = 0
    for prev, cur in itertools.pairwise(vers):
        if have.get(cur.id) == prev.id:
            continue
        c, info = explain_pair(
            store,
            store.version(story_id, prev.number),
            store.version(story_id, cur.number),
            draw=draw,
        )
        seen = cur.first_seen or utc(art.last_seen) or datetime.now(UTC)
        row = {
            "article_id": story_id,
            "version_id": cur.id,
            "previous_version_id": prev.id,
            "number": cur.number,
            "previous": prev.number,
            "source_id": art.source_id,
            "seen_at": seen,
            "summary": info.summary,
            "classes": " ".join(info.classes),
            "significance": info.significance,
            "level": info.level,
            "counts": json.dumps(info.counts),
            "headline": cur.headline,
        }
        gone = [
            {"article_id": story_id, "number": cur.number, "anchor": a, "text": t}
            for a, t in removed_pieces(c)
        ]
        for attempt in attempts(engine):
            with attempt as conn:
                _drop_changes(conn, changes.c.version_id == cur.id)
                change_id = new_id(conn.execute(insert(changes).values(row)))
                for cls in info.classes:
                    conn.execute(
                        insert(change_classes).values(change_id=change_id, cls=cls, seen_at=seen)
                    )
                for piece in gone:
                    conn.execute(insert(removed).values(change_id=change_id, **piece))
        done += 1
        fresh = notify_after is None or seen >= notify_after
        if notify is not None and fresh and cur.id not in have:  # new, not re-explained
            queued += notify(change_payload({**row, "id": change_id}, art.url, art.title, base_url))
    stale = set(have) - {cur.id for cur in vers[1:]}
    if stale:
        write(engine, lambda conn: _drop_changes(conn, changes.c.version_id.in_(stale)))
    if vers:
        latest = store.version(story_id)
        title = latest.headline or art.title
        key = story_text.c.article_id
        write(engine, lambda conn: upsert(conn, key, story_id, title=title, body=latest.text))
    return done, queued


def change_payload(
    change: Mapping[Any, Any], url: str | None, title: str | None, base_url: str = ""
) -> dict[str, Any]:
    """The JSON that channels and webhooks receive for *change* (a ``web_changes`` row)
    of the story at *url* titled *title*."""
    base = base_url.rstrip("/")
    sid, number, previous = change["article_id"], change["number"], change["previous"]
    path = f"/stories/{sid}/diff/{previous}/{number}"
    seen = utc(change["seen_at"])
    return {
        "change_id": change["id"],
        "story": {
            "id": sid,
            "title": change["headline"] or title,
            "url": url,
            "page": f"{base}/stories/{sid}",
        },
        "version": number,
        "previous": previous,
        "seen_at": seen.isoformat().replace("+00:00", "Z") if seen else None,
        "summary": change["summary"],
        "classes": change["classes"].split(),
        "significance": change["significance"],
        "level": change["level"],
        "counts": json.loads(change["counts"]),
        "diff": f"{base}{path}",
        "api": f"{base}/api{path}",
    }


def index_pending(
    store: Store,
    *,
    limit: int = 1000,
    notify: Notify | None = None,
    base_url: str = "",
    notify_after: datetime | None = None,
    draw: Draw | None = None,
) -> IndexResult:
    """Index versions recorded since the last run (at most *limit* versions per call)."""
    cursor = int(get_setting(store.engine, CURSOR_KEY) or 0)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(_versions.c.id, _versions.c.article_id)
            .where(_versions.c.id > cursor)
            .order_by(_versions.c.id)
            .limit(limit)
        ).all()
    if not rows:
        return IndexResult(0, 0, 0, 0)
    stories = sorted({r.article_id for r in rows})
    total = queued = 0
    for sid in stories:
        try:
            d, q = index_story(
                store,
                sid,
                notify=notify,
                base_url=base_url,
                notify_after=notify_after,
                draw=draw,
            )
        except Exception:  # one bad story must not stop the others
            LOG.exception("indexing story %s failed", sid)
            continue
        total += d
        queued += q
    set_setting(store.engine, CURSOR_KEY, str(rows[-1].id))
    return IndexResult(len(rows), len(stories), total, queued)
