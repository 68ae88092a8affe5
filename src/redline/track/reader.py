"""Stream-parse feeds and sitemaps as they arrive, safely and within limits.

A :class:`LinkReader` is handed the body of a feed (RSS, Atom, RDF) or a
sitemap (``urlset`` or ``sitemapindex``, gzip'd or not) a slice at a time and
keeps only the links it finds:

* **no DTDs**: a document whose prolog (what comes before the root element)
  holds ``<!DOCTYPE`` or ``<!ENTITY`` is refused before any parser sees it, so
  entity expansion ("billion laughs", one big entity referenced thousands of
  times) and external entities cannot happen;
* **bounded inflation**: a gzip'd sitemap is inflated a slice at a time and
  refused past ``max_inflated`` bytes;
* **bounded memory**: lxml's pull parser builds one item at a time and each is
  dropped once read, so a 50 MB feed costs what one item costs;
* **bounded work**: after ``max_items`` items the reader says it has had enough
  (the rest of the body is not even downloaded) and :attr:`capped` is set.

Links are cleaned with :func:`redline.track.urls.clean_url`: only http(s) URLs
are kept (others are counted in :attr:`non_web`).
"""

from __future__ import annotations

import calendar
import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree

from redline.errors import FetchError
from redline.track.decode import BoundedDecoder
from redline.track.fetch import BodySink
from redline.track.urls import clean_url

__all__ = [
    "MAX_INFLATED",
    "MAX_ITEMS",
    "Item",
    "LinkReader",
    "refuse_dtd",
]

MAX_ITEMS = 5000
"""Items (feed entries, sitemap URLs) taken from one document per read."""
MAX_INFLATED = 50 * 1024 * 1024
"""Largest gzip'd sitemap once inflated (the sitemaps.org limit)."""
_PROLOG_MAX = 64 * 1024
_FALLBACK_MAX = 2 * 1024 * 1024

_FEED_ROOTS = {"rss", "feed", "RDF", "channel"}
_SITEMAP_ROOTS = {"urlset", "sitemapindex"}
_ITEMS = {"feed": {"item", "entry"}, "sitemap": {"url", "sitemap"}}
_ROOT_START = re.compile(r"<[A-Za-z_]")
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
_ATOM = "{http://www.w3.org/2005/Atom}"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


@dataclass(frozen=True, slots=True)
class Item:
    url: str
    title: str | None = None
    published: datetime | None = None
    lastmod: datetime | None = None
    news: bool = False


