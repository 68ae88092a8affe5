"""Import a diffengine database (peewee/SQLite: ``feed``, ``entry``, ``entryversion``).

diffengine keeps each captured version of an entry (article) as an
``entryversion`` row with its title and its readability summary (HTML reduced to
``<p>`` paragraphs). Each becomes a corpus record: the entry URL is the article,
versions are numbered in capture order, the title is the first line and every
paragraph a line after it, and the feed name (through ``feedentry``) the source.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from redline.batch.sqlitefile import open_readonly
from redline.errors import InputError

__all__ = ["read_versions", "summary_text"]

_PARA = re.compile(r"</?p\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def summary_text(title: str | None, summary: str | None) -> str:
    """Plain text of a diffengine version: title, then one paragraph per line."""
    lines = [title.strip()] if title and title.strip() else []
    for piece in _PARA.split(summary or ""):
        text = " ".join(html.unescape(_TAG.sub(" ", piece)).split())
        if text:
            lines.append(text)
    return "\n".join(lines)


def read_versions(path: str | Path) -> Iterator[dict[str, Any]]:
    """Corpus records of every entry version in a diffengine database."""
    p = Path(path)
    con = open_readonly(p, {"entry", "entryversion"}, "diffengine")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        feeds: dict[int, str] = {}
        if {"feed", "feedentry"} <= tables:
            rows = con.execute(
                "SELECT fe.entry_id, f.name, f.url FROM feedentry fe "
                "JOIN feed f ON f.url = fe.feed_id ORDER BY fe.id DESC"
            )
            for entry_id, name, url in rows:
                feeds[entry_id] = name or url
        rows = con.execute(
            "SELECT v.id, v.entry_id, e.url, v.url, v.title, v.summary, "
            "v.created FROM entryversion v LEFT JOIN entry e ON e.id = v.entry_id "
            "ORDER BY v.entry_id, v.created, v.id"
        )
        number: dict[Any, int] = {}
        for _vid, entry_id, entry_url, version_url, title, summary, created in rows:
            article = entry_url or version_url or f"diffengine-entry-{entry_id}"
            number[entry_id] = number.get(entry_id, 0) + 1
            yield {
                "article": article,
                "version": number[entry_id],
                "time": created,
                "source": feeds.get(entry_id),
                "text": summary_text(title, summary),
            }
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{p}: cannot read the diffengine tables ({exc})") from exc
    finally:
        con.close()
