"""Posting the queued deliveries of channels.

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
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from redline.comparison import Comparison
from redline.errors import InputError, RedlineError
from redline.notify.channels import Channel, list_channels
from redline.notify.message import Message, alt_text, compose
from redline.notify.queue import source_name
from redline.notify.tables import deliveries, version_archives
from redline.store import Store
from redline.store.schema import versions
from redline.store.transaction import attempts
from redline.times import utc as _aware
from redline.times import utcnow as _now

__all__ = ["SendStats", "Sender"]

LOG = logging.getLogger(__name__)


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
                source=source_name(self.engine, int(story["id"])) or "",
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
