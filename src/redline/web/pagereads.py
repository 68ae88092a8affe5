"""One read per page: what a story page and a diff page show, each in a single statement.

The statements are built once (parameters bound at execution), so a page pays
neither for building SQL nor for a transaction around several statements. The
rows returned are everything the page draws from the store: the page's validator
(ETag) is computed from them before anything is rendered.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, bindparam, func, select

from redline.changes.tables import changes
from redline.store.schema import articles, comparisons, sources, versions

__all__ = ["diff_row", "story_rows"]

_A, _S, _V, _C, _K = articles, sources, versions, changes, comparisons


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
_STORY = (
    select(
        _A.c.id,
        _A.c.title,
        _A.c.url,
        _A.c.source_id,
        _S.c.name.label("source_name"),
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


def story_rows(engine: Engine, story_id: int) -> list[Any]:
    """One row per version of the story (one row with empty version columns when it has
    none; no rows when there is no such story)."""
    with engine.connect() as conn:
        return list(conn.execute(_STORY, {"story": story_id}))


_va, _vb = _V.alias("va"), _V.alias("vb")
_headline = _V.alias("vh")
_count = _V.alias("vn")

#: story, source, version count, the latest headline, both versions, the indexed change
#: between them (when consecutive) and their stored comparison
_DIFF = (
    select(
        _A.c.id,
        _A.c.title,
        _A.c.url,
        _A.c.source_id,
        _S.c.name.label("source_name"),
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
    )
    .select_from(_A)
    .outerjoin(_S, _S.c.id == _A.c.source_id)
    .outerjoin(_va, and_(_va.c.article_id == _A.c.id, _va.c.number == bindparam("a")))
    .outerjoin(_vb, and_(_vb.c.article_id == _A.c.id, _vb.c.number == bindparam("b")))
    .outerjoin(_C, and_(_C.c.version_id == _vb.c.id, _C.c.previous == _va.c.number))
    .outerjoin(_K, and_(_K.c.old_version_id == _va.c.id, _K.c.new_version_id == _vb.c.id))
    .where(_A.c.id == bindparam("story"))
)


def diff_row(engine: Engine, story_id: int, a: int, b: int) -> Any | None:
    """Everything the diff page of versions *a* → *b* shows, or ``None`` (no such story).

    Version columns are empty when the story has no such version."""
    with engine.connect() as conn:
        return conn.execute(_DIFF, {"story": story_id, "a": a, "b": b}).first()
