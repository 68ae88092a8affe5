"""Sitemaps and news sitemaps: ``<urlset>`` pages and ``<sitemapindex>`` indexes.

Parsed with lxml, never resolving entities or touching the network; gzip'd
sitemaps are inflated up to a size limit.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml import etree

from redline.errors import FetchError

__all__ = [
    "MAX_SITEMAP_BYTES",
    "SitemapEntry",
    "SitemapPage",
    "looks_like_sitemap",
    "parse_sitemap",
]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit, uncompressed
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None = None
    title: str | None = None
    published: datetime | None = None
    news: bool = False


@dataclass(frozen=True, slots=True)
class SitemapPage:
    entries: tuple[SitemapEntry, ...] = ()
    sitemaps: tuple[str, ...] = field(default=())
    """Child sitemaps, when the document is a sitemap index."""

    @property
    def is_index(self) -> bool:
        return bool(self.sitemaps)


def _inflate(content: bytes) -> bytes:
    if content[:2] != b"\x1f\x8b":
        return content
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(content, MAX_SITEMAP_BYTES + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise FetchError(f"sitemap is not valid gzip: {exc}") from exc
    if len(out) > MAX_SITEMAP_BYTES:
        raise FetchError("sitemap is larger than 50 MiB uncompressed")
    return out


def looks_like_sitemap(content: bytes) -> bool:
    head = _inflate(content[:4096]) if content[:2] != b"\x1f\x8b" else b"<urlset"
    head = head.lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(content: bytes, *, base_url: str) -> SitemapPage:
    """Read a sitemap, news sitemap or sitemap index."""
    data = _inflate(content)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        recover=True,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FetchError(f"{base_url}: not a readable sitemap ({exc})") from exc
    if root is None:
        raise FetchError(f"{base_url}: empty sitemap")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = []
        for node in root:
            if _local(node.tag) != "sitemap":
                continue
            loc = next((c.text for c in node if _local(c.tag) == "loc" and c.text), None)
            if loc:
                children.append(urljoin(base_url, loc.strip()))
        return SitemapPage(sitemaps=tuple(dict.fromkeys(children)))
    if kind != "urlset":
        raise FetchError(f"{base_url}: not a sitemap (root element <{kind}>)")
    entries: dict[str, SitemapEntry] = {}
    for node in root:
        if _local(node.tag) != "url":
            continue
        loc = lastmod = title = published = None
        news = False
        for child in node:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = child.text
            elif child.tag == f"{_NEWS}news":
                news = True
                for item in child:
                    if item.tag == f"{_NEWS}title":
                        title = (item.text or "").strip() or None
                    elif item.tag == f"{_NEWS}publication_date":
                        published = item.text
        if loc:
            url = urljoin(base_url, loc)
            entries.setdefault(
                url, SitemapEntry(url, _date(lastmod), title, _date(published), news)
            )
    return SitemapPage(entries=tuple(entries.values()))
