"""Filters used wherever changes are listed: ``--only facts,quotes,corrections``
and ``--min-significance 0.5``.

Filter names are friendly groups of classes (``facts``, ``quotes``…); a class
name itself (``quote_added``) works too.
"""

from __future__ import annotations

from collections.abc import Iterable

from redline.errors import InputError
from redline.explain.model import CLASS_ORDER, Classes, Edit, Explanation
from redline.explain.significance import version_significance

__all__ = ["GROUPS", "classes_match", "edit_matches", "filter_edits", "matches", "parse_only"]

C = Classes

#: ``--only`` names and the classes they stand for
GROUPS: dict[str, frozenset[str]] = {
    "facts": frozenset({C.FACT_UPDATE}),
    "names": frozenset({C.NAMES}),
    "quotes": frozenset({C.QUOTE_ADDED, C.QUOTE_REMOVED, C.QUOTE_CHANGED}),
    "corrections": frozenset({C.CORRECTION}),
    "headlines": frozenset({C.HEADLINE, C.STANDFIRST}),
    "breaking": frozenset({C.BREAKING_ADDED, C.BREAKING_REMOVED}),
    "sections": frozenset({C.SECTION_ADDED, C.SECTION_REMOVED}),
    "captions": frozenset({C.CAPTION_ADDED, C.CAPTION_REMOVED}),
    "deletions": frozenset({C.STEALTH_DELETION, C.CONTENT_REMOVED}),
    "stealth": frozenset({C.STEALTH_DELETION}),
    "additions": frozenset({C.CONTENT_ADDED}),
    "reorder": frozenset({C.REORDER}),
    "wording": frozenset({C.REWORDING, C.PUNCTUATION_SPELLING}),
    "typography": frozenset({C.TYPOGRAPHY}),
}
_SINGULAR = {name.rstrip("s"): name for name in GROUPS}


def parse_only(spec: str | Iterable[str] | None) -> frozenset[str] | None:
    """Turn ``"facts,quotes"`` (or a list of names) into a set of class names.

    ``None`` or an empty spec means no filter. Unknown names raise
    :class:`~redline.errors.InputError` listing the known ones.
    """
    if spec is None:
        return None
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    out: set[str] = set()
    for raw in items:
        name = raw.strip().casefold().replace("-", "_")
        if not name:
            continue
        if name in GROUPS:
            out |= GROUPS[name]
        elif name in _SINGULAR:
            out |= GROUPS[_SINGULAR[name]]
        elif name in CLASS_ORDER:
            out.add(name)
        else:
            known = ", ".join([*GROUPS, *CLASS_ORDER])
            raise InputError(f"unknown change class {raw.strip()!r}; known: {known}")
    return frozenset(out) or None


def edit_matches(
    edit: Edit, only: frozenset[str] | None = None, min_significance: float = 0.0
) -> bool:
    if only is not None and not (set(edit.classes) & only):
        return False
    return edit.significance >= min_significance and edit.significance > 0.0


def filter_edits(
    explanation: Explanation, only: frozenset[str] | None = None, min_significance: float = 0.0
) -> tuple[Edit, ...]:
    """The edits of *explanation* that pass the filters (typography never does)."""
    return tuple(e for e in explanation.edits if edit_matches(e, only, min_significance))


def matches(
    explanation: Explanation, only: frozenset[str] | None = None, min_significance: float = 0.0
) -> bool:
    """True when a version change passes ``--only`` and ``--min-significance``.

    A change of typography only never passes (it never alerts).
    """
    if explanation.significance <= 0.0 or explanation.significance < min_significance:
        return False
    return only is None or bool(explanation.classes & only)


def classes_match(
    classes: Iterable[str], only: frozenset[str] | None = None, min_significance: float = 0.0
) -> bool:
    """:func:`matches` for a stored change known only by its classes (a history
    listing): its significance is recomputed from the classes."""
    found = frozenset(classes)
    if not found or found <= {C.TYPOGRAPHY}:
        return False
    if version_significance(found) < min_significance:
        return False
    return only is None or bool(found & only)
