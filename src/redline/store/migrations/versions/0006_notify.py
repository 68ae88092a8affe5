"""Notification channels (Apprise URLs), their delivery queue and log, and archived
versions (Save Page Now snapshots).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notify_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("classes", sa.Text(), nullable=False),
        sa.Column("min_significance", sa.Float(), nullable=True),
        sa.Column("max_per_hour", sa.Integer(), nullable=True),
        sa.Column("allow_origins", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", Time, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notify_channels"),
        sa.UniqueConstraint("name", name="uq_notify_channels_name"),
    )
    op.create_table(
        "notify_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", Time, nullable=False),
        sa.Column("last_result", sa.Text(), nullable=True),
        sa.Column("remote_id", sa.String(200), nullable=True),
        sa.Column("created_at", Time, nullable=False),
        sa.Column("sent_at", Time, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notify_deliveries"),
    )
    op.create_index("ix_notify_deliveries_state_due", "notify_deliveries", ["state", "due_at"])
    op.create_index(
        "ix_notify_deliveries_channel_story", "notify_deliveries", ["channel_id", "article_id"]
    )
    op.create_index(
        "ix_notify_deliveries_channel_sent", "notify_deliveries", ["channel_id", "sent_at"]
    )
    op.create_table(
        "version_archives",
        sa.Column("version_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", Time, nullable=False),
        sa.Column("snapshot_url", sa.String(2000), nullable=True),
        sa.Column("archived_at", Time, nullable=True),
        sa.Column("last_result", sa.Text(), nullable=True),
        sa.Column("created_at", Time, nullable=False),
        sa.PrimaryKeyConstraint("version_id", name="pk_version_archives"),
    )
    op.create_index("ix_version_archives_state_due", "version_archives", ["state", "due_at"])
    op.create_index("ix_version_archives_article", "version_archives", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_version_archives_article", table_name="version_archives")
    op.drop_index("ix_version_archives_state_due", table_name="version_archives")
    op.drop_table("version_archives")
    op.drop_index("ix_notify_deliveries_channel_sent", table_name="notify_deliveries")
    op.drop_index("ix_notify_deliveries_channel_story", table_name="notify_deliveries")
    op.drop_index("ix_notify_deliveries_state_due", table_name="notify_deliveries")
    op.drop_table("notify_deliveries")
    op.drop_table("notify_channels")
