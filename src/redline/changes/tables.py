"""Tables of explained changes, beside the store's (created by the store's migrations).

* ``web_settings``: key/value pairs (admin password hash, cookie signing key,
  the change index's cursor).
* ``web_changes``: one row per version after the first: the change from the
  version before, explained once (summary, classes, significance) so that the
  home page, feeds and webhooks never recompute it. ``web_change_classes``
  indexes it by class.
* ``web_removed``: sentences a change deleted or edited away, for the
  "removed text" search; ``web_story_text``: the latest text of each story, for
  story search. Both are indexed by SQLite FTS5 or PostgreSQL full-text search.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text

from redline.store.schema import Time

__all__ = ["change_classes", "changes", "metadata", "removed", "settings", "story_text"]

metadata = MetaData()

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
