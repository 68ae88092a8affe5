"""The store's cached comparisons: one row per compared pair of versions.

:func:`comparison` returns the explained change between two stored versions,
computing, explaining and caching it when the row is missing or was written by
other code (``EXPLAINED_BY``). :func:`history` lists a story's versions with the
summary of each change. :func:`cached_display` rebuilds a cached comparison for
the web's inline diff without aligning again.
"""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from redline.align.model import Link, WordOp
from redline.changes.explained import (
    EXPLAINED_BY,
    ExplainedChange,
    explain_change,
    meta_of,
    pack_json,
    unpack_json,
)
from redline.comparison import JSON_VERSION, Comparison, compare
from redline.store import Store, StoredComparison, StoredVersion, VersionInfo
from redline.store.model import utc
from redline.store.repository import ArticleRef
from redline.store.schema import comparisons as _comparisons
from redline.store.schema import versions as _versions
from redline.store.transaction import write
from redline.text.document import Document, Sentence
from redline.text.segment import is_heading
from redline.times import utcnow

__all__ = [
    "Draw",
    "cached_display",
    "comparison",
    "display_comparison",
    "explain_pair",
    "history",
    "keep_drawn",
    "refresh",
    "stored_comparison",
]


#: draws what a reader of the comparison is shown, kept beside it (the web's diff bodies)
Draw = Callable[[Comparison], bytes]


def _classes(value: str) -> tuple[str, ...]:
    return tuple(json.loads(value or "[]"))


def _row(engine: Engine, old_id: int, new_id: int, *columns: Any) -> Any:
    """The comparison of two versions cached by this code (``EXPLAINED_BY``), or None."""
    with engine.connect() as conn:
        return conn.execute(
            select(*columns).where(
                _comparisons.c.old_version_id == old_id,
                _comparisons.c.new_version_id == new_id,
                _comparisons.c.engine == EXPLAINED_BY,
            )
        ).first()


def stored_comparison(
    aid: int, old: int, new: int, *, summary: str, classes: str, counts: str, data: bytes
) -> StoredComparison | None:
    """The explained change kept in one ``comparisons`` row (its columns), or ``None``
    when the row is damaged (it is computed again). The caller checks ``engine``."""
    try:
        unpacked = unpack_json(data)
        significance = float((unpacked.get("explain") or {}).get("significance") or 0.0)
        return StoredComparison(
            aid, old, new, summary, _classes(classes), json.loads(counts), unpacked, significance
        )
    except (ValueError, TypeError, AttributeError, zlib.error):
        return None


def _cached(engine: Engine, old_id: int, new_id: int) -> ExplainedChange | None:
    row = _row(engine, old_id, new_id, _comparisons)
    if row is None:
        return None
    try:
        data = unpack_json(row.data)
    except (ValueError, zlib.error):  # a damaged row is computed again
        return None
    significance = float((data.get("explain") or {}).get("significance") or 0.0)
    return ExplainedChange(
        row.summary, _classes(row.classes), significance, json.loads(row.counts), data
    )


def explain_pair(
    store: Store, old: StoredVersion, new: StoredVersion, *, draw: Draw | None = None
) -> tuple[Comparison, ExplainedChange]:
    """Compare and explain two stored versions of one story, and cache the result
    (with what *draw* makes of the comparison, when given)."""
    aid = new.info.article_id
    with store.engine.connect() as conn:  # the story's first known publication time
        published = utc(
            conn.execute(
                select(func.min(_versions.c.published)).where(_versions.c.article_id == aid)
            ).scalar()
        )
    c = compare(old.text, new.text)
    change = explain_change(c, meta_of(old, published=published), meta_of(new, published=published))
    drawn = draw(c) if draw is not None else None
    _save(store, aid, old.info.id, new.info.id, change, drawn)
    return c, change


def comparison(store: Store, article: ArticleRef, old: int, new: int) -> StoredComparison:
    """The explained change between versions *old* → *new* of *article* (cached)."""
    aid = store.article(article).id
    a, b = store.version(aid, old), store.version(aid, new)
    change = _cached(store.engine, a.info.id, b.info.id) or explain_pair(store, a, b)[1]
    return StoredComparison(
        aid,
        old,
        new,
        change.summary,
        change.classes,
        change.counts,
        change.data,
        change.significance,
    )


def _save(
    store: Store,
    aid: int,
    old_id: int,
    new_id: int,
    change: ExplainedChange,
    drawn: bytes | None = None,
) -> None:
    if store.read_only:
        return  # a cache: a read-only store explains its changes each time
    values = {
        "article_id": aid,
        "old_version_id": old_id,
        "new_version_id": new_id,
        "engine": EXPLAINED_BY,
        "summary": change.summary,
        "classes": json.dumps(list(change.classes)),
        "counts": json.dumps(change.counts),
        "data": pack_json(change.data),
        "drawn": drawn,
        "created_at": utcnow(),
    }
    insert = postgresql.insert if store.engine.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(_comparisons).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[_comparisons.c.old_version_id, _comparisons.c.new_version_id],
        set_={
            k: stmt.excluded[k]
            for k in values
            if k not in ("article_id", "old_version_id", "new_version_id")
        },
    )
    write(store.engine, lambda conn: conn.execute(stmt))


