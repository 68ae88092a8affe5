"""Sitemaps and news sitemaps: ``<urlset>`` pages and ``<sitemapindex>`` indexes.

Read by :mod:`redline.track.reader`: streamed, DTDs refused, gzip'd sitemaps
inflated a slice at a time up to a size limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redline.errors import FetchError
from redline.track.reader import Item, read_document

__all__ = [
    "MAX_SITEMAP_BYTES",
    "SitemapEntry",
    "SitemapPage",
    "looks_like_sitemap",
    "parse_sitemap",
]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit, uncompressed
#: one ``<url>`` of a sitemap: its link, title, dates and whether it is a news item
SitemapEntry = Item


@dataclass(frozen=True, slots=True)
class SitemapPage:
    entries: tuple[SitemapEntry, ...] = ()
    sitemaps: tuple[str, ...] = field(default=())
    """Child sitemaps, when the document is a sitemap index."""

    @property
    def is_index(self) -> bool:
        return bool(self.sitemaps)


def looks_like_sitemap(content: bytes) -> bool:
    head = content[:4096].lower() if content[:2] != b"\x1f\x8b" else b"<urlset"
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_sitemap(content: bytes, *, base_url: str) -> SitemapPage:
    """Read a sitemap, news sitemap or sitemap index (gzip'd or not)."""
    doc = read_document(content, base_url, max_inflated=MAX_SITEMAP_BYTES)
    if doc.kind != "sitemap":
        raise FetchError(f"{base_url}: not a sitemap (a {doc.kind})")
    if doc.sitemaps:
        return SitemapPage(sitemaps=tuple(doc.sitemaps))
    return SitemapPage(entries=tuple(doc.items))
