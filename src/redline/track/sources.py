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
    allow_origins = []              # non-public origins it may reach, e.g. "http://10.0.0.5:8080"
    archive = false                 # ask Save Page Now to capture each new version
    extractor = { profile = "bbc" } # passed to the extractor

    [source.policy]                 # see redline.track.schedule.RecheckPolicy
    min_interval = 300
    stop_after = 604800

:func:`discover` reads a source (following a sitemap index to its sitemaps)
and returns the article links it lists: streamed, at most ``max_items`` per
read, DTDs refused, http(s) links only, tracking parameters removed.
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
from redline.track.feeds import looks_like_feed
from redline.track.fetch import Fetcher
from redline.track.guard import origin_of, parse_origin
from redline.track.reader import MAX_ITEMS, LinkReader
from redline.track.schedule import RecheckPolicy
from redline.track.sitemaps import looks_like_sitemap

__all__ = ["KINDS", "Discovery", "Found", "SourceSpec", "discover", "load_sources_file"]

KINDS = ("feed", "sitemap")
MAX_CHILD_SITEMAPS = 50
_SPEC_KEYS = {
    "url",
    "name",
    "kind",
    "policy",
    "include",
    "exclude",
    "allow_private",
    "allow_origins",
    "extractor",
    "archive",
}


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
    """Kept for older source files: the source URL's own origin may be non-public
    (the same as listing that one origin in ``allow_origins``)."""
    allow_origins: tuple[str, ...] = ()
    """The only non-public origins (``scheme://host:port``) requests for this
    source may reach, redirects included."""
    extractor: dict[str, Any] = field(default_factory=dict)
    archive: bool = False
    """Ask the Internet Archive's Save Page Now to capture each new version
    (:mod:`redline.notify.archive`)."""

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"source URL must be an http(s) URL, not {self.url!r}")
        if isinstance(self.allow_origins, str):
            raise InputError("allow_origins must be a list of scheme://host:port")
        object.__setattr__(
            self, "allow_origins", tuple(dict.fromkeys(parse_origin(o) for o in self.allow_origins))
        )
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

    def allowed(self) -> frozenset[str]:
        """The non-public origins this source's requests may reach."""
        extra = {origin_of(self.url)} if self.allow_private else set()
        return frozenset(self.allow_origins) | extra

    def accepts(self, url: str) -> bool:
        """Whether an article URL passes the include and exclude patterns."""
        if self.include and not any(re.search(p, url) for p in self.include):
            return False
        return not any(re.search(p, url) for p in self.exclude)

    def options(self) -> dict[str, Any]:
        """Everything but url, name and kind, as JSON-ready data."""
        options = {
            "policy": self.policy.to_dict(),
            "include": list(self.include),
            "exclude": list(self.exclude),
            "allow_private": self.allow_private,
            "allow_origins": list(self.allow_origins),
            "extractor": dict(self.extractor),
        }
        if self.archive:  # only when on: the options of other sources stay as they were
            options["archive"] = True
        return options

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
            allow_origins=tuple(options.get("allow_origins", ())),
            extractor=dict(options.get("extractor", {})),
            archive=bool(options.get("archive", False)),
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
    origins = table.get("allow_origins", [])
    if not isinstance(origins, list) or not all(isinstance(v, str) for v in origins):
        raise InputError(f"{where}: allow_origins must be a list of scheme://host:port")
    return SourceSpec(
        url=str(table["url"]),
        name=str(table.get("name", "")),
        kind=table.get("kind"),
        policy=policy,
        include=tuple(table.get("include", [])),
        exclude=tuple(table.get("exclude", [])),
        allow_private=bool(table.get("allow_private", False)),
        allow_origins=tuple(origins),
        extractor=dict(table.get("extractor", {})),
        archive=_flag(table.get("archive", False), f"{where}: archive"),
    )


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{what} must be true or false")
    return value


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
    """Errors: part of the source could not be read (it is reported as failing)."""
    notes: tuple[str, ...] = ()
    """Worth saying, not errors: items past the cap, non-web links left out."""


def detect_kind(content: bytes, content_type: str | None) -> str:
    if looks_like_sitemap(content):
        return "sitemap"
    if looks_like_feed(content, content_type):
        return "feed"
    raise FetchError("neither an RSS/Atom feed nor a sitemap")


async def _read(
    fetcher: Fetcher, url: str, allow: frozenset[str], budget: int, **conditional: str | None
) -> tuple[LinkReader | None, str | None, str | None]:
    """Fetch and stream-parse one document; (None, …) when it was not modified."""
    o = fetcher.options
    result = await fetcher.fetch(
        url,
        allow_origins=allow,
        max_bytes=o.max_source_bytes,
        sink=lambda at: LinkReader(at, max_items=budget, max_inflated=o.max_inflated),
        **conditional,  # type: ignore[arg-type]
    )
    if result.not_modified:
        return None, conditional.get("etag"), conditional.get("last_modified")
    reader = result.sink
    if not isinstance(reader, LinkReader):  # pragma: no cover - a sink is always made
        raise FetchError(f"{url}: no body")
    return reader.result(), result.etag, result.last_modified


async def discover(
    fetcher: Fetcher,
    spec: SourceSpec,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_items: int = MAX_ITEMS,
) -> Discovery:
    """Read *spec*'s feed or sitemap (conditionally) and list the articles it links to."""
    allow = spec.allowed()
    reader, etag, last_modified = await _read(
        fetcher, spec.url, allow, max_items, etag=etag, last_modified=last_modified
    )
    if reader is None:
        return Discovery(spec.kind, not_modified=True, etag=etag, last_modified=last_modified)
    if reader.kind is None:
        raise FetchError(f"{spec.url}: neither an RSS/Atom feed nor a sitemap")
    problems: list[str] = []
    notes: list[str] = []
    readers = [reader]
    capped = int(reader.capped)
    children = reader.sitemaps
    for child in children[:MAX_CHILD_SITEMAPS]:
        try:
            sub, _, _ = await _read(fetcher, child, allow, max_items)
        except FetchError as exc:
            problems.append(str(exc))
            continue
        if sub is None or sub.kind != "sitemap":
            problems.append(f"{child}: not a sitemap")
            continue
        readers.append(sub)
        capped += sub.capped
    if len(children) > MAX_CHILD_SITEMAPS:
        notes.append(f"only the first {MAX_CHILD_SITEMAPS} of {len(children)} sitemaps were read")
    if capped:
        notes.append(
            f"took the first {max_items} items of {capped} document(s); the rest were not read"
        )
    non_web = sum(r.non_web for r in readers)
    if non_web:
        notes.append(f"{non_web} non-web link(s) (file:, ftp:, javascript:...) left out")
    found = [Found(i.url, i.published or i.lastmod, i.title) for r in readers for i in r.items]
    unique = list(dict((f.url, f) for f in found).values())
    kept = [f for f in unique if spec.accepts(f.url)]
    return Discovery(
        kind=reader.kind,
        found=tuple(kept),
        etag=etag,
        last_modified=last_modified,
        rejected=len(unique) - len(kept),
        problems=tuple(problems),
        notes=tuple(notes),
    )
