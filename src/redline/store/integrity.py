"""The store's own consistency check: SQLite's ``quick_check`` or ``integrity_check``.

A SQLite file whose pages were overwritten (a disk fault, a copy taken while it
was written, a stray ``dd``) can still open, and ordinary reads and writes may
not notice. :func:`check_integrity` asks SQLite to walk the whole file:

* ``quick`` (the default): ``PRAGMA quick_check``, every page and b-tree, in
  time linear in the size of the file;
* ``full``: ``PRAGMA integrity_check``, which also checks that every index
  agrees with its table (slower on a large store).

The file is opened read-only for the check, so it runs on a store that cannot
be opened otherwise and never changes it. PostgreSQL checks its own pages (with
data checksums on) and has ``pg_amcheck`` for a deeper check; it is reported as
not checked here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from redline.store.config import database_url, hide_password
from redline.store.engine import sqlite_path

__all__ = ["MAX_PROBLEMS", "IntegrityReport", "check_integrity"]

#: At most this many problems are listed (SQLite stops after as many).
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class IntegrityReport:
    """What the check found. ``checked`` is False when no check applies (PostgreSQL)."""

    store: str
    mode: str  # "quick" or "full"
    checked: bool
    problems: tuple[str, ...] = field(default=())
    note: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "mode": self.mode,
            "checked": self.checked,
            "ok": self.ok,
            "problems": list(self.problems),
            "note": self.note,
        }


def check_integrity(db: str | None = None, *, full: bool = False) -> IntegrityReport:
    """Check the store at *db* (a URL, a path or ``None`` for the default place)."""
    url = database_url(db)
    mode = "full" if full else "quick"
    path = sqlite_path(url)
    if path is None:
        note = (
            "PostgreSQL checks its own pages; use pg_amcheck for a deeper check"
            if url.startswith("postgresql")
            else "only SQLite stores are checked"
        )
        return IntegrityReport(hide_password(url), mode, checked=False, note=note)
    store = str(path)
    if not path.exists():
        return IntegrityReport(store, mode, checked=False, note="no store file yet")
    if not path.is_file():
        return IntegrityReport(store, mode, checked=True, problems=("not a file",))
    return IntegrityReport(store, mode, checked=True, problems=_sqlite_check(path, full))


def _sqlite_check(path: Path, full: bool) -> tuple[str, ...]:
    pragma = "integrity_check" if full else "quick_check"
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=30)
    except sqlite3.Error as exc:
        return (f"cannot open the file: {exc}",)
    try:
        try:
            rows = con.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
        except sqlite3.OperationalError as exc:
            if not getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
                raise
            # A WAL file in a directory we cannot write: check the file as it is.
            con.close()
            con = sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=30)
            rows = con.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
    except sqlite3.Error as exc:
        return (str(exc),)
    finally:
        con.close()
    messages = tuple(str(r[0]) for r in rows)
    return () if messages == ("ok",) else messages
