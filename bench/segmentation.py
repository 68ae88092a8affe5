"""Sentence segmentation: boundary accuracy and speed, Redline vs syntok, blingfire, pysbd.

Usage::

    .venv/bin/python bench/segmentation.py [--errors] [--min-time 1.0] [--only NAME ...]

Reads the hand-written test sets in ``tests/data/segmentation/`` (one paragraph per
line with its expected sentences): ``en``/``fr``, on which the rules were developed,
and ``heldout_en``/``heldout_fr``, written once the rules were fixed and never used
to change them. Reports, per set and segmenter:

* per-boundary precision, recall and F1 (a boundary is the position between two
  sentences of a paragraph, counted on the text with white space removed, so
  segmenters that trim or keep spaces are scored alike);
* the share of paragraphs segmented exactly right;
* speed in sentences per second over the test set, and the time to split one
  whole seed article (the unit of work of the aligner); then the time of the full
  ``segment()`` (furniture removal and normalised keys included) per seed article.
  Times are CPU time, best of several rounds, to damp noise from other processes.

Every segmenter runs behind the same paragraph layer (one paragraph per line, a
short line without final punctuation is a heading and stays whole), as it would
behind :func:`redline.text.segment.segment`. ``--errors`` prints each paragraph a
segmenter gets wrong.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from redline.text.segment import is_heading, segment, split_sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "segmentation"
SEED_ARTICLES = sorted((ROOT / "examples" / "seed").glob("*.txt"))
# (file stem, language): the test set the rules were developed on, then a held-out
# set written after the rules were fixed and never used to change them.
SETS = (("en", "en"), ("fr", "fr"), ("heldout_en", "en"), ("heldout_fr", "fr"))
_WS = re.compile(r"\s+")

Splitter = Callable[[str], list[str]]


def _syntok(lang: str) -> Splitter:
    from syntok import segmenter

    def split(paragraph: str) -> list[str]:
        out = []
        for para in segmenter.analyze(paragraph):
            for sent in para:
                first, last = sent[0], sent[-1]
                out.append(paragraph[first.offset : last.offset + len(last.value)])
        return out

    return split


def _blingfire(lang: str) -> Splitter:
    import blingfire

    def split(paragraph: str) -> list[str]:
        _, offsets = blingfire.text_to_sentences_and_offsets(paragraph)
        return [paragraph[a:b] for a, b in offsets]

    return split


def _pysbd(lang: str) -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language=lang, clean=False, char_span=True)

    def split(paragraph: str) -> list[str]:
        return [span.sent for span in seg.segment(paragraph)]

    return split


def _redline(lang: str) -> Splitter:
    return split_sentences


FACTORIES: dict[str, Callable[[str], Splitter]] = {
    "redline": _redline,
    "syntok": _syntok,
    "blingfire": _blingfire,
    "pysbd": _pysbd,
}


def segment_text(text: str, split: Splitter) -> list[str]:
    """The paragraph layer of ``segment()`` around any sentence splitter."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if is_heading(line):
            out.append(line)
        else:
            out.extend(s.strip() for s in split(line) if s.strip())
    return out


def boundaries(sentences: list[str]) -> set[int] | None:
    """Boundary positions on the white-space-free text (None if text was altered)."""
    marks, pos = set(), 0
    for s in sentences:
        pos += len(_WS.sub("", s))
        marks.add(pos)
    marks.discard(pos)
    return marks


