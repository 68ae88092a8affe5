"""Alignment speed: version pairs per second, against a plain difflib aligner.

Typical pairs are built from the seed and gold texts: paragraphs of several
stories are put together into articles of 30–40 sentences, and each new version
gets a few seeded random edits (words replaced, a number changed, a sentence
added or deleted, a paragraph moved, typography restyled). Timing covers the
whole of ``redline.compare``, segmentation included, in one process, for two
workloads: version chains (each version segmented once and compared with the
next, as ``redline batch`` and ingestion do: the corpus workload the speed
target is about) and independent pairs (both texts segmented from scratch).

The baseline is what one would write with the standard library: split lines
into paragraphs, paragraphs into sentences with a regular expression, diff the
sentence lists with ``difflib.SequenceMatcher`` and pair the sentences of each
replaced block in order when their ``ratio()`` reaches 0.5.

Quality is printed for both on the gold set (``bench/gold_alignment.py``) and on
the generated pairs, whose true alignment is known from the edits made.

Usage: ``python bench/align_speed.py [--pairs 400] [--repeat 7] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import difflib
import io
import os
import platform
import pstats
import random
import re
import statistics
import time
from pathlib import Path
from typing import Any

import gold_alignment as gold  # bench/ is the script's folder, first on sys.path
import redline
from redline.text.segment import clear_cache

ROOT = Path(__file__).resolve().parent.parent


Item = dict[str, Any]

# ---------------------------------------------------------------------------
# the baseline


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def baseline_sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def baseline_align(old: str, new: str) -> tuple[list[Item], bool]:
    """Plain difflib: SequenceMatcher on sentences, ratio() for edits."""
    return baseline_align_sentences(baseline_sentences(old), baseline_sentences(new))


def baseline_align_sentences(a: list[str], b: list[str]) -> tuple[list[Item], bool]:
    items: list[Item] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            items += [
                {"op": "unchanged", "old": [a[i]], "new": [b[j]]}
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        j = j1
        for i in range(i1, i2):
            # pair in order with the first remaining sentence similar enough
            for jj in range(j, j2):
                if difflib.SequenceMatcher(None, a[i], b[jj]).ratio() >= 0.5:
                    items += [{"op": "added", "old": [], "new": [b[x]]} for x in range(j, jj)]
                    items.append({"op": "edited", "old": [a[i]], "new": [b[jj]]})
                    j = jj + 1
                    break
            else:
                items.append({"op": "deleted", "old": [a[i]], "new": []})
        items += [{"op": "added", "old": [], "new": [b[x]]} for x in range(j, j2)]
    changed = any(it["op"] != "unchanged" for it in items)
    return items, changed


# ---------------------------------------------------------------------------
# typical pairs with a known alignment


POOL_CASES = 105
"""Pairs are built from the gold cases numbered up to this one, so that gold
cases added later do not change the benchmark's input (figures stay comparable
from one sitting to the next)."""


def _source_paragraphs() -> list[list[str]]:
    """Paragraphs (as lists of redline sentences) of every text we may reuse."""
    seeds = sorted((ROOT / "examples" / "seed").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    for case in gold.load_cases():
        if gold._case_number(case) <= POOL_CASES:
            texts += [case.old, case.new]
    paras: list[list[str]] = []
    seen: set[str] = set()
    for text in texts:
        doc = redline.segment(text)
        for start, stop in doc.paragraphs:
            sents = [s.text for s in doc.sentences[start:stop]]
            key = " ".join(sents)
            if key not in seen and not any(s.heading for s in doc.sentences[start:stop]):
                seen.add(key)
                paras.append(sents)
    return paras


_RESTYLE = str.maketrans({"'": "’", "-": "–"})


def _restyle(s: str) -> str:
    """Typographer's quotes, apostrophes and dashes: wording unchanged."""
    s = re.sub(r'(^|(?<=\s))"', "“", s)
    return s.replace('"', "”").translate(_RESTYLE)


