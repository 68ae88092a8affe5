"""Write transactions: the one way Redline writes to a store.

:func:`writing` opens a write transaction that takes the lock up front
(``BEGIN IMMEDIATE`` on SQLite, see :mod:`redline.store.engine`), so a writer
waits for another instead of failing when it upgrades a read transaction.
:func:`write` runs a unit of work in such a transaction and retries it when it
loses a race (a unique constraint another writer satisfied first, a lock or
deadlock), like datasette's ``execute_write_fn``: the work is a function, so it
can be run again on the new state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Column, insert, update
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from redline.errors import StoreError
from redline.store.dberrors import describe

__all__ = ["RETRIES", "Attempt", "attempts", "new_id", "upsert", "write", "writing"]

log = logging.getLogger(__name__)
T = TypeVar("T")
#: attempts of a unit of work that keeps losing races
RETRIES = 8
_TRANSIENT = ("locked", "deadlock", "serialize")


def upsert(conn: Connection, key: Column[Any], at: object, /, **values: Any) -> None:
    """Set *values* in the row of *key*'s table whose *key* is *at*, inserting it if missing."""
    if not conn.execute(update(key.table).where(key == at).values(**values)).rowcount:
        conn.execute(insert(key.table).values({key.name: at, **values}))


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row a single-row ``INSERT`` just added."""
    key = result.inserted_primary_key
    if key is None:  # only for statements that are not a single-row insert
        raise RuntimeError("the statement inserted no row")
    return int(key[0])


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that takes the write lock up front."""
    with engine.connect() as conn:
        conn = conn.execution_options(redline_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SET LOCAL lock_timeout = '120s'")
            yield conn


class Attempt:
    """One try of a write transaction (see :func:`attempts`)."""

    def __init__(
        self, engine: Engine, *, last: bool, on_rollback: Callable[[], None] | None
    ) -> None:
        self._engine = engine
        self._last = last
        self._on_rollback = on_rollback
        self._cm: AbstractContextManager[Connection] | None = None
        self.done = False

    def __enter__(self) -> Connection:
        self._cm = writing(self._engine)
        return self._cm.__enter__()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        assert self._cm is not None
        failed: BaseException | None = None
        try:
            self._cm.__exit__(kind, exc, tb)  # commits, or rolls back on an exception
        except BaseException as error:  # the commit itself failed
            failed = exc = error
        if exc is None:
            self.done = True
            return False
        if self._on_rollback is not None:
            self._on_rollback()
        if isinstance(exc, IntegrityError):
            # Another writer inserted the same row first: redo on the new state.
            if self._last:
                raise StoreError(f"store write failed: {describe(exc)}") from exc
            log.debug("write conflict, retrying", exc_info=exc)
            return True
        if isinstance(exc, OperationalError):
            transient = any(w in str(exc.orig) for w in _TRANSIENT)
            if not transient or self._last:
                raise StoreError(f"store write failed: {describe(exc)}") from exc
            return True
        if failed is not None:
            raise failed
        return False


def attempts(
    engine: Engine, *, retries: int = RETRIES, on_rollback: Callable[[], None] | None = None
) -> Iterator[Attempt]:
    """Tries of one write transaction, redone while it loses races::

        for attempt in attempts(engine):
            with attempt as conn:
                ...  # the unit of work; a lost race runs it again on the new state

    Other errors propagate unchanged; the last lost race ends as :class:`StoreError`.
    """
    for k in range(retries):
        attempt = Attempt(engine, last=k == retries - 1, on_rollback=on_rollback)
        yield attempt
        if attempt.done:
            return


def write(
    engine: Engine,
    work: Callable[[Connection], T],
    *,
    retries: int = RETRIES,
    on_rollback: Callable[[], None] | None = None,
) -> T:
    """Run *work* in a write transaction; redo it when it loses a race.

    *on_rollback* is called whenever an attempt is rolled back (to drop caches
    that may hold rows of that transaction). Failures end as :class:`StoreError`.
    """
    for attempt in attempts(engine, retries=retries, on_rollback=on_rollback):
        with attempt as conn:
            return work(conn)
    raise AssertionError("unreachable")
