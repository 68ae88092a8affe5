"""Other tools' SQLite files (diffengine, NewsEdits), opened read-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from redline.errors import InputError

__all__ = ["open_readonly"]


def open_readonly(path: str | Path, need: set[str], kind: str) -> sqlite3.Connection:
    """Open the SQLite file at *path* read-only; it must hold the tables *need* (a *kind* file)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    try:
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{p}: not an SQLite database ({exc})") from exc
    missing = need - tables
    if missing:
        con.close()
        raise InputError(f"{p}: no {', '.join(sorted(missing))} table; not a {kind} file")
    return con
