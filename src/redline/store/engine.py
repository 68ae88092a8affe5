"""Database engines: SQLite in WAL mode with a busy timeout, or PostgreSQL with timeouts.

SQLite write transactions start with ``BEGIN IMMEDIATE`` so that a writer
waits for the lock (up to the busy timeout) instead of failing with "database
is locked" when it upgrades a read transaction. Readers never block in WAL mode.

A SQLite file is checked before it is opened: a directory or a file that is not
a SQLite database is refused without being touched. A file this process may not
write (the file or its directory is read-only) is opened read-only, so a store
can be read from a read-only copy or mount.

PostgreSQL connections get a connect timeout and a statement timeout, so that a
server that accepts connections but never answers cannot hang a command for
ever. Both can be set in the URL: ``?connect_timeout=SECONDS`` and
``?statement_timeout=MILLISECONDS`` (or a PostgreSQL duration such as ``30s``;
``0`` turns it off).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import NoSuchModuleError

from redline.errors import StoreError

__all__ = [
    "BUSY_TIMEOUT_S",
    "CONNECT_TIMEOUT_S",
    "STATEMENT_TIMEOUT_MS",
    "is_read_only",
    "make_engine",
    "sqlite_path",
]

BUSY_TIMEOUT_S = 120.0
#: PostgreSQL: give up connecting after this long (``?connect_timeout=`` in the URL).
CONNECT_TIMEOUT_S = 10
#: PostgreSQL: cancel any statement running longer (``?statement_timeout=`` in the URL).
#: Longer than the 120 s lock timeout of writes, so that a write waiting for a lock
#: fails with the clearer lock message first. Migrations run without it.
STATEMENT_TIMEOUT_MS = 300_000
_SQLITE_MAGIC = b"SQLite format 3\x00"
_READ_ONLY = "redline_read_only"


def make_engine(url: str) -> Engine:
    """Create an engine for *url*, creating the SQLite file's directory if needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(url)
    return create_engine(url, pool_pre_ping=True)


def is_read_only(engine: Engine) -> bool:
    """Whether *engine* was opened read-only (a SQLite file this process cannot write)."""
    return bool(engine.get_execution_options().get(_READ_ONLY))


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or ``None`` (not SQLite, or a ``file:`` URI)."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    read_only = False
    kwargs: dict[str, Any] = {}
    if path is not None:
        read_only = _check_sqlite_file(path)
    connect_args = {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
    if read_only and path is not None:
        kwargs["creator"] = _read_only_connector(path.absolute(), connect_args)
        kwargs["execution_options"] = {_READ_ONLY: True}
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if path is not None and not read_only and _ours_or_empty(cursor):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("redline_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _ours_or_empty(cursor: Any) -> bool:
    """Whether the database is new or a Redline store: another program's database is
    not switched to WAL (opening it must change nothing; migrate refuses it)."""
    tables = {r[0] for r in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return not tables or "alembic_version" in tables


def _check_sqlite_file(path: Path) -> bool:
    """Refuse what cannot be a store; create the directory of a new one.

    Returns whether an existing store must be opened read-only."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a store file")
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the directory of the store {path}: {exc}") from exc
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror or exc}") from exc
    if head and head != _SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a Redline store (not a SQLite database); it was left untouched"
        )
    directory = path.absolute().parent
    return not os.access(path, os.W_OK) or not os.access(directory, os.W_OK | os.X_OK)


def _read_only_connector(path: Path, connect_args: dict[str, Any]) -> Any:
    uri = f"file:{quote(str(path))}?mode=ro"

    def connect() -> sqlite3.Connection:
        con = sqlite3.connect(uri, uri=True, **connect_args)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            # A WAL database in a directory we cannot write: SQLite cannot create the
            # shared-memory file, so read the file as it is (nothing can be writing it
            # now, or that file would exist).
            if not getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
                raise
            con.close()
            con = sqlite3.connect(f"{uri}&immutable=1", uri=True, **connect_args)
        return con

    return connect


def _postgresql_engine(url: str) -> Engine:
    parsed = make_url(url)
    query = dict(parsed.query)
    statement_timeout = query.pop("statement_timeout", None)
    if isinstance(statement_timeout, tuple):
        statement_timeout = statement_timeout[-1]
    options = query.pop("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "statement_timeout" not in options:
        value = STATEMENT_TIMEOUT_MS if statement_timeout is None else statement_timeout
        options = f"{options} -c statement_timeout={value}".strip()
    connect_args["options"] = options
    parsed = parsed.set(query=query)
    try:
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (ImportError, NoSuchModuleError) as exc:
        raise StoreError(
            "a PostgreSQL store needs psycopg 3, which is not installed: "
            "pip install 'redline[postgres]' (or 'psycopg[binary]')"
        ) from exc
