"""Statistics over many stories: how often and how they change.

Pure aggregation over plain records (:class:`ArticleRecord` with its
:class:`VersionRecord` list), which the ``redline stats`` command fills from
the store. Per source and over time:

* versions per article (mean, median, largest, distribution);
* share of articles edited after publication (more than one version);
* edits by class (how many version changes had each edit class);
* median time to first edit (from publication, else first sighting, to the
  first sighting of version 2);
* the most-edited stories.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from redline.explain.model import CLASS_ORDER

__all__ = [
    "ArticleRecord",
    "Report",
    "VersionRecord",
    "by_period",
    "by_source",
    "edits_by_class",
    "median_time_to_first_edit",
    "most_edited",
    "report",
    "share_edited_after_publication",
    "versions_per_article",
]


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One version: its number, when it was first seen, and the edit classes of
    the change that produced it (empty for version 1)."""

    number: int
    seen: datetime | None = None
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: int | str
    source: str | None = None
    title: str | None = None
    published: datetime | None = None
    versions: tuple[VersionRecord, ...] = ()

    @property
    def version_count(self) -> int:
        return len(self.versions)

    def first_edit_delay(self) -> timedelta | None:
        """Time from publication (else first sighting) to the first sighting of version 2."""
        ordered = sorted(self.versions, key=lambda v: v.number)
        if len(ordered) < 2 or ordered[1].seen is None:
            return None
        start = self.published or ordered[0].seen
        if start is None:
            return None
        try:
            delay = ordered[1].seen - start
        except TypeError:  # naive and aware datetimes mixed
            return None
        return delay if delay >= timedelta(0) else None

    def first_seen(self) -> datetime | None:
        seen = [v.seen for v in self.versions if v.seen is not None]
        return min(seen) if seen else None


def versions_per_article(articles: Sequence[ArticleRecord]) -> dict[str, Any]:
    counts = [a.version_count for a in articles]
    if not counts:
        return {"articles": 0, "mean": None, "median": None, "max": None, "distribution": {}}
    return {
        "articles": len(counts),
        "mean": statistics.fmean(counts),
        "median": statistics.median(counts),
        "max": max(counts),
        "distribution": dict(sorted(Counter(counts).items())),
    }


def share_edited_after_publication(articles: Sequence[ArticleRecord]) -> float | None:
    """Share of articles with more than one version (``None`` without articles)."""
    if not articles:
        return None
    return sum(1 for a in articles if a.version_count > 1) / len(articles)


def edits_by_class(articles: Iterable[ArticleRecord]) -> dict[str, int]:
    """Number of version changes that had each class, in :data:`CLASS_ORDER`."""
    c: Counter[str] = Counter()
    for a in articles:
        for v in a.versions:
            if v.number > 1:
                c.update(set(v.classes))
    rank = {name: k for k, name in enumerate(CLASS_ORDER)}
    return dict(sorted(c.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def median_time_to_first_edit(articles: Iterable[ArticleRecord]) -> timedelta | None:
    delays = [d for a in articles if (d := a.first_edit_delay()) is not None]
    if not delays:
        return None
    return timedelta(seconds=statistics.median(d.total_seconds() for d in delays))


def most_edited(articles: Iterable[ArticleRecord], n: int = 10) -> list[ArticleRecord]:
    """The *n* articles with most versions (ties: the earliest first seen first)."""
    far = datetime.max
    return sorted(
        articles,
        key=lambda a: (-a.version_count, (a.first_seen() or far).replace(tzinfo=None), str(a.id)),
    )[:n]


@dataclass(frozen=True, slots=True)
class Report:
    """All statistics of one group of articles."""

    articles: int
    versions: dict[str, Any]
    edited_share: float | None
    edits_by_class: dict[str, int]
    median_first_edit: timedelta | None
    most_edited: tuple[ArticleRecord, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "versions_per_article": {
                **self.versions,
                "distribution": {str(k): v for k, v in self.versions["distribution"].items()},
            },
            "edited_after_publication": self.edited_share,
            "edits_by_class": self.edits_by_class,
            "median_time_to_first_edit_seconds": (
                None if self.median_first_edit is None else self.median_first_edit.total_seconds()
            ),
            "most_edited": [
                {"id": a.id, "source": a.source, "title": a.title, "versions": a.version_count}
                for a in self.most_edited
            ],
        }


def report(articles: Sequence[ArticleRecord], *, top: int = 10) -> Report:
    return Report(
        articles=len(articles),
        versions=versions_per_article(articles),
        edited_share=share_edited_after_publication(articles),
        edits_by_class=edits_by_class(articles),
        median_first_edit=median_time_to_first_edit(articles),
        most_edited=tuple(most_edited(articles, top)),
    )


def by_source(articles: Sequence[ArticleRecord], *, top: int = 5) -> dict[str, Report]:
    """One report per source (``"-"`` for articles without one), largest first."""
    groups: dict[str, list[ArticleRecord]] = {}
    for a in articles:
        groups.setdefault(a.source or "-", []).append(a)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return {name: report(group, top=top) for name, group in ordered}


Period = Literal["day", "week", "month"]


def _period_start(t: datetime, period: Period) -> date:
    d = t.date()
    if period == "day":
        return d
    if period == "week":
        return d - timedelta(days=d.weekday())
    return d.replace(day=1)


def by_period(articles: Sequence[ArticleRecord], period: Period = "week") -> dict[date, Report]:
    """One report per period of the articles' first sighting (articles never seen
    are left out), in time order."""
    groups: dict[date, list[ArticleRecord]] = {}
    for a in articles:
        first = a.first_seen()
        if first is not None:
            groups.setdefault(_period_start(first, period), []).append(a)
    return {k: report(groups[k], top=3) for k in sorted(groups)}
