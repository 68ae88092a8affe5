"""RSS and Atom feeds (parsed by feedparser) → article links."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from redline.errors import FetchError

__all__ = ["FeedEntry", "looks_like_feed", "parse_feed"]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: datetime | None = None


def looks_like_feed(content: bytes, content_type: str | None = None) -> bool:
    head = content[:2048].lstrip().lower()
    if content_type and any(t in content_type for t in ("rss", "atom")):
        return True
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _when(entry: feedparser.FeedParserDict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError):
                return None
    return None


def parse_feed(content: bytes, *, base_url: str) -> list[FeedEntry]:
    """The article links of an RSS or Atom document, in feed order, without duplicates.

    A document feedparser cannot read at all raises :class:`FetchError`; a
    slightly malformed one is read as far as it goes.
    """
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and parsed.get("bozo") and not parsed.get("feed"):
        raise FetchError(f"{base_url}: not a readable feed ({parsed.get('bozo_exception')})")
    seen: set[str] = set()
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    link = alt["href"]
                    break
        if not link:
            guid = entry.get("id", "")
            link = guid if guid.startswith(("http://", "https://")) else None
        if not link:
            continue
        url = urljoin(base_url, link.strip())
        if url in seen:
            continue
        seen.add(url)
        entries.append(FeedEntry(url, entry.get("title"), _when(entry)))
    return entries
