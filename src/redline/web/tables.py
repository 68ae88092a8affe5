"""Tables the web layer owns, beside the store's (created by the store's migrations).

* ``web_settings``: key/value pairs (admin password hash, cookie signing key,
  indexer cursor).
* ``web_changes``: one row per version after the first: the change from the
  version before, explained once (summary, classes, significance) so that the
  home page, feeds and webhooks never recompute it. ``web_change_classes``
  indexes it by class.
* ``web_removed``: sentences a change deleted or edited away, for the
  "removed text" search; ``web_story_text``: the latest text of each story, for
  story search. Both are indexed by SQLite FTS5 or PostgreSQL full-text search.
* ``webhooks``, ``webhook_deliveries``, ``webhook_attempts``: subscriptions,
  what is (to be) sent, and the log of every attempt.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Connection, CursorResult, Engine

__all__ = [
    "change_classes",
    "changes",
    "metadata",
    "new_id",
    "removed",
    "settings",
    "story_text",
    "webhook_attempts",
    "webhook_deliveries",
    "webhooks",
    "writing",
]

metadata = MetaData()
Time = DateTime(timezone=True)

settings = Table(
    "web_settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

changes = Table(
    "web_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, nullable=False),
    Column("version_id", Integer, nullable=False, unique=True),
    Column("previous_version_id", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("previous", Integer, nullable=False),
    Column("source_id", Integer),
    Column("seen_at", Time),
    Column("summary", Text, nullable=False),
    Column("classes", Text, nullable=False),  # space separated, most newsworthy first
    Column("significance", Float, nullable=False),
    Column("level", String(12), nullable=False),
    Column("counts", Text, nullable=False),  # JSON
    Column("headline", Text),
)
Index("ix_web_changes_seen", changes.c.seen_at)
Index("ix_web_changes_article", changes.c.article_id, changes.c.number)
Index("ix_web_changes_source_seen", changes.c.source_id, changes.c.seen_at)
Index("ix_web_changes_level_seen", changes.c.level, changes.c.seen_at)

change_classes = Table(
    "web_change_classes",
    metadata,
    Column("change_id", Integer, primary_key=True),
    Column("cls", String(40), primary_key=True),
    Column("seen_at", Time),
)
Index("ix_web_change_classes_cls_seen", change_classes.c.cls, change_classes.c.seen_at)

removed = Table(
    "web_removed",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("change_id", Integer, nullable=False, index=True),
    Column("article_id", Integer, nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("anchor", String(20), nullable=False),
    Column("text", Text, nullable=False),
)

story_text = Table(
    "web_story_text",
    metadata,
    Column("article_id", Integer, primary_key=True),
    Column("title", Text),
    Column("body", Text, nullable=False),
)

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2000), nullable=False),
    Column("secret", String(200), nullable=False),
    Column("min_level", String(12)),
    Column("classes", Text, nullable=False, default=""),
    Column("digest_seconds", Integer, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", Time, nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("webhook_id", Integer, nullable=False, index=True),
    Column("event", String(40), nullable=False),
    Column("article_id", Integer),
    Column("change_id", Integer),
    Column("payload", Text, nullable=False),
    # queued (waiting for its digest) | pending | delivered | failed | batched
    Column("state", String(12), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("due_at", Time, nullable=False),
    Column("last_result", Text),
    Column("created_at", Time, nullable=False),
    Column("delivered_at", Time),
)
Index("ix_webhook_deliveries_state_due", webhook_deliveries.c.state, webhook_deliveries.c.due_at)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("delivery_id", Integer, nullable=False, index=True),
    Column("attempt", Integer, nullable=False),
    Column("at", Time, nullable=False),
    Column("status_code", Integer),
    Column("error", Text),
    Column("duration_ms", Float),
)


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row a single-row ``INSERT`` just added."""
    key = result.inserted_primary_key
    if key is None:  # only for statements that are not a single-row insert
        raise RuntimeError("the statement inserted no row")
    return int(key[0])


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that takes the write lock up front (``BEGIN IMMEDIATE`` on SQLite).

    A deferred transaction that reads first and writes later can fail at once with
    "database is locked" when another writer committed in between; this one waits.
    """
    with engine.connect() as conn:
        conn.execution_options(redline_write=True)
        with conn.begin():
            yield conn
