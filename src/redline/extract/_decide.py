"""Decide whether a capture is a new version.

A version is recorded only when the article's text truly changed: the headline,
the standfirst or the body, after extraction artefacts are reconciled against
the raw pages. A capture whose extraction looks degraded is *suspect*: kept and
listed, never recorded as a version by itself. Captures are only compared when
they were extracted alike (same extractor, version and profile); when they were
not, re-extract both from their raw HTML with :func:`reextract_pair`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from redline.comparison import Comparison, compare
from redline.extract._article import extract_article
from redline.extract._crosscheck import PageText, Reconciled, reconcile
from redline.extract._health import SHRINK_RATIO, check_shrink
from redline.extract._model import Extraction, HealthReport
from redline.extract._profile import Profile
from redline.text.normalize import normalize

__all__ = [
    "Decision",
    "article_paragraphs",
    "decide_from_raw",
    "decide_version",
    "reextract_pair",
    "replay",
]


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a capture.

    ``record``: store it as a new version. ``suspect``: its extraction looks
    degraded (keep it, list it, re-check it later). ``reasons`` explain both.
    ``reconciled`` holds the body comparison with artefacts taken out, and the
    evidence; ``extraction`` the capture's extraction when the decision made it.
    """

    record: bool
    suspect: bool
    reasons: tuple[str, ...]
    headline_changed: bool = False
    standfirst_changed: bool = False
    reconciled: Reconciled | None = None
    health: HealthReport = field(default_factory=HealthReport)
    extraction: Extraction | None = field(default=None, repr=False)

    @property
    def comparison(self) -> Comparison | None:
        return self.reconciled.comparison if self.reconciled is not None else None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "record": self.record,
            "suspect": self.suspect,
            "reasons": list(self.reasons),
            "headline_changed": self.headline_changed,
            "standfirst_changed": self.standfirst_changed,
            "health": self.health.to_dict(),
        }
        if self.reconciled is not None:
            d["summary"] = self.reconciled.summary()
            d["reconciled"] = [e.to_dict() for e in self.reconciled.evidence]
        return d


def _key(s: str | None) -> str:
    return normalize(s or "").rstrip(".…").strip()


def _field_changed(
    name: str, old_value: str | None, new_value: str | None, old: Extraction, new: Extraction
) -> tuple[bool, str | None]:
    """(changed, artefact-reason) for a headline or standfirst."""
    a, b = _key(old_value), _key(new_value)
    if a == b:
        return False, None
    if not a or not b:
        # A field that appears or vanishes with a template (a standfirst some designs
        # do not show) is not a change of the text by itself.
        return False, f"{name} {'no longer found' if a else 'found only'} on the new capture"
    shown_old = a in PageText.of(old)
    shown_new = b in PageText.of(new)
    if not shown_old and not shown_new:
        # neither page shows it: an SEO title or description, page metadata only
        return False, f"{name}: only the page's metadata changed (not shown on either page)"
    if shown_old != shown_new:
        # one design shows it, the other only has it in its metadata (an SEO text)
        return False, f"{name} shown on one design only; the other's is from its metadata"
    if (a.startswith(b) or b.startswith(a)) and min(len(a), len(b)) >= 40:
        return False, f"{name}: one capture has a truncated form of the other"
    if a in PageText.of(new, with_meta=True) and b in PageText.of(old, with_meta=True):
        return False, f"{name}: both forms are on both pages"
    return True, None


_LEDE_SIMILARITY = 0.6


def _similar(a: str, b: str) -> bool:
    wa, wb = _key(a).casefold().split(), _key(b).casefold().split()
    if not wa or not wb:
        return False
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= _LEDE_SIMILARITY


def _shown_standfirst(e: Extraction) -> str | None:
    if e.standfirst and _key(e.standfirst) in PageText.of(e):
        return e.standfirst
    return None


def _lede_moved(old: Extraction, new: Extraction) -> bool:
    """True when one capture's shown standfirst is (a form of) the other's first body
    paragraph, and the other has no such standfirst: one lede, placed differently
    by the two templates (a bold first paragraph taken as standfirst, say)."""
    a, b = _shown_standfirst(old), _shown_standfirst(new)
    if a and (not b or not _similar(a, b)) and new.paragraphs and _similar(a, new.paragraphs[0]):
        return not (old.paragraphs and _similar(a, old.paragraphs[0]))
    if b and (not a or not _similar(a, b)) and old.paragraphs and _similar(b, old.paragraphs[0]):
        return not (new.paragraphs and _similar(b, new.paragraphs[0]))
    return False


def article_paragraphs(e: Extraction) -> list[str]:
    """The article as a reader sees it: the standfirst the page shows (not one from
    its metadata) on top of the body paragraphs."""
    sf = _shown_standfirst(e)
    return [sf, *e.paragraphs] if sf else list(e.paragraphs)


