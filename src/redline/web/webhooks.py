"""Webhooks: signed JSON notifications of changes, retried with back-off, logged.

A change is matched against every active webhook (minimum significance level,
classes). Immediate webhooks get one ``story.changed`` delivery per change;
digest webhooks collect changes (state ``queued``) and, once the digest period
after the first one has passed, send one ``story.digest`` per story.

Every request carries::

    X-Redline-Event: story.changed
    X-Redline-Delivery: 42
    X-Redline-Timestamp: 1732540000
    X-Redline-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>

Targets pass the address guard of :mod:`redline.track.guard` at every attempt:
a target that resolves to a private, loopback or link-local address fails at
once (no request is made) unless its origin is listed in ``allow_origins``
(default: ``REDLINE_WEBHOOK_ALLOW_ORIGINS``, comma-separated origins).

Failed attempts (connection errors, timeouts, 408, 429, 5xx) are retried after
``base_delay * 2**(attempt-1)`` seconds (capped), up to ``max_attempts``; other
4xx answers fail at once. Every attempt is logged in ``webhook_attempts``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine, delete, insert, select, update

from redline.changes import LEVELS, level_threshold
from redline.errors import FetchError
from redline.explain.model import CLASS_ORDER
from redline.store.transaction import attempts, new_id
from redline.times import utc as _aware
from redline.times import utcnow as _now
from redline.track.guard import check_destination_sync, parse_origin
from redline.web.tables import webhook_attempts, webhook_deliveries, webhooks

__all__ = [
    "Dispatcher",
    "WebhookSpec",
    "add_webhook",
    "enqueue_change",
    "list_deliveries",
    "list_webhooks",
    "remove_webhook",
    "sign",
    "verify",
]

LOG = logging.getLogger(__name__)
USER_AGENT = "Redline-Webhooks/1"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    tolerance: int = 300,
    now: float | None = None,
) -> bool:
    """Check a delivery as a receiver would: signature and freshness of the timestamp."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now or time.time()) - ts) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature)


@dataclass(frozen=True, slots=True)
class WebhookSpec:
    id: int
    url: str
    secret: str
    min_level: str | None
    classes: tuple[str, ...]
    digest_seconds: int
    active: bool

    def matches(self, significance: float, classes: tuple[str, ...]) -> bool:
        if self.min_level and significance < level_threshold(self.min_level):
            return False
        return not self.classes or any(c in self.classes for c in classes)


def add_webhook(
    engine: Engine,
    url: str,
    secret: str,
    *,
    min_level: str | None = None,
    classes: tuple[str, ...] = (),
    digest_seconds: int = 0,
) -> int:
    if not url.startswith(("http://", "https://")) or len(url) > 2000:
        raise ValueError("a webhook URL must be an http:// or https:// address")
    if len(secret) < 16:
        raise ValueError("a webhook secret must be at least 16 characters long")
    if min_level is not None and min_level not in LEVELS:
        raise ValueError(f"unknown significance level {min_level!r}")
    if not 0 <= digest_seconds <= 7 * 86400:
        raise ValueError("the digest period must be between 0 and 7 days")
    unknown = [c for c in classes if c not in CLASS_ORDER]
    if unknown:
        raise ValueError(
            f"unknown kind of change {unknown[0][:60]!r}; known kinds: {', '.join(CLASS_ORDER)}"
        )
    for attempt in attempts(engine):
        with attempt as conn:
            return new_id(
                conn.execute(
                    insert(webhooks).values(
                        url=url,
                        secret=secret,
                        min_level=min_level,
                        classes=" ".join(classes),
                        digest_seconds=digest_seconds,
                        active=True,
                        created_at=_now(),
                    )
                )
            )
    raise AssertionError("unreachable")


