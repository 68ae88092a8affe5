"""Deliveries keep longer ids of the posts they made: a Bluesky post is named by its
thread's root record and its own (URI and content id of each), up to 1000 characters.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notify_deliveries") as batch:
        batch.alter_column(
            "remote_id", existing_type=sa.String(200), type_=sa.String(1000), existing_nullable=True
        )


def downgrade() -> None:
    with op.batch_alter_table("notify_deliveries") as batch:
        batch.alter_column(
            "remote_id", existing_type=sa.String(1000), type_=sa.String(200), existing_nullable=True
        )