def _edit_sentence(rng: random.Random, s: str) -> str:
    words = s.split(" ")
    numbers = [k for k, w in enumerate(words[:-1]) if any(c.isdigit() for c in w)]
    if numbers and rng.random() < 0.5:
        k = rng.choice(numbers)
        words[k] = re.sub(r"\d", lambda _: str(rng.randint(0, 9)), words[k], count=1)
        if words[k] != s.split(" ")[k]:
            return " ".join(words)
    # never touch the first or last word: a sentence keeps its capital and its full stop
    k = rng.randrange(1, max(2, len(words) - 1))
    if rng.random() < 0.5 or len(words) < 4:
        words.insert(k, rng.choice(["also", "reportedly", "on Tuesday", "at least", "more than"]))
    else:
        words[k] = rng.choice(["officials", "residents", "the club", "police", "the council"])
    return " ".join(words)


def make_pair(rng: random.Random, paras: list[list[str]]) -> tuple[str, str, list[Item]]:
    """An article of 30–40 sentences and a new version with a few random edits."""
    target = rng.randint(30, 40)
    article: list[list[str]] = []
    used: set[int] = set()
    while sum(map(len, article)) < target:
        k = rng.randrange(len(paras))
        if k not in used:
            used.add(k)
            article.append(list(paras[k]))
    # per sentence: (old text or None, new text or None) in new-version order
    rows: list[list[tuple[str | None, str | None]]] = [[(s, s) for s in p] for p in article]
    for _ in range(rng.randint(1, 5)):
        p = rng.randrange(len(rows))
        kind = rng.choice(["edit", "edit", "edit", "add", "delete", "move", "restyle"])
        live = [x for x, (o, n) in enumerate(rows[p]) if o is not None and n is not None and o == n]
        if kind == "add":
            donor = [s for s in paras[rng.randrange(len(paras))] if s[-1] in '.!?”"']
            if donor:
                rows[p].insert(rng.randint(0, len(rows[p])), (None, rng.choice(donor)))
        elif kind == "move" and len(rows) > 2:
            rows.insert(rng.randrange(len(rows)), rows.pop(p))
        elif live and kind == "edit":
            x = rng.choice(live)
            rows[p][x] = (rows[p][x][0], _edit_sentence(rng, rows[p][x][0] or ""))
        elif live and kind == "delete":
            x = rng.choice(live)
            rows[p][x] = (rows[p][x][0], None)
        elif live and kind == "restyle":
            x = rng.choice(live)
            rows[p][x] = (rows[p][x][0], _restyle(rows[p][x][0] or ""))
    old_text = "\n".join(" ".join(s for s in p) for p in article)
    new_paras = [" ".join(n for _, n in p if n is not None) for p in rows]
    new_text = "\n".join(p for p in new_paras if p)
    items: list[Item] = []
    for p in rows:
        for o, n in p:
            if o is None:
                items.append({"op": "added", "old": [], "new": [n]})
            elif n is None:
                items.append({"op": "deleted", "old": [o], "new": []})
            else:
                same = redline.normalize(o) == redline.normalize(n)
                items.append({"op": "unchanged" if same else "edited", "old": [o], "new": [n]})
    return old_text, new_text, items


def make_pairs(count: int, seed: int = 2023) -> list[tuple[str, str, list[Item]]]:
    rng = random.Random(seed)
    paras = _source_paragraphs()
    return [make_pair(rng, paras) for _ in range(count)]


# ---------------------------------------------------------------------------
# measuring


def pairs_per_second(
    func: Any, pairs: list[tuple[str, str, Any]], repeat: int
) -> tuple[float, float]:
    """Best rate over *repeat* runs, by wall clock and by process CPU time (the
    machine is shared, so CPU time is the steadier of the two)."""
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        for old, new, _ in pairs:
            func(old, new)
        wall.append(len(pairs) / (time.perf_counter() - w0))
        cpu.append(len(pairs) / (time.process_time() - c0))
    return max(wall), max(cpu)


def chain_pairs_per_second(
    prepare: Any, step: Any, pairs: list[tuple[str, str, Any]], repeat: int
) -> float:
    """CPU-time rate of *step(prepared_old, new_text)* when each version of a chain
    is prepared once: *prepare(old)* runs untimed (it was the previous pair's new
    version), then the new version is prepared and aligned, timed."""
    best = 0.0
    for _ in range(repeat):
        spent = 0.0
        for old, new, _ in pairs:
            prepared = prepare(old)
            c0 = time.process_time()
            step(prepared, new)
            spent += time.process_time() - c0
        best = max(best, len(pairs) / spent)
    return best


