"""Extraction and trust: versions recorded on the redesign corpus, and the cost of
cross-checking.

Usage::

    python bench/extract.py              # both
    python bench/extract.py --quality    # corpus figures only
    python bench/extract.py --timing     # cost figures only

Quality: every article of ``tests/data/redesign`` is captured in the sequence of
site templates and versions its ``captures`` list names; each capture is
extracted and decided against the last recorded version, exactly as the tracker
does. A version must be recorded exactly when the article text (headline,
standfirst, body) truly changed, and the reported changes must be exactly the
true ones (the alignment of the true texts). Figures with the cross-check on and
off show what it buys.

Cost: processing a changed capture = extracting it (decode, parse, metadata,
trafilatura, cleaning, health) + comparing it with the previous version + the
decision. The cross-check's share = building the page's visible text (needed only
for cross-checks) + reconciling the alignment against both pages. Best of
several rounds over every pair whose text changed, and over all pairs.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.extract.corpus import Capture, all_captures, heldout_captures, score  # noqa: E402

from redline import compare  # noqa: E402
from redline.extract import decide_version, extract_article, reconcile  # noqa: E402
from redline.extract._decode import decode_html  # noqa: E402
from redline.extract._visible import parse_html, visible_blocks  # noqa: E402


def quality() -> dict[str, object]:
    seqs = all_captures()
    on = score(seqs, cross_check=True)
    off = score(seqs, cross_check=False)
    templates = sorted({c.template for seq in seqs for c in seq})
    out = {
        "templates": templates,
        "cross_check_on": on.as_dict(),
        "cross_check_off": off.as_dict(),
    }
    print("== redesign corpus ==")
    print(f"articles: {len(seqs)}, captures: {sum(len(s) for s in seqs)}, templates: {templates}")
    keys = [
        "pairs", "pairs_truly_changed", "versions_recorded", "false_versions", "missed_edits",
        "suspect_captures", "change_items_true", "change_items_reported", "change_precision",
        "change_recall", "field_errors", "artefacts_reconciled",
    ]  # fmt: skip
    print(f"{'':28}{'cross-check on':>16}{'off':>10}")
    for k in keys:
        print(f"{k:28}{on.as_dict()[k]!s:>16}{off.as_dict()[k]!s:>10}")
    for f in on.failures or []:
        print("  FAIL", f)
    print("artefacts reconciled, by reason:")
    for reason, n in sorted((on.reasons or {}).items(), key=lambda x: -x[1]):
        print(f"  {n:4}  {reason}")
    out["reasons"] = on.reasons
    out["truncated"] = truncated(seqs)
    held = heldout_captures()
    h_on, h_off = score(held, cross_check=True), score(held, cross_check=False)
    print("== held-out sequences (templates amp2019, regional2016; rules not tuned on them) ==")
    print(f"{'':28}{'cross-check on':>16}{'off':>10}")
    for k in keys:
        print(f"{k:28}{h_on.as_dict()[k]!s:>16}{h_off.as_dict()[k]!s:>10}")
    for f in h_on.failures or []:
        print("  FAIL", f)
    out["heldout"] = {"cross_check_on": h_on.as_dict(), "cross_check_off": h_off.as_dict()}
    return out


def truncated(seqs: list) -> dict[str, int]:
    """Unchanged articles whose redesigned page arrived cut at 30%..90% of its bytes."""
    n = recorded = suspect = 0
    for cut in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        for seq in seqs:
            first = seq[0]
            base = extract_article(first.raw, url=first.url, content_type=first.content_type)
            for nxt in seq[1:]:
                if nxt.truth != first.truth:
                    continue
                raw = nxt.raw[: int(len(nxt.raw) * cut)]
                d = decide_version(
                    base, extract_article(raw, url=nxt.url, content_type=nxt.content_type)
                )
                n += 1
                recorded += d.record
                suspect += d.suspect
    print(
        f"truncated transfers of unchanged articles: {n}, false versions: {recorded}, "
        f"flagged suspect: {suspect}, the rest: no change"
    )
    return {"captures": n, "false_versions": recorded, "suspect": suspect}


def _pairs() -> list[tuple[object, object]]:
    pairs = []
    for seq in all_captures():
        for a, b in itertools.pairwise(seq):
            pairs.append((a, b))
    return pairs


def _heavy(capture: Capture) -> Capture:
    """The capture with 600 more navigation links and teasers on its page (~50 KB
    more), like a real news site's mega-menu and footer."""
    links = "".join(
        f"<li><a href='/n/{i}'>Teaser headline number {i} about something else</a></li>"
        for i in range(600)
    )
    pos = capture.raw.lower().rfind(b"</body>")
    raw = capture.raw[:pos] + f"<nav><ul>{links}</ul></nav>".encode() + capture.raw[pos:]
    return dataclasses.replace(capture, raw=raw)


def timing(rounds: int = 7) -> dict[str, object]:
    pairs = _pairs()
    # previous versions are already extracted and stored: only the new capture is processed
    prev = {id(a): extract_article(a.raw, url=a.url, content_type=a.content_type) for a, _ in pairs}

    def process(pairs_: list, cross: bool) -> tuple[float, float, float]:
        """(total without cross-check, visible-text cost, reconcile cost) in seconds."""
        t_total = t_visible = t_reconcile = 0.0
        for a, b in pairs_:
            p = prev[id(a)]
            t0 = time.perf_counter()
            e = extract_article(b.raw, url=b.url, content_type=b.content_type)
            c = compare(p.text, e.text)
            d = decide_version(p, e, comparison=c, cross_check=False)
            t1 = time.perf_counter()
            t_total += t1 - t0
            if cross:
                # the visible text, built inside extract_article, timed on its own
                root = parse_html(decode_html(b.raw, content_type=b.content_type).text)
                t2 = time.perf_counter()
                visible_blocks(root)
                t3 = time.perf_counter()
                reconcile(p, e, c)
                t4 = time.perf_counter()
                t_visible += t3 - t2
                t_reconcile += t4 - t3
            assert d is not None
        return t_total, t_visible, t_reconcile

    changed = [(a, b) for a, b in pairs if a.truth != b.truth]
    heavy = [(a, _heavy(b)) for a, b in changed]
    results: dict[str, object] = {}
    for name, subset in (
        ("changed captures", changed),
        ("all captures", pairs),
        ("changed captures, heavy pages", heavy),
    ):
        runs = []
        for _ in range(rounds):
            gc.collect()
            runs.append(process(subset, True))
        # each component at its best round: the machine is shared, noise only adds
        total, vis, rec = (min(r[k] for r in runs) for k in range(3))
        base = total - vis  # extract_article includes the visible text already
        overhead = (vis + rec) / base
        n = len(subset)
        results[name] = {
            "pairs": n,
            "ms_per_capture_without_cross_check": round(1000 * base / n, 2),
            "ms_visible_text": round(1000 * vis / n, 3),
            "ms_reconcile": round(1000 * rec / n, 3),
            "cross_check_overhead": round(overhead, 4),
        }
        print(
            f"== cost, {name} ({n} pairs, best of {rounds}) ==\n"
            f"  processing without cross-check: {1000 * base / n:.2f} ms/capture\n"
            f"  visible text: {1000 * vis / n:.3f} ms, reconcile: {1000 * rec / n:.3f} ms\n"
            f"  cross-check adds {overhead:.1%} (limit 30%)"
        )
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quality", action="store_true")
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args()
    both = not (args.quality or args.timing)
    out: dict[str, object] = {}
    if args.quality or both:
        out["quality"] = quality()
    if args.timing or both:
        out["timing"] = timing(args.rounds)
    if args.json:
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
