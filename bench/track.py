"""Tracking throughput: article checks per minute against the test newsroom on loopback.

The newsroom serves *N* generated articles (default 10,000) from its own process;
the watcher (one process, the real :class:`redline.track.worker.Worker` with
its fetcher, extraction, decision and store) checks them in passes, its clock
moved in step with the newsroom's script so that every article is due at every
pass. Passes:

1. **first capture**: discovery through the news sitemap index, every article
   fetched, extracted and stored as its first version;
2. **mostly unchanged** (×2): 2% of the articles changed, the rest answer
   ``304 Not Modified`` to the conditional request (no extraction);
3. **all changed**: every article has a new version: fetch, extraction, the
   decision against the current version (re-extracted alike from its stored
   HTML when not cached), alignment and the store write.

Usage: ``python bench/track.py [--articles 10000] [--db URL] [--concurrency 32]``
(default store: a fresh SQLite file in a temporary directory).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from redline.newsroom import Newsroom, SyntheticScript, step_time
from redline.store import Store
from redline.store.tracking import TrackingRepo
from redline.track.fetch import Fetcher, FetchOptions
from redline.track.schedule import RecheckPolicy
from redline.track.sources import SourceSpec
from redline.track.worker import PassStats, WatchOptions, Worker

ALL_CHANGED_STEP = 3


def serve(count: int, change_every: int, conn: mp.connection.Connection) -> None:
    script = SyntheticScript(count, change_every=change_every, everyone_at=(ALL_CHANGED_STEP,))
    room = Newsroom(script)
    conn.send(room.port)
    room.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="store URL (default: a fresh SQLite file)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()

    parent, child = mp.Pipe()
    server = mp.Process(target=serve, args=(args.articles, 50, child), daemon=True)
    server.start()
    port = parent.recv()
    base = f"http://127.0.0.1:{port}"
    tmp = tempfile.TemporaryDirectory()
    db = args.db or f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    store = Store.open(db)
    now = [step_time(0)]
    policy = RecheckPolicy(min_interval=60, young_interval=600, source_interval=600)
    spec = SourceSpec(base + "/sitemap.xml", name="bench", allow_private=True, policy=policy)
    TrackingRepo(store.engine).add_source(
        name=spec.name, url=spec.url, kind=None, options=spec.options(), now=now[0]
    )
    fetch_options = FetchOptions(
        per_host_concurrency=args.concurrency,
        per_host_interval=0,
        total_concurrency=args.concurrency,
        retries=2,
        backoff=0.05,
    )
    options = WatchOptions(
        worker_id="bench", concurrency=args.concurrency, batch_size=args.batch, lease_seconds=600
    )
    results: list[tuple[str, PassStats]] = []

    async def run() -> None:
        async with Fetcher(fetch_options) as fetcher:
            worker = Worker(store, fetcher, options, clock=lambda: now[0])
            plan = [
                (0, "first capture"),
                (1, "mostly unchanged"),
                (2, "mostly unchanged"),
                (ALL_CHANGED_STEP, "all changed"),
            ]
            for step, label in plan:
                httpx.post(f"{base}/_control/step", params={"n": step})
                now[0] = step_time(step)
                stats = await worker.run_once()
                results.append((label, stats))
                print(f"  step {step} {label:<17} {stats.line()}", flush=True)

    print(f"tracking benchmark: {args.articles:,} articles on {base}, store {store.url}")
    started = time.monotonic()
    asyncio.run(run())
    total = time.monotonic() - started
    stats_http = httpx.get(f"{base}/_control/stats").json()
    server.terminate()
    counts = store.count()
    store.close()

    print()
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}"
    )
    print(
        f"{'pass':<18} {'checks':>7} {'304':>7} {'new ver.':>8} {'failed':>6} "
        f"{'seconds':>8} {'checks/min':>10}"
    )
    for label, s in results:
        per_min = s.checked / s.elapsed * 60 if s.elapsed else 0.0
        print(
            f"{label:<18} {s.checked:>7,} {s.not_modified:>7,} {s.created:>8,} "
            f"{s.failed:>6} {s.elapsed:>8.1f} {per_min:>10,.0f}"
        )
    print(
        f"store: {counts['articles']:,} articles, {counts['versions']:,} versions, "
        f"{counts['captures']:,} captures; newsroom answered "
        f"{stats_http['requests']:,} requests ({stats_http['statuses'].get('304', 0):,} "
        f"304s); total {total:.0f}s"
    )
    expected_versions = args.articles * 2 + len(range(1, ALL_CHANGED_STEP)) * args.articles // 50
    if counts["versions"] != expected_versions:
        print(f"WARNING: expected {expected_versions:,} versions, found {counts['versions']:,}")


if __name__ == "__main__":
    main()