def synthetic_quality(aligner: Any, pairs: list[tuple[str, str, list[Item]]]) -> Any:
    total = gold.Score()
    for old, new, items in pairs:
        pred, changed = aligner(old, new)
        # moves make "unchanged" vs "moved" a matter of choice: score links, not that label
        for it in pred:
            if it["op"] == "moved":
                it["op"] = (
                    "unchanged"
                    if it["old"]
                    and redline.normalize(it["old"][0]) == redline.normalize(it["new"][0])
                    else "edited"
                )
        truth_changed = any(it["op"] != "unchanged" for it in items)
        total += gold.score_items(pred, items, changed, not truth_changed)
    return total


def worst_cases() -> list[tuple[str, float, float, str]]:
    rng = random.Random(10)
    out = []
    lines = [
        f"Item {k}: the committee approved grant number {k * 37 % 10007} for ward {k % 61}."
        for k in range(10_000)
    ]
    new = list(lines)
    for k in rng.sample(range(10_000), 1000):
        r = rng.random()
        new[k] = (
            new[k].replace("approved", "rejected")
            if r < 0.5
            else ""
            if r < 0.75
            else f"A new sentence number {k} was added here."
        )
    cases = [
        (
            "10,000 sentences, 10% edited/deleted/replaced",
            "\n".join(lines),
            "\n".join(x for x in new if x),
        ),
        (
            "5,000 identical sentences, one replaced",
            "\n".join(["Drivers are advised to avoid the area."] * 5000),
            "\n".join(
                ["Drivers are advised to avoid the area."] * 2500
                + ["The road has reopened."]
                + ["Drivers are advised to avoid the area."] * 2499
            ),
        ),
        (
            "5,000 identical sentences vs 5,000 edited ones",
            "\n".join(["Drivers are advised to avoid the area."] * 5000),
            "\n".join(["Drivers were advised to avoid the area."] * 5000),
        ),
        ("10,000 sentences shuffled", "\n".join(lines), "\n".join(rng.sample(lines, len(lines)))),
        ("one 110,000-character sentence, one word changed", *_huge_sentence(rng)),
        ("10,000 sentences rewritten (nothing in common)", *_rewritten(rng)),
    ]
    for name, old, new in cases:
        start, cpu = time.perf_counter(), time.process_time()
        c = redline.compare(old, new)
        out.append((name, time.perf_counter() - start, time.process_time() - cpu, c.summary()))
    return out


def _rewritten(rng: random.Random) -> tuple[str, str]:
    """Two unrelated 10,000-sentence texts over a Zipf-distributed vocabulary."""
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
        for _ in range(5000)
    ]
    weights = [1 / (k + 1) for k in range(len(vocab))]

    def text() -> str:
        return "\n".join(
            " ".join(rng.choices(vocab, weights, k=rng.randint(8, 25))).capitalize() + "."
            for _ in range(10_000)
        )

    return text(), text()


def _huge_sentence(rng: random.Random) -> tuple[str, str]:
    words = ["the", "council", "said", "plans", "for", "new", "homes", "near", "the", "river"]
    body = " ".join(rng.choice(words) for _ in range(20_000))
    return f"Start {body} end.", f"Start {body.replace('river', 'canal', 1)} end."


