"""The JSON API under ``/api/`` (OpenAPI at ``/api/openapi.json``, docs at ``/api/docs``).

Lists are paginated (``page``, ``per_page``) and answer ``{"items": [...],
"page": n, "per_page": n, "next": n | null}``. Every answer carries an ETag;
``If-None-Match`` gives 304. Bad parameters give a 4xx JSON error
``{"error": {"status": 4xx, "message": "..."}}``, never a 500.
"""

from __future__ import annotations

import json
from enum import Enum, StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from redline.changes import LEVELS
from redline.errors import NotFoundError
from redline.explain.model import CLASS_ORDER
from redline.notify.archive import snapshots
from redline.web import queries, search
from redline.web.blame import compute_blame
from redline.web.views.feeds import conditional
from redline.web.views.request import ctx

__all__ = ["router"]


class ErrorBody(BaseModel):
    status: int
    message: str


class Error(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified (the ETag matched)"},
    400: {"model": Error, "description": "Bad parameter"},
    404: {"model": Error, "description": "No such thing"},
    422: {"model": Error, "description": "Invalid parameter"},
}

router = APIRouter(prefix="/api", responses=ERRORS)

# Query enums built from the one list of names; mypy reads members only from a literal.
Level = Enum("Level", {name: name for name in LEVELS}, type=str)  # type: ignore[misc]
ChangeClass = Enum("ChangeClass", {name: name for name in CLASS_ORDER}, type=str)  # type: ignore[misc]


class Scope(StrEnum):
    stories = "stories"
    removed = "removed"


Id = Annotated[int, Path(ge=1, le=2**31 - 1, description="numeric id")]
Number = Annotated[int, Path(ge=1, le=100_000, description="version number (1 = first)")]
PageQ = Annotated[int, Query(ge=1, le=10_000)]
PerPage = Annotated[int, Query(ge=1, le=100)]


def _json(request: Request, data: Any) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return conditional(request, body, "application/json", max_age=30)


def _listing(items: list[Any], page: queries.Page) -> dict[str, Any]:
    return {"items": items, "page": page.number, "per_page": page.size, "next": page.next}


def _story(request: Request, story_id: int) -> tuple[Any, list[Any]]:
    c = ctx(request)
    row = queries.story_row(c.engine, story_id)
    if row is None:
        raise NotFoundError(f"no story with id {story_id}")
    return row, queries.versions_meta(c.engine, story_id)


def _iso(value: Any) -> str | None:
    return queries._iso(value)


def _story_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "source": getattr(row, "source_name", None) or getattr(row, "source", None),
        "versions": row.version_count,
        "first_seen": _iso(row.first_seen),
        "last_seen": _iso(row.last_seen),
    }


