"""Atom 1.0 feeds (RFC 4287) of changes.

Entries carry the one-line summary and a readable diff as escaped HTML
(``type="html"``): text from the web is escaped once by the diff template and
once more by the XML writer, so a feed reader shows it literally. Characters
XML 1.0 forbids are dropped.

Ids are stable tag URIs. In feeds with one entry per story the entry id stays
the same and ``updated`` moves forward, so a story that changes again
resurfaces in feed readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

__all__ = ["ATOM_TYPE", "FeedEntry", "render_feed", "tag_uri"]

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
TAG_AUTHORITY = "redline.invalid,2024"

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """*text* without the characters XML 1.0 cannot carry."""
    return _XML_BAD.sub("", text or "")


def tag_uri(*parts: object) -> str:
    """A stable entry or feed id, e.g. ``tag:redline.invalid,2024:story/12``."""
    return f"tag:{TAG_AUTHORITY}:" + "/".join(str(p) for p in parts)


def _iso(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str
    title: str
    updated: datetime
    link: str
    summary: str
    content_html: str
    categories: tuple[str, ...] = ()
    author: str = ""
    published: datetime | None = None
    related: tuple[tuple[str, str], ...] = ()  # (href, title): archived copies


def render_feed(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    alternate_url: str,
    entries: list[FeedEntry],
    subtitle: str = "",
    updated: datetime | None = None,
) -> bytes:
    """The feed as UTF-8 XML bytes."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: clean(v) for k, v in attrs.items()})
        if text is not None:
            el.text = clean(text)
        return el

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", feed_id)
    sub(feed, "title", title)
    if subtitle:
        sub(feed, "subtitle", subtitle)
    newest = max((e.updated for e in entries), default=None)
    sub(feed, "updated", _iso(updated or newest or datetime(2000, 1, 1, tzinfo=UTC)))
    sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=alternate_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "Redline")
    sub(feed, "generator", "Redline")
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", e.id)
        sub(entry, "title", e.title or "Untitled story", type="text")
        sub(entry, "updated", _iso(e.updated))
        if e.published:
            sub(entry, "published", _iso(e.published))
        if e.author:
            sub(sub(entry, "author"), "name", e.author)
        sub(entry, "link", rel="alternate", href=e.link, type="text/html")
        for href, label in e.related:
            sub(entry, "link", rel="related", href=href, title=label)
        for cat in e.categories:
            sub(entry, "category", term=cat)
        sub(entry, "summary", e.summary, type="text")
        sub(entry, "content", e.content_html, type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
