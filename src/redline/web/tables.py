"""Tables the web layer owns, beside the store's (created by the store's migrations).

The change tables (``web_settings``, ``web_changes`` and friends) belong to
:mod:`redline.changes.tables`, which writes them.

* ``webhooks``, ``webhook_deliveries``, ``webhook_attempts``: subscriptions,
  what is (to be) sent, and the log of every attempt.
* ``web_sessions``: signed-in sessions, one row each (the cookie names the row
  by a random id, stored hashed); signing out deletes the row.
* ``web_login_failures``: failed sign-ins per client address and per account
  name (both stored hashed), for the sign-in rate limit.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, MetaData, String, Table, Text

from redline.store.schema import Time, queue_columns

__all__ = [
    "login_failures",
    "metadata",
    "sessions",
    "webhook_attempts",
    "webhook_deliveries",
    "webhooks",
]

metadata = MetaData()

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
    # state: queued (waiting for its digest) | pending | delivered | failed | batched
    *queue_columns(12),
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

sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 (hex) of the cookie's session id
    Column("user", String(100), nullable=False),
    Column("created_at", Time, nullable=False),
    Column("expires_at", Time, nullable=False, index=True),
)

login_failures = Table(
    "web_login_failures",
    metadata,
    Column("key", String(64), primary_key=True),  # SHA-256 (hex) of "client:…" or "account:…"
    Column("failures", Integer, nullable=False),
    Column("last_at", Time, nullable=False, index=True),
    Column("blocked_until", Time),
)
