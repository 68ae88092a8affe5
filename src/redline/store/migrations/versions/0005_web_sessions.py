"""Web sign-in: server-side sessions (web_sessions) and failed sign-ins (web_login_failures).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user", sa.String(100), nullable=False),
        sa.Column("created_at", Time, nullable=False),
        sa.Column("expires_at", Time, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_sessions"),
    )
    op.create_index("ix_web_sessions_expires_at", "web_sessions", ["expires_at"])
    op.create_table(
        "web_login_failures",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", Time, nullable=False),
        sa.Column("blocked_until", Time, nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_web_login_failures"),
    )
    op.create_index("ix_web_login_failures_last_at", "web_login_failures", ["last_at"])


def downgrade() -> None:
    op.drop_index("ix_web_login_failures_last_at", "web_login_failures")
    op.drop_table("web_login_failures")
    op.drop_index("ix_web_sessions_expires_at", "web_sessions")
    op.drop_table("web_sessions")
