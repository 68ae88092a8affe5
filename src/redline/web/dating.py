"""When a version appeared, and on what evidence: pure functions over the stored times.

A version's time is the date the document itself carries when it has one (its
"last updated" date; its publication date for a first version), else the time
the tracker captured it, else the time it was added to the store (files ingested
without dates). The basis is always shown beside the time, so a reader knows
whether it is the publisher's claim, Redline's observation or just the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["BASIS_TEXT", "Dated", "absolute", "ago", "day", "row_date", "utc", "version_date"]

#: how each basis reads before the time ("updated 3 h ago")
BASIS_TEXT = {
    "updated": "updated",
    "published": "published",
    "captured": "captured",
    "added": "added",
}


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Dated:
    """A time and its basis: ``updated``/``published`` (the document's own date),
    ``captured`` (fetched by the tracker) or ``added`` (ingested without a date)."""

    when: datetime
    basis: str

    @property
    def from_document(self) -> bool:
        return self.basis in ("updated", "published")

    @property
    def label(self) -> str:
        return BASIS_TEXT.get(self.basis, self.basis)

    @property
    def note(self) -> str:
        """What the basis means, for a tooltip."""
        return {
            "updated": "the date the document gives for this version",
            "published": "the publication date the document gives",
            "captured": "when Redline captured this version",
            "added": "when this version was added to Redline (the document has no date)",
        }.get(self.basis, "")


def version_date(
    *,
    number: int,
    updated: datetime | None,
    published: datetime | None,
    first_seen: datetime | None,
    created_at: datetime | None,
) -> Dated | None:
    """The best time of one version (``None`` only when nothing at all is known)."""
    if (u := utc(updated)) is not None:
        return Dated(u, "updated")
    seen = utc(first_seen)
    if (p := utc(published)) is not None and (number == 1 or seen is None):
        return Dated(p, "published")
    if seen is not None:
        return Dated(seen, "captured")
    if (c := utc(created_at)) is not None:
        return Dated(c, "added")
    return None


def row_date(row: Any, prefix: str = "", number: int | None = None) -> Dated | None:
    """:func:`version_date` of a query row holding a version's times as columns named
    ``updated``, ``published``, ``first_seen`` and ``created_at`` (and ``number``,
    unless *number* is given), each after *prefix* (``v_updated`` …)."""
    return version_date(
        number=getattr(row, prefix + "number") if number is None else number,
        updated=getattr(row, prefix + "updated"),
        published=getattr(row, prefix + "published"),
        first_seen=getattr(row, prefix + "first_seen"),
        created_at=getattr(row, prefix + "created_at"),
    )


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: datetime) -> str:
    """``23 Aug 2023`` (English month names, whatever the locale)."""
    return f"{value.day:02d} {_MONTHS[value.month - 1]} {value.year}"


def absolute(value: datetime | None) -> str:
    """``23 Aug 2023, 18:00 UTC``."""
    if value is None:
        return "unknown time"
    v = utc(value)
    assert v is not None
    return f"{day(v)}, {v.hour:02d}:{v.minute:02d} UTC"


def ago(value: datetime | None, now: datetime) -> str:
    """``just now``, ``12 min ago``, ``3 h ago``, ``yesterday``, ``5 days ago``, else the date."""
    if value is None:
        return "unknown time"
    delta = now - utc(value)  # type: ignore[operator]
    if delta < timedelta(0):
        return absolute(value)
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    if seconds < 2 * 86400:
        return "yesterday"
    if seconds < 30 * 86400:
        return f"{seconds // 86400} days ago"
    return day(utc(value))  # type: ignore[arg-type]
