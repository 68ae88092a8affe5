"""Database errors as one line a person can act on.

SQLAlchemy wraps every driver error; :func:`describe` turns one into a short
reason (the driver's own first line, with a hint where one helps), and
:func:`is_database_error` tells such errors apart without importing SQLAlchemy
(so that commands that never touch a store do not load it).
"""

from __future__ import annotations

__all__ = ["describe", "is_database_error"]

_HINTS = (
    (
        "file is not a database",
        "not a SQLite database, so not a Redline store",
    ),
    (
        "database disk image is malformed",
        "the store file is damaged; `redline health --full-check` lists the damage; "
        "restore it from a backup",
    ),
    (
        "attempt to write a readonly database",
        "the store is read-only for this user",
    ),
    (
        "statement timeout",
        "set a longer ?statement_timeout=MILLISECONDS in the database URL (0: none)",
    ),
    (
        "timeout expired",
        "the server did not answer in time; set ?connect_timeout=SECONDS in the database URL",
    ),
)


def is_database_error(exc: BaseException) -> bool:
    """Whether *exc* is an error of SQLAlchemy or of a database driver."""
    return any(
        cls.__module__.split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg")
        for cls in type(exc).__mro__
    )


def describe(exc: BaseException) -> str:
    """One line for *exc*: the driver's reason, and what to do where that is known."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).strip().splitlines() if line.strip()]
    reason = lines[0] if lines else type(orig).__name__
    for needle, hint in _HINTS:
        if needle in reason:
            return f"{reason} ({hint})"
    return reason
