"""How much an edit, and a whole version change, matters: a score from 0 to 1.

Each class has a weight (below). An edit scores the weight of its heaviest
class. A version scores its heaviest class plus a share of the rest::

    s = top + (1 - top) * 0.5 * (1 - prod(1 - w for the other classes))

so that one correction outweighs any number of rewordings, several kinds of
change score higher than one, and a change of typography only scores 0.
"""

from __future__ import annotations

from collections.abc import Iterable

from redline.explain.model import Classes

__all__ = ["WEIGHTS", "edit_significance", "version_significance"]

WEIGHTS: dict[str, float] = {
    Classes.TYPOGRAPHY: 0.0,
    Classes.PUNCTUATION_SPELLING: 0.05,
    Classes.CAPTION_ADDED: 0.05,
    Classes.CAPTION_REMOVED: 0.05,
    Classes.REWORDING: 0.15,
    Classes.BREAKING_REMOVED: 0.2,
    Classes.REORDER: 0.25,
    Classes.BREAKING_ADDED: 0.3,
    Classes.CONTENT_ADDED: 0.3,
    Classes.CONTENT_REMOVED: 0.35,
    Classes.STANDFIRST: 0.4,
    Classes.QUOTE_ADDED: 0.5,
    Classes.SECTION_ADDED: 0.5,
    Classes.NAMES: 0.55,
    Classes.QUOTE_REMOVED: 0.6,
    Classes.QUOTE_CHANGED: 0.6,
    Classes.SECTION_REMOVED: 0.6,
    Classes.HEADLINE: 0.6,
    Classes.FACT_UPDATE: 0.7,
    Classes.STEALTH_DELETION: 0.85,
    Classes.CORRECTION: 0.9,
}
#: a lead that changed weighs more than a paragraph that moved further down
LEAD_CHANGE_WEIGHT = 0.5


def edit_significance(classes: Iterable[str], *, lead_changed: bool = False) -> float:
    top = max((WEIGHTS.get(c, 0.0) for c in classes), default=0.0)
    return max(top, LEAD_CHANGE_WEIGHT) if lead_changed else top


def version_significance(classes: Iterable[str], *, lead_changed: bool = False) -> float:
    """The score of a version change with these *classes* (see the module docstring)."""
    weights = sorted((w for c in set(classes) if (w := WEIGHTS.get(c, 0.0)) > 0), reverse=True)
    if lead_changed:
        weights = sorted([*weights, LEAD_CHANGE_WEIGHT], reverse=True)
    if not weights:
        return 0.0
    top, rest = weights[0], 1.0
    for w in weights[1:]:
        rest *= 1.0 - w
    return round(min(1.0, top + (1.0 - top) * 0.5 * (1.0 - rest)), 4)
