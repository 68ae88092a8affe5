"""End to end: the watcher against the scripted newsroom, recording into a real store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from redline.newsroom import Newsroom, editorial_script, step_time
from redline.newsroom.script import StaticScript, Version, load_seed_versions
from redline.store import Store
from redline.store.tracking import TrackingRepo
from redline.text.normalize import normalize
from redline.track.fetch import Fetcher, FetchOptions
from redline.track.schedule import RecheckPolicy
from redline.track.sources import SourceSpec
from redline.track.worker import CheckEvent, PassStats, WatchOptions, Worker

KERR = "/news/kerr-wins-world-1500m-gold"
STORM = "/news/storm-edith-power-cuts"
MUSEUM = "/news/museum-reopens"
COUNCIL = "/news/council-budget-approved"
POLICY = RecheckPolicy(min_interval=60, young_interval=600, source_interval=600)
OPTIONS = FetchOptions(
    per_host_interval=0,
    per_host_concurrency=8,
    backoff=0.01,
    retries=2,
    timeout=0.5,
    max_bytes=1_000_000,
    max_retry_after=5,
)

pytestmark = pytest.mark.slow


def body(version: Version) -> list[str]:
    """What extraction should give for a scripted version: headings and paragraphs,
    without picture captions."""
    return [
        normalize(b.removeprefix("## ")) for b in version.blocks if not b.startswith("[caption] ")
    ]


class Harness:
    def __init__(self, room: Newsroom, store: Store, source: str | None = "/feed.xml") -> None:
        self.room = room
        self.store = store
        self.now: datetime = step_time(0)
        self.events: list[CheckEvent] = []
        self.passes: list[PassStats] = []
        if source is not None:
            spec = SourceSpec(
                room.base_url + source, name="gazette", allow_private=True, policy=POLICY
            )
            TrackingRepo(store.engine).add_source(
                name=spec.name, url=spec.url, kind=None, options=spec.options(), now=self.now
            )

    def run(self, steps: range, before: Callable[[int], None] | None = None) -> None:
        async def main() -> None:
            async with Fetcher(OPTIONS) as fetcher:
                worker = Worker(
                    self.store,
                    fetcher,
                    WatchOptions(worker_id="e2e"),
                    clock=lambda: self.now,
                    on_event=self.events.append,
                )
                for step in steps:
                    self.room.set_step(step)
                    self.now = step_time(step)
                    if before is not None:
                        before(step)
                    self.passes.append(await worker.run_once())

        asyncio.run(main())

    def versions(self, path: str) -> list:
        return self.store.versions(self.room.base_url + path)


def check_expected(h: Harness, script: StaticScript, until: int) -> None:
    for path in (KERR, STORM, MUSEUM, COUNCIL):
        expected = script.expected_versions(path, until)
        stored = h.versions(path)
        assert len(stored) == len(expected), (path, [v.info.headline for v in stored])
        for got, want in zip(stored, expected, strict=True):
            assert normalize(got.headline or "") == normalize(want.headline)
            assert [normalize(p) for p in got.paragraphs] == body(want), path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    url = (
        f"sqlite:///{tmp_path / 'e2e.sqlite3'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    s = Store.open(url)
    request.addfinalizer(s.close)
    return s


def test_scripted_edits_give_exactly_the_expected_versions(store: Store) -> None:
    script = editorial_script()
    with Newsroom(script) as room:
        h = Harness(room, store)
        h.run(range(0, 9))
        check_expected(h, script, 8)
        # the seed article: its two real captures, older first
        old, new = load_seed_versions()
        v1, v2 = h.versions(KERR)
        assert [normalize(p) for p in v1.paragraphs] == body(old)
        assert [normalize(p) for p in v2.paragraphs] == body(new)
        assert v1.info.extractor == "trafilatura" and v1.info.extractor_version
        assert v1.raw_blob and b"Josh Kerr" in store.raw(v1.raw_blob)
        # robots.txt: the private page was listed but never fetched
        assert room.hits("/private/internal-memo") == 0
        assert any(e.kind == "blocked" for e in h.events)
        # unchanged pages cost a 304 and no extraction
        assert sum(p.not_modified for p in h.passes) >= 15
        assert room.stats()["statuses"].get("304", 0) >= 15
        # one log line per change: new/changed events match the stored versions
        changes = [e for e in h.events if e.kind in ("new", "changed")]
        assert len(changes) == sum(len(h.versions(p)) for p in (KERR, STORM, MUSEUM, COUNCIL))
        assert all(p.failed <= 1 for p in h.passes)  # only the robots refusal


def test_every_misbehaviour_is_survived(store: Store) -> None:
    script = editorial_script()
    faults = {
        1: [(STORM, "error", {"count": 3})],
        2: [(KERR, "ratelimit", {"count": 1, "seconds": 1500})],
        3: [(MUSEUM, "slow", {"count": -1, "seconds": 1.0})],
        4: [(COUNCIL, "redirect-loop", {"count": -1})],
        5: [(MUSEUM, "huge", {"count": 1, "size": 3_000_000})],
        6: [(KERR, "truncated-html", {"count": 1}), (STORM, "truncated", {"count": 3})],
        7: [(MUSEUM, "wrong-charset", {"count": 1}), (KERR, "wrong-charset", {"count": 1})],
    }

    def before(step: int) -> None:
        h.room.clear_faults()
        for path, kind, params in faults.get(step, []):
            h.room.add_fault(path, kind, **params)

    with Newsroom(script) as room:
        h = Harness(room, store, source="/sitemap.xml")
        h.run(range(0, 10), before)
        # nothing missed, nothing doubled, no false version from a broken page
        check_expected(h, script, 9)
        failed = {(e.url.removeprefix(room.base_url)) for e in h.events if e.kind == "failed"}
        assert {STORM, KERR, MUSEUM, COUNCIL} <= failed
        messages = " | ".join(e.message for e in h.events if e.kind == "failed")
        for clue in ("HTTP 500", "HTTP 429", "timed out", "redirect", "exceeds", "truncated"):
            assert clue in messages, clue
        # the watcher kept going: every pass ran, and every article is healthy again
        assert len(h.passes) == 10
        repo = TrackingRepo(store.engine)
        for path in (KERR, STORM, MUSEUM, COUNCIL):
            state = repo.url_state(room.base_url + path)
            assert state["failures"] == 0 and state["state"] == "active", path


def test_an_extractor_change_does_not_make_false_versions(tmp_path: Path) -> None:
    """The stored version came from another extractor version whose output differed
    (it missed the last paragraphs): the watcher re-extracts the stored HTML with the
    current extractor and compares like with like, so no new version is recorded."""
    import httpx

    from redline.extract import extract_article
    from redline.store import Observation
    from redline.store.textpack import content_hash

    store = Store.open(f"sqlite:///{tmp_path / 'reextract.sqlite3'}")
    try:
        with Newsroom(editorial_script()) as room:
            url = room.base_url + KERR
            page = httpx.get(url)
            kind = page.headers["content-type"]
            e = extract_article(page.content, url=url, content_type=kind)
            # what the older extractor gave: the last paragraphs missed
            old_paragraphs = e.paragraphs[:-3]
            recorded = store.record_version(
                Observation(
                    paragraphs=old_paragraphs,
                    url=url,
                    headline=e.headline,
                    standfirst=e.standfirst,
                    extractor="trafilatura",
                    extractor_version="0.9-old",
                    raw=page.content,
                    raw_type=kind,
                    seen_at=step_time(0),
                )
            )
            repo = TrackingRepo(store.engine)
            spec = SourceSpec(
                room.base_url + "/feed.xml", name="gazette", allow_private=True, policy=POLICY
            )
            src = repo.add_source(
                name=spec.name, url=spec.url, kind="feed", options=spec.options(), now=step_time(0)
            )
            repo.add_urls(src.id, [(url, None)], now=step_time(0))
            (task,) = repo.lease_urls("setup", step_time(0), timedelta(minutes=1))
            repo.finish_url(
                task.id,
                "setup",
                article_id=recorded.article_id,
                version=1,
                content_hash=content_hash(e.headline, e.standfirst, old_paragraphs),
                next_check_at=step_time(0),
            )
            h = Harness(room, store, source=None)
            h.run(range(1, 2))
            assert h.passes[0].seen >= 1 and h.passes[0].created >= 2  # the other stories
            assert len(h.versions(KERR)) == 1
            assert [c.kind for c in store.captures(url)] == ["version", "seen"]
    finally:
        store.close()


def test_watcher_rides_out_a_store_outage(tmp_path: Path) -> None:
    """The tracking table vanishes for a while (as a database restart would look): the
    watcher reports it, keeps trying, and carries on when the table is back."""
    from sqlalchemy import text

    store = Store.open(f"sqlite:///{tmp_path / 'outage.sqlite3'}")
    script = editorial_script()
    try:
        with Newsroom(script) as room:
            h = Harness(room, store)

            async def until(cond: Callable[[], bool], what: str) -> None:
                for _ in range(200):
                    if cond():
                        return
                    await asyncio.sleep(0.05)
                raise AssertionError(f"timed out waiting for {what}")

            def rename(old: str, new: str) -> None:
                with store.engine.begin() as conn:
                    conn.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))

            async def main() -> PassStats:
                async with Fetcher(OPTIONS) as fetcher:
                    worker = Worker(
                        store,
                        fetcher,
                        WatchOptions(worker_id="outage", idle_max=0.2),
                        clock=lambda: h.now,
                        on_event=h.events.append,
                    )
                    running = asyncio.create_task(worker.run(on_pass=h.passes.append))
                    await until(lambda: len(h.passes) >= 1, "the first pass")
                    rename("track_urls", "track_urls_away")
                    await until(
                        lambda: any("store unavailable" in e.message for e in h.events), "outage"
                    )
                    rename("track_urls_away", "track_urls")
                    room.set_step(1)
                    h.now = step_time(1)
                    await until(
                        lambda: store.count()["versions"] == 5, "the storm update and council"
                    )
                    worker.stop()
                    return await running

            total = asyncio.run(main())
            assert total.created == 5  # 3 first versions, then council and the storm update
            check_expected(h, script, 1)
    finally:
        store.close()


def test_leases_of_slow_checks_are_kept_alive(tmp_path: Path) -> None:
    """A batch slower than the lease is not taken over while its watcher is alive."""
    from redline.newsroom import SyntheticScript
    from redline.times import utcnow

    store = Store.open(f"sqlite:///{tmp_path / 'keepalive.sqlite3'}")
    try:
        with Newsroom(SyntheticScript(3, change_every=10_000)) as room:
            for i in range(3):
                room.add_fault(f"/n/{i}", "slow", count=-1, seconds=4)
            repo = TrackingRepo(store.engine)
            spec = SourceSpec(room.base_url + "/sitemap.xml", name="slow", allow_private=True)
            repo.add_source(
                name=spec.name, url=spec.url, kind=None, options=spec.options(), now=utcnow()
            )
            options = FetchOptions(per_host_interval=0, per_host_concurrency=4, timeout=10)

            async def main() -> tuple[PassStats, list]:
                async with Fetcher(options) as fetcher:
                    worker = Worker(
                        store, fetcher, WatchOptions(worker_id="keeper", lease_seconds=1.5)
                    )
                    running = asyncio.create_task(worker.run_once())
                    first = await _lease_ends(store, lambda ends: len(ends) == 3)
                    # wait until the watcher has extended every lease past its first end
                    # (the checks take 4 s, the lease 1.5 s), then try to take them over
                    # at a time when the first leases would have run out
                    await _lease_ends(store, lambda ends: min(ends) > max(first))
                    stolen = await asyncio.to_thread(
                        repo.lease_urls, "thief", max(first), timedelta(seconds=60)
                    )
                    return await running, stolen

            stats, stolen = asyncio.run(main())
            assert stolen == []
            assert stats.created == 3 and store.count()["versions"] == 3
    finally:
        store.close()


def test_source_extractor_profile_is_used(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'profile.sqlite3'}")
    try:
        with Newsroom(editorial_script()) as room:
            spec = SourceSpec(
                room.base_url + "/feed.xml",
                name="gazette",
                allow_private=True,
                policy=POLICY,
                extractor={"profile": {"name": "gazette", "remove": ["//h2"]}},
            )
            TrackingRepo(store.engine).add_source(
                name=spec.name, url=spec.url, kind=None, options=spec.options(), now=step_time(0)
            )
            h = Harness(room, store, source=None)
            h.run(range(0, 4))
            v1, v2 = h.versions(KERR)
            heading = "Kerr emulates Wightman to stand on top of the world"
            assert heading not in v1.paragraphs and heading not in v2.paragraphs
            assert "Warholm reclaims world title as pole vaulters share gold" not in v2.paragraphs
            assert len(v1.paragraphs) == len(body(load_seed_versions()[0])) - 1
    finally:
        store.close()


async def _lease_ends(store: Store, ready: Callable[[list[datetime]], bool]) -> list[datetime]:
    """The lease ends of the leased URLs once *ready* holds for them (30 s at most)."""
    from sqlalchemy import select

    from redline.store.tracking_schema import track_urls
    from redline.times import utc

    for _ in range(600):
        with store.engine.connect() as conn:
            ends = [
                utc(r[0])
                for r in conn.execute(
                    select(track_urls.c.lease_expires_at).where(
                        track_urls.c.lease_owner.is_not(None)
                    )
                )
            ]
        if ends and ready(ends):
            return ends
        await asyncio.sleep(0.05)
    raise AssertionError("the leases never reached the awaited state")