def decide_version(
    previous: Extraction | None,
    new: Extraction,
    *,
    comparison: Comparison | None = None,
    shrink_ratio: float = SHRINK_RATIO,
    cross_check: bool = True,
) -> Decision:
    """Decide whether *new* is a new version of the article whose last recorded
    version is *previous* (``None`` for the first capture).

    Compare against the last *recorded* version, not the last capture: a suspect
    capture is never a baseline. *comparison*, when given, must be
    ``compare(previous.text, new.text)``. *cross_check* off skips reconciling the
    comparison against the raw pages (for measurements only: it lets false
    changes through).
    """
    if previous is not None and previous.method != new.method:
        return Decision(
            False,
            True,
            (
                f"captures were extracted differently ({previous.method} vs {new.method}); "
                "re-extract both from raw HTML with the same extractor and profile",
            ),
            health=new.health,
            extraction=new,
        )
    health = new.health
    if previous is not None:
        health = health.merge(check_shrink(previous.paragraphs, new.paragraphs, ratio=shrink_ratio))
    if health.suspect:
        return Decision(False, True, health.reasons, health=health, extraction=new)
    if previous is None:
        return Decision(True, False, ("first version",), health=health, extraction=new)

    reasons: list[str] = []
    headline_changed, why = _field_changed(
        "headline", previous.headline, new.headline, previous, new
    )
    if headline_changed:
        reasons.append("headline changed")
    elif why:
        reasons.append(why)
    moved = _lede_moved(previous, new)
    if moved:
        # the same lede is the standfirst on one capture and body text on the other:
        # compare it as body text on both sides, so an edit of it is an edit
        standfirst_changed = False
        reasons.append(
            "the lede is the standfirst on one capture and body text on the other; "
            "compared as body text"
        )
        comparison = compare(
            "\n".join(article_paragraphs(previous)), "\n".join(article_paragraphs(new))
        )
    else:
        standfirst_changed, why = _field_changed(
            "standfirst", previous.standfirst, new.standfirst, previous, new
        )
        if standfirst_changed:
            reasons.append("standfirst changed")
        elif why:
            reasons.append(why)
    if comparison is None:
        comparison = compare(previous.text, new.text)
    rec = reconcile(previous, new, comparison) if cross_check else Reconciled(comparison, ())
    if new.truncated and any(link.op in ("deleted", "edited") for link in rec.links):
        reasons = [
            "the page ends before </html> and text is missing from it: a truncated "
            "transfer cannot be checked against; re-check",
            f"body would have changed: {rec.comparison.summary()}",
        ]
        health = health.merge(HealthReport(True, (reasons[0],)))
        return Decision(False, True, tuple(reasons), reconciled=rec, health=health, extraction=new)
    if rec.changed:
        reasons.append(f"body changed: {rec.comparison.summary()}")
    if rec.evidence:
        n = len(rec.evidence)
        reasons.append(
            f"{n} extraction artefact{'s' if n != 1 else ''} reconciled against the raw pages"
        )
    record = headline_changed or standfirst_changed or rec.changed
    if not record and not reasons:
        reasons.append("no change in the article text")
    return Decision(
        record,
        False,
        tuple(reasons),
        headline_changed=headline_changed,
        standfirst_changed=standfirst_changed,
        reconciled=rec,
        health=health,
        extraction=new,
    )


def reextract_pair(
    old_raw: bytes,
    new_raw: bytes,
    *,
    url: str,
    profile: Profile | None = None,
    old_content_type: str | None = None,
    new_content_type: str | None = None,
) -> tuple[Extraction, Extraction]:
    """Extract two captures' raw HTML with the same extractor and profile (like with like)."""
    return (
        extract_article(old_raw, url=url, content_type=old_content_type, profile=profile),
        extract_article(new_raw, url=url, content_type=new_content_type, profile=profile),
    )


def decide_from_raw(
    previous_raw: bytes | None,
    new_raw: bytes,
    *,
    url: str,
    profile: Profile | None = None,
    previous_content_type: str | None = None,
    content_type: str | None = None,
) -> Decision:
    """:func:`decide_version` over raw HTML, both sides extracted alike."""
    new = extract_article(new_raw, url=url, content_type=content_type, profile=profile)
    previous = (
        None
        if previous_raw is None
        else extract_article(
            previous_raw, url=url, content_type=previous_content_type, profile=profile
        )
    )
    return decide_version(previous, new)


def replay(
    captures: Sequence[tuple[bytes, str | None]],
    *,
    url: str,
    profile: Profile | None = None,
) -> list[Decision]:
    """Re-decide a whole capture history (raw HTML and content type, oldest first) with
    one extractor and profile: what to do after a profile or extractor change.

    Each capture is compared with the last one recorded; suspect captures never
    become the baseline.
    """
    decisions: list[Decision] = []
    baseline: Extraction | None = None
    for raw, content_type in captures:
        new = extract_article(raw, url=url, content_type=content_type, profile=profile)
        d = decide_version(baseline, new)
        decisions.append(d)
        if d.record:
            baseline = new
    return decisions
