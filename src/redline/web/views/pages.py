"""Public HTML pages: latest changes, a story, a diff, blame, a version, search, share card."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from redline import changes
from redline.changes import LEVELS
from redline.changes.cache import display_comparison, stored_comparison
from redline.errors import NotFoundError
from redline.explain.model import CLASS_ORDER
from redline.render.cards import render_card
from redline.web import dating, drawn, fragments, pagereads, queries, search
from redline.web.blame import blame_layout, compute_blame
from redline.web.dating import Dated, version_date
from redline.web.diffview import build_view
from redline.web.snippets import highlight
from redline.web.timeline import TimelinePoint, layout
from redline.web.views.records import (
    InfoView,
    StoryView,
    VersionView,
    change_info,
    comparison_for,
    load_story,
    pair,
    row_change,
    story_id_param,
    version_view,
)
from redline.web.views.request import (
    BadParameter,
    choice_param,
    ctx,
    data_page,
    html,
    int_param,
    text_param,
)

__all__ = ["router"]

router = APIRouter()
VIEWS = ("inline", "side")
Page = Callable[[Request], Awaitable[Response]]


def _plain_get(path: str) -> Callable[[Page], Page]:
    """Register a page as a plain route: its handler takes the request alone and reads
    its path parameters itself, which spares the busiest pages FastAPI's parameter
    solving (about a tenth of their cost)."""

    def register(endpoint: Page) -> Page:
        router.add_route(path, endpoint, methods=["GET"], include_in_schema=False)
        return endpoint

    return register


SHOW = ("all", "changes")


@router.get("/", response_class=HTMLResponse, name="home")
async def home(request: Request) -> Response:
    c = ctx(request)
    p = request.query_params
    source = int_param(p.get("source"), "source")
    cls = choice_param(p.get("class"), "class", CLASS_ORDER)
    level = choice_param(p.get("significance"), "significance", LEVELS)
    page = int_param(p.get("page"), "page", hi=10_000, default=1) or 1
    groups, pg = queries.latest_stories(
        c.engine,
        source_id=source,
        cls=cls,
        min_level=level,
        page=page,
        size=c.settings.page_size,
    )
    pairs = (("source", source or ""), ("class", cls or ""), ("significance", level or ""))
    query = urlencode({k: v for k, v in pairs if v})
    feed = "/feeds/changes.atom"
    if cls and not (source or level):
        feed = f"/feeds/classes/{cls}.atom"
    elif source and not (cls or level):
        feed = f"/feeds/sources/{source}.atom"
    elif query:
        feed = f"/feeds/changes.atom?{query}"
    return html(
        request,
        "home.html",
        groups=groups,
        page=pg,
        query=query,
        sources=queries.list_sources(c.engine),
        classes=CLASS_ORDER,
        levels=LEVELS[1:],
        filters=_Filters(source, cls, level),
        feed_url=feed,
    )


@dataclass(frozen=True, slots=True)
class StoryItem:
    """One line of the stories index."""

    id: int
    name: str
    url: str | None
    source_name: str | None
    versions: int
    dated: Dated | None


@router.get("/stories", response_class=HTMLResponse)
async def stories_index(request: Request) -> Response:
    c = ctx(request)
    p = request.query_params
    source = int_param(p.get("source"), "source")
    page = int_param(p.get("page"), "page", hi=10_000, default=1) or 1
    rows, pg = queries.stories_page(
        c.engine, source_id=source, page=page, size=c.settings.page_size
    )
    items = []
    for r in rows:
        dated = None
        if r.last_seen is not None:
            dated = version_date(
                number=2, updated=None, published=None, first_seen=r.last_seen, created_at=None
            )
        elif r.created_at is not None:
            dated = version_date(
                number=2, updated=None, published=None, first_seen=None, created_at=r.created_at
            )
        name = r.title or r.url or f"Untitled story {r.id}"
        items.append(StoryItem(r.id, name, r.url, r.source, r.version_count, dated))
    return html(
        request,
        "stories.html",
        stories=items,
        page=pg,
        query=urlencode({"source": source}) if source else "",
        sources=queries.list_sources(c.engine),
        source=source,
    )


@dataclass(frozen=True, slots=True)
class _Filters:
    source: int | None
    cls: str | None
    level: str | None

    @property
    def any(self) -> bool:
        return bool(self.source or self.cls or self.level)


@_plain_get("/stories/{story_id}")
async def story_page(request: Request) -> Response:
    sid = story_id_param(request.path_params["story_id"])
    rows, raw = pagereads.story_rows(ctx(request).engine, sid)
    if not rows:
        raise NotFoundError(f"no story with id {sid}")
    first = rows[0]
    rows = [r for r in rows if r.v_id is not None]  # none: a story without versions
    versions = [version_view(r, "v_") for r in rows]
    title = next((v.title for v in reversed(versions) if v.title), None) or first.title
    story = StoryView(sid, title, first.url, first.source_name, first.source_id)
    now = datetime.now(UTC)

    def values() -> dict[str, Any]:
        indexed = [
            VersionView(v.id, v.number, v.dated, v.title, row_change(r)) if k else v
            for k, (r, v) in enumerate(zip(rows, versions, strict=True))
        ]
        shown = _explain_missing(request, story, indexed)
        points = [
            TimelinePoint(
                v.number,
                v.seen_at,
                _size(v.change) if v.change is not None else 0,
                v.change.summary if v.change is not None else "first version",
            )
            for v in shown
        ]
        return {
            "story": story,
            "versions": shown,
            "version_list": fragments.version_items(story.id, shown, now),
            "chart": fragments.timeline(layout(points), story.id),
        }

    if any(r.c_id is None for r in rows[1:]):  # the indexer is behind
        return html(request, "story.html", **values())
    # relative times ("12 min ago") change with the clock: they are part of the data
    shown_times = tuple(dating.ago(v.seen_at, now) for v in versions)
    data = (raw, shown_times)
    return data_page(request, "story.html", data, values)


def _explain_missing(
    request: Request, story: StoryView, versions: list[VersionView]
) -> list[VersionView]:
    """*versions* with the changes not indexed yet explained on the fly (at most 20)."""
    shown: list[VersionView] = []
    budget = 20
    for prev, cur in zip([None, *versions], versions, strict=False):
        if prev is None or cur.change is not None or budget <= 0:
            shown.append(cur)
            continue
        budget -= 1
        change = change_info(request, story, prev, cur)
        shown.append(VersionView(cur.id, cur.number, cur.dated, cur.title, change))
    return shown


def _size(change: Any) -> int:
    counts = getattr(change, "counts", None) or getattr(getattr(change, "info", None), "counts", {})
    return sum(v for k, v in counts.items() if k != "unchanged") if counts else 1


@router.get("/stories/{story_id}/versions/{number}", response_class=HTMLResponse)
async def version_page(request: Request, story_id: str, number: str) -> Response:
    c = ctx(request)
    story, versions = load_story(request, story_id_param(story_id))
    n = int_param(number, "version", hi=max(1, len(versions)))
    if not versions or n is None:
        raise NotFoundError("this story has no versions")
    stored = c.store.version(story.id, n)
    return html(
        request,
        "version.html",
        story=story,
        v=versions[n - 1],
        n_versions=len(versions),
        paragraphs=stored.paragraphs,
        archived=_archived(c.engine, versions[n - 1].id),
    )


def _archived(engine: Any, version_id: int) -> tuple[str, Any] | None:
    """The archived copy (Save Page Now snapshot URL and time) of a version, if any."""
    from redline.notify.archive import snapshots

    got = snapshots(engine, [version_id]).get(version_id)
    if got is None or not got[0].startswith(("https://", "http://")):
        return None
    return got


@router.get("/stories/{story_id}/diff", response_class=HTMLResponse)
async def diff_form(request: Request, story_id: str) -> Response:
    sid = story_id_param(story_id)
    p = request.query_params
    a = int_param(p.get("from"), "from")
    b = int_param(p.get("to"), "to")
    if a is None or b is None:
        raise BadParameter("give two versions: ?from=1&to=2")
    return RedirectResponse(f"/stories/{sid}/diff/{a}/{b}", status_code=303)


@_plain_get("/stories/{story_id}/diff/{a}/{b}")
async def diff_page(request: Request) -> Response:
    c = ctx(request)
    params = request.path_params
    sid = story_id_param(params["story_id"])
    a, b = params["a"], params["b"]
    view_name = choice_param(request.query_params.get("view"), "view", VIEWS, "inline")
    show = choice_param(request.query_params.get("show"), "show", SHOW, "all")
    # numbers first (any size), their range once the story's version count is known
    x = int_param(a, "first version", lo=0, hi=10**12)
    y = int_param(b, "second version", lo=0, hi=10**12)
    assert x is not None and y is not None
    found = pagereads.diff_row(c.engine, sid, x, y)
    if found is None:
        raise NotFoundError(f"no story with id {sid}")
    row, raw = found
    n = row.n_versions
    if n < 2:
        raise BadParameter("this story has a single version: there is nothing to compare")
    int_param(a, "first version", hi=n)
    int_param(b, "second version", hi=n)
    if x == y:
        raise BadParameter("pick two different versions to compare")
    if row.a_id is None or row.b_id is None:  # numbers are 1..n: only if that ever breaks
        raise NotFoundError(f"story {sid} has no version {x if row.a_id is None else y}")
    story = StoryView(
        sid, row.latest_headline or row.title, row.url, row.source_name, row.source_id
    )
    va, vb = version_view(row, "a_"), version_view(row, "b_")

    def shown(kept: drawn.Drawn, common: dict[str, Any], change: Any) -> dict[str, Any]:
        body = Markup(kept.body)  # drawn by fragments: the text is escaped there
        rows = fragments.side_frame(body, x, y) if view_name == "side" else body
        return {**common, "changed": kept.changed, "rows": rows, "change": change}

    def values() -> dict[str, Any]:
        change: Any = row_change(row) if y == x + 1 else None
        common = {
            "story": story,
            "a": va,
            "b": vb,
            "n_versions": n,
            "view_name": view_name,
            "show": show,
            "card_url": f"/stories/{sid}/diff/{x}/{y}/card.png",
        }
        kept = (
            drawn.unpack(row.k_drawn, view_name, show)
            if change is not None and row.k_engine == changes.EXPLAINED_BY
            else None
        )
        if kept is not None:  # drawn when the comparison was stored: shown as it is
            return shown(kept, common, change)
        info = None
        if row.k_engine == changes.EXPLAINED_BY:
            info = stored_comparison(
                sid,
                x,
                y,
                summary=row.k_summary,
                classes=row.k_classes,
                counts=row.k_counts,
                data=row.k_data,
            )
        if change is None:
            if info is None:  # explained here once, and kept in the store
                info = changes.comparison(c.store, sid, x, y)
            change = InfoView(info)
        comparison = display_comparison(info.data) if info is not None else None
        if (
            comparison is not None
            and change is not None
            and row.k_engine == changes.EXPLAINED_BY
            and not c.store.read_only
        ):
            # a comparison stored before its bodies were drawn (or by other
            # drawing code): drawn now, once, and kept beside it for next time
            blob = drawn.pack(comparison)
            kept = drawn.unpack(blob, view_name, show)
            if kept is not None and changes.keep_drawn(c.store, row.a_id, row.b_id, blob):
                return shown(kept, common, change)
        if comparison is None:
            comparison = comparison_for(request, story, va, vb)
        view = (
            build_view(comparison, context=0, fold_min=1)
            if show == "changes"
            else build_view(comparison)
        )
        return {
            **common,
            "changed": view.changed,
            "rows": fragments.diff_side(view, x, y)
            if view_name == "side"
            else fragments.diff_inline(view),
            "change": change,
        }

    return data_page(request, "diff.html", (view_name, show, raw), values)


@router.get("/stories/{story_id}/diff/{a}/{b}/card.png")
def card(request: Request, story_id: str, a: str, b: str) -> Response:
    c = ctx(request)
    story, versions = load_story(request, story_id_param(story_id))
    va, vb = pair(versions, a, b)
    key = ("card", va.id, vb.id)
    png = c.pages.get(key)
    if png is None:
        comparison = comparison_for(request, story, va, vb)
        change = change_info(request, story, va, vb)
        png = render_card(
            comparison,
            headline=vb.title or story.title or story.url or "",
            source=story.source_name or "",
            note=f"v{va.number} → v{vb.number}: {change.summary}",
        )
        c.pages.put(key, png)
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=3600"})


MAX_BLAME_VERSIONS = 300


def blame_for(request: Request, story: StoryView, versions: list[VersionView]) -> Any:
    """(paragraphs of runs, removed sentences, version offset), cached by version ids."""
    c = ctx(request)
    key = ("blame", tuple(v.id for v in versions))
    hit = c.pages.get(key)
    if hit is not None:
        return hit
    chosen = versions[-MAX_BLAME_VERSIONS:]
    offset = len(versions) - len(chosen)
    texts = [c.store.version(story.id, v.number).text for v in chosen]
    result = compute_blame(texts, [v.seen_at for v in chosen])
    value = (blame_layout(texts[-1], result), result.removed, offset)
    c.pages.put(key, value)
    return value


@router.get("/stories/{story_id}/blame", response_class=HTMLResponse)
def blame_page(request: Request, story_id: str) -> Response:
    story, versions = load_story(request, story_id_param(story_id))
    if len(versions) < 2:
        raise BadParameter("this story has a single version: every sentence is from version 1")
    paragraphs, removed, offset = blame_for(request, story, versions)
    n = len(versions)

    def shade(number: int) -> int:
        if number <= 1:
            return 0
        return 1 + min(3, (number - 2) * 4 // max(1, n - 1))

    return html(
        request,
        "blame.html",
        story=story,
        versions=versions,
        offset=offset,
        blame_paragraphs=paragraphs,
        removed=removed,
        shade=shade,
    )


@router.get("/search", response_class=HTMLResponse)
async def search_page(request: Request) -> Response:
    c = ctx(request)
    p = request.query_params
    q = text_param(p.get("q"), "q")
    scope = choice_param(p.get("in"), "in", ("stories", "removed"), "stories") or "stories"
    page = int_param(p.get("page"), "page", hi=1000, default=1) or 1
    hits: list[Any] = []
    pg = queries.Page(page, 20, False)
    error = ""
    if q:
        if not search.fts_terms(q):
            error = "Type at least one word (letters or digits)."
        elif scope == "removed":
            hits, pg = search.search_removed(c.engine, q, page=page)
        else:
            hits, pg = search.search_stories(c.engine, q, page=page)
    return html(
        request,
        "search.html",
        q=q,
        scope=scope,
        hits=hits,
        page=pg,
        error=error,
        query=urlencode({"q": q, "in": scope}),
        title_marks=lambda title: highlight(title or "", search.fts_terms(q)),
    )
