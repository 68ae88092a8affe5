"""Times in Redline are aware UTC datetimes: one normaliser and one clock for the shells.

The pure core never reads the clock; shells pass :func:`utcnow` (or a test clock) in.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

__all__ = ["utc", "utcnow"]


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
@overload
def utc(value: datetime | None) -> datetime | None: ...
def utc(value: datetime | None) -> datetime | None:
    """*value* as an aware UTC datetime (naive values are taken to be UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)
