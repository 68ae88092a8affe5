"""The delivery queue of channels: filled by the change index, emptied by :class:`Sender`.

:func:`notifier` is the change index's *notify* for channels: each new change
becomes one row per active channel, ``pending`` or, when a rule of the channel
leaves it out, ``skipped`` with the rule as reason (the log says why nothing was
posted). :func:`change_notifier` hands each change to channels and webhooks
alike, so whichever process indexes a change first queues it for both.

:class:`Sender` posts due deliveries. Each is claimed first (a conditional
update), so several processes may send from one database without posting
twice. Then, per delivery:

* a channel that posted ``max_per_hour`` times in the last hour waits (the
  delivery is due again when the oldest of those posts is an hour old); one
  that waited more than ``stale_after`` is skipped as stale;
* while the version's Save Page Now capture is pending (for at most
  ``archive_wait``) the post waits, so that it can link the archived copy;
* the message is composed, the share card drawn (once per change) and sent
  through Apprise, as a reply to the channel's last post about the same story
  where the service threads (Mastodon);
* a failure worth retrying (network, timeout, 408, 429, 5xx) is tried again
  after ``base_delay * 2**(attempt-1)`` seconds (capped), up to
  ``max_attempts``; other failures (refused address, 4xx) fail at once. After a
  failure worth retrying the channel gets no more attempts in that run.

Nothing here raises for a failing service: a bad channel never stops the others,
nor the watcher that runs the sender.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, insert, select, update

from redline.comparison import Comparison
from redline.errors import InputError, RedlineError
from redline.notify.channels import Channel, list_channels
from redline.notify.message import Message, alt_text, compose
from redline.notify.tables import deliveries, version_archives
from redline.store import Store
from redline.store.schema import articles, sources, versions
from redline.store.transaction import attempts
from redline.times import utc as _aware
from redline.times import utcnow as _now

__all__ = [
    "SendStats",
    "Sender",
    "change_notifier",
    "enqueue_change",
    "notifier",
    "recent_deliveries",
]

LOG = logging.getLogger(__name__)
Notify = Callable[[dict[str, Any]], int]


def _source_name(engine: Engine, story_id: int) -> str | None:
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
    source = _source_name(engine, story_id)
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


@dataclass
class SendStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    waiting: int = 0
    skipped: int = 0
    details: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.sent} sent, {self.failed} failed, {self.retried} to retry, "
            f"{self.waiting} waiting (rate limit or archive), {self.skipped} skipped"
        )


class Sender:
    """Posts due deliveries; call :meth:`run_once` after each watcher pass."""

    def __init__(
        self,
        store: Store,
        *,
        base_url: str = "",
        max_attempts: int = 6,
        base_delay: float = 60.0,
        max_delay: float = 3600.0,
        stale_after: timedelta = timedelta(hours=24),
        archive_wait: timedelta = timedelta(minutes=5),
        batch: int = 50,
        jitter: bool = True,
        cards: bool = True,
        lease: timedelta = timedelta(minutes=5),
    ) -> None:
        self.store = store
        self.engine = store.engine
        self.base_url = base_url
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.stale_after = stale_after
        self.archive_wait = archive_wait
        self.batch = batch
        self.jitter = jitter
        self.cards = cards
        self.lease = lease
        self._cards: dict[int, tuple[bytes, str] | None] = {}

    def backoff(self, attempts: int) -> float:
        delay = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return delay * (random.uniform(0.8, 1.2) if self.jitter else 1.0)

    # ------------------------------------------------------------------ queue
    def _due(self, now: datetime) -> list[Any]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(deliveries)
                    .where(deliveries.c.state == "pending", deliveries.c.due_at <= now)
                    .order_by(deliveries.c.due_at, deliveries.c.id)
                    .limit(self.batch)
                )
            )

    def _claim(self, row: Any, now: datetime) -> bool:
        """Reserve *row* for this sender (another process sees it due only after the lease)."""
        for attempt in attempts(self.engine):
            with attempt as conn:
                done = conn.execute(
                    update(deliveries)
                    .where(
                        deliveries.c.id == row.id,
                        deliveries.c.state == "pending",
                        deliveries.c.due_at <= now,
                    )
                    .values(due_at=now + self.lease)
                ).rowcount
        return bool(done)

    def _set(self, row_id: int, **values: Any) -> None:
        for attempt in attempts(self.engine):
            with attempt as conn:
                conn.execute(update(deliveries).where(deliveries.c.id == row_id).values(**values))

    def _sent_since(self, channel_id: int, since: datetime) -> list[datetime]:
        with self.engine.connect() as conn:
            return [
                t
                for t in (
                    _aware(v)
                    for v in conn.execute(
                        select(deliveries.c.sent_at)
                        .where(
                            deliveries.c.channel_id == channel_id,
                            deliveries.c.state == "sent",
                            deliveries.c.sent_at > since,
                        )
                        .order_by(deliveries.c.sent_at)
                    ).scalars()
                )
                if t is not None
            ]

    def _reply_to(self, channel_id: int, story_id: int | None) -> str | None:
        if story_id is None:
            return None
        with self.engine.connect() as conn:
            return conn.execute(
                select(deliveries.c.remote_id)
                .where(
                    deliveries.c.channel_id == channel_id,
                    deliveries.c.article_id == story_id,
                    deliveries.c.state == "sent",
                    deliveries.c.remote_id.is_not(None),
                )
                .order_by(deliveries.c.sent_at.desc(), deliveries.c.id.desc())
                .limit(1)
            ).scalar()

    def archive_of(self, change: dict[str, Any]) -> tuple[str | None, str | None]:
        """(state, snapshot URL) of the archive request of the change's version, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(version_archives.c.state, version_archives.c.snapshot_url)
                .join(versions, versions.c.id == version_archives.c.version_id)
                .where(
                    versions.c.article_id == int(change["story"]["id"]),
                    versions.c.number == int(change["version"]),
                )
            ).first()
        return (row.state, row.snapshot_url) if row is not None else (None, None)

    # ---------------------------------------------------------------- message
    def card(
        self, change: dict[str, Any], comparison: Comparison | None = None
    ) -> tuple[bytes, str] | None:
        """The share card of *change* and its alt text (drawn once per change)."""
        key = int(change.get("change_id") or 0)
        if key and key in self._cards:
            return self._cards[key]
        result: tuple[bytes, str] | None = None
        try:
            from redline.render.cards import render_card

            story = change["story"]
            a, b = int(change["previous"]), int(change["version"])
            c = comparison or self.store.compare_versions(int(story["id"]), a, b)
            headline = str(story.get("title") or story.get("url") or "")
            summary = str(change.get("summary") or c.summary())
            png = render_card(
                c,
                headline=headline,
                source=_source_name(self.engine, int(story["id"])) or "",
                note=f"v{a} → v{b}: {summary}",
            )
            result = (png, alt_text(c, headline=headline, summary=summary, old=a, new=b))
        except (RedlineError, KeyError, ValueError) as exc:
            LOG.warning("no share card for change %s: %s", change.get("change_id"), exc)
        if len(self._cards) > 256:
            self._cards.clear()
        self._cards[key] = result
        return result

    def message(
        self,
        change: dict[str, Any],
        service: Any,
        archived: str | None = None,
        comparison: Comparison | None = None,
    ) -> Message:
        title, body = compose(
            change,
            body_limit=service.body_limit,
            title_limit=service.title_limit,
            base_url=self.base_url,
            archived=archived,
        )
        image, alt = None, ""
        if self.cards and service.images:
            drawn = self.card(change, comparison)
            if drawn is not None:
                image, alt = drawn
        return Message(title, body, image, alt)

    # ------------------------------------------------------------------ send
    def run_once(self, now: datetime | None = None) -> SendStats:
        """Attempt every due delivery once (in order); returns what happened."""
        from redline.notify.services import Service, load

        stats = SendStats()
        now = now or _now()
        chans = {c.id: c for c in list_channels(self.engine)}
        services: dict[int, Service | str] = {}
        resting: set[int] = set()  # channels that failed in this run
        posted: dict[int, list[datetime]] = {}
        for row in self._due(now):
            ch = chans.get(row.channel_id)
            if ch is None or not ch.active:
                self._set(row.id, state="failed", last_result="channel removed")
                stats.failed += 1
                continue
            if ch.id in resting:
                continue
            created = _aware(row.created_at) or now
            if now - created > self.stale_after:
                self._set(row.id, state="skipped", last_result="stale: waited too long to be sent")
                stats.skipped += 1
                continue
            if ch.max_per_hour:
                window = posted.setdefault(ch.id, self._sent_since(ch.id, now - timedelta(hours=1)))
                if len(window) >= ch.max_per_hour:
                    self._set(
                        row.id,
                        due_at=window[-ch.max_per_hour] + timedelta(hours=1),
                        last_result=f"rate limit: {ch.max_per_hour} per hour",
                    )
                    stats.waiting += 1
                    continue
            change = json.loads(row.payload)
            state, snapshot = self.archive_of(change)
            if state == "pending" and now - created < self.archive_wait:
                self._set(row.id, due_at=now + timedelta(seconds=30))
                stats.waiting += 1
                continue
            if not self._claim(row, now):
                continue  # another sender took it
            if ch.id not in services:
                try:
                    services[ch.id] = load(ch.url)
                except InputError as exc:
                    services[ch.id] = str(exc)
            service = services[ch.id]
            if isinstance(service, str):
                self._finish(row, ch, stats, ok=False, retryable=False, detail=service)
                continue
            outcome = self._send(row, ch, service, change, snapshot)
            self._finish(
                row,
                ch,
                stats,
                ok=outcome.ok,
                retryable=outcome.retryable,
                detail=outcome.detail,
                remote_id=outcome.remote_id,
            )
            if outcome.ok:
                posted.setdefault(ch.id, []).append(_now())
            elif outcome.retryable:
                resting.add(ch.id)
        return stats

    def _send(
        self, row: Any, ch: Channel, service: Any, change: dict[str, Any], snapshot: str | None
    ) -> Any:
        from redline.notify.services import deliver

        msg = self.message(change, service, snapshot)
        return deliver(
            service,
            title=msg.title,
            body=msg.body,
            image=msg.image,
            alt=msg.alt,
            allow=ch.allowed(),
            reply_to=self._reply_to(ch.id, row.article_id) if service.replies else None,
        )

    def _finish(
        self,
        row: Any,
        ch: Channel,
        stats: SendStats,
        *,
        ok: bool,
        retryable: bool,
        detail: str,
        remote_id: str | None = None,
    ) -> None:
        tries = row.attempts + 1
        now = _now()
        values: dict[str, Any] = {"attempts": tries, "last_result": detail[:500]}
        if ok:
            values |= {"state": "sent", "sent_at": now, "remote_id": remote_id}
            stats.sent += 1
        elif retryable and tries < self.max_attempts:
            values |= {"due_at": now + timedelta(seconds=self.backoff(tries))}
            stats.retried += 1
        else:
            values |= {"state": "failed"}
            stats.failed += 1
        self._set(row.id, **values)
        word = "sent" if ok else ("will retry" if values.get("due_at") else "failed")
        line = f"delivery {row.id} to channel {ch.name}: {word}" + ("" if ok else f" ({detail})")
        stats.details.append(line)
        (LOG.info if ok else LOG.warning)("%s", line)


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
    from redline.changes.tables import changes

    with engine.connect() as conn:
        row = conn.execute(
            select(changes, articles.c.url, articles.c.title)
            .join(articles, articles.c.id == changes.c.article_id)
            .order_by(changes.c.seen_at.desc(), changes.c.id.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    base = base_url.rstrip("/")
    path = f"/stories/{row.article_id}/diff/{row.previous}/{row.number}"
    seen = _aware(row.seen_at)
    return {
        "change_id": row.id,
        "story": {
            "id": row.article_id,
            "title": row.headline or row.title,
            "url": row.url,
            "page": f"{base}/stories/{row.article_id}",
        },
        "version": row.number,
        "previous": row.previous,
        "seen_at": seen.isoformat().replace("+00:00", "Z") if seen else None,
        "summary": row.summary,
        "classes": row.classes.split(),
        "significance": row.significance,
        "level": row.level,
        "counts": json.loads(row.counts),
        "diff": f"{base}{path}",
        "api": f"{base}/api{path}",
    }


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
