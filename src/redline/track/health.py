"""What the tracker's trouble is: failing, blocked and gone URLs and failing sources,
with their last error and since when, and counts by kind (for ``redline health``
and the web admin's health page)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

__all__ = ["error_kind", "tracking_section"]

_KINDS = (
    ("address refused", re.compile(r"not a public address|only http\(s\)")),
    ("robots.txt", re.compile(r"robots\.txt")),
    ("too slow", re.compile(r"timed out|no complete answer")),
    ("too large", re.compile(r"exceeds|larger than|layers")),
    ("DTD refused", re.compile(r"DTD")),
    ("not a feed", re.compile(r"neither an RSS|not a readable|not a sitemap")),
    ("redirects", re.compile(r"redirect")),
    ("HTTP 4xx", re.compile(r"HTTP 4\d\d")),
    ("HTTP 5xx or 429", re.compile(r"HTTP (5\d\d|429)")),
    ("truncated", re.compile(r"truncated|before </html>")),
    ("extraction", re.compile(r"extraction|degraded")),
)


def error_kind(error: str | None, state: str = "active") -> str:
    """A short name for the kind of trouble an error message describes."""
    if state == "gone":
        return "gone"
    text = error or ""
    for name, pattern in _KINDS:
        if pattern.search(text):
            return name
    return "flip-flops" if not text else "other"


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def tracking_section(store: Any, limit: int = 200) -> dict[str, Any]:
    """JSON-ready data of the tracker's trouble (empty lists when nothing is tracked)."""
    from redline.store.tracking import TrackingRepo

    trouble = TrackingRepo(store.engine).trouble(limit)
    urls = [
        {**u, "kind": error_kind(u["last_error"], u["state"])}
        | {
            "failing_since": _iso(u["failing_since"]),
            "last_checked_at": _iso(u["last_checked_at"]),
        }
        for u in trouble["urls"]
    ]
    sources = [
        {
            "name": s.name,
            "url": s.url,
            "failures": s.failures,
            "last_error": s.last_error,
            "failing_since": _iso(s.failing_since),
            "last_checked_at": _iso(s.last_checked_at),
            "kind": error_kind(s.last_error),
        }
        for s in trouble["sources"]
    ]
    counts = Counter(u["kind"] for u in urls) + Counter(f"source: {s['kind']}" for s in sources)
    return {
        "urls": urls,
        "urls_total": trouble["urls_total"],
        "sources": sources,
        "counts": dict(sorted(counts.items())),
    }
