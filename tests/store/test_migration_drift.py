"""The migrations build exactly the tables the code declares (no drift either way)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine

from redline.changes import tables as change_tables
from redline.notify import tables as notify_tables
from redline.store import (
    Store,
    schema,
    tracking_schema,  # noqa: F401  (declares the tracking tables on schema's metadata)
)
from redline.web import tables as web_tables
from tests.store.dbs import pg_url

__all__ = ["pg_url"]

# Full-text indexes and their triggers are created by raw SQL in the migrations.
_FTS = ("fts", "_search", "tsv")


def _declared() -> MetaData:
    """Every table the code declares, in one metadata."""
    combined = MetaData()
    for md in (
        schema.Base.metadata,
        change_tables.metadata,
        web_tables.metadata,
        notify_tables.metadata,
    ):
        for table in md.tables.values():
            table.to_metadata(combined)
    return combined


def _drift(url: str) -> list[Any]:
    Store.open(url).close()  # runs every migration
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(ctx, _declared())
    finally:
        engine.dispose()
    return [d for d in diffs if not _full_text(d)]


def _full_text(diff: Any) -> bool:
    """Full-text tables, indexes and triggers made by raw SQL in the migrations."""
    item = diff if isinstance(diff, tuple) else diff[0]
    if item[0] == "remove_table" and item[1].name == "alembic_version":
        return True
    name = getattr(item[1], "name", "") or ""
    return any(f in name for f in _FTS)


def test_sqlite_schema_matches_the_declared_tables(tmp_path: Path) -> None:
    assert _drift(f"sqlite:///{tmp_path / 'drift.sqlite3'}") == []


@pytest.mark.postgres
def test_postgresql_schema_matches_the_declared_tables(pg_url: str) -> None:
    assert _drift(pg_url) == []
