"""Re-fetch corpus: real pages fetched again with only their furniture changed.

Usage (after ``bench/extract_corpus.py`` rebuilt ``tests/data/real/``)::

    python bench/extract_refetch.py                  # development part
    python bench/extract_refetch.py --split all

Every page of the corpus is served three times: as captured, then twice more
with other reader counters, "pages read" counters, "updated N minutes ago"
stamps, ads, related-link and "most read" lists, comment and share counts, a
cookie banner shown or not, and a comma moved in the SEO description
(``tests/extract/refetch.py``). Each capture is decided against the previous
one by Redline's real version decision (``decide_from_raw``). The article never
changed, so every recorded version is a false version: the count must be 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.extract.refetch import refetch  # noqa: E402

from redline.errors import RedlineError  # noqa: E402
from redline.extract import Decision, decide_version, extract_article  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "real"
UTF8 = "text/html; charset=utf-8"


def _changes(d: Decision) -> list[str]:
    assert d.reconciled is not None
    c = d.reconciled.comparison
    out = []
    for link in c.links:
        if link.op != "unchanged":
            old = " ".join(c.old.sentences[i].text for i in link.old)
            new = " ".join(c.new.sentences[j].text for j in link.new)
            out.append(f"{link.op}: {old[:90]!r} -> {new[:90]!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--show-heldout", action="store_true")
    ap.add_argument("--only")
    args = ap.parse_args(argv)
    index = CORPUS / "index.jsonl"
    if not index.exists():
        sys.exit(f"{index} is missing: rebuild the corpus with bench/extract_corpus.py")
    items = [json.loads(line) for line in index.read_text().splitlines() if line.strip()]
    items = [i for i in items if args.split == "all" or i["split"] == args.split]
    if args.only:
        items = [i for i in items if args.only in i["id"]]
    t0 = time.perf_counter()
    counts = {"pages": 0, "refetches": 0, "false_versions": 0, "suspect": 0, "not_html": 0}
    per_split: dict[str, dict[str, int]] = {}
    failures: list[tuple[str, str, str]] = []
    for item in items:
        raw = (CORPUS / "pages" / f"{item['id']}.html").read_bytes()
        split = per_split.setdefault(
            item["split"], {"pages": 0, "refetches": 0, "false_versions": 0, "suspect": 0}
        )
        try:
            captures = [
                (raw, None),
                (refetch(raw, seed=1), UTF8),
                (refetch(raw, seed=2), UTF8),
            ]
            extractions = [
                extract_article(r, url=item["url"], content_type=ct) for r, ct in captures
            ]
        except RedlineError:
            counts["not_html"] += 1
            continue
        counts["pages"] += 1
        split["pages"] += 1
        baseline = extractions[0]
        for n, e in enumerate(extractions[1:], 1):
            d = decide_version(baseline, e)
            counts["refetches"] += 1
            split["refetches"] += 1
            if d.suspect:
                counts["suspect"] += 1
                split["suspect"] += 1
            if d.record:
                counts["false_versions"] += 1
                split["false_versions"] += 1
                failures.append((item["id"], item["split"], f"capture {n}: {'; '.join(d.reasons)}"))
                if d.reconciled is not None:
                    failures.extend(
                        (item["id"], item["split"], f"  {line}") for line in _changes(d)
                    )
            if d.record:
                baseline = e
    elapsed = time.perf_counter() - t0
    print(f"{counts['pages']} pages, {counts['refetches']} re-fetches in {elapsed:.0f} s")
    print(json.dumps({"total": counts, **per_split}, indent=2))
    for pid, split, why in failures:
        if split == "dev" or args.show_heldout:
            print(f"FALSE VERSION {pid}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
