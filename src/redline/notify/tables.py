"""Tables of notification channels and archived versions (created by the store's migrations).

* ``notify_channels``: where changes are posted: an Apprise URL (a secret: never
  printed unmasked), the rules that pick changes (sources, classes, minimum
  significance), a per-hour limit and the non-public origins it may reach.
* ``notify_deliveries``: one row per change and channel, the queue and its log:
  ``pending`` (due at ``due_at``), ``sent``, ``failed`` or ``skipped`` (by a rule,
  or waited too long behind the rate limit), with the reason in ``last_result``
  and the service's id of the post in ``remote_id`` (threading).
* ``version_archives``: a Save Page Now capture asked for a stored version: the
  queue (``pending`` / ``done`` / ``failed``) and, once done, the snapshot URL and
  its time: the archived copy of that version.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, MetaData, String, Table, Text

from redline.store.schema import Time, queue_columns

__all__ = ["channels", "deliveries", "metadata", "version_archives"]

metadata = MetaData()

channels = Table(
    "notify_channels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("sources", Text, nullable=False, default=""),  # space separated names
    Column("classes", Text, nullable=False, default=""),  # space separated
    Column("min_significance", Float),
    Column("max_per_hour", Integer),
    Column("allow_origins", Text, nullable=False, default=""),  # space separated origins
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", Time, nullable=False),
)

deliveries = Table(
    "notify_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel_id", Integer, nullable=False),
    Column("change_id", Integer),
    Column("article_id", Integer),
    Column("payload", Text, nullable=False),  # the change (JSON), as the change index gave it
    *queue_columns(),  # state: pending | sent | failed | skipped
    Column("remote_id", String(1000)),  # a Bluesky post: root and own record (URI, CID)
    Column("created_at", Time, nullable=False),
    Column("sent_at", Time),
)
Index("ix_notify_deliveries_state_due", deliveries.c.state, deliveries.c.due_at)
Index("ix_notify_deliveries_channel_story", deliveries.c.channel_id, deliveries.c.article_id)
Index("ix_notify_deliveries_channel_sent", deliveries.c.channel_id, deliveries.c.sent_at)

version_archives = Table(
    "version_archives",
    metadata,
    Column("version_id", Integer, primary_key=True, autoincrement=False),
    Column("article_id", Integer, nullable=False),
    Column("url", String(2000), nullable=False),
    *queue_columns(),  # state: pending | done | failed
    Column("snapshot_url", String(2000)),
    Column("archived_at", Time),
    Column("created_at", Time, nullable=False),
)
Index("ix_version_archives_state_due", version_archives.c.state, version_archives.c.due_at)
Index("ix_version_archives_article", version_archives.c.article_id)
