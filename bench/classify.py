"""Edit classification: per-class precision and recall on the labelled set, and its cost.

Usage::

    python bench/classify.py            # quality table and timing
    python bench/classify.py --quality  # quality only (what the test gate uses)

The labelled set is ``tests/data/edits/*.jsonl``: one item per line with ``old``
and ``new`` text, gold ``labels`` (edit classes of the whole change), optional
``values`` (old → new figures a fact update must name) and optional
``old_meta``/``new_meta``. An item is predicted right for a class when the class
is in both the gold labels and ``explain(...).classes``.

Timing compares ``explain`` with ``compare`` (segmentation + alignment) on the
seed pair and on every labelled item, best of several rounds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import redline
from redline.explain import CLASS_ORDER, explain

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "edits"
SEED = ROOT / "examples" / "seed"
GOLD = ROOT / "tests" / "data" / "gold"


#: labelled sets written apart from the rules, in their writer's format
UNSEEN_TUNE = DATA / "unseen_tune.jsonl"
UNSEEN_HELDOUT = DATA / "unseen_heldout.jsonl"
#: written apart from the rules after the last round of tuning, never tuned on
FRESH_HELDOUT = DATA / "unseen_fresh_heldout.jsonl"
_BODY = "The story's body did not change."


def load_items() -> list[dict[str, Any]]:
    """The labelled sets written with the rules (``unseen_*`` files apart)."""
    items = []
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name.startswith("unseen_"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["file"] = path.name
                items.append(item)
    return items


def load_unseen(path: Path) -> list[dict[str, Any]]:
    """A labelled set in its writer's format (see ``docs/edits.md``), as cases of
    :func:`predict`: headline items (``"field": "headline"``) become a version
    change whose headline changed over an unchanged body; passage items with
    ``published``/``old_seen``/``new_seen`` get them as :class:`Meta` times."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        item = {
            "id": raw["id"],
            "file": path.name,
            "lang": raw.get("lang", "en"),
            "hard": bool(raw.get("hard")),
            "labels": [LABEL_MAP.get(c, c) for c in raw["labels"]],
            "old": raw["old"],
            "new": raw["new"],
        }
        if "values" in raw:
            item["values"] = raw["values"]
        if raw.get("field") == "headline":
            item["old"] = item["new"] = _BODY
            item["old_meta"] = {"headline": raw["old"]}
            item["new_meta"] = {"headline": raw["new"]}
        if "published" in raw or "new_seen" in raw:
            item.setdefault("old_meta", {})
            item.setdefault("new_meta", {})
            item["old_meta"] |= {"published": raw.get("published"), "seen": raw.get("old_seen")}
            item["new_meta"] |= {"published": raw.get("published"), "seen": raw.get("new_seen")}
        items.append(item)
    return items


#: the writer's class names that differ from Redline's (none today: both use the
#: names of ``Classes``); a mapping goes here and in docs/edits.md
LABEL_MAP: dict[str, str] = {}