def load(stem: str) -> list[dict]:
    with open(DATA / f"{stem}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(cases: list[dict], split: Splitter, show_errors: bool, name: str) -> dict[str, float]:
    tp = fp = fn = exact = 0
    for case in cases:
        gold = case["sentences"]
        got = segment_text(case["text"], split)
        gold_b = boundaries(gold)
        if _WS.sub("", "".join(got)) != _WS.sub("", case["text"]):
            got_b: set[int] = set()  # the segmenter changed the text: count every boundary missed
            got = []
        else:
            got_b = boundaries(got)
        tp += len(gold_b & got_b)
        fp += len(got_b - gold_b)
        fn += len(gold_b - got_b)
        ok = [_WS.sub(" ", s) for s in got] == [_WS.sub(" ", s) for s in gold]
        exact += ok
        if show_errors and not ok:
            print(f"  [{name}] {case['text']!r}\n      got  {got}\n      want {gold}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "exact": exact / len(cases),
        "errors": fp + fn,
    }


def best_time(work: Callable[[], object], min_time: float, rounds: int = 7) -> float:
    """CPU seconds for one call of *work*: the best of *rounds* rounds of *min_time* / *rounds*.

    CPU time of this process, not wall-clock time, and the best round: the figures
    least disturbed by other processes on a shared machine.
    """
    best = float("inf")
    for _ in range(rounds):
        runs, start = 0, time.process_time()
        while True:
            work()
            runs += 1
            elapsed = time.process_time() - start
            if elapsed >= min_time / rounds:
                break
        best = min(best, elapsed / runs)
    return best


def speed(texts: list[str], split: Splitter, min_time: float) -> tuple[float, int]:
    """(seconds per pass, sentences per pass) over *texts*."""
    n_sent = sum(len(segment_text(t, split)) for t in texts)
    return best_time(lambda: [segment_text(t, split) for t in texts], min_time), n_sent


WORST_CASES = {
    "1,000,000 × '!' (no space)": "!" * 1_000_000,
    "1,000,000 × '.' (no space)": "." * 1_000_000,
    "300,000 × 'a. ' (no boundary)": "a. " * 300_000,
    "200,000 × 'Mr. '": "Mr. " * 200_000,
    "one 1,000,000-character word": "x" * 1_000_000 + ".",
    "100,000 × 'It rained. ' (one line)": "It rained. " * 100_000,
    "100,000 × '« Non ! » '": "« Non ! » " * 100_000,
}


def worst_cases() -> None:
    """Time ``segment()`` on pathological paragraphs (one run each, CPU time)."""
    print("\nworst cases, segment(), one run each (CPU seconds):")
    for label, text in WORST_CASES.items():
        start = time.process_time()
        doc = segment(text)
        print(f"  {label:38} {time.process_time() - start:6.2f} s  {len(doc):7,} sentences")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--errors", action="store_true", help="print wrongly segmented paragraphs")
    parser.add_argument("--min-time", type=float, default=1.0, help="seconds per timing (1.0)")
    parser.add_argument("--only", nargs="*", choices=sorted(FACTORIES), help="segmenters to run")
    parser.add_argument("--no-worst", action="store_true", help="skip the pathological inputs")
    args = parser.parse_args(argv)
    names = args.only or list(FACTORIES)

    print(
        f"python {platform.python_version()} on {platform.machine()}, "
        f"{len(SEED_ARTICLES)} seed articles, test set {DATA.relative_to(ROOT)}"
    )
    articles = [p.read_text(encoding="utf-8") for p in SEED_ARTICLES]
    header = (
        f"{'set':10} {'segmenter':10} {'P':>6} {'R':>6} {'F1':>6} {'exact':>6} "
        f"{'errors':>6} {'sent/s':>9} {'µs/article':>10}"
    )
    print(header)
    print("-" * len(header))
    full = best_time(lambda: [segment(a) for a in articles], args.min_time) / len(articles)
    n_full = sum(len(segment(a)) for a in articles) / len(articles)
    for stem, lang in SETS:
        cases = load(stem)
        gold_b = sum(len(c["sentences"]) - 1 for c in cases)
        for name in names:
            try:
                split = FACTORIES[name](lang)
            except ImportError as exc:
                print(f"{stem:10} {name:10} not installed ({exc.name})")
                continue
            s = score(cases, split, args.errors, name)
            per_pass, n_sent = speed([c["text"] for c in cases], split, args.min_time)
            if stem == "en":
                art_s, _ = speed(articles, split, args.min_time)
                per_article = f"{art_s / len(articles) * 1e6:10.0f}"
            else:
                per_article = f"{'':>10}"
            print(
                f"{stem:10} {name:10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                f"{s['exact']:6.3f} {s['errors']:6d} {n_sent / per_pass:9,.0f} {per_article}"
            )
        print(
            f"{'':11}({len(cases)} paragraphs, "
            f"{sum(len(c['sentences']) for c in cases)} sentences, {gold_b} inner boundaries)"
        )
    print(
        f"redline segment() with boilerplate removal and normalisation: {full * 1e6:.0f} µs "
        f"per seed article ({n_full:.0f} sentences)"
    )
    if not args.no_worst:
        worst_cases()
    return 0


if __name__ == "__main__":
    sys.exit(main())
