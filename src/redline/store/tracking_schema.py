"""Tables of the live tracker: sources to read and the re-check schedule of every URL.

``track_sources``: the feeds and sitemaps to read (``redline source add``),
with their options and their own read schedule. ``track_urls``: every article
URL found, when to check it next, what the last check said (ETag,
Last-Modified, status, failures) and who is checking it now: a *lease*
(``lease_owner``, ``lease_expires_at``) taken with ``SELECT … FOR UPDATE SKIP
LOCKED`` on PostgreSQL, so several watchers can share one database; a lease
whose holder died expires and the work is picked up by another watcher.

:class:`redline.store.tracking.TrackingRepo` is the only code that writes these tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from redline.store.schema import Base, Time

__all__ = ["TrackSource", "TrackUrl", "track_sources", "track_urls"]


class TrackSource(Base):
    """A feed or sitemap the tracker reads to find articles."""

    __tablename__ = "track_sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    options: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_check_at: Mapped[datetime | None] = mapped_column(Time, index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(Time)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    failing_since: Mapped[datetime | None] = mapped_column(Time)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[datetime | None] = mapped_column(Time)
    created_at: Mapped[datetime] = mapped_column(Time)


class TrackUrl(Base):
    """One article URL and its re-check schedule."""

    __tablename__ = "track_urls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("track_sources.id"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    state: Mapped[str] = mapped_column(String(10))
    published_at: Mapped[datetime | None] = mapped_column(Time)
    discovered_at: Mapped[datetime] = mapped_column(Time)
    next_check_at: Mapped[datetime | None] = mapped_column(Time)
    last_checked_at: Mapped[datetime | None] = mapped_column(Time)
    last_changed_at: Mapped[datetime | None] = mapped_column(Time)
    last_status: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str | None] = mapped_column(String(32))
    html_unclosed: Mapped[bool] = mapped_column(Boolean, default=False)
    checks: Mapped[int] = mapped_column(Integer, default=0)
    changes: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    failing_since: Mapped[datetime | None] = mapped_column(Time)
    flipflops: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[datetime | None] = mapped_column(Time)


Index("ix_track_urls_due", TrackUrl.state, TrackUrl.next_check_at)

track_sources = cast(Table, TrackSource.__table__)
track_urls = cast(Table, TrackUrl.__table__)
