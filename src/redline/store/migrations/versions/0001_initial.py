"""Initial schema: sources, articles, versions, captures, blobs, comparisons.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("homepage", sa.String(2000), nullable=True),
        sa.Column("created_at", Time, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("name", name="uq_sources_name"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(2000), nullable=True),
        sa.Column("external_id", sa.String(500), nullable=True),
        sa.Column("story", sa.String(200), nullable=True),
        sa.Column("grouping", sa.String(20), nullable=False),
        sa.Column("order_method", sa.String(20), nullable=True),
        sa.Column("order_confidence", sa.Float(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("version_count", sa.Integer(), nullable=False),
        sa.Column("flipflops", sa.Integer(), nullable=False),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.Column("first_seen", Time, nullable=True),
        sa.Column("last_seen", Time, nullable=True),
        sa.Column("created_at", Time, nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_articles_source_id_sources"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("key", name="uq_articles_key"),
    )
    op.create_index("ix_articles_source_id", "articles", ["source_id"])
    op.create_index("ix_articles_url", "articles", ["url"])
    op.create_index("ix_articles_external_id", "articles", ["external_id"])
    op.create_index("ix_articles_story", "articles", ["story"])
    op.create_index("ix_articles_last_seen", "articles", ["last_seen"])
    op.create_table(
        "blobs",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("codec", sa.String(10), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", Time, nullable=False),
        sa.PrimaryKeyConstraint("hash", name="pk_blobs"),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("first_seen", Time, nullable=True),
        sa.Column("last_seen", Time, nullable=True),
        sa.Column("seen_count", sa.Integer(), nullable=False),
        sa.Column("published", Time, nullable=True),
        sa.Column("updated", Time, nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("standfirst", sa.Text(), nullable=True),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("extractor", sa.String(100), nullable=True),
        sa.Column("extractor_version", sa.String(50), nullable=True),
        sa.Column("layout", sa.LargeBinary(), nullable=False),
        sa.Column("pack", sa.LargeBinary(), nullable=True),
        sa.Column("unit_count", sa.Integer(), nullable=False),
        sa.Column("text_bytes", sa.Integer(), nullable=False),
        sa.Column("raw_blob", sa.String(64), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("created_at", Time, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_versions_article_id_articles"
        ),
        sa.ForeignKeyConstraint(["raw_blob"], ["blobs.hash"], name="fk_versions_raw_blob_blobs"),
        sa.PrimaryKeyConstraint("id", name="pk_versions"),
        sa.UniqueConstraint("article_id", "number", name="uq_versions_article_number"),
        sa.UniqueConstraint("article_id", "content_hash", name="uq_versions_article_hash"),
    )
    op.create_index("ix_versions_content_hash", "versions", ["content_hash"])
    op.create_table(
        "captures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", Time, nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("raw_blob", sa.String(64), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_captures_article_id_articles"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name="fk_captures_version_id_versions"
        ),
        sa.ForeignKeyConstraint(["raw_blob"], ["blobs.hash"], name="fk_captures_raw_blob_blobs"),
        sa.PrimaryKeyConstraint("id", name="pk_captures"),
        sa.UniqueConstraint(
            "article_id", "seen_at", "content_hash", name="uq_captures_observation"
        ),
    )
    op.create_index("ix_captures_version_id", "captures", ["version_id"])
    op.create_index("ix_captures_article_seen", "captures", ["article_id", "seen_at"])
    op.create_table(
        "comparisons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("old_version_id", sa.Integer(), nullable=False),
        sa.Column("new_version_id", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("classes", sa.Text(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", Time, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_comparisons_article_id_articles"
        ),
        sa.ForeignKeyConstraint(
            ["old_version_id"], ["versions.id"], name="fk_comparisons_old_version_id_versions"
        ),
        sa.ForeignKeyConstraint(
            ["new_version_id"], ["versions.id"], name="fk_comparisons_new_version_id_versions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_comparisons"),
        sa.UniqueConstraint("old_version_id", "new_version_id", name="uq_comparisons_pair"),
    )
    op.create_index("ix_comparisons_article_id", "comparisons", ["article_id"])
    op.create_index("ix_comparisons_new_version_id", "comparisons", ["new_version_id"])


def downgrade() -> None:
    for table in ("comparisons", "captures", "versions", "blobs", "articles", "sources"):
        op.drop_table(table)
