"""Real `redline watch` processes: clean stop on SIGTERM, and two watchers sharing one
PostgreSQL database, one of them killed mid-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from redline.newsroom import Newsroom, SyntheticScript
from redline.store import Store
from redline.store.tracking_schema import TrackUrl

pytestmark = pytest.mark.slow

REDLINE = str(Path(sys.executable).with_name("redline"))
N = 30


@pytest.fixture
def slow_room() -> Iterator[Newsroom]:
    """N unchanging articles, each answering after 1.5 s."""
    with Newsroom(SyntheticScript(N, change_every=10_000)) as room:
        for i in range(N):
            room.add_fault(f"/n/{i}", "slow", count=-1, seconds=1.5)
        yield room


def cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [REDLINE, *args, "--db", db], capture_output=True, text=True, timeout=60, check=True
    )


def start_watch(db: str, name: str, tmp: Path, *extra: str) -> subprocess.Popen[str]:
    with (tmp / f"{name}.log").open("w") as out:  # the child keeps its own descriptor
        return subprocess.Popen(
            [
                REDLINE,
                "watch",
                "--db",
                db,
                "--worker-id",
                name,
                "--host-interval",
                "0",
                "--timeout",
                "10",
                *extra,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )


def wait_for(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def rows(store: Store) -> list:
    with store.engine.connect() as conn:
        return conn.execute(select(TrackUrl.__table__)).all()


def test_sigterm_stops_cleanly_and_nothing_is_half_written(
    slow_room: Newsroom, tmp_path: Path
) -> None:
    db = str(tmp_path / "watch.sqlite3")
    cli(
        "source", "add", slow_room.base_url + "/sitemap.xml", "--allow-private", "--no-check", db=db
    )
    proc = start_watch(db, "solo", tmp_path, "--concurrency", "3", "--per-host", "3")
    store = Store.open(db)
    try:
        wait_for(lambda: store.count()["versions"] >= 3, 40, "first versions")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        log = (tmp_path / "solo.log").read_text()
        assert "stopping" in log and "Traceback" not in log
        done = store.count()
        assert 3 <= done["versions"] < N  # stopped mid-run
        state = rows(store)
        assert all(r.lease_owner is None for r in state)  # leases handed back
        checked = [r for r in state if r.last_checked_at is not None]
        # every finished check has its version, every version its finished check
        assert all(r.article_id is not None and r.version == 1 for r in checked)
        assert len(checked) == done["versions"] == done["articles"]
        # the rest is still due and is done by the next run
        subprocess.run(
            [
                REDLINE,
                "watch",
                "--once",
                "--db",
                db,
                "--host-interval",
                "0",
                "--concurrency",
                "10",
                "--per-host",
                "10",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        assert store.count()["versions"] == N
    finally:
        if proc.poll() is None:
            proc.kill()
        store.close()


@pytest.mark.postgres
def test_killed_watcher_loses_nothing_and_its_leases_are_taken_over(
    slow_room: Newsroom, pg_url: str, tmp_path: Path
) -> None:
    cli(
        "source",
        "add",
        slow_room.base_url + "/sitemap.xml",
        "--allow-private",
        "--no-check",
        db=pg_url,
    )
    store = Store.open(pg_url)
    a = start_watch(
        pg_url,
        "A",
        tmp_path,
        "--lease",
        "6",
        "--batch",
        str(N),
        "--concurrency",
        "3",
        "--per-host",
        "3",
    )
    b: subprocess.Popen[str] | None = None
    try:
        wait_for(lambda: store.count()["versions"] >= 4, 60, "watcher A's first versions")
        a.send_signal(signal.SIGKILL)
        a.wait(timeout=10)
        killed_at = datetime.now(UTC)
        committed = {
            info.url: store.version(info.id).info.id for info in store.articles(limit=1000)
        }
        assert 4 <= len(committed) < N
        orphaned = [r for r in rows(store) if r.lease_owner == "A" and r.article_id is None]
        assert len(orphaned) >= 5  # A died holding leases on unchecked URLs
        expiry = max(r.lease_expires_at for r in orphaned)

        b = start_watch(pg_url, "B", tmp_path, "--concurrency", "10", "--per-host", "10")
        wait_for(lambda: store.count()["articles"] >= N, 90, "watcher B to finish the work")
        wait_for(
            lambda: all(r.lease_owner is None or r.lease_owner == "B" for r in rows(store)),
            30,
            "leases",
        )
        b.send_signal(signal.SIGTERM)
        assert b.wait(timeout=30) == 0

        # nothing committed by A was lost or duplicated
        for url, version_id in committed.items():
            assert store.version(url).info.id == version_id
        counts = store.count()
        assert counts["articles"] == N and counts["versions"] == N
        final = {r.id: r for r in rows(store)}
        for r in orphaned:
            took = final[r.id]
            assert took.article_id is not None and took.version == 1
            assert took.lease_owner is None
            # B waited for A's lease to expire before taking the URL
            assert took.last_checked_at is not None and took.last_checked_at >= expiry
        assert killed_at < max(final[r.id].last_checked_at for r in orphaned)
        log_b = (tmp_path / "B.log").read_text()
        # A may have committed a version and died before marking its URL checked:
        # B then finds the same text and records a sighting, not a second version
        unrecorded = [r for r in orphaned if r.url not in committed]
        assert log_b.count(" new        ") >= len(unrecorded) and "Traceback" not in log_b
    finally:
        for p in (a, b):
            if p is not None and p.poll() is None:
                p.kill()
        store.close()


def test_second_signal_abandons_checks_in_flight(tmp_path: Path) -> None:
    with Newsroom(SyntheticScript(8, change_every=10_000)) as room:
        for i in range(8):
            room.add_fault(f"/n/{i}", "slow", count=-1, seconds=20)
        db = str(tmp_path / "abandon.sqlite3")
        cli("source", "add", room.base_url + "/sitemap.xml", "--allow-private", "--no-check", db=db)
        proc = start_watch(db, "impatient", tmp_path, "--concurrency", "4", "--per-host", "4")
        store = Store.open(db)
        try:
            wait_for(lambda: any(r.lease_owner for r in rows(store)), 30, "leases")
            # the checks are now waiting for the slow pages: the newsroom has their requests
            wait_for(lambda: sum(room.hits(f"/n/{i}") for i in range(8)) >= 4, 30, "slow requests")
            started = time.monotonic()
            proc.send_signal(signal.SIGINT)
            time.sleep(0.3)
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=15) == 130
            assert time.monotonic() - started < 10  # did not wait for the 20 s pages
            log = (tmp_path / "impatient.log").read_text()
            assert "abandoned the checks in flight" in log and "Traceback" not in log
            assert store.count()["versions"] == 0
            assert all(r.lease_owner is None and r.last_checked_at is None for r in rows(store))
        finally:
            if proc.poll() is None:
                proc.kill()
            store.close()
