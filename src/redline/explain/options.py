"""Settings of the edit classifier."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_OPTIONS", "ExplainOptions"]


@dataclass(frozen=True, slots=True)
class ExplainOptions:
    """Settings of the classifier."""

    stealth_after_hours: float = 6.0
    """A deletion is *stealth* only once the story is at least this old."""
    short_insertion_words: int = 6
    """A name inserted in a change of at most this many words is a name change;
    names inside a longer new clause are new detail."""


DEFAULT_OPTIONS = ExplainOptions()
