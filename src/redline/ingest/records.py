"""What readers produce: observations to store, and problems to report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from redline.store.model import Observation

__all__ = ["Item", "Problem", "parse_time"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Bad input: where (file, line or record offset) and why. The rest of the batch goes on."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Item:
    """One document read from the input, in input order."""

    observation: Observation
    order: int
    name: str  # file name (for id-less stories and ``--order name``)


def parse_time(value: object) -> datetime | None:
    """ISO 8601 text (``Z`` allowed) or a Unix timestamp, as an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), UTC)
    if not isinstance(value, str):
        raise ValueError(f"not a time: {value!r}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
