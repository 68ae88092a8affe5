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
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from redline.errors import StoreError
from redline.store.dberrors import describe

__all__ = ["RETRIES", "new_id", "write", "writing"]

log = logging.getLogger(__name__)
T = TypeVar("T")
#: attempts of a unit of work that keeps losing races
RETRIES = 8
_TRANSIENT = ("locked", "deadlock", "serialize")


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
    for attempt in range(retries):
        try:
            try:
                with writing(engine) as conn:
                    return work(conn)
            except BaseException:
                if on_rollback is not None:
                    on_rollback()
                raise
        except IntegrityError as exc:
            # Another writer inserted the same row first: redo on the new state.
            if attempt == retries - 1:
                raise StoreError(f"store write failed: {describe(exc)}") from exc
            log.debug("write conflict, retrying", exc_info=True)
        except OperationalError as exc:
            transient = any(w in str(exc.orig) for w in _TRANSIENT)
            if not transient or attempt == retries - 1:
                raise StoreError(f"store write failed: {describe(exc)}") from exc
    raise AssertionError("unreachable")
