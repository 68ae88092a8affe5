"""Recording a batch of observations in one transaction, with a handful of statements.

The batch is resolved in memory first (which article, which version, seen or
flip-flop, new version numbers, new text units), then written with a fixed
number of bulk statements whatever its size: that is what makes ingesting
thousands of versions a second possible. The caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from redline.errors import StoreError
from redline.store.model import Observation, RecordResult, RecordStatus, canonical_url, utc
from redline.store.schema import articles as _articles
from redline.store.schema import blobs as _blobs
from redline.store.schema import captures as _captures
from redline.store.schema import sources as _sources
from redline.store.schema import versions as _versions
from redline.store.textpack import UnitTable, content_hash
from redline.text.boilerplate import is_boilerplate

__all__ = ["Prepared", "write_batch"]


class Prepared:
    """What can be computed from an observation before touching the database."""

    __slots__ = ("hash", "key", "obs", "paragraphs", "seen", "source", "text_bytes", "title")

    def __init__(self, obs: Observation) -> None:
        if not obs.url and not obs.external_id and not obs.story:
            raise StoreError("an observation needs a URL, an id or a story name")
        self.obs = obs
        self.paragraphs = [p for p in obs.paragraphs if p]
        self.hash = content_hash(obs.headline, obs.standfirst, self.paragraphs)
        self.text_bytes = sum(len(p.encode("utf-8")) for p in self.paragraphs) + max(
            len(self.paragraphs) - 1, 0
        )
        first = next(
            (p for p in self.paragraphs if len(p.split()) > 3 and not is_boilerplate(p)), None
        )
        title = obs.headline or first
        self.title = title[:300] if title else None
        self.seen = utc(obs.seen_at)
        self.source = obs.source_name()
        self.key = obs.key()


@dataclass(slots=True)
class _VersionState:
    """A version during the batch: stored already (``id`` set) or about to be."""

    id: int | None
    number: int
    hash: str
    first_seen: datetime | None
    last_seen: datetime | None
    seen_count: int
    stored_number: int | None = None
    dirty: bool = False
    values: dict[str, Any] | None = None
    units: int = 0


@dataclass(slots=True)
class _ArticleState:
    id: int
    new: bool
    title: str | None
    version_count: int
    flipflops: int
    current: _VersionState | None
    first_seen: datetime | None
    last_seen: datetime | None
    versions: list[_VersionState] = field(default_factory=list)
    by_hash: dict[str, _VersionState] = field(default_factory=dict)
    table: UnitTable | None = None
    dirty: bool = False


def write_batch(
    conn: Connection,
    batch: Sequence[Prepared],
    *,
    now: datetime,
    insert: Any,
    unit_tables: Callable[[Connection, dict[int, list[int]]], dict[int, UnitTable]],
) -> list[RecordResult]:
    """Record *batch* on *conn* (inside the caller's transaction); results in order."""
    arts = _load_articles(conn, batch, now, insert)
    seen_keys = _existing_captures(conn, batch, arts)
    # text units of the articles that may get a new version, in one go
    need = {
        arts[p.key].id: [v.id for v in arts[p.key].versions if v.id is not None]
        for p in batch
        if p.hash not in arts[p.key].by_hash
    }
    tables = unit_tables(conn, need) if need else {}
    for art in arts.values():
        art.table = tables.get(art.id)
    blobs: dict[str, dict[str, Any]] = {}
    captures: list[tuple[_VersionState, dict[str, Any]]] = []
    outcomes: list[tuple[RecordStatus, _ArticleState, _VersionState, _VersionState | None]] = []
    planned: list[
        tuple[_ArticleState, _VersionState]
    ] = []  # new versions, in the order their units were added

    for p in batch:
        art = arts[p.key]
        raw_hash = _blob(p.obs, blobs, now) if p.obs.raw else None
        seen = p.seen
        is_latest = seen is None or art.last_seen is None or seen >= art.last_seen
        match = art.by_hash.get(p.hash)
        if match is not None:
            ckey = (art.id, seen, p.hash)
            if seen is None or ckey in seen_keys or seen == match.first_seen:
                outcomes.append(("duplicate", art, match, None))
                continue
            seen_keys.add(ckey)
            if match.first_seen is not None and seen < match.first_seen:
                # the creating sighting is no longer first_seen: keep it as a capture row
                created = _capture(art, match.first_seen, "version", p, None)
                created["origin"] = None
                captures.append((match, created))
                seen_keys.add((art.id, match.first_seen, p.hash))
            flip = is_latest and art.current is not None and art.current is not match
            previous = art.current if flip else None
            kind: RecordStatus = "flipflop" if flip else "seen"
            captures.append((match, _capture(art, seen, kind, p, raw_hash)))
            match.seen_count += 1
            match.last_seen = seen if match.last_seen is None else max(seen, match.last_seen)
            earlier = match.first_seen is not None and seen < match.first_seen
            match.first_seen = seen if match.first_seen is None else min(seen, match.first_seen)
            match.dirty = True
            if earlier:
                _renumber_by_time(art)
            _bounds(art, seen)
            if is_latest:
                art.current = match
            art.flipflops += flip
            art.dirty = True
            outcomes.append((kind, art, match, previous))
            continue
        # a new version: numbered after the versions first seen before it
        number = len(art.versions) + 1
        if seen is not None:
            before = sum(1 for v in art.versions if v.first_seen is None or v.first_seen <= seen)
            if before < len(art.versions):
                number = before + 1
                for v in art.versions:
                    if v.number >= number:
                        v.number += 1
        if art.table is None:
            ids = [v.id for v in art.versions if v.id is not None]
            art.table = unit_tables(conn, {art.id: ids})[art.id]
        layout_bytes, pack, unit_count = art.table.record(p.paragraphs)
        obs = p.obs
        ver = _VersionState(None, number, p.hash, seen, seen, 1, units=unit_count)
        planned.append((art, ver))
        ver.values = {
            "article_id": art.id,
            "content_hash": p.hash,
            "first_seen": seen,
            "last_seen": seen,
            "seen_count": 1,
            "published": utc(obs.published),
            "updated": utc(obs.updated),
            "headline": obs.headline,
            "standfirst": obs.standfirst,
            "byline": obs.byline,
            "extractor": obs.extractor,
            "extractor_version": obs.extractor_version,
            "layout": layout_bytes,
            "pack": pack,
            "unit_count": unit_count,
            "text_bytes": p.text_bytes,
            "raw_blob": raw_hash,
            "origin": obs.origin,
            "created_at": now,
        }
        art.versions.append(ver)
        art.versions.sort(key=lambda v: v.number)
        art.by_hash[p.hash] = ver
        art.version_count += 1
        if is_latest and number == len(art.versions):
            art.current = ver
            art.title = p.title or art.title
        if seen is not None:
            _bounds(art, seen)
        art.dirty = True
        outcomes.append(("created", art, ver, None))

    _flush(conn, arts, planned, blobs, captures, insert)
    results = []
    for status, art, ver, previous in outcomes:
        assert ver.id is not None
        if status == "created":
            prev = ver.number - 1 if ver.number > 1 else None
        else:
            prev = previous.number if previous is not None else None
        results.append(
            RecordResult(
                status,
                art.id,
                ver.number,
                ver.id,
                prev,
                new_article=art.new and status == "created",
            )
        )
    _first_created_only(results)
    return results


def _renumber_by_time(art: _ArticleState) -> None:
    """Keep version numbers in order of first sighting after a first sighting moved earlier.

    Versions without a time keep their places; timed ones are re-sorted among theirs.
    """
    slots = [i for i, v in enumerate(art.versions) if v.first_seen is not None]
    timed = [art.versions[i] for i in slots]
    ordered = sorted(timed, key=lambda v: (v.first_seen, v.number))
    if ordered == timed:
        return
    versions = list(art.versions)
    for i, v in zip(slots, ordered, strict=True):
        versions[i] = v
    for n, v in enumerate(versions, 1):
        v.number = n
    art.versions = versions


def _first_created_only(results: list[RecordResult]) -> None:
    """``new_article`` is true on the first result that created the article only."""
    seen: set[int] = set()
    for i, r in enumerate(results):
        if r.new_article:
            if r.article_id in seen:
                results[i] = RecordResult(
                    r.status, r.article_id, r.version, r.version_id, r.previous, new_article=False
                )
            seen.add(r.article_id)


def _bounds(art: _ArticleState, seen: datetime) -> None:
    if art.first_seen is None or seen < art.first_seen:
        art.first_seen = seen
    if art.last_seen is None or seen > art.last_seen:
        art.last_seen = seen


def _capture(
    art: _ArticleState, seen: datetime | None, kind: str, p: Prepared, raw_hash: str | None
) -> dict[str, Any]:
    return {
        "article_id": art.id,
        "seen_at": seen,
        "kind": kind,
        "content_hash": p.hash,
        "raw_blob": raw_hash,
        "origin": p.obs.origin,
    }


def _blob(obs: Observation, blobs: dict[str, dict[str, Any]], now: datetime) -> str:
    raw = obs.raw or b""
    digest = hashlib.sha256(raw).hexdigest()
    if digest not in blobs:
        packed = zlib.compress(raw, 6)
        codec, data = ("zlib", packed) if len(packed) < len(raw) else ("raw", raw)
        blobs[digest] = {
            "hash": digest,
            "size": len(raw),
            "codec": codec,
            "media_type": obs.raw_type,
            "data": data,
            "created_at": now,
        }
    return digest


def _load_articles(
    conn: Connection,
    batch: Sequence[Prepared],
    now: datetime,
    insert: Any,
) -> dict[str, _ArticleState]:
    names = sorted({p.source for p in batch})
    conn.execute(
        insert(_sources).on_conflict_do_nothing(), [{"name": n, "created_at": now} for n in names]
    )
    source_ids = dict(
        conn.execute(select(_sources.c.name, _sources.c.id).where(_sources.c.name.in_(names))).all()
    )
    firsts: dict[str, Prepared] = {}
    for p in batch:
        firsts.setdefault(p.key, p)
    keys = sorted(firsts)
    existing = set(conn.execute(select(_articles.c.key).where(_articles.c.key.in_(keys))).scalars())
    missing = [firsts[k] for k in keys if k not in existing]
    if missing:
        conn.execute(
            insert(_articles).on_conflict_do_nothing(),
            [
                {
                    "key": p.key,
                    "source_id": source_ids[p.source],
                    "url": canonical_url(p.obs.url) if p.obs.url else None,
                    "external_id": p.obs.external_id,
                    "story": p.obs.story,
                    "grouping": "id" if p.obs.external_id else "url" if p.obs.url else "story",
                    "title": p.title,
                    "version_count": 0,
                    "flipflops": 0,
                    "created_at": now,
                }
                for p in missing
            ],
        )
    rows = conn.execute(
        select(
            _articles.c.id,
            _articles.c.key,
            _articles.c.title,
            _articles.c.version_count,
            _articles.c.flipflops,
            _articles.c.current_version_id,
            _articles.c.first_seen,
            _articles.c.last_seen,
        )
        .where(_articles.c.key.in_(keys))
        .order_by(_articles.c.id)
        .with_for_update()
    ).all()
    arts: dict[str, _ArticleState] = {}
    by_id: dict[int, _ArticleState] = {}
    current_ids: dict[int, int | None] = {}
    for r in rows:
        art = _ArticleState(
            r.id,
            r.key not in existing,
            r.title,
            r.version_count,
            r.flipflops,
            None,
            utc(r.first_seen),
            utc(r.last_seen),
        )
        arts[r.key] = by_id[r.id] = art
        current_ids[r.id] = r.current_version_id
    vrows = conn.execute(
        select(
            _versions.c.id,
            _versions.c.article_id,
            _versions.c.number,
            _versions.c.content_hash,
            _versions.c.first_seen,
            _versions.c.last_seen,
            _versions.c.seen_count,
        )
        .where(_versions.c.article_id.in_(list(by_id)))
        .order_by(_versions.c.article_id, _versions.c.number)
    ).all()
    for vr in vrows:
        art = by_id[vr.article_id]
        v = _VersionState(
            vr.id,
            vr.number,
            vr.content_hash,
            utc(vr.first_seen),
            utc(vr.last_seen),
            vr.seen_count,
            stored_number=vr.number,
        )
        art.versions.append(v)
        art.by_hash[v.hash] = v
        if current_ids[art.id] == v.id:
            art.current = v
    return arts


def _existing_captures(
    conn: Connection,
    batch: Sequence[Prepared],
    arts: dict[str, _ArticleState],
) -> set[tuple[int, datetime | None, str]]:
    times = [p.seen for p in batch if p.seen is not None and p.hash in arts[p.key].by_hash]
    if not times:
        return set()
    aids = sorted({arts[p.key].id for p in batch if p.seen is not None})
    rows = conn.execute(
        select(_captures.c.article_id, _captures.c.seen_at, _captures.c.content_hash).where(
            _captures.c.article_id.in_(aids),
            _captures.c.seen_at >= min(times),
            _captures.c.seen_at <= max(times),
        )
    ).all()
    return {(r.article_id, utc(r.seen_at), r.content_hash) for r in rows}


def _flush(
    conn: Connection,
    arts: dict[str, _ArticleState],
    planned: list[tuple[_ArticleState, _VersionState]],
    blobs: dict[str, dict[str, Any]],
    captures: list[tuple[_VersionState, dict[str, Any]]],
    insert: Any,
) -> None:
    if blobs:
        conn.execute(insert(_blobs).on_conflict_do_nothing(), list(blobs.values()))
    # renumbered stored versions: out of the way first, then to their new numbers
    moved = [
        v
        for a in arts.values()
        for v in a.versions
        if v.id is not None and v.number != v.stored_number
    ]
    if moved:
        params = [{"vid": v.id, "n": -v.number} for v in moved]
        stmt = (
            update(_versions)
            .where(_versions.c.id == bindparam("vid"))
            .values(number=bindparam("n"))
        )
        conn.execute(stmt, params)
        conn.execute(stmt, [{"vid": v.id, "n": v.number} for v in moved])
    new = planned
    if new:
        # sightings later in the batch may have changed the new versions' counters
        rows = [
            {
                **(v.values or {}),
                "number": v.number,
                "first_seen": v.first_seen,
                "last_seen": v.last_seen,
                "seen_count": v.seen_count,
            }
            for _, v in new
        ]
        ids = (
            conn.execute(
                _versions.insert().returning(_versions.c.id, sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        for (art, v), vid in zip(new, ids, strict=True):
            v.id = vid
            assert art.table is not None
            art.table.version_ids.add(vid)
    seen_updates = [
        {"vid": v.id, "sc": v.seen_count, "fs": v.first_seen, "ls": v.last_seen}
        for a in arts.values()
        for v in a.versions
        if v.dirty and v.values is None
    ]
    if seen_updates:
        conn.execute(
            update(_versions)
            .where(_versions.c.id == bindparam("vid"))
            .values(
                seen_count=bindparam("sc"), first_seen=bindparam("fs"), last_seen=bindparam("ls")
            ),
            seen_updates,
        )
    if captures:
        conn.execute(
            insert(_captures).on_conflict_do_nothing(),
            [{**values, "version_id": v.id} for v, values in captures],
        )
    art_updates = [
        {
            "aid": a.id,
            "vc": a.version_count,
            "ff": a.flipflops,
            "ttl": a.title,
            "cur": a.current.id if a.current else None,
            "fs": a.first_seen,
            "ls": a.last_seen,
        }
        for a in arts.values()
        if a.dirty
    ]
    if art_updates:
        conn.execute(
            update(_articles)
            .where(_articles.c.id == bindparam("aid"))
            .values(
                version_count=bindparam("vc"),
                flipflops=bindparam("ff"),
                title=bindparam("ttl"),
                current_version_id=bindparam("cur"),
                first_seen=bindparam("fs"),
                last_seen=bindparam("ls"),
            ),
            art_updates,
        )
