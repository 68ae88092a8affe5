"""The store's cached comparisons: one row per compared pair of versions, written
by the code named ``EXPLAINED_BY`` (a row by other code is computed again)."""

from __future__ import annotations

import itertools
import json
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from redline.align.model import Link, WordOp
from redline.changes.explained import EXPLAINED_BY, ExplainedChange, explain_change
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
    "history",
    "keep_drawn",
    "refresh",
    "stored_comparison",
]


#: draws what a reader of the comparison is shown, kept beside it (the web's diff bodies)
Draw = Callable[[Comparison], bytes]


def _classes(value: str) -> tuple[str, ...]:
    return tuple(json.loads(value or "[]"))


def _unpack(blob: bytes) -> dict[str, Any]:
    value = json.loads(zlib.decompress(blob))
    if not isinstance(value, dict):
        raise ValueError("cached comparison is not a JSON object")
    return value


def _row(engine: Engine, old_id: int, new_id: int, *columns: Any) -> Any:
    """The comparison of two versions cached by this code (``EXPLAINED_BY``), or None."""
    col = _comparisons.c
    pair = (col.old_version_id == old_id, col.new_version_id == new_id, col.engine == EXPLAINED_BY)
    with engine.connect() as conn:
        return conn.execute(select(*columns).where(*pair)).first()


def stored_comparison(
    aid: int, old: int, new: int, *, summary: str, classes: str, counts: str, data: bytes
) -> StoredComparison | None:
    """The explained change kept in one ``comparisons`` row (its columns), or ``None``
    when the row is damaged (it is computed again). The caller checks ``engine``."""
    try:
        unpacked = _unpack(data)
        significance = float((unpacked.get("explain") or {}).get("significance") or 0.0)
        return StoredComparison(
            aid, old, new, summary, _classes(classes), json.loads(counts), unpacked, significance
        )
    except (ValueError, TypeError, AttributeError, zlib.error):
        return None


def explain_pair(
    store: Store, old: StoredVersion, new: StoredVersion, *, draw: Draw | None = None
) -> tuple[Comparison, ExplainedChange]:
    """Compare and explain two stored versions of one story, and cache the result
    (with what *draw* makes of the comparison, when given)."""
    aid = new.info.article_id
    first = select(func.min(_versions.c.published)).where(_versions.c.article_id == aid)
    with store.engine.connect() as conn:  # the story's first known publication time
        published = utc(conn.execute(first).scalar())
    c = compare(old.text, new.text)
    change = explain_change(c, old, new, published)
    if not store.read_only:  # a cache: a read-only store explains its changes each time
        drawn = draw(c) if draw is not None else None
        _save(store, aid, old.info.id, new.info.id, change, drawn)
    return c, change


def comparison(store: Store, article: ArticleRef, old: int, new: int) -> StoredComparison:
    """The explained change between versions *old* → *new* of *article* (cached)."""
    aid = store.article(article).id
    a, b = store.version(aid, old), store.version(aid, new)
    col = _comparisons.c
    row = _row(store.engine, a.info.id, b.info.id, col.summary, col.classes, col.counts, col.data)
    cached = None if row is None else stored_comparison(aid, old, new, **row._mapping)
    if cached is not None:
        return cached
    got = explain_pair(store, a, b)[1]
    return StoredComparison(
        aid, old, new, got.summary, got.classes, got.counts, got.data, got.significance
    )


