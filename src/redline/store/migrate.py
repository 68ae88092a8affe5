"""Run the store's Alembic migrations (automatically, when a store is opened).

Concurrent openers are serialised: a lock file beside a SQLite database, an
advisory lock on PostgreSQL. When the database is already at the head revision
nothing is loaded from Alembic, so opening a store stays fast.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

__all__ = ["HEAD", "current_revision", "upgrade"]

#: The newest migration shipped with this version of Redline.
HEAD = "0005"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK_KEY = 0x7265646C  # "redl"


def current_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, or ``None`` for an empty database."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind *engine* to *revision* (default: the newest)."""
    with engine.connect() as conn:
        if revision == "head" and current_revision(conn) == HEAD:
            conn.rollback()
            return
        conn.rollback()
    with _lock(engine), engine.connect() as conn:
        if revision == "head" and current_revision(conn) == HEAD:
            conn.rollback()
            return
        conn.rollback()
        _run_alembic(conn, revision)


def _run_alembic(conn: Connection, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)
    conn.commit()


@contextmanager
def _lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":
            yield
            return
        lock_path = Path(database).expanduser().with_name(Path(database).name + ".migrate-lock")
        with lock_path.open("a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    elif engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
    else:
        yield
