"""Sources: the feeds and sitemaps Redline reads to find articles.

A :class:`SourceSpec` says where to look and how to treat what is found there
(name, re-check policy, URL include/exclude patterns, extractor options,
whether private addresses may be fetched). Specs come from ``redline source
add`` or from a TOML file::

    [[source]]
    url = "https://www.example.com/news/rss.xml"
    name = "Example News"
    include = ["/news/"]            # regular expressions searched in article URLs
    exclude = ["/live/", "/av/"]
    allow_private = false           # true only for sites on your own network
    extractor = { profile = "bbc" } # passed to the extractor

    [source.policy]                 # see redline.track.schedule.RecheckPolicy
    min_interval = 300
    stop_after = 604800

:func:`discover` reads a source (following a sitemap index to its sitemaps)
and returns the article links it lists.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from redline.errors import FetchError, InputError
from redline.extract import Profile
from redline.track.feeds import looks_like_feed, parse_feed
from redline.track.fetch import Fetcher
from redline.track.schedule import RecheckPolicy
from redline.track.sitemaps import looks_like_sitemap, parse_sitemap

__all__ = ["KINDS", "Discovery", "Found", "SourceSpec", "discover", "load_sources_file"]

KINDS = ("feed", "sitemap")
MAX_CHILD_SITEMAPS = 50
_SPEC_KEYS = {"url", "name", "kind", "policy", "include", "exclude", "allow_private", "extractor"}


@dataclass(frozen=True)
class SourceSpec:
    url: str
    name: str = ""
    kind: str | None = None
    """``feed`` or ``sitemap``; ``None`` means "find out on first read"."""
    policy: RecheckPolicy = field(default_factory=RecheckPolicy)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    allow_private: bool = False
    extractor: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"source URL must be an http(s) URL, not {self.url!r}")
        if not self.name:
            object.__setattr__(self, "name", parts.hostname)
        if self.kind is not None and self.kind not in KINDS:
            raise InputError(f"source kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        profile = self.extractor.get("profile")
        if profile is not None:
            if not isinstance(profile, dict):
                raise InputError("extractor profile must be a table (name, body, remove, ...)")
            Profile.from_dict(profile)  # a bad selector is an error now, not at the first page
        for pattern in (*self.include, *self.exclude):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise InputError(f"bad URL pattern {pattern!r}: {exc}") from exc

    def accepts(self, url: str) -> bool:
        """Whether an article URL passes the include and exclude patterns."""
        if self.include and not any(re.search(p, url) for p in self.include):
            return False
        return not any(re.search(p, url) for p in self.exclude)

    def options(self) -> dict[str, Any]:
        """Everything but url, name and kind, as JSON-ready data."""
        return {
            "policy": self.policy.to_dict(),
            "include": list(self.include),
            "exclude": list(self.exclude),
            "allow_private": self.allow_private,
            "extractor": dict(self.extractor),
        }

    @classmethod
    def from_options(
        cls, url: str, name: str, kind: str | None, options: dict[str, Any]
    ) -> SourceSpec:
        return cls(
            url=url,
            name=name,
            kind=kind,
            policy=RecheckPolicy.from_dict(options.get("policy")),
            include=tuple(options.get("include", ())),
            exclude=tuple(options.get("exclude", ())),
            allow_private=bool(options.get("allow_private", False)),
            extractor=dict(options.get("extractor", {})),
        )

    def with_kind(self, kind: str) -> SourceSpec:
        return replace(self, kind=kind)


def _spec_from_table(table: dict[str, Any], where: str) -> SourceSpec:
    unknown = sorted(set(table) - _SPEC_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}")
    if "url" not in table:
        raise InputError(f"{where}: a source needs a url")
    try:
        policy = RecheckPolicy.from_dict(table.get("policy"))
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: {exc}") from exc
    for key in ("include", "exclude"):
        value = table.get(key, [])
        if isinstance(value, str):
            table[key] = [value]
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{where}: {key} must be a list of patterns")
    return SourceSpec(
        url=str(table["url"]),
        name=str(table.get("name", "")),
        kind=table.get("kind"),
        policy=policy,
        include=tuple(table.get("include", [])),
        exclude=tuple(table.get("exclude", [])),
        allow_private=bool(table.get("allow_private", False)),
        extractor=dict(table.get("extractor", {})),
    )


def load_sources_file(path: str | Path) -> list[SourceSpec]:
    """Read ``[[source]]`` tables from a TOML file."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: not valid TOML: {exc}") from exc
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise InputError(f"{p}: no [[source]] tables found")
    specs = [_spec_from_table(dict(t), f"{p}: source {i}") for i, t in enumerate(tables, 1)]
    names = [s.name for s in specs]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"{p}: duplicate source name(s): {', '.join(dupes)}")
    return specs


@dataclass(frozen=True, slots=True)
class Found:
    url: str
    published: datetime | None = None
    title: str | None = None


@dataclass(frozen=True)
class Discovery:
    kind: str | None
    found: tuple[Found, ...] = ()
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    rejected: int = 0
    problems: tuple[str, ...] = ()


def detect_kind(content: bytes, content_type: str | None) -> str:
    if looks_like_sitemap(content):
        return "sitemap"
    if looks_like_feed(content, content_type):
        return "feed"
    raise FetchError("neither an RSS/Atom feed nor a sitemap")


async def discover(
    fetcher: Fetcher,
    spec: SourceSpec,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Discovery:
    """Read *spec*'s feed or sitemap (conditionally) and list the articles it links to."""
    result = await fetcher.fetch(
        spec.url, etag=etag, last_modified=last_modified, allow_private=spec.allow_private
    )
    if result.not_modified:
        return Discovery(spec.kind, not_modified=True, etag=etag, last_modified=last_modified)
    try:
        kind = detect_kind(result.content, result.content_type)
    except FetchError as exc:
        raise FetchError(f"{spec.url}: {exc}") from None
    problems: list[str] = []
    found: list[Found] = []
    if kind == "feed":
        found = [
            Found(e.url, e.published, e.title)
            for e in parse_feed(result.content, base_url=result.final_url)
        ]
    else:
        page = parse_sitemap(result.content, base_url=result.final_url)
        pages = [page]
        for child in page.sitemaps[:MAX_CHILD_SITEMAPS]:
            try:
                sub = await fetcher.fetch(child, allow_private=spec.allow_private)
                pages.append(parse_sitemap(sub.content, base_url=sub.final_url))
            except FetchError as exc:
                problems.append(str(exc))
        if len(page.sitemaps) > MAX_CHILD_SITEMAPS:
            problems.append(
                f"{spec.url}: only the first {MAX_CHILD_SITEMAPS} of {len(page.sitemaps)} "
                "sitemaps were read"
            )
        for p in pages:
            found.extend(Found(e.url, e.published or e.lastmod, e.title) for e in p.entries)
    kept = [f for f in dict((f.url, f) for f in found).values() if spec.accepts(f.url)]
    return Discovery(
        kind=kind,
        found=tuple(kept),
        etag=result.etag,
        last_modified=result.last_modified,
        rejected=len(found) - len(kept),
        problems=tuple(problems),
    )
