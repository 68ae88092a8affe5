"""Databases for store tests: a fresh SQLite file, or a throwaway PostgreSQL database.

The PostgreSQL database is created once per test session with a unique name on
the server at 127.0.0.1:5432 (user postgres) and dropped at the end; each test
starts from empty tables. When no server answers the PostgreSQL variants are
skipped with a message saying so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from redline.store import Store

PG_SERVER = os.environ.get("REDLINE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


def _pg_admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")


def pg_available() -> str | None:
    """None when a PostgreSQL server answers, else the reason it does not."""
    try:
        engine = _pg_admin_engine()
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"no PostgreSQL server at 127.0.0.1:5432 ({type(exc).__name__}); skipped"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """One throwaway PostgreSQL database for the whole test session."""
    with throwaway_pg() as url:
        yield url


def empty_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        if tables:
            conn.execute(
                text(
                    "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
                )
            )
    engine.dispose()


def open_store(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    if kind == "sqlite":
        return Store.open(str(tmp_path / "store.sqlite3"))
    url = request.getfixturevalue("pg_url")
    store = Store.open(url)  # migrates on first use
    empty_pg(url)
    return store


@contextmanager
def throwaway_pg() -> Iterator[str]:
    """A PostgreSQL database of its own (created, then dropped): for tests that damage
    a store. Skips when no server answers."""
    reason = pg_available()
    if reason:
        pytest.skip(reason)
    name = f"redline_test_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
