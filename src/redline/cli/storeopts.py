"""The ``--db`` option shared by the commands that use the version store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

__all__ = ["db_option", "format_time", "open_store"]

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        metavar="URL|PATH",
        envvar="REDLINE_DATABASE_URL",
        default=None,
        help="Store database: a SQLAlchemy URL or a SQLite file path "
        "(default: $REDLINE_DATABASE_URL, else redline.sqlite3 in $REDLINE_HOME "
        "or ~/.local/share/redline).",
    )(func)


def open_store(db: str | None, *, write: bool = False) -> Any:
    """Open the store; with *write*, refuse a read-only one before any work is done."""
    from redline.errors import StoreError
    from redline.store import Store

    store = Store.open(db)
    if write and store.read_only:
        store.close()
        raise StoreError(
            f"the store at {store.url} is read-only for this user (the file or its "
            "directory is not writable): this command writes to it"
        )
    return store


def format_time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"
