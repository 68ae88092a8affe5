"""Plain data of an explanation: edit classes, edits, metadata and the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from redline.errors import InputError

__all__ = ["CLASS_ORDER", "Classes", "Edit", "Explanation", "Meta", "ValueChange"]


class Classes:
    """Names of the edit classes (plain strings, stable in JSON and the store)."""

    TYPOGRAPHY = "typography"
    PUNCTUATION_SPELLING = "punctuation_spelling"
    REWORDING = "rewording"
    FACT_UPDATE = "fact_update"
    NAMES = "names"
    QUOTE_ADDED = "quote_added"
    QUOTE_REMOVED = "quote_removed"
    QUOTE_CHANGED = "quote_changed"
    CORRECTION = "correction"
    HEADLINE = "headline"
    STANDFIRST = "standfirst"
    BREAKING_ADDED = "breaking_added"
    BREAKING_REMOVED = "breaking_removed"
    SECTION_ADDED = "section_added"
    SECTION_REMOVED = "section_removed"
    CAPTION_ADDED = "caption_added"
    CAPTION_REMOVED = "caption_removed"
    STEALTH_DELETION = "stealth_deletion"
    REORDER = "reorder"
    CONTENT_ADDED = "content_added"
    CONTENT_REMOVED = "content_removed"

    @classmethod
    def all(cls) -> tuple[str, ...]:
        return CLASS_ORDER


#: every class, most newsworthy first (the order of summaries and listings)
CLASS_ORDER: tuple[str, ...] = (
    Classes.HEADLINE,
    Classes.STANDFIRST,
    Classes.CORRECTION,
    Classes.FACT_UPDATE,
    Classes.NAMES,
    Classes.QUOTE_ADDED,
    Classes.QUOTE_REMOVED,
    Classes.QUOTE_CHANGED,
    Classes.SECTION_ADDED,
    Classes.SECTION_REMOVED,
    Classes.STEALTH_DELETION,
    Classes.CONTENT_ADDED,
    Classes.CONTENT_REMOVED,
    Classes.BREAKING_ADDED,
    Classes.BREAKING_REMOVED,
    Classes.CAPTION_ADDED,
    Classes.CAPTION_REMOVED,
    Classes.REORDER,
    Classes.REWORDING,
    Classes.PUNCTUATION_SPELLING,
    Classes.TYPOGRAPHY,
)
_RANK = {name: k for k, name in enumerate(CLASS_ORDER)}
_LAST = len(_RANK)


def ordered(classes: set[str] | frozenset[str]) -> tuple[str, ...]:
    """*classes* in :data:`CLASS_ORDER`."""
    if len(classes) == 1:
        return tuple(classes)
    return tuple(sorted(classes, key=_rank))


def _rank(name: str) -> int:
    return _RANK.get(name, _LAST)


@dataclass(frozen=True, slots=True)
class Meta:
    """What is known of a version besides its text (all optional).

    ``published`` is when the story was first published, ``seen`` when this
    version was captured. Datetimes should be timezone-aware (or all naive).
    """

    headline: str | None = None
    standfirst: str | None = None
    published: datetime | None = None
    seen: datetime | None = None

    @classmethod
    def coerce(cls, value: Meta | Mapping[str, Any] | None) -> Meta | None:
        """Accept a :class:`Meta`, a mapping with the same keys, or ``None``."""
        if value is None or isinstance(value, Meta):
            return value
        known = {k: value.get(k) for k in ("headline", "standfirst", "published", "seen")}
        for key in ("published", "seen"):
            raw = known[key]
            if isinstance(raw, str):
                try:
                    known[key] = datetime.fromisoformat(raw.replace("Z", "+00:00"))
                except ValueError:
                    raise InputError(f"{key}: not an ISO 8601 date and time: {raw!r}") from None
            elif raw is not None and not isinstance(raw, datetime):
                raise InputError(f"{key}: expected a datetime, got {type(raw).__name__}")
        for key in ("headline", "standfirst"):
            if known[key] is not None and not isinstance(known[key], str):
                raise InputError(f"{key}: expected text, got {type(known[key]).__name__}")
        return cls(**known)


class ValueChange(NamedTuple):
    """A figure that changed: ``old`` → ``new`` (``None`` where absent)."""

    old: str | None
    new: str | None

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.new} added"
        if self.new is None:
            return f"{self.old} removed"
        return f"{self.old} → {self.new}"

    def to_dict(self) -> dict[str, str | None]:
        return {"old": self.old, "new": self.new}


class Edit(NamedTuple):
    """One explained change: an alignment link, or the headline or standfirst.

    An immutable named tuple rather than a frozen dataclass: explaining makes one
    per changed sentence, and a named tuple is built about ten times faster.

    ``link`` is the index in ``Comparison.links`` (``None`` for ``field``
    ``headline``/``standfirst``). ``evidence`` says, in words, why each class was
    given. ``values`` names old → new figures of a fact update, ``names`` old →
    new names and places. ``section`` is the heading of the section an edit
    belongs to when it added or removed a whole section.
    """

    link: int | None
    op: str
    old: tuple[int, ...]
    new: tuple[int, ...]
    classes: tuple[str, ...]
    evidence: tuple[str, ...]
    significance: float
    relation: str = "one"
    field: str = "body"
    values: tuple[ValueChange, ...] = ()
    names: tuple[ValueChange, ...] = ()
    section: str | None = None
    old_text: str = ""
    new_text: str = ""

    def has(self, *classes: str) -> bool:
        return any(c in self.classes for c in classes)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "link": self.link,
            "field": self.field,
            "op": self.op,
            "old": list(self.old),
            "new": list(self.new),
            "classes": list(self.classes),
            "evidence": list(self.evidence),
            "significance": round(self.significance, 3),
        }
        if self.relation != "one":
            d["relation"] = self.relation
        if self.values:
            d["values"] = [v.to_dict() for v in self.values]
        if self.names:
            d["names"] = [v.to_dict() for v in self.names]
        if self.section is not None:
            d["section"] = self.section
        return d


@dataclass(frozen=True, slots=True)
class Explanation:
    """What kind of change a new version made, and how much it matters."""

    edits: tuple[Edit, ...]
    classes: frozenset[str]
    significance: float
    summary: str
    age_hours: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def typography_only(self) -> bool:
        return self.classes == frozenset({Classes.TYPOGRAPHY})

    @property
    def changed(self) -> bool:
        """True when the version differs in more than typography."""
        return bool(self.classes - {Classes.TYPOGRAPHY})

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "significance": round(self.significance, 3),
            "classes": list(ordered(self.classes)),
            "age_hours": None if self.age_hours is None else round(self.age_hours, 2),
            "edits": [e.to_dict() for e in self.edits],
        }