def _version_dict(
    m: Any, change: queries.ChangeRow | None, archived: tuple[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "version": m.number,
        "seen_at": _iso(m.first_seen or m.updated or m.published),
        "last_seen": _iso(m.last_seen),
        "headline": m.headline,
        "content_hash": m.content_hash,
        "text_bytes": m.text_bytes,
        "archived": None if archived is None else {"url": archived[0], "at": _iso(archived[1])},
        "change": None
        if change is None
        else {
            "previous": change.previous,
            "summary": change.summary,
            "classes": list(change.classes),
            "significance": change.significance,
            "level": change.level,
            "counts": change.counts,
        },
    }


@router.get("/sources", summary="Sources (outlets) with their number of stories")
def api_sources(request: Request) -> Response:
    items = [s.to_dict() for s in queries.list_sources(ctx(request).engine)]
    return _json(request, {"items": items})


@router.get("/stories", summary="Stories, most recently seen first")
def api_stories(
    request: Request,
    page: PageQ = 1,
    per_page: PerPage = 30,
    source: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    min_versions: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    rows, pg = queries.stories_page(
        ctx(request).engine, source_id=source, page=page, size=per_page, min_versions=min_versions
    )
    return _json(request, _listing([_story_dict(r) for r in rows], pg))


@router.get("/stories/{story_id}", summary="One story and its versions")
def api_story(request: Request, story_id: Id) -> Response:
    row, metas = _story(request, story_id)
    changes = queries.story_changes(ctx(request).engine, story_id)
    archived = snapshots(ctx(request).engine, [m.id for m in metas])
    data = _story_dict(row)
    data["history"] = [_version_dict(m, changes.get(m.number), archived.get(m.id)) for m in metas]
    return _json(request, data)


@router.get("/stories/{story_id}/versions", summary="The versions of a story (no texts)")
def api_versions(request: Request, story_id: Id) -> Response:
    _, metas = _story(request, story_id)
    changes = queries.story_changes(ctx(request).engine, story_id)
    archived = snapshots(ctx(request).engine, [m.id for m in metas])
    items = [_version_dict(m, changes.get(m.number), archived.get(m.id)) for m in metas]
    return _json(request, {"items": items})


@router.get("/stories/{story_id}/versions/{number}", summary="One version with its text")
def api_version(request: Request, story_id: Id, number: Number) -> Response:
    _, metas = _story(request, story_id)
    if number > len(metas):
        raise NotFoundError(f"story {story_id} has no version {number}")
    stored = ctx(request).store.version(story_id, number)
    meta = metas[number - 1]
    data = _version_dict(meta, None, snapshots(ctx(request).engine, [meta.id]).get(meta.id))
    data.pop("change")
    data["standfirst"] = stored.standfirst
    data["paragraphs"] = list(stored.paragraphs)
    return _json(request, data)


@router.get(
    "/stories/{story_id}/diff/{a}/{b}",
    summary="Comparison of two versions: the JSON of `redline diff --format json`",
)
def api_diff(request: Request, story_id: Id, a: Number, b: Number) -> Response:
    _, metas = _story(request, story_id)
    if a > len(metas) or b > len(metas):
        raise NotFoundError(f"story {story_id} has {len(metas)} versions")
    va, vb = metas[a - 1], metas[b - 1]
    comparison = ctx(request).comparison(story_id, va.id, a, vb.id, b)
    return _json(request, comparison.to_dict())


@router.get(
    "/stories/{story_id}/blame",
    summary="Which version introduced each sentence and word of the latest text",
)
def api_blame(request: Request, story_id: Id) -> Response:
    _, metas = _story(request, story_id)
    if not metas:
        raise NotFoundError(f"story {story_id} has no versions")
    c = ctx(request)
    chosen = metas[-300:]
    texts = [c.store.version(story_id, m.number).text for m in chosen]
    result = compute_blame(texts)
    data = result.to_dict()
    data["first_version"] = chosen[0].number
    return _json(request, data)


@router.get("/changes", summary="Explained changes, newest first, with filters")
def api_changes(
    request: Request,
    page: PageQ = 1,
    per_page: PerPage = 30,
    source: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    change_class: Annotated[ChangeClass | None, Query(alias="class")] = None,
    significance: Level | None = None,
    story: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    rows, pg = queries.latest_changes(
        ctx(request).engine,
        source_id=source,
        story_id=story,
        page=page,
        size=per_page,
        cls=change_class.value if change_class else None,
        min_level=significance.value if significance else None,
    )
    return _json(request, _listing([r.to_dict() for r in rows], pg))


@router.get("/search", summary="Search stories, or text removed from them")
def api_search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    scope: Annotated[Scope, Query(alias="in")] = Scope.stories,
    page: PageQ = 1,
) -> Response:
    engine = ctx(request).engine
    if scope is Scope.removed:
        hits, pg = search.search_removed(engine, q, page=page)
        items = [
            {
                "story_id": h.story_id,
                "title": h.title,
                "url": h.url,
                "source": h.source_name,
                "version": h.number,
                "anchor": h.anchor,
                "text": h.text,
            }
            for h in hits
        ]
    else:
        shits, pg = search.search_stories(engine, q, page=page)
        items = [
            {
                "story_id": h.story_id,
                "title": h.title,
                "url": h.url,
                "source": h.source_name,
                "versions": h.versions,
                "snippet": h.snippet,
            }
            for h in shits
        ]
    return _json(request, _listing(items, pg))


@router.get("/stats", summary="Counts of sources, stories, versions and changes")
def api_stats(request: Request) -> Response:
    return _json(request, queries.stats(ctx(request).engine))
