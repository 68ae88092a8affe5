"""Plain data going into and coming out of the store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from redline.times import utc

__all__ = [
    "ArticleInfo",
    "CaptureInfo",
    "Observation",
    "RecordResult",
    "StoredComparison",
    "StoredVersion",
    "VersionInfo",
    "article_key",
    "canonical_url",
    "identity_url",
    "utc",
]

RecordStatus = Literal["created", "seen", "flipflop", "duplicate"]


_TRACKING = ("utm_", "fbclid", "gclid", "at_medium", "at_campaign", "ocid")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no default port."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


#: host prefixes of the same site's mobile and AMP editions
_EDITION_HOSTS = ("www.", "m.", "mobile.", "amp.")
#: query parameters that only ask for the AMP edition
_AMP_PARAMS = {("amp", ""), ("amp", "1"), ("amp", "true"), ("outputtype", "amp")}


def identity_url(url: str) -> str:
    """The form under which two URLs of one article are the same article.

    :func:`canonical_url`, then: http and https alike; ``www.``, ``m.``,
    ``mobile.`` and ``amp.`` hosts alike; AMP paths (``…/amp``, ``…/amp/``,
    ``….amp``, ``/amp/…``) and AMP parameters dropped; no trailing slash.
    """
    parts = urlsplit(canonical_url(url))
    host = parts.netloc
    for prefix in _EDITION_HOSTS:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    path = parts.path
    if path.startswith("/amp/"):
        path = path[4:]
    for suffix in ("/amp/", "/amp", ".amp"):
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)]
            break
    path = path.rstrip("/") or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if (k.lower(), v.lower()) not in _AMP_PARAMS
    ]
    return urlunsplit(("", host, path, urlencode(query), "")).removeprefix("//")


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def article_key(
    *,
    url: str | None = None,
    external_id: str | None = None,
    source: str | None = None,
    story: str | None = None,
) -> str:
    """The stable identity of an article: its id (per source), else its URL, else its story."""
    if external_id:
        return "i:" + _digest(source or "", external_id)
    if url:
        return "u:" + _digest(identity_url(url))
    if story:
        return "s:" + _digest(story)
    raise ValueError("an article needs a URL, an id or a story name")


@dataclass(frozen=True, slots=True)
class Observation:
    """One fetched or ingested state of an article, to give to ``Store.record_version``.

    ``paragraphs`` is the body as published, one paragraph per item. At least one
    of ``url``, ``external_id`` and ``story`` identifies the article.
    """

    paragraphs: tuple[str, ...]
    url: str | None = None
    external_id: str | None = None
    story: str | None = None
    source: str | None = None
    seen_at: datetime | None = None
    published: datetime | None = None
    updated: datetime | None = None
    headline: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    extractor: str | None = None
    extractor_version: str | None = None
    raw: bytes | None = None
    raw_type: str | None = None
    origin: str | None = None
    #: the article is the one named by ``story`` even when the page names a URL
    by_story: bool = False

    @classmethod
    def from_text(cls, text: str, **fields: Any) -> Observation:
        """Build from text with one paragraph per line (blank lines ignored)."""
        paragraphs = tuple(line.strip() for line in text.splitlines() if line.strip())
        return cls(paragraphs=paragraphs, **fields)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def source_name(self) -> str:
        if self.source:
            return self.source
        if self.url:
            host = (urlsplit(self.url).hostname or "").lower()
            return host.removeprefix("www.") or "web"
        return "files"

    def key(self) -> str:
        if self.by_story and self.story:  # an explicit story name wins over URL and id
            return article_key(story=self.story)
        return article_key(
            url=self.url, external_id=self.external_id, source=self.source_name(), story=self.story
        )


@dataclass(frozen=True, slots=True)
class RecordResult:
    """What ``record_version`` did.

    ``status``: ``created`` (a new version), ``seen`` (same text as the current
    version, or an older observation of a known text: a seen time was recorded),
    ``flipflop`` (the text went back to an earlier version: recorded, no new
    version) or ``duplicate`` (this observation was already recorded: nothing changed).
    """

    status: RecordStatus
    article_id: int
    version: int
    version_id: int
    previous: int | None = None
    new_article: bool = False

    @property
    def created(self) -> bool:
        return self.status == "created"


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: int
    key: str
    url: str | None
    external_id: str | None
    story: str | None
    source: str | None
    title: str | None
    grouping: str
    version_count: int
    flipflops: int
    first_seen: datetime | None
    last_seen: datetime | None
    order_method: str | None = None
    order_confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.id,
            "url": self.url,
            "external_id": self.external_id,
            "story": self.story,
            "source": self.source,
            "title": self.title,
            "versions": self.version_count,
            "flipflops": self.flipflops,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "grouping": self.grouping,
            "order_method": self.order_method,
            "order_confidence": self.order_confidence,
        }


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """A version without its text, as listed by ``Store.history``."""

    article_id: int
    id: int
    number: int
    content_hash: str
    first_seen: datetime | None
    last_seen: datetime | None
    seen_count: int
    published: datetime | None
    updated: datetime | None
    headline: str | None
    byline: str | None
    extractor: str | None
    extractor_version: str | None
    text_bytes: int
    summary: str | None = None
    classes: tuple[str, ...] = ()

    @property
    def time(self) -> datetime | None:
        """The best known time of this version: first seen, else updated, else published."""
        return self.first_seen or self.updated or self.published

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "version": self.number,
            "time": _iso(self.time),
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "seen_count": self.seen_count,
            "published": _iso(self.published),
            "updated": _iso(self.updated),
            "headline": self.headline,
            "content_hash": self.content_hash,
            "summary": self.summary,
            "classes": list(self.classes),
        }


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A version with its text."""

    info: VersionInfo
    paragraphs: tuple[str, ...]
    standfirst: str | None = None
    raw_blob: str | None = None

    @property
    def number(self) -> int:
        return self.info.number

    @property
    def headline(self) -> str | None:
        return self.info.headline

    @property
    def text(self) -> str:
        """The body, one paragraph per line."""
        return "\n".join(self.paragraphs)

    @property
    def document_text(self) -> str:
        """Headline, standfirst and body, one per line: what comparisons are made of."""
        lines = [x for x in (self.info.headline, self.standfirst) if x]
        return "\n".join([*lines, *self.paragraphs])


@dataclass(frozen=True, slots=True)
class CaptureInfo:
    seen_at: datetime | None
    kind: str
    version: int
    origin: str | None
    raw_blob: str | None


@dataclass(frozen=True, slots=True)
class StoredComparison:
    """A comparison between two stored versions (cached data, recomputable)."""

    article_id: int
    old: int
    new: int
    summary: str
    classes: tuple[str, ...]
    counts: dict[str, int]
    data: dict[str, Any] = field(repr=False)
    significance: float = 0.0


def _iso(value: datetime | None) -> str | None:
    value = utc(value)
    return value.isoformat().replace("+00:00", "Z") if value else None
