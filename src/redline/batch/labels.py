"""Edit labels for the ``edits`` table, from :mod:`redline.explain` when it is installed.

This is the one place the batch engines meet the explain stage. Without it, the
table lists the changed links of the alignment with ``class``, ``classes``,
``evidence`` and ``significance`` left null (never guessed), and ``pairs`` has no
``explanation``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redline.comparison import Comparison

__all__ = ["AVAILABLE", "label_pair"]

_explain: Callable[..., Any] | None
try:  # the explain stage is optional for batch runs
    from redline.explain import explain as _explain
except ImportError:  # pragma: no cover - depends on the installed stages
    _explain = None

AVAILABLE = _explain is not None


def _from_links(comparison: Comparison) -> list[dict[str, Any]]:
    rows = []
    for k, link in enumerate(comparison.links):
        if link.op == "unchanged":
            continue
        rows.append(
            {
                "link": k,
                "field": "body",
                "op": link.op,
                "relation": link.relation,
                "old_indices": list(link.old),
                "new_indices": list(link.new),
                "class": None,
                "classes": None,
                "evidence": None,
                "significance": None,
            }
        )
    return rows


def _meta(seen: str | None, published: str | None) -> dict[str, Any] | None:
    if seen is None:
        return None
    return {"seen": seen, "published": published}


def label_pair(
    comparison: Comparison,
    *,
    old_time: str | None = None,
    new_time: str | None = None,
    first_time: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows for ``edits`` (without article and versions) and extra ``pairs`` fields.

    Times are the normalised ISO times of the two versions and of the article's
    first version (its publication, as far as the corpus knows); explain uses
    them for the story's age.
    """
    if _explain is None:
        return _from_links(comparison), {"explanation": None, "significance": None}
    explanation = _explain(
        comparison, old_meta=_meta(old_time, first_time), new_meta=_meta(new_time, first_time)
    )
    rows = []
    for edit in explanation.edits:
        classes = list(edit.classes)
        rows.append(
            {
                "link": edit.link,
                "field": edit.field,
                "op": edit.op,
                "relation": edit.relation,
                "old_indices": list(edit.old),
                "new_indices": list(edit.new),
                "class": classes[0] if classes else None,
                "classes": classes,
                "evidence": list(edit.evidence),
                "significance": float(edit.significance),
            }
        )
    return rows, {
        "explanation": explanation.summary,
        "significance": float(explanation.significance),
    }
