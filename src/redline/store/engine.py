"""Database engines: SQLite in WAL mode with a busy timeout, or PostgreSQL.

SQLite write transactions start with ``BEGIN IMMEDIATE`` so that a writer
waits for the lock (up to the busy timeout) instead of failing with "database
is locked" when it upgrades a read transaction. Readers never block in WAL mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url

__all__ = ["BUSY_TIMEOUT_S", "make_engine"]

BUSY_TIMEOUT_S = 120.0


def make_engine(url: str) -> Engine:
    """Create an engine for *url*, creating the SQLite file's directory if needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    kwargs: dict[str, Any] = {"pool_pre_ping": True, "future": True}
    return create_engine(url, **kwargs)


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("redline_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
