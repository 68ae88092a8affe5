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


def _core_rate(corpus: Path, sample: int) -> tuple[int, float, float]:
    """Pairs, wall seconds and CPU seconds of segment + compare + explain alone, one
    process, on the first *sample* pairs (the ceiling per core)."""
    import pyarrow.parquet as pq

    from redline.batch.labels import label_pair
    from redline.comparison import compare
    from redline.text.segment import segment

    table = pq.ParquetFile(corpus).read_row_group(0).slice(0, sample * 2).to_pylist()
    chains: dict[str, list[str]] = {}
    for r in table:
        chains.setdefault(r["article"], []).append(r["text"])
    started, cpu = time.perf_counter(), time.process_time()
    n = 0
    for texts in chains.values():
        docs = [segment(t) for t in texts]
        for a, b in pairwise(docs):
            label_pair(compare(a, b))
            n += 1
    return n, time.perf_counter() - started, time.process_time() - cpu


def _task_cpu(pid: int) -> float:
    """CPU seconds of one live process itself (utime + stime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


class _TreeCpu:
    """CPU seconds used by a process tree (Spark's JVM and its Python workers), sampled
    twice a second so that workers which exit are still counted."""

    def __init__(self, root: int) -> None:
        import threading

        self.root = root
        self.seen: dict[int, float] = {}
        self.start = {pid: _task_cpu(pid) for pid in _descendants(root)}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        for pid in _descendants(self.root):
            self.seen[pid] = max(self.seen.get(pid, 0.0), _task_cpu(pid))

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self._sample()
        return sum(v - self.start.get(pid, 0.0) for pid, v in self.seen.items())


def _own_cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


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
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="use this corpus (Parquet) instead of generating one",
    )
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
    if args.corpus:
        import pyarrow.parquet as pq

        corpus = args.corpus
        print(f"corpus: {pq.ParquetFile(corpus).metadata.num_rows:,} versions from {corpus}")
    else:
        versions = write_corpus(corpus, generate_pairs(args.pairs, SynthOptions(seed=args.seed)))
        print(
            f"corpus: {versions:,} synthetic versions, >= {args.pairs:,} pairs, "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
    n_core, wall_core, cpu_core = _core_rate(corpus, min(args.pairs, 3000))
    print(
        f"core (segment + compare + explain, 1 process, no I/O, {n_core:,} pairs): "
        f"{n_core / wall_core:,.0f} pairs/s wall, {n_core / cpu_core:,.0f} pairs per "
        f"CPU-second ({cpu_core / wall_core:.0%} of a core obtained)"
    )
    rates: dict[str, float] = {}
    cpu_rates: dict[str, float] = {}
    for engine in args.engines.split(","):
        out = root / f"out-{engine}"
        cpu_before = _own_cpu()
        if engine == "local":
            result = run_local(
                [corpus], out, workers=args.workers, overwrite=True, progress=sys.stderr.isatty()
            )
            cpu = _own_cpu() - cpu_before
        elif engine == "spark":
            from redline.batch.spark import run_spark, spark_session

            spark = spark_session(
                args.master,
                conf={"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"},
            )
            spark.sparkContext.setLogLevel("ERROR")
            jvm = spark.sparkContext._gateway.proc.pid  # type: ignore[union-attr]
            tree = _TreeCpu(jvm)
            result = run_spark([corpus], out, spark=spark, overwrite=True)
            cpu = tree.stop() + _own_cpu() - cpu_before
            spark.stop()
        else:
            raise SystemExit(f"unknown engine {engine!r}")
        rates[engine] = result.pairs_per_second
        label = (
            f"local ({result.workers} processes)" if engine == "local" else f"spark {result.master}"
        )
        per_cpu = result.pairs / cpu if cpu else 0.0
        cores = os.cpu_count() or 1
        print(
            f"{label}: {result.pairs:,} pairs, {result.errors} errors, "
            f"{result.seconds:,.1f} s wall, {result.pairs_per_second:,.0f} pairs/s; "
            f"{_projection(result.pairs_per_second)}"
        )
        print(
            f"  CPU used: {cpu:,.1f} s = {per_cpu:,.0f} pairs per CPU-second; on {cores} "
            f"cores to itself: ~{per_cpu * cores:,.0f} pairs/s; "
            f"{_projection(per_cpu * cores)}"
        )
        cpu_rates[engine] = per_cpu
    if "local" in rates and "spark" in rates and rates["spark"]:
        print(
            f"spark / local time ratio: {rates['local'] / rates['spark']:.2f}x wall, "
            f"{cpu_rates['local'] / cpu_rates['spark']:.2f}x CPU"
        )
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
