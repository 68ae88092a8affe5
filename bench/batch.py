"""Batch throughput: version pairs per second, local engine and Spark local[2].

Generates a synthetic corpus (redline.batch.synth) of at least --pairs consecutive
version pairs, aligns it with each engine, and prints pairs per second and the
projection to the NewsEdits scale (4.6M versions of 1.2M articles, i.e. 3.4M
consecutive pairs; the 4.6M figure is also given as an upper bound).

    .venv/bin/python bench/batch.py --pairs 200000
    .venv/bin/python bench/batch.py --pairs 20000 --engines local
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

NEWSEDITS_VERSIONS = 4_600_000
NEWSEDITS_ARTICLES = 1_200_000
NEWSEDITS_PAIRS = NEWSEDITS_VERSIONS - NEWSEDITS_ARTICLES


def _core_rate(corpus: Path, sample: int) -> float:
    """Pairs per second of compare + explain alone, one process (the ceiling per core)."""
    import pyarrow.parquet as pq

    from redline.batch.labels import label_pair
    from redline.comparison import compare
    from redline.text.segment import segment

    table = pq.read_table(corpus).slice(0, sample * 2).to_pylist()
    chains: dict[str, list[str]] = {}
    for r in table:
        chains.setdefault(r["article"], []).append(r["text"])
    started = time.perf_counter()
    n = 0
    for texts in chains.values():
        docs = [segment(t) for t in texts]
        for a, b in pairwise(docs):
            label_pair(compare(a, b))
            n += 1
    return n / (time.perf_counter() - started)


def _projection(rate: float) -> str:
    hours = NEWSEDITS_PAIRS / rate / 3600
    upper = NEWSEDITS_VERSIONS / rate / 3600
    return f"NewsEdits scale: {hours:.2f} h for 3.4M pairs ({upper:.2f} h if 4.6M pairs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200_000)
    parser.add_argument("--engines", default="local,spark")
    parser.add_argument("--workers", type=int, default=None, help="local engine processes")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None, help="keep corpus and outputs here")
    args = parser.parse_args()

    from redline.batch import labels
    from redline.batch.local import run_local
    from redline.batch.synth import SynthOptions, generate_pairs, write_corpus

    root = args.keep or Path(tempfile.mkdtemp(prefix="redline-bench-batch-"))
    root.mkdir(parents=True, exist_ok=True)
    corpus = root / "corpus.parquet"
    print(
        f"# bench/batch.py  {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  "
        f"{os.cpu_count()} cores  Python {platform.python_version()}  "
        f"explain labels: {'on' if labels.AVAILABLE else 'off'}"
    )
    started = time.perf_counter()
    versions = write_corpus(corpus, generate_pairs(args.pairs, SynthOptions(seed=args.seed)))
    print(
        f"corpus: {versions:,} synthetic versions, >= {args.pairs:,} pairs, "
        f"generated in {time.perf_counter() - started:.1f} s"
    )
    core = _core_rate(corpus, min(args.pairs, 3000))
    print(f"core (segment + compare + explain, 1 process, no I/O): {core:,.0f} pairs/s")
    rates: dict[str, float] = {}
    for engine in args.engines.split(","):
        out = root / f"out-{engine}"
        if engine == "local":
            result = run_local(
                [corpus], out, workers=args.workers, overwrite=True, progress=sys.stderr.isatty()
            )
        elif engine == "spark":
            from redline.batch.spark import run_spark, spark_session

            spark = spark_session(
                args.master,
                conf={"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"},
            )
            spark.sparkContext.setLogLevel("ERROR")
            result = run_spark([corpus], out, spark=spark, overwrite=True)
            spark.stop()
        else:
            raise SystemExit(f"unknown engine {engine!r}")
        rates[engine] = result.pairs_per_second
        label = (
            f"local ({result.workers} processes)" if engine == "local" else f"spark {result.master}"
        )
        print(
            f"{label}: {result.pairs:,} pairs, {result.errors} errors, "
            f"{result.seconds:,.1f} s, {result.pairs_per_second:,.0f} pairs/s; "
            f"{_projection(result.pairs_per_second)}"
        )
    if "local" in rates and "spark" in rates and rates["spark"]:
        print(f"spark / local time ratio: {rates['local'] / rates['spark']:.2f}x")
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
