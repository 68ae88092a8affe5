"""Plain data produced by extraction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["Extraction", "HealthReport"]


@dataclass(frozen=True, slots=True)
class HealthReport:
    """Whether an extraction can be trusted.

    A *suspect* extraction is kept and listed but never becomes a version by
    itself; ``reasons`` says why, in words fit for a person.
    """

    suspect: bool = False
    reasons: tuple[str, ...] = ()

    def merge(self, other: HealthReport) -> HealthReport:
        reasons = self.reasons + tuple(r for r in other.reasons if r not in self.reasons)
        return HealthReport(self.suspect or other.suspect, reasons)

    def to_dict(self) -> dict[str, Any]:
        return {"suspect": self.suspect, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Extraction:
    """One capture's article, as extracted from its raw HTML.

    ``paragraphs`` hold the body only: the headline and standfirst are fields of
    their own, taken from the page's metadata and structure. ``visible_text`` is
    every visible text block of the page, normalised (one block per item), kept
    for cross-checks; ``meta_text`` the normalised titles and descriptions of the
    page's metadata.
    """

    headline: str | None
    standfirst: str | None
    byline: str | None
    published: datetime | None
    updated: datetime | None
    paragraphs: tuple[str, ...]
    extractor: str
    extractor_version: str
    encoding: str
    url: str = ""
    profile: str | None = None
    warnings: tuple[str, ...] = ()
    visible_text: tuple[str, ...] = field(default=(), repr=False)
    meta_text: tuple[str, ...] = field(default=(), repr=False)
    dropped: tuple[str, ...] = ()
    health: HealthReport = field(default_factory=HealthReport)
    truncated: bool = False
    template: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def text(self) -> str:
        """The body, one paragraph per line (the form :func:`redline.compare` takes)."""
        return "\n".join(self.paragraphs)

    @property
    def method(self) -> str:
        """Extractor, its version and the profile: captures compare like with like only
        when their methods are equal."""
        return f"{self.extractor} {self.extractor_version} profile={self.profile or '-'}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO 8601)."""
        return {
            "url": self.url,
            "headline": self.headline,
            "standfirst": self.standfirst,
            "byline": self.byline,
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "paragraphs": list(self.paragraphs),
            "extractor": self.extractor,
            "extractor_version": self.extractor_version,
            "profile": self.profile,
            "encoding": self.encoding,
            "warnings": list(self.warnings),
            "dropped": list(self.dropped),
            "health": self.health.to_dict(),
            "truncated": self.truncated,
        }