def remove_webhook(engine: Engine, webhook_id: int) -> bool:
    for attempt in attempts(engine):
        with attempt as conn:
            done = conn.execute(delete(webhooks).where(webhooks.c.id == webhook_id)).rowcount
            conn.execute(
                update(webhook_deliveries)
                .where(
                    webhook_deliveries.c.webhook_id == webhook_id,
                    webhook_deliveries.c.state.in_(("queued", "pending")),
                )
                .values(state="failed", last_result="webhook removed")
            )
    return bool(done)


def list_webhooks(engine: Engine, *, active_only: bool = False) -> list[WebhookSpec]:
    q = select(webhooks).order_by(webhooks.c.id)
    if active_only:
        q = q.where(webhooks.c.active.is_(True))
    with engine.connect() as conn:
        return [
            WebhookSpec(
                r.id,
                r.url,
                r.secret,
                r.min_level,
                tuple(r.classes.split()),
                r.digest_seconds,
                r.active,
            )
            for r in conn.execute(q)
        ]


def list_deliveries(engine: Engine, limit: int = 50) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(webhook_deliveries)
                .where(webhook_deliveries.c.state != "batched")
                .order_by(webhook_deliveries.c.id.desc())
                .limit(limit)
            )
        )


def notifier(engine: Engine) -> Callable[[dict[str, Any]], int]:
    """The change index's *notify*: queue each new change for the matching webhooks."""
    return lambda change: enqueue_change(engine, change)


def enqueue_change(engine: Engine, change: dict[str, Any], *, now: datetime | None = None) -> int:
    """Queue *change* (a ``story.changed`` payload) for each matching webhook; return how many."""
    now = now or _now()
    significance = float(change.get("significance", 0.0))
    classes = tuple(change.get("classes", ()))
    body = json.dumps({"event": "story.changed", **change}, ensure_ascii=False, sort_keys=True)
    count = 0
    hooks = [h for h in list_webhooks(engine, active_only=True) if h.matches(significance, classes)]
    for attempt in attempts(engine):
        with attempt as conn:
            for hook in hooks:
                state, due = "pending", now
                if hook.digest_seconds:
                    state = "queued"
                    first = conn.execute(
                        select(webhook_deliveries.c.due_at)
                        .where(
                            webhook_deliveries.c.webhook_id == hook.id,
                            webhook_deliveries.c.article_id == change["story"]["id"],
                            webhook_deliveries.c.state == "queued",
                        )
                        .limit(1)
                    ).scalar()
                    due = _aware(first) if first else now + timedelta(seconds=hook.digest_seconds)
                conn.execute(
                    insert(webhook_deliveries).values(
                        webhook_id=hook.id,
                        event="story.changed",
                        article_id=change["story"]["id"],
                        change_id=change.get("change_id"),
                        payload=body,
                        state=state,
                        attempts=0,
                        due_at=due,
                        created_at=now,
                    )
                )
                count += 1
    return count


