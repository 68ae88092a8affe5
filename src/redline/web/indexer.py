"""Keep the web's tables in step with the store: explain each new version once.

:func:`index_pending` reads versions added since its last run (a cursor on
version ids kept in ``web_settings``), and for every story touched:

* explains each change between consecutive versions that is not indexed yet
  (or whose previous version changed, after a renumbering) into ``web_changes``
  and ``web_change_classes``;
* records the removed text of that change in ``web_removed``;
* stores the latest text in ``web_story_text`` for story search;
* queues webhook deliveries for the new changes.

It is idempotent and safe to run from several processes (rows are keyed by
version id); the server runs it in a background thread.
"""

from __future__ import annotations

import itertools
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from redline.comparison import Comparison, compare
from redline.store import Store
from redline.store.schema import Article, Version
from redline.web.explaining import describe
from redline.web.tables import (
    change_classes,
    changes,
    new_id,
    removed,
    settings,
    story_text,
    writing,
)
from redline.web.webhooks import enqueue_change

__all__ = ["IndexResult", "index_pending", "index_story", "removed_pieces"]

LOG = logging.getLogger(__name__)
A, V = Article.__table__, Version.__table__
CURSOR_KEY = "index_cursor"


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


def _get_cursor(store: Store) -> int:
    with store.engine.connect() as conn:
        value = conn.execute(select(settings.c.value).where(settings.c.key == CURSOR_KEY)).scalar()
    return int(value) if value else 0


def _set_cursor(store: Store, value: int) -> None:
    with writing(store.engine) as conn:
        done = conn.execute(
            update(settings).where(settings.c.key == CURSOR_KEY).values(value=str(value))
        ).rowcount
        if not done:
            conn.execute(insert(settings).values(key=CURSOR_KEY, value=str(value)))


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def index_story(
    store: Store,
    story_id: int,
    *,
    notify: bool = True,
    base_url: str = "",
    notify_after: datetime | None = None,
) -> tuple[int, int]:
    """Bring one story's rows up to date; return (changes indexed, webhook deliveries queued).

    Webhooks hear of new changes only, and with *notify_after* only of versions seen
    after it (so indexing an old archive for the first time does not flood them).
    """
    engine = store.engine
    with engine.connect() as conn:
        art = conn.execute(select(A).where(A.c.id == story_id)).first()
        if art is None:
            return 0, 0
        vers = conn.execute(
            select(V.c.id, V.c.number, V.c.first_seen, V.c.published, V.c.headline)
            .where(V.c.article_id == story_id)
            .order_by(V.c.number)
        ).all()
        have = {
            r.version_id: r.previous_version_id
            for r in conn.execute(
                select(changes.c.version_id, changes.c.previous_version_id).where(
                    changes.c.article_id == story_id
                )
            )
        }
    done = queued = 0
    published = next((_utc(v.published) for v in vers if v.published), None)
    wanted = {cur.id for cur in vers[1:]}
    stale = [vid for vid in have if vid not in wanted]
    for prev, cur in itertools.pairwise(vers):
        if have.get(cur.id) == prev.id:
            continue
        old_v, new_v = store.version(story_id, prev.number), store.version(story_id, cur.number)
        c = compare(old_v.text, new_v.text)
        # Kept in the store so diff pages of this pair are drawn without aligning again.
        store.remember_comparison(story_id, old_v, new_v, c)
        info = describe(
            c,
            old_headline=prev.headline,
            new_headline=cur.headline,
            old_seen=_utc(prev.first_seen),
            new_seen=_utc(cur.first_seen),
            published=published,
        )
        seen = _utc(cur.first_seen) or _utc(art.last_seen) or datetime.now(UTC)
        with writing(engine) as conn:
            old_ids = [
                r[0]
                for r in conn.execute(select(changes.c.id).where(changes.c.version_id == cur.id))
            ]
            if old_ids:
                conn.execute(delete(change_classes).where(change_classes.c.change_id.in_(old_ids)))
                conn.execute(delete(removed).where(removed.c.change_id.in_(old_ids)))
                conn.execute(delete(changes).where(changes.c.id.in_(old_ids)))
            change_id = new_id(
                conn.execute(
                    insert(changes).values(
                        article_id=story_id,
                        version_id=cur.id,
                        previous_version_id=prev.id,
                        number=cur.number,
                        previous=prev.number,
                        source_id=art.source_id,
                        seen_at=seen,
                        summary=info.summary,
                        classes=" ".join(info.classes),
                        significance=info.significance,
                        level=info.level,
                        counts=json.dumps(info.counts),
                        headline=cur.headline,
                    )
                )
            )
            for cls in info.classes:
                conn.execute(
                    insert(change_classes).values(change_id=change_id, cls=cls, seen_at=seen)
                )
            for anchor, text in removed_pieces(c):
                conn.execute(
                    insert(removed).values(
                        change_id=change_id,
                        article_id=story_id,
                        number=cur.number,
                        anchor=anchor,
                        text=text,
                    )
                )
        done += 1
        fresh = notify_after is None or seen >= notify_after
        if notify and fresh and cur.id not in have:  # a new change, not one re-explained
            queued += enqueue_change(
                engine, _payload(art, cur, prev, info, change_id, seen, base_url)
            )
    if stale:
        with writing(engine) as conn:
            ids = [
                r[0]
                for r in conn.execute(select(changes.c.id).where(changes.c.version_id.in_(stale)))
            ]
            conn.execute(delete(change_classes).where(change_classes.c.change_id.in_(ids)))
            conn.execute(delete(removed).where(removed.c.change_id.in_(ids)))
            conn.execute(delete(changes).where(changes.c.id.in_(ids)))
    if vers:
        latest = store.version(story_id)
        body = latest.text
        with writing(engine) as conn:
            hit = conn.execute(
                update(story_text)
                .where(story_text.c.article_id == story_id)
                .values(title=latest.headline or art.title, body=body)
            ).rowcount
            if not hit:
                conn.execute(
                    insert(story_text).values(
                        article_id=story_id, title=latest.headline or art.title, body=body
                    )
                )
    return done, queued


