"""Settle a capture: a new version, a sighting of the current one, or a suspect extraction.

The one place that decides, for the watcher and the importer alike, what a capture
of an article the store already holds is. The current version is extracted the
same way as the capture (like with like): from its raw page when the store kept
it, else from its stored text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from redline.errors import RedlineError
from redline.extract._article import extract_article
from redline.extract._decide import Decision, decide_version
from redline.extract._model import Extraction
from redline.extract._profile import Profile

__all__ = ["Settlement", "StoredText", "current_extraction", "settle_capture"]

Kind = Literal["version", "sighting", "suspect"]


@dataclass(frozen=True, slots=True)
class StoredText:
    """The stored text of the current version (what a capture is compared with)."""

    paragraphs: tuple[str, ...]
    headline: str | None = None
    standfirst: str | None = None
    byline: str | None = None


@dataclass(frozen=True, slots=True)
class Settlement:
    """``version``: record the capture as a new version. ``sighting``: record it as a
    sighting of the current version (it differs only by extraction artefacts).
    ``suspect``: its extraction looks degraded; keep it as a sighting, list it,
    never make it a version."""

    kind: Kind
    decision: Decision

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.decision.reasons


def current_extraction(
    new: Extraction,
    stored: StoredText,
    *,
    raw: bytes | None,
    url: str,
    content_type: str | None = None,
    profile: Profile | None = None,
) -> Extraction:
    """The current version extracted like *new*: from its raw page, else its stored text."""
    if raw:
        try:
            return extract_article(raw, url=url, content_type=content_type, profile=profile)
        except RedlineError:
            pass
    return replace(
        new,
        headline=stored.headline,
        standfirst=stored.standfirst,
        byline=stored.byline,
        paragraphs=stored.paragraphs,
        visible_text=(),
        meta_text=(),
        warnings=(),
        dropped=(),
    )


def settle_capture(previous: Extraction | None, new: Extraction) -> Settlement:
    """What the capture *new* is, against the current version *previous* (None: a first)."""
    d = decide_version(previous, new)
    if d.suspect:
        return Settlement("suspect", d)
    return Settlement("version" if d.record else "sighting", d)
