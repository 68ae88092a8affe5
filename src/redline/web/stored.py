"""Diff pages from the store's cached comparison JSON instead of aligning again.

The store keeps, for pairs of versions it has compared, the JSON of
``Comparison.to_dict()`` (sentences, paragraphs and the alignment with word
diffs). :func:`display_comparison` turns that JSON back into a
:class:`~redline.comparison.Comparison` for the *inline* diff view
(:func:`redline.web.diffview.build_view`, ``Row.inline``): same sentences,
headings, links and inline word pieces as a fresh comparison.

It is for that display only. The JSON keeps one text per equal word piece (the
newer one), so ``WordOp.old`` of equal pieces is the newer text, and the older
column of the side-by-side view could differ in typography or spacing; that
view compares the versions again. Sentence ``key`` fields are left empty. JSON
of another format, or damaged, gives ``None`` (the caller compares again).
"""

from __future__ import annotations

import zlib
from typing import Any

from sqlalchemy import Engine, select

from redline.align.model import Link, WordOp
from redline.comparison import JSON_VERSION, Comparison
from redline.store.schema import ComparisonRow
from redline.store.summaries import ENGINE, unpack_json
from redline.text.document import Document, Sentence
from redline.text.segment import is_heading

__all__ = ["display_comparison", "stored_comparison"]

K = ComparisonRow.__table__


def stored_comparison(
    engine: Engine, old_version_id: int, new_version_id: int
) -> Comparison | None:
    """The cached comparison of two versions rebuilt for display, or None when not usable."""
    with engine.connect() as conn:
        row = conn.execute(
            select(K.c.engine, K.c.data).where(
                K.c.old_version_id == old_version_id, K.c.new_version_id == new_version_id
            )
        ).first()
    if row is None or row.engine != ENGINE:
        return None
    try:
        data = unpack_json(row.data)
    except (ValueError, zlib.error):  # damaged row: compare again
        return None
    return display_comparison(data) if isinstance(data, dict) else None


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
        Sentence(i, t, "", p, sizes[p] == 1 and bool(t) and is_heading(t))
        for i, (t, p) in enumerate(zip(texts, paragraphs, strict=True))
    )
    return Document(sentences, tuple(spans), tuple(dropped))


def _words(items: list[dict[str, str]]) -> tuple[WordOp, ...]:
    out = []
    for w in items:
        op = w["op"]
        if op == "equal":
            out.append(WordOp("equal", w["text"], w["text"]))
        elif op == "insert":
            out.append(WordOp("insert", "", w["new"]))
        elif op == "delete":
            out.append(WordOp("delete", w["old"], ""))
        elif op == "replace":
            out.append(WordOp("replace", w["old"], w["new"]))
        else:
            raise ValueError(f"unknown word op {op!r}")
    return tuple(out)


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
    for item in data["alignment"]:
        op = item["op"]
        o, n = tuple(item["old"]), tuple(item["new"])
        if not all(0 <= i < len(old.sentences) for i in o) or not all(
            0 <= j < len(new.sentences) for j in n
        ):
            return None
        words = _words(item.get("words", ()))
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
