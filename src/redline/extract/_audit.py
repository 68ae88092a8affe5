"""Audit an article's stored captures: re-extract them alike and re-decide.

The stored raw HTML of every capture is extracted again with one extractor and
profile, and the decisions are replayed in capture order. Captures that come out
suspect are listed; a stored version whose first capture the replay would not
record is *disputed* (it may be a false version, made by an older extractor or
before the cross-check).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from redline.errors import RedlineError
from redline.extract._article import extract_article
from redline.extract._decide import Decision, decide_version
from redline.extract._model import Extraction
from redline.extract._profile import Profile

__all__ = ["AuditItem", "StoredCapture", "audit_captures"]


@dataclass(frozen=True, slots=True)
class StoredCapture:
    """One stored capture: its raw page, the version it was filed under, and whether
    it created that version."""

    raw: bytes
    version: int
    creates_version: bool
    seen_at: datetime | None = None
    origin: str | None = None
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class AuditItem:
    kind: str  # "suspect", "disputed", "unreadable", or "reconciled" (evidence only)
    version: int
    seen_at: datetime | None
    origin: str | None
    reasons: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "version": self.version,
            "seen_at": self.seen_at.isoformat() if self.seen_at else None,
            "origin": self.origin,
            "reasons": list(self.reasons),
        }


def audit_captures(
    captures: Sequence[StoredCapture],
    *,
    url: str,
    profile: Profile | None = None,
    evidence: bool = False,
) -> list[AuditItem]:
    """Suspect captures and disputed versions among *captures* (oldest first).

    With *evidence*, each capture whose comparison had extraction artefacts
    reconciled also gets a ``reconciled`` item saying which sentences and why.
    """
    items: list[AuditItem] = []
    baseline: Extraction | None = None
    last_raw: bytes | None = None
    last: Decision | None = None
    for cap in captures:
        if cap.raw == last_raw and last is not None:
            d = last  # the same page again: the same decision
        else:
            try:
                e = extract_article(
                    cap.raw, url=url, content_type=cap.content_type, profile=profile
                )
            except RedlineError as exc:
                items.append(
                    AuditItem("unreadable", cap.version, cap.seen_at, cap.origin, (str(exc),))
                )
                continue
            d = decide_version(baseline, e)
            last_raw, last = cap.raw, d
            if d.record and d.extraction is not None:
                baseline = d.extraction
            if evidence and d.reconciled is not None and d.reconciled.evidence:
                items.append(
                    AuditItem(
                        "reconciled",
                        cap.version,
                        cap.seen_at,
                        cap.origin,
                        tuple(
                            f"{ev.op} {ev.old_text or ev.new_text!r}: {ev.reason}"
                            for ev in d.reconciled.evidence
                        ),
                    )
                )
        if d.suspect:
            items.append(AuditItem("suspect", cap.version, cap.seen_at, cap.origin, d.reasons))
        elif cap.creates_version and not d.record and cap.version > 1:
            items.append(
                AuditItem(
                    "disputed",
                    cap.version,
                    cap.seen_at,
                    cap.origin,
                    ("re-extracted alike, this capture is not a new version", *d.reasons),
                )
            )
    return items
