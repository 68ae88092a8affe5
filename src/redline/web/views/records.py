"""The records the pages show: a story, its versions and their indexed changes,
read from the store and shaped for the templates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from fastapi import Request

from redline import changes
from redline.changes import level_for
from redline.errors import NotFoundError
from redline.store import StoredComparison
from redline.web import queries
from redline.web.dating import Dated, row_date
from redline.web.views.request import BadParameter, ctx, int_param

__all__ = [
    "IndexedChange",
    "InfoView",
    "StoryView",
    "VersionView",
    "change_info",
    "comparison_for",
    "indexed_change",
    "load_story",
    "load_story_changes",
    "pair",
    "row_change",
    "story_id_param",
    "version_view",
]


@dataclass(frozen=True, slots=True)
class StoryView:
    id: int
    title: str | None
    url: str | None
    source_name: str | None
    source_id: int | None

    @property
    def name(self) -> str:
        """What to call the story: its headline, else its address, else its number."""
        return self.title or self.url or f"Untitled story {self.id}"


@dataclass(frozen=True, slots=True)
class VersionView:
    id: int
    number: int
    dated: Dated | None
    title: str | None
    change: Any = None

    @property
    def seen_at(self) -> datetime | None:
        return self.dated.when if self.dated else None


def load_story(request: Request, story_id: int) -> tuple[StoryView, list[VersionView]]:
    story, versions, _ = load_story_changes(request, story_id, with_changes=False)
    return story, versions


def load_story_changes(
    request: Request, story_id: int, *, with_changes: bool = True
) -> tuple[StoryView, list[VersionView], dict[int, Any]]:
    """The story, its versions and (if asked) its indexed changes, read together."""
    c = ctx(request)
    row, metas, known = queries.story_bundle(c.engine, story_id, with_changes=with_changes)
    if row is None:
        raise NotFoundError(f"no story with id {story_id}")
    versions = [VersionView(m.id, m.number, row_date(m), m.headline) for m in metas]
    title = next((v.title for v in reversed(versions) if v.title), None) or row.title
    return StoryView(row.id, title, row.url, row.source_name, row.source_id), versions, known


def story_id_param(value: str) -> int:
    number = int_param(value, "story id")
    assert number is not None
    return number


def pair(versions: list[VersionView], a: str, b: str) -> tuple[VersionView, VersionView]:
    n = len(versions)
    if n < 2:
        raise BadParameter("this story has a single version: there is nothing to compare")
    x = int_param(a, "first version", hi=n)
    y = int_param(b, "second version", hi=n)
    assert x is not None and y is not None
    if x == y:
        raise BadParameter("pick two different versions to compare")
    return versions[x - 1], versions[y - 1]


def comparison_for(request: Request, story: StoryView, a: VersionView, b: VersionView) -> Any:
    return ctx(request).comparison(story.id, a.id, a.number, b.id, b.number)


def change_info(request: Request, story: StoryView, a: VersionView, b: VersionView) -> Any:
    """The indexed change for consecutive versions, else the store's explained change."""
    known = indexed_change(request, a, b)
    if known is not None:
        return known
    return InfoView(changes.comparison(ctx(request).store, story.id, a.number, b.number))


def indexed_change(request: Request, a: VersionView, b: VersionView) -> Any | None:
    """The indexed change from *a* to *b* when they are consecutive and it is indexed."""
    if b.number != a.number + 1:
        return None
    known = queries.change_of_version(ctx(request).engine, b.id)
    return known if known is not None and known.previous == a.number else None


@dataclass(frozen=True, slots=True)
class InfoView:
    info: StoredComparison

    @property
    def summary(self) -> str:
        return self.info.summary

    @property
    def classes(self) -> tuple[str, ...]:
        return self.info.classes

    @property
    def significance(self) -> float:
        return self.info.significance

    @property
    def level(self) -> str:
        return level_for(self.info.significance)


def version_view(r: Any, prefix: str, change: Any = None) -> VersionView:
    """A version from the prefixed columns of a page's row."""
    return VersionView(
        getattr(r, prefix + "id"),
        getattr(r, prefix + "number"),
        row_date(r, prefix),
        getattr(r, prefix + "headline"),
        change,
    )


class IndexedChange(NamedTuple):
    """What a page shows of an indexed change."""

    summary: str
    classes: tuple[str, ...]
    significance: float
    level: str
    counts: dict[str, int]


def row_change(r: Any) -> IndexedChange | None:
    """The indexed change in a page's row (its ``c_`` columns), if there is one."""
    if r.c_id is None:
        return None
    return IndexedChange(
        r.c_summary,
        tuple(r.c_classes.split()),
        r.c_significance,
        r.c_level,
        json.loads(r.c_counts or "{}"),
    )
