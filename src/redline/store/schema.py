"""The store's tables (SQLAlchemy 2 declarative models).

The schema changes only through Alembic migrations (``store/migrations``); a
test checks that these models and the migrated database agree. See
``docs/data-model.md`` for what every column means.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Article",
    "Base",
    "Blob",
    "Capture",
    "ComparisonRow",
    "Source",
    "Time",
    "Version",
    "articles",
    "blobs",
    "captures",
    "comparisons",
    "queue_columns",
    "sources",
    "versions",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Time = DateTime(timezone=True)


def queue_columns(state_size: int = 10) -> tuple[Column[Any], ...]:
    """The columns of a queue of work retried until done: ``state``, ``attempts``,
    ``due_at`` (the next try) and ``last_result``."""
    return (
        Column("state", String(state_size), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("due_at", Time, nullable=False),
        Column("last_result", Text),
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Source(Base):
    """An outlet (``bbc.co.uk``) or an origin of files (``files``)."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    homepage: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(Time)


class Article(Base):
    """One article (or story) whose versions are tracked."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    external_id: Mapped[str | None] = mapped_column(String(500), index=True)
    story: Mapped[str | None] = mapped_column(String(200), index=True)
    grouping: Mapped[str] = mapped_column(String(20))
    order_method: Mapped[str | None] = mapped_column(String(20))
    order_confidence: Mapped[float | None] = mapped_column(Float)
    title: Mapped[str | None] = mapped_column(Text)
    version_count: Mapped[int] = mapped_column(Integer, default=0)
    flipflops: Mapped[int] = mapped_column(Integer, default=0)
    current_version_id: Mapped[int | None] = mapped_column(Integer)
    first_seen: Mapped[datetime | None] = mapped_column(Time)
    last_seen: Mapped[datetime | None] = mapped_column(Time, index=True)
    created_at: Mapped[datetime] = mapped_column(Time)


class Blob(Base):
    """Raw captured bytes (HTML, WARC payloads), stored once by SHA-256, compressed."""

    __tablename__ = "blobs"
    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    codec: Mapped[str] = mapped_column(String(10))
    media_type: Mapped[str | None] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(Time)


class Version(Base):
    """A meaningfully different text of an article.

    ``layout`` lists, in order, the article-level text units of the body (see
    ``store/textpack.py``); ``pack`` holds the units this version introduced,
    compressed. Units are content-addressed within the article: each distinct
    sentence is stored once however many versions use it.
    """

    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint("article_id", "number", name="uq_versions_article_number"),
        UniqueConstraint("article_id", "content_hash", name="uq_versions_article_hash"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(32), index=True)
    first_seen: Mapped[datetime | None] = mapped_column(Time)
    last_seen: Mapped[datetime | None] = mapped_column(Time)
    seen_count: Mapped[int] = mapped_column(Integer, default=1)
    published: Mapped[datetime | None] = mapped_column(Time)
    updated: Mapped[datetime | None] = mapped_column(Time)
    headline: Mapped[str | None] = mapped_column(Text)
    standfirst: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    extractor: Mapped[str | None] = mapped_column(String(100))
    extractor_version: Mapped[str | None] = mapped_column(String(50))
    layout: Mapped[bytes] = mapped_column(LargeBinary)
    pack: Mapped[bytes | None] = mapped_column(LargeBinary)
    unit_count: Mapped[int] = mapped_column(Integer, default=0)
    text_bytes: Mapped[int] = mapped_column(Integer, default=0)
    raw_blob: Mapped[str | None] = mapped_column(ForeignKey("blobs.hash"))
    origin: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Time)


class Capture(Base):
    """One observation of an article: a new version, a re-fetch ("seen") or a flip-flop."""

    __tablename__ = "captures"
    __table_args__ = (
        UniqueConstraint("article_id", "seen_at", "content_hash", name="uq_captures_observation"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    seen_at: Mapped[datetime | None] = mapped_column(Time)
    kind: Mapped[str] = mapped_column(String(10))
    content_hash: Mapped[str] = mapped_column(String(32))
    raw_blob: Mapped[str | None] = mapped_column(ForeignKey("blobs.hash"))
    origin: Mapped[str | None] = mapped_column(Text)


class ComparisonRow(Base):
    """Cached comparison of two versions (recomputable from their texts)."""

    __tablename__ = "comparisons"
    __table_args__ = (
        UniqueConstraint("old_version_id", "new_version_id", name="uq_comparisons_pair"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    old_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    new_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    engine: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    classes: Mapped[str] = mapped_column(Text)
    counts: Mapped[str] = mapped_column(Text)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(Time)
    #: the web's diff bodies drawn from ``data`` when it was stored (see redline.web.drawn)
    drawn: Mapped[bytes | None] = mapped_column(LargeBinary)


Index("ix_captures_article_seen", Capture.article_id, Capture.seen_at)


# The tables themselves, typed as tables (``Model.__table__`` is typed as any FromClause).
sources = cast(Table, Source.__table__)
articles = cast(Table, Article.__table__)
blobs = cast(Table, Blob.__table__)
versions = cast(Table, Version.__table__)
captures = cast(Table, Capture.__table__)
comparisons = cast(Table, ComparisonRow.__table__)
