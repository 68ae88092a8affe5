"""RSS, Atom and RDF feeds → article links (read by :mod:`redline.track.reader`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


def parse_feed(content: bytes, *, base_url: str) -> list[FeedEntry]:
    """The article links of an RSS or Atom document, in feed order, cleaned (only
    http(s), no tracking parameters or fragments) and without duplicates.

    A document that declares a DTD, or that cannot be read at all, raises
    :class:`FetchError`; a slightly malformed one is read as far as it goes.
    """
    from redline.track.reader import read_document

    try:
        doc = read_document(content, base_url)
    except FetchError as exc:
        raise FetchError(str(exc).replace("feed or sitemap", "feed")) from None
    if doc.kind != "feed":
        raise FetchError(f"{base_url}: not a readable feed (it is a {doc.kind})")
    return [FeedEntry(i.url, i.title, i.published) for i in doc.items]