def scores(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-class precision, recall and F1, macro- and micro-F1 and exact-label-set
    accuracy of *items*, overall, for French and for hard items."""
    preds = [(item, predict(item)) for item in items]

    def block(rows: list[tuple[dict[str, Any], tuple[set[str], Any]]]) -> dict[str, Any]:
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        exact = 0
        for item, (pred, _) in rows:
            gold = set(item["labels"])
            exact += pred == gold
            for c in gold & pred:
                tp[c] += 1
            for c in pred - gold:
                fp[c] += 1
            for c in gold - pred:
                fn[c] += 1
        classes = [c for c in CLASS_ORDER if tp[c] + fn[c]]
        per = {}
        for c in classes:
            p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
            r = tp[c] / (tp[c] + fn[c])
            f = 2 * p * r / (p + r) if p + r else 0.0
            per[c] = {"support": tp[c] + fn[c], "precision": p, "recall": r, "f1": f}
        extra = {c: fp[c] for c in CLASS_ORDER if fp[c] and c not in per}
        t, f_p, f_n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        micro = 2 * t / (2 * t + f_p + f_n) if t else 0.0
        macro = statistics.mean(m["f1"] for m in per.values()) if per else 0.0
        return {
            "items": len(rows),
            "exact": exact,
            "per_class": per,
            "unlabelled_predictions": extra,
            "macro_f1": macro,
            "micro_f1": micro,
        }

    values_right = values_total = 0
    for item, (_, values) in preds:
        if "values" in item:
            values_total += 1
            values_right += values == item["values"]
    return {
        "all": block(preds),
        "fr": block([x for x in preds if x[0]["lang"] == "fr"]),
        "hard": block([x for x in preds if x[0]["hard"]]),
        "values": (values_right, values_total),
        "errors": [
            {"id": i["id"], "gold": sorted(i["labels"]), "pred": sorted(p)}
            for i, (p, _) in preds
            if p != set(i["labels"])
        ],
    }


def print_scores(name: str, result: dict[str, Any], *, errors: bool = False) -> None:
    a = result["all"]
    print(f"{name}: {a['items']} items")
    print(f"{'class':<22}{'support':>8}{'precision':>11}{'recall':>8}{'F1':>7}")
    for cls, m in a["per_class"].items():
        print(
            f"{cls:<22}{m['support']:>8}{m['precision']:>11.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}"
        )
    for cls, n in a["unlabelled_predictions"].items():
        print(f"{cls:<22}{0:>8}   predicted {n} times, never labelled")
    for part in ("all", "fr", "hard"):
        b = result[part]
        share = b["exact"] / b["items"] if b["items"] else 0.0
        print(
            f"  {part:<5} items {b['items']:>4}  macro-F1 {b['macro_f1']:.3f}  "
            f"micro-F1 {b['micro_f1']:.3f}  exact label set {b['exact']}/{b['items']} "
            f"({share:.3f})"
        )
    right, total = result["values"]
    print(f"  fact updates naming the right old → new values: {right}/{total}")
    if errors:
        for err in result["errors"]:
            print(f"  {err['id']}: gold {err['gold']} predicted {err['pred']}")


def predict(item: dict[str, Any]) -> tuple[set[str], list[list[str | None]]]:
    c = redline.compare(item["old"], item["new"])
    e = explain(c, old_meta=item.get("old_meta"), new_meta=item.get("new_meta"))
    values = [[v.old, v.new] for edit in e.edits for v in edit.values]
    return set(e.classes), values


def evaluate() -> dict[str, Any]:
    items = load_items()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    support: Counter[str] = Counter()
    errors = []
    per_file: dict[str, list[int]] = {}
    values_right = values_total = 0
    for item in items:
        gold = set(item["labels"])
        pred, values = predict(item)
        for cls in gold:
            support[cls] += 1
        for cls in gold & pred:
            tp[cls] += 1
        for cls in pred - gold:
            fp[cls] += 1
        for cls in gold - pred:
            fn[cls] += 1
        if "values" in item:
            values_total += 1
            values_right += values == item["values"]
        per_file.setdefault(item["file"], [0, 0])
        per_file[item["file"]][0] += 1
        per_file[item["file"]][1] += pred == gold
        if pred != gold:
            errors.append({"id": item["id"], "gold": sorted(gold), "pred": sorted(pred)})
    per_class = {}
    for cls in CLASS_ORDER:
        if not (support[cls] or fp[cls]):
            continue
        p = tp[cls] / (tp[cls] + fp[cls]) if tp[cls] + fp[cls] else 0.0
        r = tp[cls] / (tp[cls] + fn[cls]) if tp[cls] + fn[cls] else 0.0
        per_class[cls] = {
            "support": support[cls],
            "precision": p,
            "recall": r,
            "tp": tp[cls],
            "fp": fp[cls],
            "fn": fn[cls],
        }
    exact = sum(1 for _ in items) - len(errors)
    return {
        "items": len(items),
        "exact": exact,
        "per_class": per_class,
        "values": (values_right, values_total),
        "per_file": per_file,
        "errors": errors,
    }


def _article_pairs() -> list[tuple[str, str]]:
    """Whole-article pairs: the seed pair and the alignment gold set."""
    pairs = [
        (
            (SEED / "001_288681e85a897712.txt").read_text(encoding="utf-8"),
            (SEED / "000_72713660520ad913.txt").read_text(encoding="utf-8"),
        )
    ]
    for case in sorted(p for p in GOLD.iterdir() if p.is_dir()):
        pairs.append(
            (
                (case / "old.txt").read_text(encoding="utf-8"),
                (case / "new.txt").read_text(encoding="utf-8"),
            )
        )
    return pairs


def _ratio(pairs: list[tuple[str, str]], rounds: int, repeat: int) -> tuple[float, float]:
    """Best per-pair seconds of aligning and of explaining, measured in alternation
    so that load from other processes hits both alike (CPU time of this process)."""
    cmps = [redline.compare(o, n) for o, n in pairs]
    align = expl = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for _ in range(repeat):
            for o, n in pairs:
                redline.compare(o, n)
        t1 = time.process_time()
        for _ in range(repeat):
            for c in cmps:
                explain(c)
        t2 = time.process_time()
        align, expl = min(align, t1 - t0), min(expl, t2 - t1)
    return align / repeat / len(pairs), expl / repeat / len(pairs)


def timing(rounds: int = 25) -> dict[str, tuple[int, float, float]]:
    """Per pair: (pairs, align seconds, explain seconds), best of *rounds*."""
    articles = _article_pairs()
    items = [(i["old"], i["new"]) for i in load_items()]
    return {
        "seed pair": (1, *_ratio(articles[:1], rounds, 10)),
        "article pairs (seed + alignment gold set)": (len(articles), *_ratio(articles, rounds, 1)),
        "labelled sentence pairs": (len(items), *_ratio(items, rounds, 1)),
    }


def _story(versions: int, sentences: int) -> list[str]:
    """A deterministic story: each version edits, adds, removes and restores a few sentences."""
    base = [
        f"Sentence {k} reports that {k * 7 % 97} officials met in town number {k}."
        for k in range(sentences)
    ]
    out, current, buried = [], list(base), []
    for v in range(versions):
        out.append("\n".join(current))
        k = (v * 13) % len(current)
        current[k] = current[k].replace("officials", "ministers", 1) + " They agreed."
        if v % 3 == 0:
            buried.append(current.pop((v * 7) % len(current)))
        if v % 5 == 4 and buried:
            current.insert(v % len(current), buried.pop(0))
        current.insert((v * 11) % len(current), f"New line {v} about the story so far.")
    return out


def blame_timing(rounds: int = 5) -> dict[str, tuple[int, int, float]]:
    """Seconds to blame the last version: (versions, sentences, seconds)."""
    from redline.explain.blame import blame

    out = {}
    for versions, sentences in ((6, 20), (30, 60), (100, 100)):
        story = _story(versions, sentences)
        best = float("inf")
        for _ in range(rounds):
            t0 = time.process_time()
            blame(story)
            best = min(best, time.process_time() - t0)
        out[f"{versions} versions, ~{sentences} sentences"] = (versions, sentences, best)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quality", action="store_true", help="quality only, no timing")
    ap.add_argument("--errors", action="store_true", help="list every item predicted wrong")
    ap.add_argument(
        "--unseen",
        type=Path,
        metavar="JSONL",
        help="score only this set in its writer's format (aggregate figures only unless --errors)",
    )
    args = ap.parse_args(argv)
    if args.unseen is not None:
        print_scores(args.unseen.name, scores(load_unseen(args.unseen)), errors=args.errors)
        return 0
    result = evaluate()
    print(f"labelled items: {result['items']}  exactly right: {result['exact']}")
    for name, (n, right) in sorted(result["per_file"].items()):
        print(f"  {name}: {right}/{n} exactly right")
    print(f"{'class':<22}{'support':>8}{'precision':>11}{'recall':>8}")
    for cls, m in result["per_class"].items():
        print(f"{cls:<22}{m['support']:>8}{m['precision']:>11.3f}{m['recall']:>8.3f}")
    macro_p = statistics.mean(m["precision"] for m in result["per_class"].values())
    macro_r = statistics.mean(m["recall"] for m in result["per_class"].values())
    print(f"{'macro average':<22}{'':>8}{macro_p:>11.3f}{macro_r:>8.3f}")
    right, total = result["values"]
    print(f"fact updates naming the right old → new values: {right}/{total}")
    if args.errors:
        for err in result["errors"]:
            print(f"  {err['id']}: gold {err['gold']} predicted {err['pred']}")
    if UNSEEN_TUNE.exists():
        print_scores(UNSEEN_TUNE.name, scores(load_unseen(UNSEEN_TUNE)), errors=args.errors)
    if not args.quality:
        print(f"{'cost per pair':<44}{'pairs':>6}{'align ms':>10}{'explain ms':>12}{'added':>8}")
        for name, (n, align, expl) in timing().items():
            print(
                f"{name:<44}{n:>6}{align * 1000:>10.3f}{expl * 1000:>12.3f}"
                f"{100 * expl / align:>7.1f}%"
            )
        print("blame of the latest version (whole history aligned)")
        for name, (_, _, seconds) in blame_timing().items():
            print(f"  {name:<34}{seconds * 1000:>9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