def _save(
    store: Store,
    aid: int,
    old_id: int,
    new_id: int,
    change: ExplainedChange,
    drawn: bytes | None = None,
) -> None:
    packed = json.dumps(change.data, ensure_ascii=False, separators=(",", ":")).encode()
    values = {
        "engine": EXPLAINED_BY,
        "summary": change.summary,
        "classes": json.dumps(list(change.classes)),
        "counts": json.dumps(change.counts),
        "data": zlib.compress(packed, 6),
        "drawn": drawn,
        "created_at": utcnow(),
    }
    keys = {"article_id": aid, "old_version_id": old_id, "new_version_id": new_id}
    stmt = store.insert(_comparisons).values(**keys, **values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[_comparisons.c.old_version_id, _comparisons.c.new_version_id],
        set_={k: stmt.excluded[k] for k in values},
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


def _summaries(engine: Engine, aid: int) -> dict[tuple[int, int], tuple[str, tuple[str, ...]]]:
    """The story's cached (summary, classes) by pair of version ids."""
    col = _comparisons.c
    query = select(col.old_version_id, col.new_version_id, col.summary, col.classes)
    with engine.connect() as conn:
        rows = conn.execute(query.where(col.article_id == aid, col.engine == EXPLAINED_BY))
        return {
            (r.old_version_id, r.new_version_id): (r.summary, _classes(r.classes)) for r in rows
        }


def history(store: Store, article: ArticleRef) -> list[VersionInfo]:
    """Versions of *article* in order, each with the summary of its change from the previous.

    Missing or outdated comparisons are computed, explained and cached.
    """
    aid = store.article(article).id
    versions = store.history(aid)
    cached = _summaries(store.engine, aid)
    out = [replace(v, summary="first version", classes=()) for v in versions[:1]]
    for prev, v in itertools.pairwise(versions):
        if (prev.id, v.id) not in cached:
            got = comparison(store, aid, prev.number, v.number)
            cached[prev.id, v.id] = got.summary, got.classes
        summary, classes = cached[prev.id, v.id]
        out.append(replace(v, summary=summary, classes=classes))
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
        return None if row is None else display_comparison(_unpack(row.data))
    except (ValueError, zlib.error):  # damaged row: compare again
        return None


def display_comparison(data: dict[str, Any]) -> Comparison | None:
    """A :class:`Comparison` for display from ``Comparison.to_dict()`` JSON, or None."""
    try:
        if data.get("format_version") != JSON_VERSION:
            return None
        old, new = _document(data, "old"), _document(data, "new")
        return Comparison(old, new, tuple(_link(item, old, new) for item in data["alignment"]))
    except (ValueError, KeyError, TypeError, AttributeError):  # damaged or foreign JSON
        return None


def _document(data: dict[str, Any], side: str) -> Document:
    paragraphs = data[f"{side}_paragraphs"]
    sizes = Counter(paragraphs)
    spans: list[tuple[int, int]] = []
    for i, p in enumerate(paragraphs):
        if p == len(spans):
            spans.append((i, i + sizes[p]))
        elif p != len(spans) - 1:
            raise ValueError("paragraph numbers out of order")
    # A heading line is kept whole: it is a paragraph of one sentence that reads as one.
    sentences = tuple(
        Sentence(i, t, "", p, sizes[p] == 1 and bool(t) and is_heading(t))
        for i, (t, p) in enumerate(zip(data[f"{side}_sentences"], paragraphs, strict=True))
    )
    return Document(sentences, tuple(spans), tuple(data.get(f"{side}_dropped", [])))


def _link(item: dict[str, Any], old: Document, new: Document) -> Link:
    op = item["op"]
    o, n = tuple(item["old"]), tuple(item["new"])
    for ids, doc in ((o, old), (n, new)):
        if any(not 0 <= i < len(doc.sentences) for i in ids):
            raise ValueError("sentence number out of range")
    similarity = float(item.get("similarity", 1.0 if op not in ("added", "deleted") else 0.0))
    changed = bool(item.get("edited", False)) if op == "moved" else op == "edited"
    words = tuple(_word(w) for w in item.get("words", ()))
    return Link(op, o, n, similarity, item.get("relation", "one"), changed, words)


def _word(w: dict[str, Any]) -> WordOp:
    op = w["op"]
    if op == "equal":
        return WordOp(op, w.get("old", w["text"]), w["text"])
    if op not in ("insert", "delete", "replace"):
        raise ValueError(f"unknown word op {op!r}")
    return WordOp(op, "" if op == "insert" else w["old"], "" if op == "delete" else w["new"])
