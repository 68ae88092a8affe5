"""Stored changes, explained once: the one owner of "what changed between two stored versions".

A pair of stored versions becomes a change here and nowhere else:

1. :mod:`~redline.changes.explained` compares and explains it (pure: summary,
   classes, significance, the JSON of the comparison);
2. :mod:`~redline.changes.cache` keeps that result in the store's ``comparisons``
   table and reads it back (``history``, diff pages, ``redline diff`` on stored
   versions);
3. :mod:`~redline.changes.index` turns each new change into the rows the web
   reads (home page, search, Atom) and hands it to the notification queue.

History, the web pages, Atom, the API and webhooks all read the record written
here; none of them explains a change again.
"""

from __future__ import annotations

from redline.changes.cache import cached_display, comparison, history, refresh
from redline.changes.explained import (
    EXPLAINED_BY,
    LEVELS,
    ExplainedChange,
    explain_change,
    level_for,
    level_threshold,
)
from redline.changes.index import IndexResult, index_pending, index_story, removed_pieces

__all__ = [
    "EXPLAINED_BY",
    "LEVELS",
    "ExplainedChange",
    "IndexResult",
    "cached_display",
    "comparison",
    "explain_change",
    "history",
    "index_pending",
    "index_story",
    "level_for",
    "level_threshold",
    "refresh",
    "removed_pieces",
]
