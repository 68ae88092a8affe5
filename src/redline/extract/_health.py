"""Extraction health: notice when extraction degrades instead of reporting an edit.

A capture is *suspect* when its body is far shorter than the article's previous
version, when it has no headline or no body, or when template leftovers
("Comments", "Share this", "Page last updated", "Bookmark with", table pipes,
image credits) survived cleaning. Suspect captures are kept and listed, never
recorded as versions by themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from redline.extract._model import Extraction, HealthReport
from redline.text.normalize import normalize

__all__ = ["MIN_BODY_WORDS", "SHRINK_RATIO", "check_health", "check_shrink", "leftovers"]

SHRINK_RATIO = 0.5
"""A body with fewer words than this share of the previous version's is suspect."""
MIN_BODY_WORDS = 10
"""A body shorter than this (in words) is suspect: a stub, a paywall, a failure."""
_MIN_PREVIOUS_WORDS = 60

_LEFTOVERS = (
    ("a comments widget", re.compile(
        r"(?:^|[.!?]\s+)(?:Comments?\s*(?:\(\d+\))?|\d+\s+comments?|Add (?:a|your) comment|"
        r"Post a comment|Leave a comment|Join the conversation|Show comments)\s*$",
        re.IGNORECASE)),
    ("a share prompt", re.compile(
        r"(?:^|[.!?]\s+)Share this(?:\s+(?:article|story|page|with|on\s+\w+))?\s*(?:$|[A-Z:])")),
    ("a 'Page last updated' stamp", re.compile(r"\bPage last updated\b", re.IGNORECASE)),
    ("a 'Bookmark with' prompt", re.compile(r"\bBookmark with\b", re.IGNORECASE)),
    ("table pipes", re.compile(r"\|\s*\||(?:\S+\s+\|\s+){3,}")),
    ("an image credit", re.compile(
        r"\bImage (?:source|copyright|caption),|(?<=[.!?\"”])\s*(?:Getty Images|Reuters|AFP|"
        r"PA Media|EPA|Shutterstock)\s*$")),
)  # fmt: skip


def leftovers(paragraphs: Sequence[str]) -> list[str]:
    """Reasons naming the template leftovers found in *paragraphs* (empty when clean)."""
    found: list[str] = []
    for what, pattern in _LEFTOVERS:
        for p in paragraphs:
            if pattern.search(p):
                snippet = p if len(p) <= 60 else p[:57] + "..."
                found.append(f"template leftover in the body: {what} ({snippet!r})")
                break
    return found


def _words(paragraphs: Sequence[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def check_shrink(
    previous_paragraphs: Sequence[str] | None,
    paragraphs: Sequence[str],
    *,
    ratio: float = SHRINK_RATIO,
) -> HealthReport:
    """Suspect when the body is far shorter than the previous version's body."""
    if not previous_paragraphs:
        return HealthReport()
    before = _words(previous_paragraphs)
    now = _words(paragraphs)
    if before >= _MIN_PREVIOUS_WORDS and now < ratio * before:
        return HealthReport(
            True,
            (
                f"body shrank to {now} words from {before} in the previous version "
                f"({now / before:.0%}); extraction probably failed",
            ),
        )
    return HealthReport()


def check_health(
    extraction: Extraction | None = None,
    previous_paragraphs: Sequence[str] | None = None,
    *,
    headline: str | None = None,
    paragraphs: Sequence[str] | None = None,
) -> HealthReport:
    """Health of one extraction, optionally against the previous version's paragraphs.

    Pass an :class:`Extraction`, or its ``headline`` and ``paragraphs``.
    """
    if extraction is not None:
        headline = extraction.headline
        paragraphs = extraction.paragraphs
    paragraphs = tuple(paragraphs or ())
    reasons: list[str] = []
    if not headline:
        reasons.append("no headline found (metadata, <h1> or title)")
    words = _words(paragraphs)
    if not paragraphs:
        reasons.append("no body text extracted")
    elif words < MIN_BODY_WORDS:
        reasons.append(f"body is only {words} words long")
    reasons.extend(leftovers(paragraphs))
    if headline and len(headline.split()) >= 6:
        key = normalize(headline).casefold()
        for p in paragraphs:
            if key in normalize(p).casefold():
                reasons.append(
                    "headline glued into a body paragraph: page furniture mixed into the body"
                )
                break
    report = HealthReport(bool(reasons), tuple(reasons))
    return report.merge(check_shrink(previous_paragraphs, paragraphs))
