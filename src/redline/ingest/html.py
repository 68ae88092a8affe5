"""HTML pages → observations, through the extraction stage (trafilatura)."""

from __future__ import annotations

import re
from datetime import datetime

from redline.errors import ExtractionError
from redline.extract import extract_article
from redline.store.model import Observation

__all__ = ["canonical_link", "observation_from_html"]

_CANONICAL = re.compile(
    rb"""<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']([^"'>\s]+)"""
    rb"""|<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"'>\s]+)""",
    re.IGNORECASE,
)


def canonical_link(raw: bytes) -> str | None:
    """The page's canonical URL (``<link rel=canonical>`` or ``og:url``), if absolute."""
    m = _CANONICAL.search(raw[:200_000])
    if not m:
        return None
    url = (m.group(1) or m.group(2)).decode("ascii", "replace")
    return url if url.startswith(("http://", "https://")) else None


def observation_from_html(
    raw: bytes,
    *,
    url: str | None,
    content_type: str | None = None,
    seen_at: datetime | None = None,
    title: str | None = None,
    external_id: str | None = None,
    source: str | None = None,
    origin: str | None = None,
    keep_raw: bool = True,
) -> Observation:
    """Extract the article of one page. Raises ExtractionError when there is none."""
    url = url or canonical_link(raw)
    extraction = extract_article(raw, url=url or "", content_type=content_type)
    if not extraction.paragraphs:
        raise ExtractionError("no article text could be extracted from the page")
    return Observation(
        paragraphs=extraction.paragraphs,
        url=url,
        external_id=external_id,
        source=source,
        seen_at=seen_at,
        published=extraction.published,
        updated=extraction.updated,
        headline=title or extraction.headline,
        standfirst=extraction.standfirst,
        byline=extraction.byline,
        extractor=extraction.extractor,
        extractor_version=extraction.extractor_version,
        raw=raw if keep_raw else None,
        raw_type=content_type or "text/html",
        origin=origin,
    )
