"""What a change is, for the web: summary, classes, significance and its level.

Uses :func:`redline.explain.explain` when it is installed, else the plain
counts of the comparison (no classes, significance = share of sentences touched).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from redline.comparison import Comparison

__all__ = ["LEVELS", "ChangeInfo", "describe", "level_for", "level_threshold"]

LOG = logging.getLogger(__name__)

#: significance levels, least first, with the lowest significance of each
LEVELS: tuple[str, ...] = ("trivial", "minor", "moderate", "major")
_THRESHOLDS = {"trivial": 0.0, "minor": 0.1, "moderate": 0.3, "major": 0.6}


def level_for(significance: float) -> str:
    level = LEVELS[0]
    for name in LEVELS:
        if significance >= _THRESHOLDS[name]:
            level = name
    return level


def level_threshold(level: str) -> float:
    return _THRESHOLDS[level]


@dataclass(frozen=True, slots=True)
class ChangeInfo:
    summary: str
    classes: tuple[str, ...]
    significance: float
    counts: dict[str, int] = field(default_factory=dict)
    edits: tuple[Any, ...] = ()

    @property
    def level(self) -> str:
        return level_for(self.significance)


def _fallback(c: Comparison) -> ChangeInfo:
    counts = c.counts()
    touched = sum(counts[k] for k in ("edited", "moved", "added", "deleted", "split", "merge"))
    size = max(len(c.old), len(c.new), 1)
    significance = min(1.0, touched / size) if c.changed else 0.0
    return ChangeInfo(c.summary(), (), round(significance, 3), counts)


def describe(
    c: Comparison,
    *,
    old_headline: str | None = None,
    new_headline: str | None = None,
    old_seen: datetime | None = None,
    new_seen: datetime | None = None,
    published: datetime | None = None,
) -> ChangeInfo:
    """Explain *c* with the explain stage when available."""
    try:
        from redline.explain import explain
        from redline.explain.model import Meta, ordered
    except ImportError:  # pragma: no cover - the explain stage ships with Redline
        return _fallback(c)
    try:
        result = explain(
            c,
            old_meta=Meta(headline=old_headline, seen=old_seen, published=published),
            new_meta=Meta(headline=new_headline, seen=new_seen, published=published),
        )
    except Exception:  # the page must still show the change
        LOG.exception("explaining a change failed; showing plain counts")
        return _fallback(c)
    return ChangeInfo(
        result.summary or c.summary(),
        tuple(ordered(result.classes)),
        round(float(result.significance), 3),
        c.counts(),
        tuple(result.edits),
    )
