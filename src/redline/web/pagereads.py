"""One read per page: what a story page and a diff page show, each in a single statement.

The statements are built and compiled once; each page runs its one statement on
the driver's connection (taken from the engine's pool) and converts the values
with the dialect's own result processors (times stored as text in SQLite become
``datetime`` as everywhere else). A single statement needs no transaction around
it: it reads one consistent snapshot. This skips SQLAlchemy's per-execution work,
which cost more than the query itself on these pages. The rows returned are
everything the page draws from the store: the page's validator (ETag) is computed
from them before anything is drawn.
"""

from __future__ import annotations

import hashlib
import threading
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, Select, and_, bindparam, func, select

from redline.changes.tables import changes
from redline.store.schema import articles, comparisons, sources, versions

__all__ = ["diff_row", "story_rows"]

_A, _S, _V, _C, _K = articles, sources, versions, changes, comparisons


class _Compiled:
    """A statement compiled for one dialect, its parameter order and result converters."""

    def __init__(self, stmt: Select[Any], engine: Engine) -> None:
        self.dialect = engine.dialect
        compiled = stmt.compile(dialect=engine.dialect)
        self.compiled = compiled
        self.sql = str(compiled)
        self.positional = compiled.positiontup  # None for named parameter styles
        self.types = [c.type for c in stmt.selected_columns]
        self.record: Any = namedtuple(  # type: ignore[misc]
            "Record", [str(c.key) for c in stmt.selected_columns]
        )
        self.processors: list[Callable[[Any], Any] | None] | None = None

    def args(self, params: Mapping[str, Any]) -> Any:
        values = self.compiled.construct_params(dict(params))
        if self.positional is None:
            return values
        return tuple(values[name] for name in self.positional)

    def convert(self, description: Any, rows: Sequence[Any]) -> list[Any]:
        if self.processors is None:  # the driver's column types are known after a run
            self.processors = [
                t.dialect_impl(self.dialect).result_processor(self.dialect, d[1])
                for t, d in zip(self.types, description, strict=True)
            ]
        procs = self.processors
        make = self.record._make
        if not any(procs):
            return [make(r) for r in rows]
        return [make([p(v) if p else v for p, v in zip(procs, r, strict=True)]) for r in rows]


class _Read:
    """A prebuilt ``SELECT`` run as one statement on the driver's connection."""

    def __init__(self, stmt: Select[Any]) -> None:
        self.stmt = stmt
        self._compiled: dict[int, _Compiled] = {}
        self._lock = threading.Lock()

    def rows(self, engine: Engine, params: Mapping[str, Any]) -> tuple[list[Any], Sequence[Any]]:
        """(the rows, converted; the same rows as the driver gave them)."""
        compiled = self._compiled.get(id(engine.dialect))
        if compiled is None:
            with self._lock:
                compiled = self._compiled.setdefault(
                    id(engine.dialect), _Compiled(self.stmt, engine)
                )
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                cursor.execute(compiled.sql, compiled.args(params))
                got = cursor.fetchall()
                description = cursor.description
            finally:
                cursor.close()
        finally:
            raw.close()  # back to the pool, which ends any transaction the driver began
        return compiled.convert(description, got), got


def _version_columns(v: Any, prefix: str) -> list[Any]:
    return [
        v.c.id.label(f"{prefix}id"),
        v.c.number.label(f"{prefix}number"),
        v.c.first_seen.label(f"{prefix}first_seen"),
        v.c.updated.label(f"{prefix}updated"),
        v.c.published.label(f"{prefix}published"),
        v.c.created_at.label(f"{prefix}created_at"),
        v.c.headline.label(f"{prefix}headline"),
    ]


#: the story's own columns every page shows
_STORY_HEAD = [_A.c.id, _A.c.title, _A.c.url, _A.c.source_id, _S.c.name.label("source_name")]

