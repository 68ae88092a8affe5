"""Put the versions of one article in order and set aside the ones that cannot be.

Rules (each left-out record becomes an error row with its reason):

* a record without text (null, empty or only white space) is left out;
* versions are ordered by number; an article whose records carry only times is
  numbered 1, 2, … in time order;
* a version number that appears more than once: if every copy has the same text,
  one is kept (the earliest dated) and the others are reported as duplicates; if
  the texts differ there is no telling which is right, so all copies are left out;
* a version dated before the version it follows is out of order and left out
  (the chain then runs from its predecessor to its successor).

The rules never depend on the order the records arrive in, so every engine and
every partitioning gives the same chain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

__all__ = ["order_versions"]

Record = dict[str, Any]


def _err(rec: Record, reason: str) -> Record:
    return {
        "article": rec.get("article"),
        "version": rec.get("version"),
        "time": rec.get("time"),
        "stage": "input",
        "reason": reason,
        "text": rec.get("text"),
    }


def _instant(t: str) -> str:
    """Sortable form of a normalised time (``…:00Z`` and ``…:00.5Z`` compare right)."""
    return t if "." in t else t[:-1] + ".000000Z"


def _time_key(rec: Record) -> tuple[int, str]:
    t = rec.get("time")
    return (0, _instant(t)) if t is not None else (1, "")


def order_versions(records: Sequence[Record]) -> tuple[list[Record], list[Record]]:
    """Return ``(kept, errors)``: the usable versions in order, and error rows."""
    errors: list[Record] = []
    usable: list[Record] = []
    for rec in records:
        if rec.get("reason"):
            errors.append(_err(rec, rec["reason"]))
        elif rec.get("text") is None or not rec["text"].strip():
            errors.append(_err(rec, "missing text"))
        else:
            usable.append(dict(rec))

    numbered = [r for r in usable if r.get("version") is not None]
    if not numbered:
        timed = sorted({r["time"] for r in usable if r.get("time") is not None}, key=_instant)
        rank = {t: k + 1 for k, t in enumerate(timed)}
        for r in usable:
            if r.get("time") is not None:
                r["version"] = rank[r["time"]]
    for r in usable:
        if r.get("version") is None:
            reason = (
                "no version number (other versions of this article have one)"
                if numbered
                else "no version number or time"
            )
            errors.append(_err(r, reason))
    usable = [r for r in usable if r.get("version") is not None]

    by_version: dict[int, list[Record]] = defaultdict(list)
    for r in usable:
        by_version[r["version"]].append(r)
    chain: list[Record] = []
    for version in sorted(by_version):
        copies = sorted(by_version[version], key=lambda r: (_time_key(r), r.get("source") or ""))
        if len(copies) == 1:
            chain.append(copies[0])
        elif len({r["text"] for r in copies}) == 1:
            chain.append(copies[0])
            for r in copies[1:]:
                errors.append(_err(r, f"duplicate version number {version} (same text; kept once)"))
        else:
            for r in copies:
                errors.append(
                    _err(
                        r,
                        f"duplicate version number {version} with different texts "
                        f"({len(copies)} records; all left out)",
                    )
                )

    kept: list[Record] = []
    last_time: str | None = None
    last_version: int | None = None
    for r in chain:
        t = r.get("time")
        if t is not None and last_time is not None and _instant(t) < _instant(last_time):
            errors.append(
                _err(
                    r,
                    f"version {r['version']} is dated {t}, before version "
                    f"{last_version} ({last_time}); out of order, left out",
                )
            )
            continue
        kept.append(r)
        if t is not None:
            last_time, last_version = t, r["version"]
    return kept, errors
