"""A datasheet for a batch output: counts, sources, time span, edit class distribution.

Computed with Arrow from the output tables (columns only, never the texts), so it
works on outputs of any size that fit their key columns in memory. Written as
Markdown for people and JSON for programs.
"""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from redline.batch.io import dataset
from redline.batch.run import MANIFEST

__all__ = ["datasheet", "to_markdown"]


def _count_values(column: Any) -> dict[str, int]:
    counts = pc.value_counts(column).to_pylist()
    out = {(c["values"] if c["values"] is not None else "(none)"): c["counts"] for c in counts}
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _reason_kind(reason: str | None) -> str:
    """Group error reasons that differ only in numbers or quoted values."""
    if reason is None:  # the column is nullable; every writer sets it
        return "no reason recorded"
    for stem in (
        "duplicate version number",
        "missing text",
        "malformed JSON line",
        "out of order",
        "no version number",
        "unreadable time",
        "not valid UTF-8",
        "version number is not",
        "no article id",
        "failed",
        "characters; the limit",
    ):
        if stem in reason:
            return {
                "out of order": "version out of order",
                "failed": "alignment failed",
                "characters; the limit": "text too large",
            }.get(stem, stem)
    return reason


def datasheet(out: str | Path) -> dict[str, Any]:
    """Describe the batch output in *out*."""
    out = Path(out)
    versions = dataset(out, "versions").to_table(
        columns=["article", "version", "time", "source", "sentences"]
    )
    pairs = dataset(out, "pairs").to_table(
        columns=["changed", "unchanged", "edited", "moved", "added", "deleted", "split", "merge"]
    )
    edits = dataset(out, "edits").to_table(columns=["class", "op"])
    errors = dataset(out, "errors").to_table(columns=["reason"])
    articles = versions.column("article")
    per_article = list(Counter(articles.to_pylist()).values())
    times = [t for t in versions.column("time").to_pylist() if t is not None]
    ops = {
        k: int(pc.sum(pairs.column(k)).as_py() or 0)
        for k in ("unchanged", "edited", "moved", "added", "deleted", "split", "merge")
    }
    labelled = edits.column("class").null_count < edits.num_rows
    sources = [s or "(none)" for s in versions.column("source").to_pylist()]
    version_counts = Counter(sources)
    article_counts = Counter(s for _, s in set(zip(articles.to_pylist(), sources, strict=True)))
    by_source = {
        s: {"articles": article_counts[s], "versions": n} for s, n in version_counts.items()
    }
    manifest = out / MANIFEST
    sheet: dict[str, Any] = {
        "counts": {
            "articles": len(per_article),
            "versions": versions.num_rows,
            "pairs": pairs.num_rows,
            "changed_pairs": int(pc.sum(pairs.column("changed")).as_py() or 0),
            "sentences": int(pc.sum(versions.column("sentences")).as_py() or 0),
            "edits": edits.num_rows,
            "errors": errors.num_rows,
        },
        "versions_per_article": {
            "mean": round(statistics.fmean(per_article), 3) if per_article else 0,
            "median": statistics.median(per_article) if per_article else 0,
            "max": max(per_article, default=0),
        },
        "sources": dict(sorted(by_source.items(), key=lambda kv: (-kv[1]["versions"], kv[0]))),
        "time_span": {
            "first": min(times) if times else None,
            "last": max(times) if times else None,
            "versions_with_time": len(times),
        },
        "alignment_ops": ops,
        "edit_classes": _count_values(edits.column("class")) if labelled else None,
        "edit_ops": _count_values(edits.column("op")),
        "errors_by_reason": dict(
            Counter(_reason_kind(r) for r in errors.column("reason").to_pylist()).most_common()
        ),
        "manifest": manifest.read_text(encoding="utf-8") if manifest.exists() else None,
    }
    return sheet


def _table(rows: list[tuple[str, Any]], head: tuple[str, str]) -> list[str]:
    lines = [f"| {head[0]} | {head[1]} |", "|---|---:|"]
    lines += [f"| {k} | {v:,} |" if isinstance(v, int) else f"| {k} | {v} |" for k, v in rows]
    return lines


def to_markdown(sheet: dict[str, Any], *, title: str = "Datasheet") -> str:
    c = sheet["counts"]
    lines = [f"# {title}", "", "## Counts", ""]
    lines += _table(list(c.items()), ("what", "count"))
    v = sheet["versions_per_article"]
    lines += [
        "",
        f"Versions per article: mean {v['mean']}, median {v['median']}, max {v['max']}.",
        "",
        "## Sources",
        "",
    ]
    lines += ["| source | articles | versions |", "|---|---:|---:|"]
    lines += [
        f"| {s} | {d['articles']:,} | {d['versions']:,} |" for s, d in sheet["sources"].items()
    ]
    span = sheet["time_span"]
    lines += ["", "## Time span", ""]
    if span["first"]:
        lines.append(
            f"From {span['first']} to {span['last']} "
            f"({span['versions_with_time']:,} versions dated)."
        )
    else:
        lines.append("No version carries a time.")
    lines += ["", "## Edit classes", ""]
    if sheet["edit_classes"] is None:
        lines.append("The explain stage was not available for this run: no classes.")
    else:
        lines += _table(list(sheet["edit_classes"].items()), ("class", "edits"))
    lines += ["", "## Alignment operations (sentences)", ""]
    lines += _table(list(sheet["alignment_ops"].items()), ("operation", "links"))
    lines += ["", "## Errors", ""]
    if sheet["errors_by_reason"]:
        lines += _table(list(sheet["errors_by_reason"].items()), ("reason", "records"))
    else:
        lines.append("No record was left out.")
    return "\n".join(lines) + "\n"
