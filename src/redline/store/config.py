"""Where the store lives: database URL resolution and checking.

Order of precedence: an explicit URL or path (``--db``), then the
``REDLINE_DATABASE_URL`` environment variable, then a SQLite file
``redline.sqlite3`` in ``$REDLINE_HOME``, else in ``$XDG_DATA_HOME/redline``,
else in ``~/.local/share/redline``. The directory is created on first use.

Only two kinds of store are supported: a SQLite file (a path, or
``sqlite:///PATH``) and PostgreSQL through psycopg 3 (``postgresql://…``).
Anything else, an unreadable URL, an empty location or an in-memory SQLite
database (which would silently lose everything recorded) is refused here with
an :class:`~redline.errors.InputError` saying why.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from redline.errors import InputError

__all__ = ["DEFAULT_FILENAME", "SUPPORTED", "database_url", "default_sqlite_path", "hide_password"]

DEFAULT_FILENAME = "redline.sqlite3"

#: What ``--db`` accepts, for error messages.
SUPPORTED = (
    "a SQLite file path, sqlite:///PATH, or postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE"
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")


def default_sqlite_path() -> Path:
    """The default SQLite file (not created here)."""
    home = os.environ.get("REDLINE_HOME")
    if home:
        return Path(home).expanduser() / DEFAULT_FILENAME
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "redline" / DEFAULT_FILENAME


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """Resolve *db* (a SQLAlchemy URL, a file path or ``None``) to a checked database URL.

    >>> database_url("postgresql://postgres@127.0.0.1/redline")
    'postgresql+psycopg://postgres@127.0.0.1/redline'
    >>> database_url("/tmp/x.sqlite3")
    'sqlite:////tmp/x.sqlite3'
    >>> database_url("sqlite://")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    redline.errors.InputError: sqlite:// is an in-memory database: ...
    """
    if db is None:
        env = os.environ.get("REDLINE_DATABASE_URL")
        if env:
            return normalise_url(env)
        path = default_sqlite_path()
        return f"sqlite:///{path}"
    return normalise_url(os.fspath(db))


def normalise_url(value: str) -> str:
    """Check *value* and turn it into the SQLAlchemy URL the store uses."""
    if not value.strip():
        raise InputError(
            f'the store location is empty (--db "" or an empty setting): give {SUPPORTED}'
        )
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().absolute()}"
    scheme = _SCHEME.match(value)
    if scheme is None:
        raise InputError(f"{hide_password(value)!r} is not a database URL: give {SUPPORTED}")
    backend, _, driver = scheme.group(1).lower().partition("+")
    rest = value[scheme.end() :]
    if backend in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise InputError(
                f"PostgreSQL driver {driver!r} is not supported: Redline uses psycopg 3; "
                f"give {SUPPORTED}"
            )
        url = "postgresql+psycopg://" + rest
    elif backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise InputError(f"SQLite driver {driver!r} is not supported: give {SUPPORTED}")
        url = "sqlite://" + rest
    else:
        raise InputError(
            f"{scheme.group(1)}:// databases are not supported: Redline stores its data in "
            f"SQLite or PostgreSQL; give {SUPPORTED}"
        )
    _check_parses(url, value)
    if backend == "sqlite" and _in_memory(url):
        raise InputError(
            f"{value} is an in-memory database: everything recorded in it would be lost "
            f"when the command ends; give {SUPPORTED}"
        )
    return url


def hide_password(url: str) -> str:
    """*url* with its password, if any, replaced by ``***`` (works on unparsable URLs too).

    >>> hide_password("postgresql://u:secret@h/db")
    'postgresql://u:***@h/db'
    """
    return _PASSWORD.sub(r"\1***@", url)


def _check_parses(url: str, original: str) -> None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - the port is checked when read
    except (ArgumentError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "int()" in reason:
            reason = "bad host or port"
        raise InputError(
            f"cannot read the database URL {hide_password(original)!r} ({reason}): give {SUPPORTED}"
        ) from exc


def _in_memory(url: str) -> bool:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database or ""
    return (
        database in ("", ":memory:")
        or database.startswith("file::memory:")
        or parsed.query.get("mode") == "memory"
        or "mode=memory" in database
    )
