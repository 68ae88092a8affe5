"""Hostile pass: one ``redline watch --once`` over every hostile source plus one
well-behaved source, at default settings.

The hostile site (:mod:`redline.newsroom.hostile`, full sizes: 1 GiB
decompression bombs, a 25,000-reference entity feed, a 20,000-item feed,
1 byte/s trickles, a stall) and the well-behaved newsroom run in their own
process; the watcher is the real CLI command in a child process, so its peak
RSS is measured alone. Prints the pass time, the watcher's peak RSS and
whether every due article of the well-behaved source was checked in the pass.

Usage: ``python bench/hostile.py [--bomb-size BYTES]``
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from redline.newsroom import Newsroom, editorial_script
from redline.newsroom.hostile import HostileSettings, HostileSite
from redline.store import Store
from redline.store.tracking import TrackingRepo
from redline.track.sources import SourceSpec

SOURCES = (
    "/feeds/dupes.xml",
    "/feeds/bombs.xml",
    "/feeds/entities.xml",
    "/feeds/big.xml",
    "/feeds/nonweb.xml",
    "/feeds/gone.xml",
    "/feeds/trickle.xml",
    "/sitemaps/index.xml",
)


def serve(bomb_size: int, conn: mp.connection.Connection) -> None:
    site = HostileSite(HostileSettings(bomb_size=bomb_size)).prepare().start()
    room = Newsroom(editorial_script()).start()
    room.set_step(3)
    conn.send((site.base_url, room.base_url))
    conn.recv()  # until told to stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bomb-size", type=int, default=1024**3)
    args = parser.parse_args()
    parent, child = mp.Pipe()
    server = mp.Process(target=serve, args=(args.bomb_size, child), daemon=True)
    server.start()
    hostile, good = parent.recv()
    tmp = tempfile.TemporaryDirectory()
    db = f"sqlite:///{Path(tmp.name) / 'hostile.sqlite3'}"
    store = Store.open(db)
    repo = TrackingRepo(store.engine)
    now = datetime.now(UTC)
    for i, path in enumerate(SOURCES):
        spec = SourceSpec(hostile + path, name=f"hostile-{i}", allow_private=True)
        repo.add_source(name=spec.name, url=spec.url, kind=None, options=spec.options(), now=now)
    spec = SourceSpec(good + "/feed.xml", name="gazette", allow_private=True)
    repo.add_source(name=spec.name, url=spec.url, kind=None, options=spec.options(), now=now)
    store.close()

    run = "from redline.cli.main import main; main()"
    cmd = [sys.executable, "-c", run, "watch", "--once", "--db", db]
    print(f"hostile pass: redline {' '.join(cmd[3:])}\n  hostile site {hostile}, newsroom {good}")
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    elapsed = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    parent.send("stop")
    server.join(timeout=5)

    store = Store.open(db)
    repo = TrackingRepo(store.engine)
    from sqlalchemy import select

    from redline.store.tracking_schema import TrackUrl

    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(TrackUrl.__table__))]
    gazette = [r for r in rows if r["url"].startswith(good)]
    due = [r for r in gazette if r["state"] != "blocked"]
    checked = [r for r in due if r["checks"] >= 1]
    counts = {s.name: (s.failures, (s.last_error or "ok")[:70]) for s in repo.sources()}
    store.close()
    tail = [line for line in proc.stderr.splitlines() if line.startswith("pass")]
    print(f"  exit {proc.returncode}; {tail[-1] if tail else proc.stderr[-300:]}")
    for name, (failures, error) in sorted(counts.items()):
        print(f"  source {name:<10} {'failing' if failures else 'ok':<8} {error}")
    print()
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}"
    )
    print(f"pass time            {elapsed:6.1f} s   (goal <= 90 s)")
    print(f"watcher peak RSS     {peak_mb:6.0f} MB  (goal <= 300 MB)")
    print(
        f"well-behaved source  {len(checked)}/{len(due)} due articles checked in the pass"
        f" ({'all' if len(checked) == len(due) and due else 'NOT all'})"
    )


if __name__ == "__main__":
    main()
