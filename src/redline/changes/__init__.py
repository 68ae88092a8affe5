"""Stored changes, explained once: the one owner of "what changed between two stored versions".

:mod:`~redline.changes.explained` compares and explains a pair of versions (pure);
:mod:`~redline.changes.cache` keeps the result in the store's ``comparisons`` table
and reads it back (``history``, diff pages, ``redline diff`` on stored versions);
:mod:`~redline.changes.index` turns each new change into the rows the web reads
(home page, search, Atom) and hands it to the notification queue. No reader
explains a change again.
"""

from __future__ import annotations

from redline.changes.cache import cached_display, comparison, history, keep_drawn, refresh
from redline.changes.explained import EXPLAINED_BY, LEVELS, level_for, level_threshold
from redline.changes.index import index_pending

__all__ = [
    "EXPLAINED_BY",
    "LEVELS",
    "cached_display",
    "comparison",
    "history",
    "index_pending",
    "keep_drawn",
    "level_for",
    "level_threshold",
    "refresh",
]
