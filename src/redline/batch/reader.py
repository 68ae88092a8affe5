"""Read one version pair back from batch output in the ``redline diff --format json`` form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from redline.batch.io import dataset
from redline.comparison import JSON_VERSION
from redline.errors import NotFoundError

__all__ = ["pair_dict"]


def _rows(out: Path, name: str, expr: ds.Expression) -> list[dict[str, Any]]:
    return dataset(out, name).to_table(filter=expr).to_pylist()


def _link_item(rows: list[dict[str, Any]]) -> dict[str, Any]:
    first = rows[0]
    old = list(dict.fromkeys(r["old_index"] for r in rows if r["old_index"] is not None))
    new = list(dict.fromkeys(r["new_index"] for r in rows if r["new_index"] is not None))
    item: dict[str, Any] = {"op": first["op"], "old": old, "new": new}
    if first["similarity"] is not None:
        item["similarity"] = first["similarity"]
    if first["relation"] != "one":
        item["relation"] = first["relation"]
    if first["op"] == "moved":
        item["edited"] = first["edited"]
    words = next((r["words"] for r in rows if r["words"]), None)
    if words:
        item["words"] = [_word(w) for w in words]
    return item


def _word(w: dict[str, str]) -> dict[str, str]:
    if w["op"] == "equal":
        if w["old"] != w["new"]:
            return {"op": "equal", "text": w["new"], "old": w["old"]}
        return {"op": "equal", "text": w["new"]}
    if w["op"] == "insert":
        return {"op": "insert", "new": w["new"]}
    if w["op"] == "delete":
        return {"op": "delete", "old": w["old"]}
    return {"op": "replace", "old": w["old"], "new": w["new"]}


def pair_dict(
    out: str | Path,
    article: str,
    old_version: int,
    new_version: int,
) -> dict[str, Any]:
    """The comparison of one pair as :meth:`redline.Comparison.to_dict` would give it."""
    out = Path(out)
    field = ds.field
    pair_expr = (
        (field("article") == article)
        & (field("old_version") == old_version)
        & (field("new_version") == new_version)
    )
    pairs = _rows(out, "pairs", pair_expr)
    if not pairs:
        raise NotFoundError(f"no pair {article} {old_version}→{new_version} in {out}")
    pair = pairs[0]
    docs = {}
    for side, version in (("old", old_version), ("new", new_version)):
        expr = (field("article") == article) & (field("version") == version)
        sentences = sorted(_rows(out, "sentences", expr), key=lambda r: r["index"])
        (meta,) = _rows(out, "versions", expr)
        docs[side] = (sentences, meta)
    links: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(out, "alignments", pair_expr):
        links.setdefault(row["link"], []).append(row)
    ordered = [
        sorted(
            links[k],
            key=lambda r: (
                r["old_index"] is None,
                r["old_index"] or 0,
                r["new_index"] is None,
                r["new_index"] or 0,
            ),
        )
        for k in sorted(links)
    ]
    counts = {
        k: pair[k] for k in ("unchanged", "edited", "moved", "added", "deleted", "split", "merge")
    }
    return {
        "format_version": JSON_VERSION,
        "summary": pair["summary"],
        "changed": pair["changed"],
        "counts": counts,
        "old_sentences": [s["text"] for s in docs["old"][0]],
        "new_sentences": [s["text"] for s in docs["new"][0]],
        "old_paragraphs": [s["paragraph"] for s in docs["old"][0]],
        "new_paragraphs": [s["paragraph"] for s in docs["new"][0]],
        "old_dropped": list(docs["old"][1]["dropped"] or []),
        "new_dropped": list(docs["new"][1]["dropped"] or []),
        "alignment": [_link_item(rows) for rows in ordered],
    }