_CHANGE = [
    _C.c.id.label("c_id"),
    _C.c.previous.label("c_previous"),
    _C.c.seen_at.label("c_seen_at"),
    _C.c.summary.label("c_summary"),
    _C.c.classes.label("c_classes"),
    _C.c.significance.label("c_significance"),
    _C.c.level.label("c_level"),
    _C.c.counts.label("c_counts"),
    _C.c.headline.label("c_headline"),
]

#: story, source, every version and the indexed change that led to it, in version order
_STORY = _Read(
    select(
        *_STORY_HEAD,
        *_version_columns(_V, "v_"),
        *_CHANGE,
    )
    .select_from(_A)
    .outerjoin(_S, _S.c.id == _A.c.source_id)
    .outerjoin(_V, _V.c.article_id == _A.c.id)
    .outerjoin(_C, _C.c.version_id == _V.c.id)
    .where(_A.c.id == bindparam("story"))
    .order_by(_V.c.number)
)


def story_rows(engine: Engine, story_id: int) -> tuple[list[Any], Sequence[Any]]:
    """One row per version of the story (one row with empty version columns when it has
    none; no rows when there is no such story), and the same rows as the driver gave
    them (what the page's validator is computed from: cheaper to hash than times)."""
    return _STORY.rows(engine, {"story": story_id})


_va, _vb = _V.alias("va"), _V.alias("vb")
_headline = _V.alias("vh")
_count = _V.alias("vn")

#: story, source, version count, the latest headline, both versions, the indexed change
#: between them (when consecutive) and their stored comparison (with its drawn bodies)
_DIFF = _Read(
    select(
        *_STORY_HEAD,
        select(_headline.c.headline)
        .where(_headline.c.article_id == _A.c.id, _headline.c.headline.is_not(None))
        .order_by(_headline.c.number.desc())
        .limit(1)
        .scalar_subquery()
        .label("latest_headline"),
        select(func.count())
        .select_from(_count)
        .where(_count.c.article_id == _A.c.id)
        .scalar_subquery()
        .label("n_versions"),
        *_version_columns(_va, "a_"),
        *_version_columns(_vb, "b_"),
        *_CHANGE,
        _K.c.engine.label("k_engine"),
        _K.c.summary.label("k_summary"),
        _K.c.classes.label("k_classes"),
        _K.c.counts.label("k_counts"),
        _K.c.data.label("k_data"),
        _K.c.drawn.label("k_drawn"),
    )
    .select_from(_A)
    .outerjoin(_S, _S.c.id == _A.c.source_id)
    .outerjoin(_va, and_(_va.c.article_id == _A.c.id, _va.c.number == bindparam("a")))
    .outerjoin(_vb, and_(_vb.c.article_id == _A.c.id, _vb.c.number == bindparam("b")))
    .outerjoin(_C, and_(_C.c.version_id == _vb.c.id, _C.c.previous == _va.c.number))
    .outerjoin(_K, and_(_K.c.old_version_id == _va.c.id, _K.c.new_version_id == _vb.c.id))
    .where(_A.c.id == bindparam("story"))
)


def _digest(blob: bytes | None) -> str | None:
    return None if blob is None else hashlib.blake2b(blob, digest_size=16).hexdigest()


def diff_row(engine: Engine, story_id: int, a: int, b: int) -> tuple[Any, Any] | None:
    """Everything the diff page of versions *a* → *b* shows, and the same row as the
    driver gave it for the page's validator: the comparison's JSON replaced by its
    digest, cheaper to hash as text, and the drawn bodies left out (a page is the
    same whether drawn from them or on request, and they are kept the first time a
    page is shown, which must not change its validator); ``None`` when there is no
    such story.

    Version columns are empty when the story has no such version."""
    rows, raw = _DIFF.rows(engine, {"story": story_id, "a": a, "b": b})
    if not rows:
        return None
    *plain, data, _drawn = raw[0]
    return rows[0], (*plain, _digest(data))
