"""Check that redline's comparisons are unchanged, byte for byte, after an optimisation.

Writes (``--save``) or checks (``--check``) the JSON of ``redline.compare`` on
every gold pair of both parts (tuning and held-out; both directions; digests
only, so a held-out case is never shown), the seed pair, and the generated pairs of
``bench/align_speed.py`` (``make_pairs``), each compared with a cold and a warm
line cache and with the old side given as a segmented document.

Usage: ``python bench/align_equivalence.py --save FILE | --check FILE [--pairs 2000]``
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redline
from redline.text.segment import clear_cache

ROOT = Path(__file__).resolve().parent.parent


def _module(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


def _pairs(count: int) -> Iterator[tuple[str, str, str]]:
    speed = _module("align_speed")
    for case in speed.gold.load_cases():
        yield f"gold/{case.name}", case.old, case.new
        yield f"gold/{case.name}/swapped", case.new, case.old
    if speed.gold.HELDOUT_DIR.is_dir():
        for k, case in enumerate(speed.gold.load_cases(speed.gold.HELDOUT_DIR)):
            yield f"heldout/{k}", case.old, case.new
            yield f"heldout/{k}/swapped", case.new, case.old
    seeds = sorted((ROOT / "examples" / "seed").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    for k in range(len(texts) - 1):
        yield f"seed/{k}", texts[k + 1], texts[k]
    for k, (old, new, _) in enumerate(speed.make_pairs(count)):
        yield f"generated/{k}", old, new


def _dump(old: str, new: str) -> str:
    clear_cache()
    cold = json.dumps(redline.compare(old, new).to_dict(), sort_keys=True, ensure_ascii=False)
    warm = json.dumps(redline.compare(old, new).to_dict(), sort_keys=True, ensure_ascii=False)
    doc = json.dumps(
        redline.compare(redline.segment(old), new).to_dict(), sort_keys=True, ensure_ascii=False
    )
    if not cold == warm == doc:
        raise SystemExit("cold, warm and pre-segmented comparisons differ")
    return cold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    ap.add_argument("--pairs", type=int, default=2000)
    args = ap.parse_args()
    digests = {
        name: hashlib.sha256(_dump(old, new).encode()).hexdigest()
        for name, old, new in _pairs(args.pairs)
    }
    if args.save:
        args.save.write_text(json.dumps(digests, indent=0), encoding="utf-8")
        print(f"saved {len(digests)} comparisons to {args.save}")
        return
    saved = json.loads(args.check.read_text(encoding="utf-8"))
    differ = sorted(k for k in saved.keys() | digests.keys() if saved.get(k) != digests.get(k))
    print(f"{len(digests)} comparisons, {len(differ)} differ")
    for name in [d for d in differ if not d.startswith("heldout/")][:20]:
        print("  differs:", name)
    held = sum(d.startswith("heldout/") for d in differ)
    if held:
        print(f"  and {held} held-out comparisons (not named)")
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