def _prolog_text(head: bytes) -> str:
    if head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        return head.decode("utf-32", errors="ignore")
    if head[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return head.decode("utf-16", errors="ignore")
    if len(head) >= 4 and b"\x00" in head[:4]:
        codec = "utf-16-be" if head[0] == 0 else "utf-16-le"
        return head[: len(head) // 2 * 2].decode(codec, errors="ignore")
    return head.decode("latin-1")


def refuse_dtd(head: bytes, what: str) -> int | None:
    """Raise if the prolog in *head* declares a DTD or entities; returns the offset
    (in characters of the decoded prolog) of the root element, or None if *head*
    does not reach it yet."""
    text = _prolog_text(head)
    m = _ROOT_START.search(text)
    prolog = text if m is None else text[: m.start()]
    if _DTD.search(prolog):
        raise FetchError(f"{what}: refusing a document that declares a DTD or entities")
    return None if m is None else m.start()


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _text(node: Any) -> str | None:
    text = "".join(node.itertext()).strip() if node is not None else ""
    return text or None


class LinkReader(BodySink):
    """Reads one feed or sitemap document; see the module docs."""

    def __init__(
        self,
        base_url: str,
        *,
        max_items: int = MAX_ITEMS,
        max_inflated: int = MAX_INFLATED,
    ) -> None:
        self.base_url = base_url
        self.max_items = max_items
        self.max_inflated = max_inflated
        self.kind: str | None = None
        """``feed`` or ``sitemap`` once the root element is seen."""
        self.items: list[Item] = []
        self.sitemaps: list[str] = []
        self.capped = False
        self.parsed = 0
        """Item elements read (duplicates and non-web links included)."""
        self.non_web = 0
        self.error: str | None = None
        self.size = 0
        self._seen: set[str] = set()
        self._head = b""
        self._checked = False
        self._gzip: BoundedDecoder | None = None
        self._started = False
        self._raw: list[bytes] | None = []
        self._raw_size = 0
        self._parser = etree.XMLPullParser(
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            recover=True,
            remove_comments=True,
            remove_pis=True,
        )

    @property
    def count(self) -> int:
        return len(self.items) + len(self.sitemaps)

    # ------------------------------------------------------------------ sink
    def feed(self, chunk: bytes) -> bool:
        try:
            return self._feed(chunk)
        except FetchError as exc:  # a DTD, a bomb: the reader stops, result() raises
            self.error = str(exc)
            return True

    def _feed(self, chunk: bytes) -> bool:
        if self.error is not None or self.capped:
            return True
        if not self._started:
            self._started = True
            if chunk[:2] == b"\x1f\x8b":
                self._gzip = BoundedDecoder("gzip", self.max_inflated, self.base_url)
        if self._gzip is not None:
            return any(self._xml(piece) for piece in self._gzip.feed(chunk))
        return self._xml(chunk)

    def close(self) -> None:
        try:
            self._close()
        except FetchError as exc:
            self.error = str(exc)

    def _close(self) -> None:
        if self.error is not None or self.capped:
            return
        if self._gzip is not None:
            for piece in self._gzip.flush():
                if self._xml(piece):
                    return
        if not self._checked and self._head:
            refuse_dtd(self._head, self.base_url)
            self._checked = True
            self._parse(self._head)
        with contextlib.suppress(etree.XMLSyntaxError):
            self._parser.close()
        self._drain()
        if self.kind is None and self.error is None:
            self._fallback()

    # --------------------------------------------------------------- parsing
    def _xml(self, data: bytes) -> bool:
        self.size += len(data)
        if self._raw is not None:
            self._raw_size += len(data)
            if self._raw_size <= _FALLBACK_MAX:
                self._raw.append(data)
            else:
                self._raw = None
        if not self._checked:
            self._head += data
            if refuse_dtd(self._head, self.base_url) is None:
                if len(self._head) > _PROLOG_MAX:
                    self.error = f"{self.base_url}: no root element in the first 64 KB"
                    return True
                return False
            self._checked = True
            data, self._head = self._head, b""
        return self._parse(data)

    def _parse(self, data: bytes) -> bool:
        try:
            self._parser.feed(data)
        except etree.XMLSyntaxError as exc:
            self.error = f"{self.base_url}: not a readable feed or sitemap ({exc})"
            return True
        return self._drain()

    def _drain(self) -> bool:
        for event, node in self._parser.read_events():
            if event == "start":
                if self.kind is None:
                    root = _local(node.tag)
                    if root in _FEED_ROOTS:
                        self.kind = "feed"
                    elif root in _SITEMAP_ROOTS:
                        self.kind = "sitemap"
                    else:
                        self.error = (
                            f"{self.base_url}: neither an RSS/Atom feed nor a sitemap "
                            f"(root element <{root or '?'}>)"
                        )
                        return True
                continue
            name = _local(node.tag)
            items = _ITEMS[self.kind or "feed"]
            if name not in items:
                continue
            parent = node.getparent()
            if parent is None or _local(parent.tag) in items:
                continue  # the root itself, or an item inside an item
            self._take(name, node)
            self.parsed += 1
            node.clear(keep_tail=False)
            while node.getprevious() is not None:
                del parent[0]
            if self.parsed >= self.max_items:
                self.capped = True
                return True
        return False

    def _add_url(self, link: str | None) -> str | None:
        if not link:
            return None
        url = clean_url(link, self.base_url)
        if url is None:
            self.non_web += 1
            return None
        if url in self._seen:
            return None
        self._seen.add(url)
        return url

    def _take(self, name: str, node: Any) -> None:
        kids = {_local(c.tag): c for c in reversed(node)}  # the first of each name wins
        if name == "sitemap":
            url = self._add_url(_text(kids.get("loc")))
            if url:
                self.sitemaps.append(url)
            return
        if name == "url":
            url = self._add_url(_text(kids.get("loc")))
            if not url:
                return
            news = next((c for c in node if c.tag == f"{_NEWS}news"), None)
            title = published = None
            if news is not None:
                for c in news:
                    if c.tag == f"{_NEWS}title":
                        title = _text(c)
                    elif c.tag == f"{_NEWS}publication_date":
                        published = _date(_text(c))
            lastmod = _date(_text(kids.get("lastmod")))
            self.items.append(Item(url, title, published, lastmod, news is not None))
            return
        # a feed item: RSS <item>, RDF <item rdf:about>, Atom <entry>
        link = None
        for c in node:
            if _local(c.tag) != "link":
                continue
            href = c.get("href")
            if href is not None:
                if c.get("rel", "alternate") == "alternate":
                    link = href
                    break
            elif _text(c):
                link = _text(c)
                break
        if not link:
            link = node.get(_RDF_ABOUT)
        if not link:
            guid = _text(kids.get("guid")) or _text(kids.get("id")) or ""
            link = guid if guid.startswith(("http://", "https://")) else None
        url = self._add_url(link)
        if not url:
            return
        when = None
        for key in ("pubDate", "published", "date", "updated", "issued", "modified"):
            when = _date(_text(kids.get(key)))
            if when is not None:
                break
        self.items.append(Item(url, _text(kids.get("title")), when))

    def _fallback(self) -> None:
        """A small document lxml could not make sense of: let feedparser try
        (it reads broken feeds loosely). The DTD check has already passed."""
        if not self._raw:
            self.error = self.error or f"{self.base_url}: empty document"
            return
        import feedparser

        data = b"".join(self._raw)
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
        if not parsed.entries and parsed.get("bozo") and not parsed.get("feed"):
            self.error = (
                f"{self.base_url}: neither an RSS/Atom feed nor a sitemap "
                f"(not a readable feed: {parsed.get('bozo_exception')})"
            )
            return
        self.kind = "feed"
        for entry in parsed.entries[: self.max_items]:
            url = self._add_url(entry.get("link"))
            if not url:
                continue
            when = None
            for key in ("published_parsed", "updated_parsed"):
                value = entry.get(key)
                if value:
                    try:
                        when = datetime.fromtimestamp(calendar.timegm(value), UTC)
                    except (OverflowError, ValueError):
                        when = None
                    break
            self.items.append(Item(url, entry.get("title"), when))
        self.capped = len(parsed.entries) > self.max_items

    def result(self) -> LinkReader:
        """Self, after raising the error the document had, if any."""
        if self.error is not None:
            raise FetchError(self.error)
        return self


def read_document(content: bytes, base_url: str, **limits: Any) -> LinkReader:
    """Read a whole document held in memory (tests, files)."""
    reader = LinkReader(base_url, **limits)
    for at in range(0, max(1, len(content)), 64 * 1024):
        if reader.feed(content[at : at + 64 * 1024]):
            break
    reader.close()
    return reader.result()
