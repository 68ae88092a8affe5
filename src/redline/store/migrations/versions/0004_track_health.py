"""Tracker health: since when a URL or source has been failing, and flip-flop counts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("track_urls") as batch:
        batch.add_column(sa.Column("failing_since", Time, nullable=True))
        batch.add_column(sa.Column("flipflops", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("track_sources") as batch:
        batch.add_column(sa.Column("failing_since", Time, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("track_sources") as batch:
        batch.drop_column("failing_since")
    with op.batch_alter_table("track_urls") as batch:
        batch.drop_column("flipflops")
        batch.drop_column("failing_since")
