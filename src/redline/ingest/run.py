"""Ingest files into the store: read, group id-less documents into stories, record.

Documents with a URL or id are recorded in batches, one transaction per batch
(all or nothing), so an interrupted run loses at most the batch in flight and a
rerun finishes the job: what was recorded is recognised and skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from redline import changes
from redline.errors import RedlineError, StoreError
from redline.ingest.files import expand_paths, read_file
from redline.ingest.lock import story_lock
from redline.ingest.records import Item, Problem
from redline.ingest.settle import settle
from redline.ingest.stories import CONTAINMENT, Story, group_stories, order_documents, shingles
from redline.store import ArticleInfo, Observation, RecordResult, Store
from redline.store.textpack import content_hash
from redline.text.boilerplate import is_boilerplate

__all__ = ["ORDERS", "IngestOptions", "IngestReport", "StoryReport", "ingest"]

#: How the versions of an id-less story are ordered.
ORDERS = ("auto", "evidence", "time", "name", "given")
ProgressFn = Callable[[int, int], None]
# what recording one bad observation may raise (readers check observations first)
_RECORD_ERRORS = (StoreError, ValueError, SQLAlchemyError)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    story: str | None = None  # put every document into this story (URLs kept)
    order: str = "auto"
    source: str | None = None
    keep_raw: bool = True
    compare: bool = True  # compute and cache comparisons of new versions
    batch_size: int = 200


@dataclass(slots=True)
class StoryReport:
    article_id: int
    story: str
    documents: list[str]
    method: str
    confidence: float
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "story": self.story,
            "documents": self.documents,
            "order_method": self.method,
            "confidence": self.confidence,
            "reasons": self.reasons,
        }


@dataclass(slots=True)
class IngestReport:
    files: int = 0
    records: int = 0
    created: int = 0
    seen: int = 0
    flipflop: int = 0
    duplicate: int = 0
    new_articles: int = 0
    articles: set[int] = field(default_factory=set)
    changed_articles: set[int] = field(default_factory=set)
    compared: int = 0
    problems: list[Problem] = field(default_factory=list)
    stories: list[StoryReport] = field(default_factory=list)

    def add(self, result: RecordResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.articles.add(result.article_id)
        self.new_articles += result.new_article
        if result.status == "created":
            self.changed_articles.add(result.article_id)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "versions_created": self.created,
            "seen": self.seen,
            "flipflops": self.flipflop,
            "already_recorded": self.duplicate,
            "articles": len(self.articles),
            "new_articles": self.new_articles,
            "comparisons_cached": self.compared,
            "stories": [s.to_dict() for s in self.stories],
            "problems": [p.to_dict() for p in self.problems],
        }


def ingest(
    store: Store,
    paths: Iterable[str],
    options: IngestOptions | None = None,
    progress: ProgressFn | None = None,
) -> IngestReport:
    """Read *paths* (files or directories) into *store*; bad inputs are reported, not fatal."""
    options = options or IngestOptions()
    if options.order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    report = IngestReport()
    files = []
    for entry in expand_paths(paths):
        if isinstance(entry, Problem):
            report.problems.append(entry)
        else:
            files.append(entry)
    sizes = [_size(f) for f in files]
    total = sum(sizes)
    done = 0
    pending: list[Observation] = []
    idless: list[Item] = []
    for path, size in zip(files, sizes, strict=True):
        report.files += 1
        base = done

        def tick(offset: int, base: int = base) -> None:
            if progress is not None:
                progress(min(base + offset, total), total)

        for got in read_file(path, keep_raw=options.keep_raw, progress=tick):
            if isinstance(got, Problem):
                report.problems.append(got)
                continue
            report.records += 1
            if options.source and not got.source:
                got = replace(got, source=options.source)
            if (got.url or got.external_id) and not options.story:
                pending.append(got)
                if len(pending) >= options.batch_size:
                    _flush(store, pending, report)
            else:
                idless.append(Item(got, len(idless), path.name))
        done += size
        if progress is not None:
            progress(done, total)
    _flush(store, pending, report)
    if idless:
        with story_lock(store):
            _record_stories(store, idless, options, report)
    if options.compare:
        for aid in sorted(report.changed_articles):
            try:
                report.compared += changes.refresh(store, aid)
            except RedlineError as exc:
                report.problems.append(Problem(f"article {aid}", f"comparison failed: {exc}"))
    return report


def _size(path: Any) -> int:
    try:
        return int(path.stat().st_size)
    except OSError:
        return 0


def _flush(store: Store, pending: list[Observation], report: IngestReport) -> None:
    if not pending:
        return
    batch = settle(store, _time_sorted(pending), report.problems)
    pending.clear()
    try:
        results = store.record_many(batch)
    except _RECORD_ERRORS:
        results = []
        for obs in batch:  # find the culprit, keep the rest
            try:
                results.append(store.record_version(obs))
            except _RECORD_ERRORS as exc:
                reason = str(getattr(exc, "orig", None) or exc)[:300]
                report.problems.append(Problem(obs.origin or "?", f"not recorded: {reason}"))
    for r in results:
        report.add(r)


def _time_sorted(observations: list[Observation]) -> list[Observation]:
    """Input order, except that captures of one article go oldest first."""
    timed = [o.seen_at for o in observations if o.seen_at is not None]
    if len(timed) < 2:
        return list(observations)
    return sorted(observations, key=lambda o: (o.seen_at is None, o.seen_at or timed[0]))


def _record_stories(
    store: Store, items: list[Item], options: IngestOptions, report: IngestReport
) -> None:
    docs = [item.observation.paragraphs for item in items]
    groups = [list(range(len(items)))] if options.story else group_stories(docs)
    hashes = [
        content_hash(i.observation.headline, i.observation.standfirst, i.observation.paragraphs)
        for i in items
    ]
    known = store.find_by_content(hashes)
    stored: list[tuple[ArticleInfo, set[str]]] | None = None
    for members in groups:
        story = _order(items, docs, members, options.order)
        ordered = [items[i] for i in story.members]
        name = options.story or _existing_story(store, [known.get(hashes[i]) for i in members])
        if name is None:
            if stored is None:
                stored = _stored_stories(store)
            name = _similar_story(stored, [docs[i] for i in members])
        name = name or _story_name(ordered[0].observation, hashes[story.members[0]])
        observations = [
            replace(i.observation, story=name, by_story=bool(options.story)) for i in ordered
        ]
        try:
            results = store.record_many(observations)
        except StoreError as exc:
            report.problems.append(Problem(ordered[0].observation.origin or name, str(exc)))
            continue
        for r in results:
            report.add(r)
        aid = results[0].article_id
        if options.order != "auto" or any(r.created for r in results):
            story = _apply_order(store, aid, results, story, options.order, report)
            store.set_story_order(aid, method=story.method, confidence=story.confidence)
        report.stories.append(
            StoryReport(
                aid,
                name,
                [i.observation.origin or i.name for i in ordered],
                story.method,
                story.confidence,
                list(story.reasons),
            )
        )


def _stored_stories(store: Store, limit: int = 500) -> list[tuple[ArticleInfo, set[str]]]:
    """The latest text of recent id-less stories, as shingles, to join new documents to."""
    out = []
    for info in store.articles(grouping="story", limit=limit):
        try:
            out.append((info, shingles(store.version(info).paragraphs)))
        except StoreError:
            continue
    return out


def _similar_story(
    stored: list[tuple[ArticleInfo, set[str]]], docs: list[tuple[str, ...]]
) -> str | None:
    best, best_score = None, CONTAINMENT
    for doc in docs:
        sh = shingles(doc)
        if not sh:
            continue
        for info, other in stored:
            if not other:
                continue
            score = len(sh & other) / min(len(sh), len(other))
            if score >= best_score and info.story:
                best, best_score = info.story, score
    return best


def _order(items: list[Item], docs: list[Any], members: list[int], order: str) -> Story:
    if order == "name":
        return Story(tuple(sorted(members, key=lambda i: (items[i].name, i))), "name", 1.0)
    if order == "given":
        return Story(tuple(members), "given", 1.0)
    # not ``published``: every version of an article carries the same publication date
    times: list[object | None] = [i.observation.updated or i.observation.seen_at for i in items]
    if order == "evidence":
        times = [None] * len(items)
    return order_documents(docs, members, times)


def _apply_order(
    store: Store,
    aid: int,
    results: list[RecordResult],
    story: Story,
    order: str,
    report: IngestReport,
) -> Story:
    """Make the stored numbering follow the story order; return the order that holds."""
    wanted = list(dict.fromkeys(r.version for r in results))
    history = store.history(aid)
    if len(history) > len(wanted):
        # the story had other versions: order them all together when that is the rule
        # a publication date is shared by every version: only capture or update times order them
        if order not in ("auto", "evidence") or any(v.first_seen or v.updated for v in history):
            return story
        versions = store.versions(aid)
        whole = order_documents(
            [v.paragraphs for v in versions], list(range(len(versions))), [None] * len(versions)
        )
        wanted = [versions[i].number for i in whole.members]
        story = whole
    if wanted != sorted(wanted):
        store.renumber(aid, wanted)
        report.changed_articles.add(aid)
    return story


def _existing_story(store: Store, article_ids: list[int | None]) -> str | None:
    for aid in article_ids:
        if aid is not None:
            info = store.article(aid)
            if info.story:
                return info.story
    return None


_SLUG = re.compile(r"[^a-z0-9]+")


def _story_name(first: Observation, digest: str) -> str:
    body = (p for p in first.paragraphs if len(p.split()) > 3 and not is_boilerplate(p))
    title = first.headline or next(body, "story")
    words = _SLUG.sub("-", title.lower()).strip("-").split("-")[:8]
    slug = "-".join(w for w in words if w)[:80] or "story"
    return f"{slug}-{hashlib.blake2b(digest.encode(), digest_size=4).hexdigest()}"
