"""Explain one change between two versions: the single place that calls the explainer.

Pure: two stored versions in, an :class:`ExplainedChange` out. The store keeps
its ``data`` (the comparison's JSON with the explanation); the web index keeps
summary, classes and significance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from redline import __version__
from redline.align import ALIGN_VERSION
from redline.comparison import JSON_VERSION, Comparison
from redline.explain import RULES_VERSION, explain
from redline.explain.model import Meta, ordered
from redline.store.model import StoredVersion

__all__ = [
    "EXPLAINED_BY",
    "LEVELS",
    "ExplainedChange",
    "explain_change",
    "level_for",
    "level_threshold",
]

#: significance levels, least first, with the lowest significance of each
LEVELS: tuple[str, ...] = ("trivial", "minor", "moderate", "major")
_THRESHOLDS = {"trivial": 0.0, "minor": 0.1, "moderate": 0.3, "major": 0.6}


def level_for(significance: float) -> str:
    """The level of a change of this significance."""
    return next((n for n in reversed(LEVELS) if significance >= _THRESHOLDS[n]), LEVELS[0])


def level_threshold(level: str) -> float:
    """The lowest significance of *level*."""
    return _THRESHOLDS[level]


_NAME = f"redline-{__version__}/json-{JSON_VERSION}/align-{ALIGN_VERSION}/explain-{RULES_VERSION}"
#: Names the code that produced a cached comparison; another value means "recompute".
#: Shortened (with a hash of the whole) to fit the ``comparisons.engine`` column.
EXPLAINED_BY = (
    _NAME
    if len(_NAME) <= 40
    else _NAME[:31] + "~" + hashlib.blake2b(_NAME.encode(), digest_size=4).hexdigest()
)


@dataclass(frozen=True, slots=True)
class ExplainedChange:
    """A change between two versions, explained: what every reader of a change shows."""

    summary: str
    classes: tuple[str, ...]
    significance: float
    counts: dict[str, int]
    data: dict[str, Any] = field(repr=False)

    @property
    def level(self) -> str:
        return level_for(self.significance)


def explain_change(
    comparison: Comparison, old: StoredVersion, new: StoredVersion, published: datetime | None
) -> ExplainedChange:
    """Explain *comparison* of *old* → *new*, a story first published at *published*:
    summary, classes (most newsworthy first), significance, JSON."""
    old_meta, new_meta = (
        Meta(v.headline, v.standfirst, published or v.info.published, v.info.first_seen)
        for v in (old, new)
    )
    result = explain(comparison, old_meta=old_meta, new_meta=new_meta)
    data = comparison.to_dict()
    data["explain"] = result.to_dict()
    summary = data["summary"] = result.summary or comparison.summary()
    return ExplainedChange(
        summary,
        tuple(ordered(result.classes)),
        round(float(result.significance), 3),
        comparison.counts(),
        data,
    )
