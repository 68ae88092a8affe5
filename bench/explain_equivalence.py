"""Check that explaining gives the same output before and after a change that
should not change it (a speed-up).

Usage::

    python bench/explain_equivalence.py --save /tmp/before.json   # on the old code
    python bench/explain_equivalence.py --check /tmp/before.json  # on the new code

It explains every labelled item of ``tests/data/edits/`` (the sets written with
the rules and both sets in their writer's format, headline items and times
included) and every article pair of the alignment gold set and the seed pair,
and records the whole JSON form of each explanation (classes, evidence,
values, names, significance, summary). ``--check`` compares item by item and
prints the items that differ, except for the held-out set, of which it prints
only how many items differ (its items are never shown).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import redline
from redline.explain import explain

sys.path.insert(0, str(Path(__file__).resolve().parent))
import classify as bench

_HIDDEN = bench.UNSEEN_HELDOUT.name


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    """(set name, item id, item) for every labelled item and article pair."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    for item in bench.load_items():
        out.append((item["file"], item["id"], item))
    for path in (bench.UNSEEN_TUNE, bench.UNSEEN_HELDOUT):
        if path.exists():
            out.extend((path.name, i["id"], i) for i in bench.load_unseen(path))
    for k, (old, new) in enumerate(bench._article_pairs()):
        out.append(("articles", str(k), {"old": old, "new": new}))
    return out


def outputs() -> dict[str, dict[str, Any]]:
    """The JSON form of every explanation, by set and item id."""
    result: dict[str, dict[str, Any]] = {}
    for name, ident, item in _cases():
        c = redline.compare(item["old"], item["new"])
        e = explain(c, old_meta=item.get("old_meta"), new_meta=item.get("new_meta"))
        result.setdefault(name, {})[ident] = e.to_dict()
    return result


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, metavar="JSON")
    group.add_argument("--check", type=Path, metavar="JSON")
    args = ap.parse_args(argv)
    now = outputs()
    if args.save:
        args.save.write_text(json.dumps(now, sort_keys=True, ensure_ascii=False), "utf-8")
        total = sum(len(v) for v in now.values())
        print(f"saved {total} explanations ({_digest(now)})")
        return 0
    before = json.loads(args.check.read_text("utf-8"))
    differing = 0
    for name in sorted(set(before) | set(now)):
        old, new = before.get(name, {}), now.get(name, {})
        ids = sorted(set(old) | set(new))
        bad = [i for i in ids if old.get(i) != new.get(i)]
        differing += len(bad)
        print(f"{name:<22} {len(ids):>4} items  {len(bad):>3} differ")
        if name == _HIDDEN:
            continue
        for i in bad:
            print(f"  {i}: before {json.dumps(old.get(i), ensure_ascii=False)}")
            print(f"  {i}: after  {json.dumps(new.get(i), ensure_ascii=False)}")
    print("identical" if not differing else f"{differing} explanations differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
