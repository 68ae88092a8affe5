"""The notifications section of ``redline health``: per channel what was sent, failed,
skipped and is waiting, the last error, and whether it is failing now; the
archive queue likewise. URLs are masked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from redline.notify.channels import list_channels
from redline.notify.queue import counts_by_state
from redline.notify.tables import deliveries, version_archives

__all__ = ["notifications_report"]


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat().replace("+00:00", "Z")


def notifications_report(engine: Engine, *, now: datetime | None = None) -> dict[str, Any]:
    """JSON-ready state of channels and archiving (the last 24 hours, and what waits)."""
    now = now or datetime.now(UTC)
    day = counts_by_state(engine, now - timedelta(days=1))
    out: list[dict[str, Any]] = []
    with engine.connect() as conn:
        waiting: dict[int, int] = dict(
            conn.execute(
                select(deliveries.c.channel_id, func.count())
                .where(deliveries.c.state == "pending")
                .group_by(deliveries.c.channel_id)
            ).all()
        )
        for ch in list_channels(engine):
            last_sent = conn.execute(
                select(func.max(deliveries.c.sent_at)).where(
                    deliveries.c.channel_id == ch.id, deliveries.c.state == "sent"
                )
            ).scalar()
            trouble = conn.execute(
                select(deliveries.c.state, deliveries.c.last_result, deliveries.c.attempts)
                .where(
                    deliveries.c.channel_id == ch.id,
                    deliveries.c.state.in_(("sent", "failed", "pending")),
                    deliveries.c.attempts > 0,
                )
                .order_by(deliveries.c.id.desc())
                .limit(1)
            ).first()
            failing = trouble is not None and trouble.state != "sent"
            counts = day.get(ch.id, {})
            out.append(
                {
                    "name": ch.name,
                    "url": ch.masked(),
                    "active": ch.active,
                    "pending": int(waiting.get(ch.id, 0)),
                    "sent_24h": counts.get("sent", 0),
                    "failed_24h": counts.get("failed", 0),
                    "skipped_24h": counts.get("skipped", 0),
                    "last_sent_at": _iso(last_sent),
                    "failing": failing,
                    "last_error": trouble.last_result if failing and trouble else None,
                }
            )
        archive: dict[str, int] = dict(
            conn.execute(
                select(version_archives.c.state, func.count()).group_by(version_archives.c.state)
            ).all()
        )
        last_done = conn.execute(select(func.max(version_archives.c.archived_at))).scalar()
        last_failed = conn.execute(
            select(version_archives.c.url, version_archives.c.last_result)
            .where(version_archives.c.state == "failed")
            .order_by(version_archives.c.created_at.desc())
            .limit(1)
        ).first()
    return {
        "channels": out,
        "failing": [c["name"] for c in out if c["failing"]],
        "archive": {
            "pending": int(archive.get("pending", 0)),
            "done": int(archive.get("done", 0)),
            "failed": int(archive.get("failed", 0)),
            "last_archived_at": _iso(last_done),
            "last_failure": (
                {"url": last_failed.url, "error": last_failed.last_result} if last_failed else None
            ),
        },
    }
