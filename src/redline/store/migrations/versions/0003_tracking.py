"""Live tracking: sources to read (track_sources) and the URL re-check schedule (track_urls).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "track_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("next_check_at", Time, nullable=True),
        sa.Column("last_checked_at", Time, nullable=True),
        sa.Column("etag", sa.String(500), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.String(100), nullable=True),
        sa.Column("lease_expires_at", Time, nullable=True),
        sa.Column("created_at", Time, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_track_sources"),
        sa.UniqueConstraint("name", name="uq_track_sources_name"),
        sa.UniqueConstraint("url", name="uq_track_sources_url"),
    )
    op.create_index("ix_track_sources_next_check_at", "track_sources", ["next_check_at"])
    op.create_table(
        "track_urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("published_at", Time, nullable=True),
        sa.Column("discovered_at", Time, nullable=False),
        sa.Column("next_check_at", Time, nullable=True),
        sa.Column("last_checked_at", Time, nullable=True),
        sa.Column("last_changed_at", Time, nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("etag", sa.String(500), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(32), nullable=True),
        sa.Column("html_unclosed", sa.Boolean(), nullable=False),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.String(100), nullable=True),
        sa.Column("lease_expires_at", Time, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_track_urls"),
        sa.UniqueConstraint("url", name="uq_track_urls_url"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["track_sources.id"], name="fk_track_urls_source_id_track_sources"
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_track_urls_article_id_articles"
        ),
    )
    op.create_index("ix_track_urls_source_id", "track_urls", ["source_id"])
    op.create_index("ix_track_urls_due", "track_urls", ["state", "next_check_at"])


def downgrade() -> None:
    op.drop_index("ix_track_urls_due", table_name="track_urls")
    op.drop_index("ix_track_urls_source_id", table_name="track_urls")
    op.drop_table("track_urls")
    op.drop_index("ix_track_sources_next_check_at", table_name="track_sources")
    op.drop_table("track_sources")
