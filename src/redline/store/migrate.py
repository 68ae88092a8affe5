"""Run the store's Alembic migrations (automatically, when a store is opened).

Concurrent openers are serialised: a lock file beside a SQLite database, an
advisory lock on PostgreSQL. When the database is already at the head revision
nothing is loaded from Alembic, so opening a store stays fast (and works on a
read-only store).

Nothing is changed, and a :class:`~redline.errors.StoreError` says why, when

* the store records a schema revision this Redline does not know (a newer
  Redline made or upgraded it);
* a SQLite file holds tables but no recorded revision (not a Redline store);
* the store is read-only and older than this Redline;
* an upgrade fails, for instance because the recorded revision is behind the
  tables (``already exists``): the upgrade runs in one transaction and is
  rolled back.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from redline.errors import StoreError
from redline.store.engine import is_read_only

__all__ = ["HEAD", "KNOWN", "current_revision", "upgrade"]

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Every revision shipped with this version of Redline, oldest first.
KNOWN = tuple(sorted(p.name[:4] for p in (_MIGRATIONS / "versions").glob("[0-9]*_*.py")))
#: The newest migration shipped with this version of Redline.
HEAD = KNOWN[-1]
_PG_LOCK_KEY = 0x7265646C  # "redl"


def current_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, or ``None`` for an empty database."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind *engine* to *revision* (default: the newest)."""
    with engine.connect() as conn:
        current = _checked_revision(conn, engine)
        conn.rollback()
    if revision == "head" and current == HEAD:
        return
    if is_read_only(engine):
        raise StoreError(
            f"the store at {_where(engine)} is read-only and at schema revision "
            f"{current or 'none (empty)'}, but this Redline needs {HEAD}: open it once "
            "with write access to upgrade it"
        )
    with _lock(engine), engine.connect() as conn:
        current = _checked_revision(conn, engine)
        conn.rollback()
        if revision == "head" and current == HEAD:
            return
        _run_alembic(conn, revision, current, engine)


def _checked_revision(conn: Connection, engine: Engine) -> str | None:
    current = current_revision(conn)
    if current is not None and current not in KNOWN:
        from redline import __version__

        raise StoreError(
            f"the store at {_where(engine)} has schema revision {current!r}, which this "
            f"Redline ({__version__}, schema revisions up to {HEAD}) does not know: it was "
            "made or upgraded by a newer Redline. Upgrade Redline to use this store; "
            "nothing was changed"
        )
    if current is None and engine.dialect.name == "sqlite":
        tables = [t for t in inspect(conn).get_table_names() if not t.startswith("sqlite_")]
        if tables:
            raise StoreError(
                f"the database at {_where(engine)} holds tables ({', '.join(sorted(tables)[:5])}"
                f"{', …' if len(tables) > 5 else ''}) but no Redline schema revision: it is "
                "not a Redline store, or its alembic_version table was lost; nothing was changed"
            )
    return current


def _run_alembic(conn: Connection, revision: str, current: str | None, engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = conn
    try:
        if conn.dialect.name == "postgresql":
            # A large store may take a while to migrate: no statement timeout here.
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
        command.upgrade(cfg, revision)
        conn.commit()
    except (DBAPIError, CommandError) as exc:
        conn.rollback()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        hint = ""
        if "already exists" in reason:
            hint = (
                f"; the revision recorded in the store ({current or 'none'}) is behind its "
                "tables (was the alembic_version table reset, or were tables restored from "
                "a newer copy?)"
            )
        raise StoreError(
            f"cannot upgrade the store at {_where(engine)} from schema revision "
            f"{current or 'none (empty)'} to {HEAD if revision == 'head' else revision}: "
            f"{reason}{hint}; nothing was changed"
        ) from exc


def _where(engine: Engine) -> str:
    if engine.dialect.name == "sqlite" and engine.url.database:
        return engine.url.database
    return engine.url.render_as_string(hide_password=True)


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
            # Waiting for another process's migration is not a stuck statement.
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
    else:
        yield
