"""Explain one change between two versions: the single place that calls the explainer.

Pure: a comparison and the two versions' metadata in, an :class:`ExplainedChange`
out. The store keeps its ``data`` (the comparison's JSON with the explanation);
the web index keeps summary, classes and significance.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from redline import __version__
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
    "meta_of",
    "pack_json",
    "unpack_json",
]

#: significance levels, least first, with the lowest significance of each
LEVELS: tuple[str, ...] = ("trivial", "minor", "moderate", "major")
_THRESHOLDS = {"trivial": 0.0, "minor": 0.1, "moderate": 0.3, "major": 0.6}


def level_for(significance: float) -> str:
    """The level of a change of this significance."""
    level = LEVELS[0]
    for name in LEVELS:
        if significance >= _THRESHOLDS[name]:
            level = name
    return level


def level_threshold(level: str) -> float:
    """The lowest significance of *level*."""
    return _THRESHOLDS[level]


def _fit(name: str, size: int = 40) -> str:
    """*name* shortened (with a hash of the whole) to fit the ``comparisons.engine`` column."""
    if len(name) <= size:
        return name
    return name[: size - 9] + "~" + hashlib.blake2b(name.encode(), digest_size=4).hexdigest()


#: Names the code that produced a cached comparison; another value means "recompute".
EXPLAINED_BY = _fit(f"redline-{__version__}/json-{JSON_VERSION}/explain-{RULES_VERSION}")


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


def meta_of(version: StoredVersion, *, published: datetime | None = None) -> Meta:
    """The explainer's metadata of a stored version (headline, standfirst, times).

    *published* overrides the version's own date (a story's first known
    publication time applies to all its versions).
    """
    return Meta(
        headline=version.headline,
        standfirst=version.standfirst,
        published=published or version.info.published,
        seen=version.info.first_seen,
    )


def explain_change(
    comparison: Comparison, old_meta: Meta | None = None, new_meta: Meta | None = None
) -> ExplainedChange:
    """Explain *comparison*: summary, classes (most newsworthy first), significance, JSON."""
    result = explain(comparison, old_meta=old_meta, new_meta=new_meta)
    data = comparison.to_dict()
    data["explain"] = result.to_dict()
    summary = result.summary or comparison.summary()
    data["summary"] = summary
    return ExplainedChange(
        summary,
        tuple(ordered(result.classes)),
        round(float(result.significance), 3),
        comparison.counts(),
        data,
    )


def pack_json(data: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack_json(blob: bytes) -> dict[str, Any]:
    value = json.loads(zlib.decompress(blob))
    if not isinstance(value, dict):
        raise ValueError("cached comparison is not a JSON object")
    return value
