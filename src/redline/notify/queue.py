"""The delivery queue of channels: filled by the change index, emptied by
:class:`redline.notify.sender.Sender`.

:func:`notifier` is the change index's *notify* for channels: each new change
becomes one row per active channel, ``pending`` or, when a rule of the channel
leaves it out, ``skipped`` with the rule as reason (the log says why nothing was
posted). :func:`change_notifier` hands each change to channels and webhooks
alike, so whichever process indexes a change first queues it for both.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select

from redline.changes.index import Notify
from redline.comparison import Comparison
from redline.errors import RedlineError
from redline.notify.channels import list_channels
from redline.notify.tables import deliveries
from redline.store.schema import articles, sources
from redline.store.transaction import attempts
from redline.times import utcnow as _now

__all__ = [
    "change_notifier",
    "enqueue_change",
    "notifier",
    "recent_deliveries",
]

LOG = logging.getLogger(__name__)


def source_name(engine: Engine, story_id: int) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            select(sources.c.name)
            .join(articles, articles.c.source_id == sources.c.id)
            .where(articles.c.id == story_id)
        ).scalar()


def enqueue_change(engine: Engine, change: dict[str, Any], *, now: datetime | None = None) -> int:
    """One delivery per active channel for *change*; returns how many are to be sent."""
    chans = list_channels(engine, active_only=True)
    if not chans:
        return 0
    now = now or _now()
    story_id = int(change["story"]["id"])
    source = source_name(engine, story_id)
    body = json.dumps(change, ensure_ascii=False, sort_keys=True)
    queued = 0
    for attempt in attempts(engine):
        with attempt as conn:
            for ch in chans:
                reason = ch.skip_reason(change, source)
                conn.execute(
                    insert(deliveries).values(
                        channel_id=ch.id,
                        change_id=change.get("change_id"),
                        article_id=story_id,
                        payload=body,
                        state="skipped" if reason else "pending",
                        attempts=0,
                        due_at=now,
                        last_result=reason,
                        created_at=now,
                    )
                )
                queued += reason is None
    if queued:
        LOG.info("change %s queued for %d channel(s)", change.get("change_id"), queued)
    return queued


def notifier(engine: Engine) -> Notify:
    """The change index's *notify* for channels."""
    return lambda change: enqueue_change(engine, change)


def change_notifier(engine: Engine) -> Notify:
    """The change index's *notify* for channels and webhooks together."""
    from redline.web.webhooks import notifier as webhooks

    hooks, chans = webhooks(engine), notifier(engine)

    def both(change: dict[str, Any]) -> int:
        count = 0
        for notify in (hooks, chans):
            try:
                count += notify(change)
            except RedlineError:  # a queue that cannot be written must not stop the other
                LOG.exception("queueing change %s failed", change.get("change_id"))
        return count

    return both


def recent_deliveries(engine: Engine, limit: int = 50) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(deliveries).order_by(deliveries.c.id.desc()).limit(limit)))


def counts_by_state(engine: Engine, since: datetime) -> dict[int, dict[str, int]]:
    """Per channel id: deliveries by state created since *since*."""
    out: dict[int, dict[str, int]] = {}
    with engine.connect() as conn:
        for cid, state, n in conn.execute(
            select(deliveries.c.channel_id, deliveries.c.state, func.count())
            .where(deliveries.c.created_at >= since)
            .group_by(deliveries.c.channel_id, deliveries.c.state)
        ):
            out.setdefault(cid, {})[state] = int(n)
    return out


def latest_change(engine: Engine, base_url: str = "") -> dict[str, Any] | None:
    """The newest indexed change as a change-index payload (for ``notify test``)."""
    from redline.changes.index import change_payload
    from redline.changes.tables import changes

    with engine.connect() as conn:
        row = conn.execute(
            select(changes, articles.c.url, articles.c.title)
            .join(articles, articles.c.id == changes.c.article_id)
            .order_by(changes.c.seen_at.desc(), changes.c.id.desc())
            .limit(1)
        ).first()
    return None if row is None else change_payload(row._mapping, row.url, row.title, base_url)


SAMPLE_OLD = "Winds reached 80mph overnight, the Met Office said. Two roads were shut."
SAMPLE_NEW = "Winds reached 95mph overnight, the Met Office said. Two roads were shut."


def sample_change(base_url: str = "") -> tuple[dict[str, Any], Comparison]:
    """A made-up change (and its comparison) for ``notify test`` on an empty store."""
    from redline.comparison import compare

    c = compare(SAMPLE_OLD, SAMPLE_NEW)
    base = base_url.rstrip("/")
    change = {
        "change_id": 0,
        "story": {
            "id": 0,
            "title": "Redline test: storm winds revised",
            "url": "https://example.com/news/storm",
            "page": f"{base}/stories/0",
        },
        "version": 2,
        "previous": 1,
        "summary": c.summary(),
        "classes": ["fact_update"],
        "significance": 0.5,
        "level": "moderate",
        "diff": f"{base}/stories/0/diff/1/2" if base else "https://example.com/news/storm",
    }
    return change, c
