"""Time and peak memory of ``redline diff`` on huge inputs.

Each case runs ``redline diff OLD NEW`` (text view, written to a file, as when
redirected) in a child process, measured by a small parent of its own:
wall-clock time, CPU time (user + system: a fairer figure on a busy machine)
and the child's peak resident set (``getrusage(RUSAGE_CHILDREN)``).
The texts are generated (a Zipf vocabulary of made-up words, sentences of 8–30
words, paragraphs of 1–4 sentences) and fixed by a seed:

* ``reversed lines``: a 20 MB text against itself with its paragraphs in reverse
  order (every sentence moved);
* ``reversed characters``: a 20 MB text against its character-by-character
  reversal (nothing in common: every sentence deleted, every other added);
* ``one edit``: a 10 MB text against itself with one word inserted in the middle.

Usage: ``python bench/large_diff.py [--size-mb 20] [--edit-size-mb 10] [--formats text,json,html]``
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs one `redline diff` and reports its time and peak RSS: a parent process of
# its own, so that RUSAGE_CHILDREN holds this one child only.
MEASURE = """
import json, resource, subprocess, sys, time
cmd, out = json.loads(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
with open(out, "wb") as fh:
    rc = subprocess.run(cmd, stdout=fh).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"rc": rc, "seconds": wall, "cpu": cpu, "peak_mib": usage.ru_maxrss / 1024}))
"""


def make_text(size: int, seed: int) -> str:
    """About *size* characters of article-like text, one paragraph per line."""
    rng = random.Random(seed)
    syllables = "ba co de fi go ha ju ki lo ma ne po qu ri sa te vu wo xi ye zu an er in on us"
    parts = syllables.split()
    vocab = ["".join(rng.choice(parts) for _ in range(rng.randint(1, 4))) for _ in range(20_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    out: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(1, 4)):
            words = " ".join(rng.choices(vocab, weights, k=rng.randint(8, 30)))
            sentences.append(words[0].upper() + words[1:] + rng.choice(".....?!"))
        paragraph = " ".join(sentences)
        out.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(out) + "\n"


def cases(size: int, edit_size: int) -> list[tuple[str, str, str]]:
    text = make_text(size, seed=20)
    lines = text.splitlines()
    small = make_text(edit_size, seed=10).splitlines()
    middle = len(small) // 2
    edited = list(small)
    edited[middle] = edited[middle].replace(" ", " newly ", 1)
    return [
        (f"{size / 1e6:.0f} MB, reversed lines", text, "\n".join(reversed(lines)) + "\n"),
        (f"{size / 1e6:.0f} MB, reversed characters", text, text[::-1].lstrip("\n") + "\n"),
        (f"{edit_size / 1e6:.0f} MB, one edit", "\n".join(small) + "\n", "\n".join(edited) + "\n"),
    ]


def run(old: Path, new: Path, fmt: str, out: Path) -> dict[str, float]:
    cmd = [
        sys.executable,
        "-c",
        "from redline.cli.main import main; main()",
        "diff",
        str(old),
        str(new),
        "--format",
        fmt,
        "--no-color",
    ]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(cmd), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    if result["rc"] not in (0, 1):
        raise SystemExit(f"redline diff failed (exit {result['rc']}): {done.stderr}")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=20.0)
    ap.add_argument("--edit-size-mb", type=float, default=10.0)
    ap.add_argument("--formats", default="text", help="comma-separated: text,json,html")
    args = ap.parse_args()
    formats = args.formats.split(",")
    print(
        f"{'case':<28} {'format':<6} {'seconds':>8} {'CPU s':>6} {'peak MiB':>9} {'output MB':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k, (name, old, new) in enumerate(
            cases(int(args.size_mb * 1e6), int(args.edit_size_mb * 1e6))
        ):
            old_path, new_path = folder / f"{k}-old.txt", folder / f"{k}-new.txt"
            old_path.write_text(old, encoding="utf-8")
            new_path.write_text(new, encoding="utf-8")
            del old, new
            for fmt in formats:
                out = folder / f"{k}.{fmt}"
                start = time.perf_counter()
                r = run(old_path, new_path, fmt, out)
                assert time.perf_counter() - start >= r["seconds"]
                size = out.stat().st_size / 1e6
                print(
                    f"{name:<28} {fmt:<6} {r['seconds']:>8.2f} {r['cpu']:>6.2f} "
                    f"{r['peak_mib']:>9.0f} {size:>10.1f}",
                    flush=True,
                )
                out.unlink()


if __name__ == "__main__":
    main()
