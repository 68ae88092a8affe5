"""Where the store lives: database URL resolution.

Order of precedence: an explicit URL or path (``--db``), then the
``REDLINE_DATABASE_URL`` environment variable, then a SQLite file
``redline.sqlite3`` in ``$REDLINE_HOME``, else in ``$XDG_DATA_HOME/redline``,
else in ``~/.local/share/redline``. The directory is created on first use.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DEFAULT_FILENAME", "database_url", "default_sqlite_path"]

DEFAULT_FILENAME = "redline.sqlite3"


def default_sqlite_path() -> Path:
    """The default SQLite file (not created here)."""
    home = os.environ.get("REDLINE_HOME")
    if home:
        return Path(home).expanduser() / DEFAULT_FILENAME
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "redline" / DEFAULT_FILENAME


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """Resolve *db* (a SQLAlchemy URL, a file path or ``None``) to a database URL.

    >>> database_url("postgresql+psycopg://postgres@127.0.0.1/redline")
    'postgresql+psycopg://postgres@127.0.0.1/redline'
    >>> database_url("/tmp/x.sqlite3")
    'sqlite:////tmp/x.sqlite3'
    """
    if db is None:
        env = os.environ.get("REDLINE_DATABASE_URL")
        if env:
            return normalise_url(env)
        path = default_sqlite_path()
        return f"sqlite:///{path}"
    return normalise_url(os.fspath(db))


def normalise_url(value: str) -> str:
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().absolute()}"
    if value.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the supported driver.
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value