def _quality(s: Any) -> str:
    c = s.counts
    return (
        f"link F1 {c['links'].f1:.3f}  changed-link F1 {c['changed_links'].f1:.3f}  "
        f"added/deleted F1 {c['added_deleted'].f1:.3f}  op accuracy {s.op_accuracy:.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of redline's run")
    args = ap.parse_args()

    pairs = make_pairs(args.pairs)
    n_old = statistics.mean(len(redline.segment(o).sentences) for o, _, _ in pairs)
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{args.pairs} generated pairs, {n_old:.1f} sentences per old version on average"
    )
    print(
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"({os.cpu_count()} CPUs)"
    )
    redline.compare(*pairs[0][:2])  # warm-up (imports, compiled patterns)

    # Two workloads, each timed for redline and the baseline in the same round
    # (the machine is shared: rounds are interleaved and CPU time is used, and
    # the ratio is taken within each round, then its median over the rounds):
    #
    # - version chains, the corpus workload (``redline batch``, ingest): each
    #   version is segmented once, right after the previous version of the same
    #   article, whose lines are then the only ones memoised, and compared with
    #   it; the timed step is segmenting the new version and aligning. The
    #   baseline likewise reuses the old side's sentence list.
    # - independent pairs: two texts compared from scratch, both segmented
    #   (the line memo is emptied before every pair, so only lines shared by
    #   the two versions of that pair are saved work).
    def chain_step(doc: Any, n: str) -> Any:
        return redline.compare(doc, n)

    def chain_prepare(old: str) -> Any:
        clear_cache()
        return redline.segment(old)

    def base_chain_step(sents: list[str], n: str) -> Any:
        return baseline_align_sentences(sents, baseline_sentences(n))

    def cold_compare(o: str, n: str) -> Any:
        clear_cache()
        return redline.compare(o, n)

    def cold_segment(o: str, n: str) -> Any:
        clear_cache()
        return redline.segment(o), redline.segment(n)

    # Rounds are short (a chunk of pairs for each of the four runs in turn) so
    # that the paired ratios see the same machine; rates are over all pairs.
    chunks = [pairs[k : k + 50] for k in range(0, len(pairs), 50)]
    runs = {
        "oc": lambda c: len(c) / chain_pairs_per_second(chain_prepare, chain_step, c, 1),
        "bc": lambda c: len(c) / chain_pairs_per_second(baseline_sentences, base_chain_step, c, 1),
        "oi": lambda c: len(c) / pairs_per_second(cold_compare, c, 1)[1],
        "bi": lambda c: len(c) / pairs_per_second(baseline_align, c, 1)[1],
        "seg": lambda c: len(c) / pairs_per_second(cold_segment, c, 1)[1],
    }
    rates: dict[str, list[float]] = {k: [] for k in runs}
    chunk_ratios: dict[str, list[float]] = {"chain": [], "ind": []}
    for _ in range(args.repeat):
        spent = dict.fromkeys(runs, 0.0)
        for chunk in chunks:
            t = {k: run(chunk) for k, run in runs.items()}  # CPU seconds on this chunk
            chunk_ratios["chain"].append(t["bc"] / t["oc"])
            chunk_ratios["ind"].append(t["bi"] / t["oi"])
            for k in runs:
                spent[k] += t[k]
        for k in runs:
            rates[k].append(len(pairs) / spent[k])
    print(
        f"\nCPU time, pairs/s: best of {args.repeat} rounds over the {len(pairs)} pairs;"
        f" ratio redline/baseline: median (and quartiles) of {len(chunk_ratios['ind'])}"
        f" paired runs on chunks of {len(chunks[0])} pairs"
    )
    print(f"{'':34}{'redline':>9}{'baseline':>10}{'ratio':>8}")
    for label, o, b, key in (
        ("version chains (corpus workload)", "oc", "bc", "chain"),
        ("independent pairs (both cold)", "oi", "bi", "ind"),
    ):
        q1, med, q3 = statistics.quantiles(chunk_ratios[key], n=4)
        print(
            f"{label:34}{max(rates[o]):9.0f}{max(rates[b]):10.0f}{med:8.2f}   ({q1:.2f}–{q3:.2f})"
        )
    print(f"{'  segmenting both versions cold':34}{max(rates['seg']):9.0f}")

    print("\nQuality on the generated pairs (links, added/deleted; moves count as links)")
    for name, aligner in (("redline", gold.redline_aligner), ("difflib", baseline_align)):
        print(f"  {name:8} {_quality(synthetic_quality(aligner, pairs))}")

    print("\nQuality on the gold set")
    for name, aligner in (("redline", gold.redline_aligner), ("difflib", baseline_align)):
        s, _ = gold.evaluate(aligner)
        print(f"  {name:8} {_quality(s)}  no-change right {s.no_change_ok}/{s.cases}")

    print("\nWorst cases (one run each; seconds of wall clock / CPU)")
    for name, seconds, cpu, summary in worst_cases():
        print(f"  {name:50} {seconds:6.2f} / {cpu:5.2f} s   {summary[:60]}")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for old, new, _ in pairs:
            redline.compare(old, new)
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue())


if __name__ == "__main__":
    main()