class Dispatcher:
    """Sends due deliveries; call :meth:`run_once` periodically (the server does)."""

    def __init__(
        self,
        engine: Engine,
        *,
        client: httpx.Client | None = None,
        max_attempts: int = 6,
        base_delay: float = 30.0,
        max_delay: float = 3600.0,
        timeout: float = 10.0,
        jitter: bool = True,
        batch: int = 50,
        allow_origins: list[str] | None = None,
    ) -> None:
        self.engine = engine
        if allow_origins is None:
            env = os.environ.get("REDLINE_WEBHOOK_ALLOW_ORIGINS", "")
            allow_origins = [o for o in env.split(",") if o.strip()]
        self.allow = frozenset(parse_origin(o) for o in allow_origins)
        self.client = client or httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        )
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.jitter = jitter
        self.batch = batch

    def close(self) -> None:
        self.client.close()

    def backoff(self, attempts: int) -> float:
        delay = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return delay * (random.uniform(0.8, 1.2) if self.jitter else 1.0)

    def flush_digests(self, now: datetime | None = None) -> int:
        """Turn queued changes whose digest is due into one delivery per webhook and story."""
        now = now or _now()
        for attempt in attempts(self.engine):
            with attempt as conn:
                rows = list(
                    conn.execute(
                        select(webhook_deliveries)
                        .where(
                            webhook_deliveries.c.state == "queued",
                            webhook_deliveries.c.due_at <= now,
                        )
                        .order_by(webhook_deliveries.c.id)
                    )
                )
                groups: dict[tuple[int, int], list[Any]] = defaultdict(list)
                for r in rows:
                    groups[(r.webhook_id, r.article_id)].append(r)
                for (hook_id, article_id), items in groups.items():
                    changes = [json.loads(r.payload) for r in items]
                    for ch in changes:
                        ch.pop("event", None)
                    payload = {
                        "event": "story.digest",
                        "story": changes[-1]["story"],
                        "changes": [
                            {k: v for k, v in ch.items() if k != "story"} for ch in changes
                        ],
                        "count": len(changes),
                    }
                    conn.execute(
                        insert(webhook_deliveries).values(
                            webhook_id=hook_id,
                            event="story.digest",
                            article_id=article_id,
                            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                            state="pending",
                            attempts=0,
                            due_at=now,
                            created_at=now,
                        )
                    )
                    conn.execute(
                        update(webhook_deliveries)
                        .where(webhook_deliveries.c.id.in_([r.id for r in items]))
                        .values(state="batched")
                    )
        return len(groups)

    def run_once(self, now: datetime | None = None) -> int:
        """Flush due digests, then attempt every due delivery once; returns attempts made."""
        self.flush_digests(now)
        now = now or _now()
        with self.engine.connect() as conn:
            due = list(
                conn.execute(
                    select(webhook_deliveries, webhooks.c.url, webhooks.c.secret)
                    .join(webhooks, webhooks.c.id == webhook_deliveries.c.webhook_id)
                    .where(
                        webhook_deliveries.c.state == "pending", webhook_deliveries.c.due_at <= now
                    )
                    .order_by(webhook_deliveries.c.due_at)
                    .limit(self.batch)
                )
            )
        for row in due:
            self._attempt(row)
        return len(due)

    def _attempt(self, row: Any) -> None:
        body = row.payload.encode("utf-8")
        ts = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "X-Redline-Event": row.event,
            "X-Redline-Delivery": str(row.id),
            "X-Redline-Timestamp": str(ts),
            "X-Redline-Signature": sign(row.secret, ts, body),
        }
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        refused = False
        try:
            check_destination_sync(row.url, self.allow)  # before any connection
            response = self.client.post(row.url, content=body, headers=headers)
            status = response.status_code
        except FetchError as exc:
            error, refused = str(exc)[:500], True
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        elapsed = (time.perf_counter() - started) * 1000
        tries = row.attempts + 1
        now = _now()
        ok = status is not None and 200 <= status < 300
        retryable = not refused and (status is None or status in (408, 429) or status >= 500)
        values: dict[str, Any] = {
            "attempts": tries,
            "last_result": f"HTTP {status}" if status else error,
        }
        if ok:
            values |= {"state": "delivered", "delivered_at": now}
        elif not retryable or tries >= self.max_attempts:
            values |= {"state": "failed"}
        else:
            values |= {"due_at": now + timedelta(seconds=self.backoff(tries))}
        for attempt in attempts(self.engine):
            with attempt as conn:
                conn.execute(
                    insert(webhook_attempts).values(
                        delivery_id=row.id,
                        attempt=tries,
                        at=now,
                        status_code=status,
                        error=error,
                        duration_ms=round(elapsed, 1),
                    )
                )
                conn.execute(
                    update(webhook_deliveries)
                    .where(webhook_deliveries.c.id == row.id)
                    .values(**values)
                )
        if not ok:
            LOG.info("webhook delivery %s to %s: %s", row.id, row.url, values["last_result"])
