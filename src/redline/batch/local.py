"""The local engine: every core of one machine, through :mod:`multiprocessing`.

The corpus is read and normalised once, batch by batch, into an Arrow IPC file
under ``OUT/_work``, with its order by article beside it (only the key columns are
sorted in memory). Worker processes memory-map both, take a run of whole articles
each, align it and write their own ``part-NNNNN.parquet`` files. Texts are paged in
from the file as workers need them, so a corpus may be larger than memory (the
disk then sets the pace); the work folder is removed at the end.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from redline.batch.io import iter_corpus, write_part
from redline.batch.partition import align_stream
from redline.batch.run import BatchResult, prepare_output, write_manifest
from redline.batch.schema import INPUT, TABLES
from redline.errors import RedlineError

__all__ = ["article_chunks", "run_local"]

CHUNK_ROWS = 2000

# Per worker process: the memory-mapped corpus (opened once by the pool initializer).
_SOURCE: dict[str, _Source] = {}


def article_chunks(
    articles: pa.ChunkedArray | pa.Array,
    target: int = CHUNK_ROWS,
) -> list[tuple[int, int]]:
    """``(start, stop)`` row ranges of about *target* rows that never split an article.

    *articles* must be sorted (nulls last); rows without an article (unreadable
    records) may share a range, each is reported on its own.
    """
    n = len(articles)
    if n == 0:
        return []
    arr: pa.Array = articles.combine_chunks() if isinstance(articles, pa.ChunkedArray) else articles
    if n > 1:
        prev, cur = arr.slice(0, n - 1), arr.slice(1)
        change = pc.not_equal(prev, cur).fill_null(True).to_numpy(zero_copy_only=False)
        boundaries = [i + 1 for i in change.nonzero()[0].tolist()]
    else:
        boundaries = []
    chunks: list[tuple[int, int]] = []
    start = 0
    for b in [*boundaries, n]:
        if b - start >= target:
            chunks.append((start, b))
            start = b
    if start < n:
        chunks.append((start, n))
    return chunks


class _Source:
    """The memory-mapped corpus (as written by :func:`_stage`) and its article order."""

    def __init__(self, work: Path) -> None:
        reader = ipc.open_file(pa.memory_map(str(work / "input.arrow"), "r"))
        self.batches = [reader.get_batch(k) for k in range(reader.num_record_batches)]
        self.offsets = np.cumsum([0] + [b.num_rows for b in self.batches], dtype=np.int64)
        order = ipc.open_file(pa.memory_map(str(work / "order.arrow"), "r")).read_all()
        self.order = order.column(0).to_numpy().astype(np.int64)

    def records(self, start: int, stop: int) -> list[dict[str, Any]]:
        """Records ``order[start:stop]``, taken batch by batch (only their text is read)."""
        rows = self.order[start:stop]
        which = np.searchsorted(self.offsets, rows, side="right") - 1
        out: list[dict[str, Any]] = [{}] * len(rows)
        for b in np.unique(which):
            where = np.nonzero(which == b)[0]
            local = pa.array(rows[where] - self.offsets[b])
            for pos, rec in zip(
                where.tolist(), self.batches[b].take(local).to_pylist(), strict=True
            ):
                out[pos] = rec
        return out


def _init_worker(work: str) -> None:
    _SOURCE["source"] = _Source(Path(work))


def _work(job: tuple[int, int, int, str]) -> tuple[int, int, int]:
    part, start, stop, out = job
    records = _SOURCE["source"].records(start, stop)
    pairs = versions = errors = 0
    for tables, n in align_stream(records, flush_pairs=1 << 62):
        for name in TABLES:
            write_part(Path(out), name, tables[name], f"{part:05d}")
        pairs += n
        versions += tables["versions"].num_rows
        errors += tables["errors"].num_rows
    return pairs, versions, errors


def _expected_pairs(articles: pa.Array) -> int:
    return max(len(articles) - pc.count_distinct(articles).as_py(), 0)


def _stage(inputs: Sequence[str | Path], work: Path) -> pa.Array:
    """Write the normalised corpus to ``work/input.arrow`` batch by batch, and its order
    by article to ``work/order.arrow``; return the articles in that order.

    Only the key columns are sorted in memory; texts stay in the memory-mapped file.
    """
    with pa.OSFile(str(work / "input.arrow"), "wb") as sink, ipc.new_file(sink, INPUT) as writer:
        for batch in iter_corpus(inputs):
            writer.write_batch(batch)
    table = ipc.open_file(pa.memory_map(str(work / "input.arrow"), "r")).read_all()
    keys = table.select(["article", "version", "time"])
    order = pc.sort_indices(
        keys, sort_keys=[("article", "ascending"), ("version", "ascending"), ("time", "ascending")]
    )  # nulls last
    order_table = pa.table({"row": order})
    with (
        pa.OSFile(str(work / "order.arrow"), "wb") as sink,
        ipc.new_file(sink, order_table.schema) as writer,
    ):
        writer.write_table(order_table)
    return table.column("article").take(order).combine_chunks()


def run_local(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    workers: int | None = None,
    overwrite: bool = False,
    progress: bool = True,
    chunk_rows: int = CHUNK_ROWS,
) -> BatchResult:
    """Align every consecutive version pair of the corpus *inputs* into *out*."""
    out_path = Path(out)
    prepare_output(out_path, overwrite=overwrite)
    started = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    work = out_path / "_work"
    work.mkdir(exist_ok=True)
    articles = _stage(inputs, work)
    # small corpora still reach every worker: at least four chunks per worker
    target = max(1, min(chunk_rows, -(-len(articles) // (workers * 4))))
    chunks = article_chunks(articles, target)
    expected = _expected_pairs(articles)
    del articles
    jobs = [(k, a, b, str(out_path)) for k, (a, b) in enumerate(chunks)]
    result = BatchResult(
        out=str(out_path), engine="local", inputs=[str(p) for p in inputs], workers=workers
    )
    console = Console(stderr=True)
    columns = (
        TextColumn("aligning"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pairs"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, disable=not progress) as bar:
        task = bar.add_task("pairs", total=expected)
        if workers == 1 or len(jobs) <= 1:
            _init_worker(str(work))
            done = map(_work, jobs)
            for pairs, versions, errors in done:
                _tally(result, pairs, versions, errors)
                bar.advance(task, pairs)
            _SOURCE.clear()
        else:
            # fork: workers share the already imported code and need no importable
            # __main__; a worker that dies makes the run fail instead of hanging
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=_init_worker, initargs=(str(work),)
            ) as pool:
                futures = [pool.submit(_work, job) for job in jobs]
                for future in as_completed(futures):
                    try:
                        pairs, versions, errors = future.result()
                    except BrokenProcessPool as exc:
                        raise RedlineError(
                            "a worker process died (out of memory?); the output is incomplete"
                        ) from exc
                    _tally(result, pairs, versions, errors)
                    bar.advance(task, pairs)
    if not jobs:
        from redline.batch.schema import OUTPUT_SCHEMAS

        for name in TABLES:
            write_part(out_path, name, OUTPUT_SCHEMAS[name].empty_table(), "00000")
    shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    write_manifest(result)
    return result


def _tally(result: BatchResult, pairs: int, versions: int, errors: int) -> None:
    result.pairs += pairs
    result.versions += versions
    result.errors += errors