def keep_drawn(store: Store, old_version_id: int, new_version_id: int, drawn: bytes) -> bool:
    """Keep *drawn* beside the cached comparison of two versions (written by this code);
    False when there is no such row (or the store is read-only)."""
    if store.read_only:
        return False
    stmt = (
        update(_comparisons)
        .where(
            _comparisons.c.old_version_id == old_version_id,
            _comparisons.c.new_version_id == new_version_id,
            _comparisons.c.engine == EXPLAINED_BY,
        )
        .values(drawn=drawn)
    )
    return bool(write(store.engine, lambda conn: conn.execute(stmt).rowcount))


def _summaries(engine: Engine, aid: int) -> dict[tuple[int, int], Any]:
    """The story's cached (summary, classes) by pair of version ids."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                _comparisons.c.old_version_id,
                _comparisons.c.new_version_id,
                _comparisons.c.summary,
                _comparisons.c.classes,
            ).where(_comparisons.c.article_id == aid, _comparisons.c.engine == EXPLAINED_BY)
        )
        return {(r.old_version_id, r.new_version_id): r for r in rows}


def history(store: Store, article: ArticleRef) -> list[VersionInfo]:
    """Versions of *article* in order, each with the summary of its change from the previous.

    Missing or outdated comparisons are computed, explained and cached.
    """
    aid = store.article(article).id
    versions = store.history(aid)
    cached = _summaries(store.engine, aid)
    out = [replace(v, summary="first version", classes=()) for v in versions[:1]]
    for prev, v in itertools.pairwise(versions):
        hit = cached.get((prev.id, v.id))
        if hit is not None:
            out.append(replace(v, summary=hit.summary, classes=_classes(hit.classes)))
        else:
            got = comparison(store, aid, prev.number, v.number)
            out.append(replace(v, summary=got.summary, classes=got.classes))
    return out


def refresh(store: Store, article: ArticleRef) -> int:
    """Compute and cache the changes between consecutive versions; return how many were new."""
    aid = store.article(article).id
    before = set(_summaries(store.engine, aid))
    history(store, aid)
    return len(set(_summaries(store.engine, aid)) - before)


def cached_display(engine: Engine, old_version_id: int, new_version_id: int) -> Comparison | None:
    """The cached comparison of two versions rebuilt for the web's diff views, or None.

    For display only: sentence ``key`` fields are empty; word pieces keep both
    texts (an ``equal`` piece whose old text differs in typography carries it as
    ``old``), so the inline and side-by-side views are the same as from a fresh
    comparison. JSON of another format, or damaged, gives ``None`` (compare again).
    """
    row = _row(engine, old_version_id, new_version_id, _comparisons.c.data)
    try:
        return None if row is None else display_comparison(unpack_json(row.data))
    except (ValueError, zlib.error):  # damaged row: compare again
        return None


def _document(texts: list[str], paragraphs: list[int], dropped: list[str]) -> Document:
    if len(texts) != len(paragraphs):
        raise ValueError("sentences and paragraphs differ in length")
    sizes: dict[int, int] = {}
    for p in paragraphs:
        sizes[p] = sizes.get(p, 0) + 1
    spans: list[tuple[int, int]] = []
    for i, p in enumerate(paragraphs):
        if p == len(spans):
            spans.append((i, i + sizes[p]))
        elif p != len(spans) - 1:
            raise ValueError("paragraph numbers out of order")
    # A heading line is kept whole: it is a paragraph of one sentence that reads as one.
    sentences = tuple(
        [
            Sentence(i, t, "", p, sizes[p] == 1 and bool(t) and is_heading(t))
            for i, (t, p) in enumerate(zip(texts, paragraphs, strict=True))
        ]
    )
    return Document(sentences, tuple(spans), tuple(dropped))


def _word(w: dict[str, str]) -> WordOp:
    op = w["op"]
    if op == "equal":
        return WordOp("equal", w.get("old", w["text"]), w["text"])
    if op == "insert":
        return WordOp("insert", "", w["new"])
    if op == "delete":
        return WordOp("delete", w["old"], "")
    if op == "replace":
        return WordOp("replace", w["old"], w["new"])
    raise ValueError(f"unknown word op {op!r}")


def display_comparison(data: dict[str, Any]) -> Comparison | None:
    """A :class:`Comparison` for display from ``Comparison.to_dict()`` JSON, or None."""
    try:
        return _rebuild(data)
    except (ValueError, KeyError, TypeError, AttributeError):  # damaged or foreign JSON
        return None


def _rebuild(data: dict[str, Any]) -> Comparison | None:
    if data.get("format_version") != JSON_VERSION:
        return None
    old = _document(data["old_sentences"], data["old_paragraphs"], data.get("old_dropped", []))
    new = _document(data["new_sentences"], data["new_paragraphs"], data.get("new_dropped", []))
    links = []
    n_old, n_new = len(old.sentences), len(new.sentences)
    for item in data["alignment"]:
        op = item["op"]
        o, n = tuple(item["old"]), tuple(item["new"])
        if (o and not (min(o) >= 0 and max(o) < n_old)) or (
            n and not (min(n) >= 0 and max(n) < n_new)
        ):
            return None
        words = tuple(_word(w) for w in item.get("words", ()))
        changed = bool(item.get("edited", False)) if op == "moved" else op == "edited"
        links.append(
            Link(
                op,
                o,
                n,
                float(item.get("similarity", 1.0 if op not in ("added", "deleted") else 0.0)),
                item.get("relation", "one"),
                changed,
                words,
            )
        )
    return Comparison(old, new, tuple(links))
