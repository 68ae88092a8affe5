"""One ingest at a time groups documents without ids into stories, per store.

Grouping reads the stories already stored and then records new versions into
them or into new stories; two ingests doing that at once would each miss the
other's new stories and split a story in two. So the grouping step runs under
a lock that spans processes and machines:

* PostgreSQL: a session advisory lock, held on a connection of its own;
* SQLite: an exclusive ``flock`` on a file next to the database
  (``<database>-stories.lock``), which is left in place.

Both are released by the operating system or the server when the process
dies, so ``kill -9`` leaves no stale lock. The wait has no time limit: the
other ingest is working and will finish.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from redline.errors import StoreError
from redline.store import Store

__all__ = ["STORIES_LOCK_KEY", "story_lock"]

#: The PostgreSQL advisory lock key of story grouping ("redline" "story" as a 64-bit number).
STORIES_LOCK_KEY = 0x7265646C_73746F72


@contextlib.contextmanager
def story_lock(store: Store) -> Iterator[None]:
    """Hold the story-grouping lock of *store* for the ``with`` block."""
    engine = store.engine
    if engine.dialect.name == "postgresql":
        try:
            conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({STORIES_LOCK_KEY})")
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot take the story lock: {reason}") from exc
        with conn:
            try:
                yield
            finally:
                with contextlib.suppress(SQLAlchemyError):  # a lost connection frees it too
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({STORIES_LOCK_KEY})")
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield  # one process only (in memory), or a URI we do not lock beside
        return
    try:
        import fcntl
    except ImportError:  # no flock (Windows): concurrent ingests may split stories
        yield
        return
    path = Path(database).expanduser()
    lock = path.with_name(path.name + "-stories.lock")
    try:
        fh = open(lock, "a+b")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise StoreError(f"cannot open the story lock {lock}: {exc.strerror or exc}") from exc
    with fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
