"""Atom feeds: all changes, per source, per class, per story."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from redline.changes import LEVELS
from redline.errors import NotFoundError
from redline.explain.model import CLASS_ORDER
from redline.notify.archive import snapshots
from redline.web import protocol, queries
from redline.web.atom import ATOM_TYPE, FeedEntry, render_feed, tag_uri
from redline.web.diffview import build_view
from redline.web.views.request import choice_param, ctx, int_param

__all__ = ["conditional", "router"]

router = APIRouter()
FEED_SIZE = 30
MAX_ROWS = 40


def conditional(request: Request, body: bytes, media_type: str, *, max_age: int = 60) -> Response:
    """*body* with an ETag, publicly cacheable for *max_age*; 304 when the client has it."""
    return protocol.conditional(
        request, body, media_type, cache_control=f"public, max-age={max_age}"
    )


def _base(request: Request) -> str:
    """Absolute links come from the configured base URL (or the listening address)."""
    return protocol.base_url(request, ctx(request).settings.base_url)


def _entry(
    request: Request,
    ch: queries.ChangeRow,
    *,
    per_story: bool,
    archived: tuple[str, Any] | None = None,
) -> FeedEntry:
    c = ctx(request)
    base = _base(request)
    link = f"{base}/stories/{ch.story_id}/diff/{ch.previous}/{ch.number}"
    key = ("feed-entry", ch.version_id, ch.previous, ch.summary, link)
    content = c.pages.get(key)
    if content is None:
        prev_id = queries.version_id(c.engine, ch.story_id, ch.previous)
        comparison = c.comparison(ch.story_id, prev_id or -1, ch.previous, ch.version_id, ch.number)
        rows = [r for r in build_view(comparison, context=-1).rows if r.op != "unchanged"]
        content = c.render(
            "_feed_diff.html",
            summary=ch.summary,
            rows=rows[:MAX_ROWS],
            more=max(0, len(rows) - MAX_ROWS),
            link=link,
        )
        c.pages.put(key, content)
    title = ch.title or ch.url or f"Story {ch.story_id}"
    return FeedEntry(
        id=tag_uri("story", ch.story_id)
        if per_story
        else tag_uri("story", ch.story_id, "change", ch.version_id),
        title=f"{title} (version {ch.number})" if not per_story else title,
        updated=ch.seen_at,
        link=link,
        summary=ch.summary,
        content_html=content,
        categories=ch.classes,
        author=ch.source_name or "",
        related=((archived[0], f"Archived copy of version {ch.number}"),) if archived else (),
    )


def _latest_per_story(rows: list[queries.ChangeRow]) -> list[queries.ChangeRow]:
    seen: set[int] = set()
    out = []
    for ch in rows:
        if ch.story_id not in seen:
            seen.add(ch.story_id)
            out.append(ch)
    return out


def _feed(
    request: Request,
    *,
    feed_id: str,
    title: str,
    path: str,
    alternate: str,
    rows: list[queries.ChangeRow],
    per_story: bool,
) -> Response:
    base = _base(request)
    query = request.url.query
    shown = rows[:FEED_SIZE]
    archived = snapshots(ctx(request).engine, [ch.version_id for ch in shown])
    entries = [
        _entry(request, ch, per_story=per_story, archived=archived.get(ch.version_id))
        for ch in shown
    ]
    body = render_feed(
        feed_id=feed_id,
        title=title,
        self_url=f"{base}{path}" + (f"?{query}" if query else ""),
        alternate_url=f"{base}{alternate}",
        entries=entries,
    )
    return conditional(request, body, ATOM_TYPE)


def _changes(request: Request, **filters: Any) -> list[queries.ChangeRow]:
    rows, _ = queries.latest_changes(ctx(request).engine, size=FEED_SIZE * 4, **filters)
    return _latest_per_story(rows)


@router.get("/feeds/changes.atom")
def all_changes(request: Request) -> Response:
    p = request.query_params
    source = int_param(p.get("source"), "source")
    cls = choice_param(p.get("class"), "class", CLASS_ORDER)
    level = choice_param(p.get("significance"), "significance", LEVELS)
    rows = _changes(request, source_id=source, cls=cls, min_level=level)
    bits = [x for x in (cls, f"{level} or more" if level else None) if x]
    return _feed(
        request,
        feed_id=tag_uri("changes", source or "all", cls or "any", level or "any"),
        title="Redline: latest changes" + (f" ({', '.join(bits)})" if bits else ""),
        path="/feeds/changes.atom",
        alternate="/",
        rows=rows,
        per_story=True,
    )


@router.get("/feeds/sources/{source_id}.atom")
def source_feed(request: Request, source_id: str) -> Response:
    sid = int_param(source_id, "source id")
    names = {s.id: s.name for s in queries.list_sources(ctx(request).engine)}
    if sid not in names:
        raise NotFoundError(f"no source with id {sid}")
    rows = _changes(request, source_id=sid)
    return _feed(
        request,
        feed_id=tag_uri("source", sid),
        title=f"Redline: {names[sid]}",
        path=f"/feeds/sources/{sid}.atom",
        alternate=f"/?source={sid}",
        rows=rows,
        per_story=True,
    )


@router.get("/feeds/classes/{cls}.atom")
def class_feed(request: Request, cls: str) -> Response:
    name = choice_param(cls, "class", CLASS_ORDER)
    rows = _changes(request, cls=name)
    return _feed(
        request,
        feed_id=tag_uri("class", name),
        title=f"Redline: {name} changes",
        path=f"/feeds/classes/{name}.atom",
        alternate=f"/?class={name}",
        rows=rows,
        per_story=True,
    )


@router.get("/feeds/stories/{story_id}.atom")
def story_feed(request: Request, story_id: str) -> Response:
    sid = int_param(story_id, "story id")
    assert sid is not None
    row = queries.story_row(ctx(request).engine, sid)
    if row is None:
        raise NotFoundError(f"no story with id {sid}")
    rows, _ = queries.latest_changes(ctx(request).engine, story_id=sid, size=FEED_SIZE)
    return _feed(
        request,
        feed_id=tag_uri("story", sid, "changes"),
        title=f"Redline: {row.title or row.url or sid}",
        path=f"/feeds/stories/{sid}.atom",
        alternate=f"/stories/{sid}",
        rows=rows,
        per_story=False,
    )
