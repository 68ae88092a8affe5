"""Turn a comparison into the cached summary, edit classes and JSON.

Uses ``redline.explain.explain`` when that package provides it, else the plain
counts of ``Comparison.summary()``.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from redline import __version__
from redline.comparison import JSON_VERSION, Comparison

__all__ = ["ENGINE", "pack_json", "summarise", "unpack_json"]


def _explainer() -> Any:
    try:
        from redline.explain import explain
    except Exception:  # a broken or missing explainer must not stop the store
        return None
    return explain


_EXPLAIN = _explainer()


#: Identifies the code that produced a cached comparison; a different value means recompute.
def _rules() -> str:
    try:
        from redline.explain import RULES_VERSION
    except Exception:  # an older explainer without a rules version
        return "explain"
    return f"explain-{RULES_VERSION}"


def _fit(name: str, size: int = 40) -> str:
    """*name* shortened (with a hash of the whole) to fit the ``comparisons.engine`` column."""
    if len(name) <= size:
        return name
    import hashlib

    return name[: size - 9] + "~" + hashlib.blake2b(name.encode(), digest_size=4).hexdigest()


ENGINE = _fit(f"redline-{__version__}/json-{JSON_VERSION}/{_rules() if _EXPLAIN else 'counts'}")


def summarise(
    comparison: Comparison,
    old_meta: dict[str, Any] | None = None,
    new_meta: dict[str, Any] | None = None,
) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """One-line summary, edit classes and the JSON data of *comparison*.

    The metas (``headline``, ``standfirst``, ``published``, ``seen``) let the
    explainer report headline and standfirst changes too.
    """
    data = comparison.to_dict()
    summary = comparison.summary()
    classes: tuple[str, ...] = ()
    if _EXPLAIN is not None:
        try:
            explained = _EXPLAIN(comparison, old_meta=old_meta, new_meta=new_meta)
        except Exception:  # an explainer problem must not lose the stored comparison
            explained = None
        if explained is not None:
            s = getattr(explained, "summary", None)
            s = s() if callable(s) else s
            if isinstance(s, str) and s:
                summary = s
            found = getattr(explained, "classes", None)
            found = found() if callable(found) else found
            if found:
                classes = tuple(sorted({str(getattr(c, "name", c)) for c in found}))
            to_dict = getattr(explained, "to_dict", None)
            if callable(to_dict):
                data["explain"] = to_dict()
    if _EXPLAIN is None and old_meta and new_meta:
        changed = [
            f
            for f in ("headline", "standfirst")
            if (old_meta.get(f) or "") != (new_meta.get(f) or "")
        ]
        if changed:
            words = " and ".join(changed) + " changed"
            summary = words if summary == "no meaningful change" else f"{words}; {summary}"
    data["summary"] = summary
    return summary, classes, data


def pack_json(data: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack_json(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob))