def _payload(
    art: Any, cur: Any, prev: Any, info: Any, change_id: int, seen: datetime, base_url: str
) -> dict[str, Any]:
    base = base_url.rstrip("/")
    return {
        "change_id": change_id,
        "story": {
            "id": art.id,
            "title": cur.headline or art.title,
            "url": art.url,
            "page": f"{base}/stories/{art.id}",
        },
        "version": cur.number,
        "previous": prev.number,
        "seen_at": seen.isoformat().replace("+00:00", "Z"),
        "summary": info.summary,
        "classes": list(info.classes),
        "significance": info.significance,
        "level": info.level,
        "counts": info.counts,
        "diff": f"{base}/stories/{art.id}/diff/{prev.number}/{cur.number}",
        "api": f"{base}/api/stories/{art.id}/diff/{prev.number}/{cur.number}",
    }


def index_pending(
    store: Store,
    *,
    limit: int = 1000,
    notify: bool = True,
    base_url: str = "",
    notify_after: datetime | None = None,
) -> IndexResult:
    """Index versions recorded since the last run (at most *limit* versions per call)."""
    cursor = _get_cursor(store)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(V.c.id, V.c.article_id).where(V.c.id > cursor).order_by(V.c.id).limit(limit)
        ).all()
    if not rows:
        return IndexResult(0, 0, 0, 0)
    stories = sorted({r.article_id for r in rows})
    total = queued = 0
    for sid in stories:
        try:
            d, q = index_story(
                store, sid, notify=notify, base_url=base_url, notify_after=notify_after
            )
        except Exception:  # one bad story must not stop the others
            LOG.exception("indexing story %s failed", sid)
            continue
        total += d
        queued += q
    _set_cursor(store, rows[-1].id)
    return IndexResult(len(rows), len(stories), total, queued)
