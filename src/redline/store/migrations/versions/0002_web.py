"""Web tables: settings, explained changes, search indexes, webhooks and their delivery log.

Full-text search uses SQLite FTS5 (external-content tables kept in step by
triggers) or PostgreSQL GIN indexes over ``to_tsvector('simple', …)``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE web_story_fts USING fts5("
    "title, body, content='web_story_text', content_rowid='article_id', tokenize='unicode61')",
    "CREATE TRIGGER web_story_text_ai AFTER INSERT ON web_story_text BEGIN "
    "INSERT INTO web_story_fts(rowid, title, body) "
    "VALUES (new.article_id, new.title, new.body); END",
    "CREATE TRIGGER web_story_text_ad AFTER DELETE ON web_story_text BEGIN "
    "INSERT INTO web_story_fts(web_story_fts, rowid, title, body) "
    "VALUES ('delete', old.article_id, old.title, old.body); END",
    "CREATE TRIGGER web_story_text_au AFTER UPDATE ON web_story_text BEGIN "
    "INSERT INTO web_story_fts(web_story_fts, rowid, title, body) "
    "VALUES ('delete', old.article_id, old.title, old.body); "
    "INSERT INTO web_story_fts(rowid, title, body) "
    "VALUES (new.article_id, new.title, new.body); END",
    "CREATE VIRTUAL TABLE web_removed_fts USING fts5("
    "text, content='web_removed', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER web_removed_ai AFTER INSERT ON web_removed BEGIN "
    "INSERT INTO web_removed_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER web_removed_ad AFTER DELETE ON web_removed BEGIN "
    "INSERT INTO web_removed_fts(web_removed_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
)

_PG_FTS = (
    "CREATE INDEX ix_web_story_text_fts ON web_story_text USING GIN "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || body))",
    "CREATE INDEX ix_web_removed_fts ON web_removed USING GIN (to_tsvector('simple', text))",
)


def upgrade() -> None:
    op.create_table(
        "web_settings",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_web_settings"),
    )
    op.create_table(
        "web_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("previous", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("seen_at", Time, nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("classes", sa.Text(), nullable=False),
        sa.Column("significance", sa.Float(), nullable=False),
        sa.Column("level", sa.String(12), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_changes"),
        sa.UniqueConstraint("version_id", name="uq_web_changes_version_id"),
    )
    op.create_index("ix_web_changes_seen", "web_changes", ["seen_at"])
    op.create_index("ix_web_changes_article", "web_changes", ["article_id", "number"])
    op.create_index("ix_web_changes_source_seen", "web_changes", ["source_id", "seen_at"])
    op.create_index("ix_web_changes_level_seen", "web_changes", ["level", "seen_at"])
    op.create_table(
        "web_change_classes",
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("cls", sa.String(40), nullable=False),
        sa.Column("seen_at", Time, nullable=True),
        sa.PrimaryKeyConstraint("change_id", "cls", name="pk_web_change_classes"),
    )
    op.create_index("ix_web_change_classes_cls_seen", "web_change_classes", ["cls", "seen_at"])
    op.create_table(
        "web_removed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_removed"),
    )
    op.create_index("ix_web_removed_change_id", "web_removed", ["change_id"])
    op.create_index("ix_web_removed_article_id", "web_removed", ["article_id"])
    op.create_table(
        "web_story_text",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_web_story_text"),
    )
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("secret", sa.String(200), nullable=False),
        sa.Column("min_level", sa.String(12), nullable=True),
        sa.Column("classes", sa.Text(), nullable=False),
        sa.Column("digest_seconds", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", Time, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_webhooks"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", Time, nullable=False),
        sa.Column("last_result", sa.Text(), nullable=True),
        sa.Column("created_at", Time, nullable=False),
        sa.Column("delivered_at", Time, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"),
    )
    op.create_index("ix_webhook_deliveries_webhook_id", "webhook_deliveries", ["webhook_id"])
    op.create_index("ix_webhook_deliveries_state_due", "webhook_deliveries", ["state", "due_at"])
    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("at", Time, nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_attempts"),
    )
    op.create_index("ix_webhook_attempts_delivery_id", "webhook_attempts", ["delivery_id"])
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": _SQLITE_FTS, "postgresql": _PG_FTS}.get(dialect, ())
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("web_story_fts", "web_removed_fts"):
            op.execute(f"DROP TABLE IF EXISTS {name}")
    for table in (
        "webhook_attempts",
        "webhook_deliveries",
        "webhooks",
        "web_story_text",
        "web_removed",
        "web_change_classes",
        "web_changes",
        "web_settings",
    ):
        op.drop_table(table)
