"""Managing sources from the command line: add (optionally probing the source), load a
TOML file, list, remove."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from redline.errors import FetchError
from redline.store.tracking import SourceRow, TrackingRepo
from redline.track.fetch import Fetcher, FetchOptions
from redline.track.sources import Discovery, SourceSpec, discover

__all__ = ["Added", "add_source", "load_sources", "probe"]


@dataclass(frozen=True)
class Added:
    source: SourceRow
    discovery: Discovery | None


def probe(spec: SourceSpec, options: FetchOptions | None = None) -> Discovery:
    """Read *spec* once (politely) to check it is a feed or sitemap and count its links."""

    async def run() -> Discovery:
        async with Fetcher(options) as fetcher:
            return await discover(fetcher, spec)

    return asyncio.run(run())


def add_source(
    repo: TrackingRepo,
    spec: SourceSpec,
    *,
    check: bool = True,
    fetch_options: FetchOptions | None = None,
    now: datetime | None = None,
) -> Added:
    """Add *spec*; with *check*, read it first and refuse it if it is neither feed nor sitemap."""
    found = None
    if check:
        found = probe(spec, fetch_options)
        if found.kind is None:
            raise FetchError(f"{spec.url}: neither an RSS/Atom feed nor a sitemap")
        spec = spec.with_kind(found.kind)
    row = repo.add_source(
        name=spec.name,
        url=spec.url,
        kind=spec.kind,
        options=spec.options(),
        now=now or datetime.now(UTC),
    )
    return Added(row, found)


def load_sources(
    repo: TrackingRepo, specs: list[SourceSpec], *, now: datetime | None = None
) -> tuple[int, int]:
    """Add the sources of a file that are not known yet (by name); update the options of
    the others. Returns (added, updated)."""
    now = now or datetime.now(UTC)
    known = {s.name: s for s in repo.sources()}
    added = updated = 0
    for spec in specs:
        if spec.name in known:
            if repo.update_source(spec.name, url=spec.url, options=spec.options()):
                updated += 1
        else:
            repo.add_source(
                name=spec.name, url=spec.url, kind=spec.kind, options=spec.options(), now=now
            )
            added += 1
    return added, updated
