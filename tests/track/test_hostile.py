"""The real watcher against the hostile site (and a well-behaved newsroom) on 127.0.0.1.

One pass over every hostile source must: refuse the bombs and DTDs with clear
errors, cut trickling and stalling servers at the deadline, store only http(s)
URLs without tracking noise, give up 410s at once, cap big feeds (and say so),
and still check every due article of the well-behaved source.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from redline.newsroom import Newsroom, editorial_script, step_time
from redline.newsroom.hostile import HostileSettings, HostileSite
from redline.store import Store
from redline.store.tracking import TrackingRepo
from redline.track.fetch import Fetcher, FetchOptions
from redline.track.schedule import RecheckPolicy
from redline.track.sources import SourceSpec
from redline.track.worker import CheckEvent, PassStats, WatchOptions, Worker

from .loopback import LoopbackOnly

SETTINGS = HostileSettings(
    bomb_size=30 * 1024 * 1024,
    entity_refs=25_000,
    entity_size=40_000,
    big_items=6_000,
    trickle_every=0.05,
    stall_for=30.0,
)
OPTIONS = FetchOptions(
    per_host_interval=0,
    per_host_concurrency=2,
    retries=1,
    backoff=0.01,
    timeout=0.5,
    deadline=0.8,
    slow_deadline=0.3,
    max_bytes=1_000_000,
    max_source_bytes=2_000_000,
    max_inflated=10_000_000,
)
POLICY = RecheckPolicy(min_interval=60, young_interval=600, source_interval=600)
HOSTILE_SOURCES = {
    "dupes": "/feeds/dupes.xml",
    "bombs": "/feeds/bombs.xml",
    "entities": "/feeds/entities.xml",
    "big": "/feeds/big.xml",
    "nonweb": "/feeds/nonweb.xml",
    "gone": "/feeds/gone.xml",
    "trickle": "/feeds/trickle.xml",
    "sitemap": "/sitemaps/index.xml",
}


@pytest.fixture
def site() -> Iterator[HostileSite]:
    with HostileSite(SETTINGS).prepare() as s:
        yield s


class Run:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.repo = TrackingRepo(store.engine)
        self.now: datetime = step_time(0)
        self.events: list[CheckEvent] = []
        self.transport = LoopbackOnly()

    def add(self, name: str, url: str) -> None:
        spec = SourceSpec(url, name=name, allow_private=True, policy=POLICY)
        self.repo.add_source(
            name=spec.name, url=spec.url, kind=None, options=spec.options(), now=self.now
        )

    def passes(self, n: int = 1, advance: timedelta | None = None) -> list[PassStats]:
        async def main() -> list[PassStats]:
            out = []
            async with Fetcher(OPTIONS, transport=self.transport) as fetcher:
                worker = Worker(
                    self.store,
                    fetcher,
                    WatchOptions(worker_id="hostile"),
                    clock=lambda: self.now,
                    on_event=self.events.append,
                )
                for _ in range(n):
                    out.append(await worker.run_once())
                    if advance is not None:
                        self.now += advance
            return out

        return asyncio.run(main())

    def url(self, url: str) -> dict:
        return self.repo.url_state(url)


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Run]:
    store = Store.open(f"sqlite:///{tmp_path / 'hostile.sqlite3'}")
    try:
        yield Run(store)
    finally:
        store.close()


def test_one_pass_survives_every_misbehaviour(site: HostileSite, run: Run) -> None:
    b = site.base_url
    for name, path in HOSTILE_SOURCES.items():
        run.add(name, b + path)
    with Newsroom(editorial_script()) as room:
        run.add("gazette", room.base_url + "/feed.xml")
        (stats,) = run.passes()
        gazette = [u for u in _urls(run) if u["url"].startswith(room.base_url)]

    sources = {s.name: s for s in run.repo.sources()}
    # every due source was read in this one pass, and trouble is reported, not "ok"
    assert all(s.last_checked_at is not None for s in sources.values())
    assert "DTD" in (sources["entities"].last_error or "")
    assert "once decompressed" in (sources["sitemap"].last_error or "")
    assert sources["sitemap"].failing_since is not None
    assert sources["dupes"].failures == 0 and sources["gone"].failures == 0
    # the trickling feed was cut at the deadline
    assert "timed out" in (sources["trickle"].last_error or "")

    # the well-behaved source: every article checked in the same pass
    assert gazette and all(u["checks"] == 1 for u in gazette if u["state"] == "active")
    assert {u["state"] for u in gazette} <= {"active", "blocked"}  # robots.txt: /private/
    assert sum(u["version"] is not None for u in gazette) == 3  # published at step 0

    urls = {u["url"]: u for u in _urls(run)}
    # decompression bombs: refused while inflating, one layer of coding at most
    assert "2 layers" in urls[b + "/bomb/layered"]["last_error"]
    assert "once decompressed" in urls[b + "/bomb/single"]["last_error"]
    # trickles and stalls: cut at the deadline
    for path in ("/slow/body", "/slow/headers", "/slow/stall"):
        assert "timed out" in urls[b + path]["last_error"], path
    # only http(s), cleaned URLs are stored: 3 pages are 3 URLs (+ an alias)
    assert all(u.startswith(("http://", "https://")) for u in urls)
    pages = sorted(u.removeprefix(b) for u in urls if u.startswith(b + "/p/"))
    assert pages == ["/p/one", "/p/three", "/p/two"]
    assert not any("utm_" in u or "ref=" in u or "clid" in u or "#" in u for u in urls)
    # the alias page names /p/two as canonical: one article, the alias not re-checked
    assert urls[b + "/alt/two"]["state"] == "stopped"
    hostile_articles = {a.url for a in run.store.articles(limit=100) if a.url.startswith(b)}
    assert hostile_articles == {b + "/p/one", b + "/p/two", b + "/p/three", b + "/flipflop"}
    # 410 is gone at once; 404 is tried again
    assert urls[b + "/status/410"]["state"] == "gone"
    assert urls[b + "/status/404"]["state"] == "active"
    assert urls[b + "/status/404"]["failures"] == 1
    # the big feed was capped, and it was said
    notices = [e.message for e in run.events if e.kind == "notice"]
    assert any("big" in m and "first 5000 items" in m for m in notices)
    assert any("nonweb" in m and "5 non-web link(s)" in m for m in notices)
    # nothing ever left loopback
    assert run.transport.escaped == []
    assert stats.sources == 7  # of 9: entities and trickle failed, the rest were read


def _urls(run: Run) -> list[dict]:
    from sqlalchemy import select

    from redline.store.tracking_schema import TrackUrl

    with run.store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(TrackUrl.__table__))]


def test_flipflops_are_reported_once_and_lengthen_the_interval(site: HostileSite, run: Run) -> None:
    url = site.base_url + "/flipflop"
    run.add("gone", site.base_url + "/feeds/gone.xml")
    waits = []
    for _ in range(6):
        run.passes()
        state = run.url(url)
        waits.append(state["next_check_at"] - state["last_checked_at"])
        run.now = state["next_check_at"].replace(tzinfo=run.now.tzinfo) + timedelta(seconds=1)
    state = run.url(url)
    assert site.hits("/flipflop") == 6  # A B A B A B
    assert state["version"] == 1 or state["version"] == 2
    assert state["changes"] == 2  # A, then B; every later swing is a flip-flop, not a change
    assert state["flipflops"] == 4
    flips = [e for e in run.events if e.kind == "flipflop"]
    assert len(flips) == 1  # said once
    assert waits[-1] > waits[2] > waits[1]  # each swing waits longer


def test_health_lists_failing_blocked_and_gone(site: HostileSite, run: Run, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from redline.cli.main import cli

    for name in ("gone", "entities", "bombs"):
        run.add(name, site.base_url + HOSTILE_SOURCES[name])
    run.passes()
    db = str(run.store.url)
    result = CliRunner().invoke(cli, ["health", "--db", db, "--format", "json"])
    assert result.exit_code == 1, result.output
    tracking = json.loads(result.output)["tracking"]
    by_url = {u["url"]: u for u in tracking["urls"]}
    b = site.base_url
    assert by_url[b + "/status/410"]["state"] == "gone"
    assert by_url[b + "/status/404"]["kind"] == "HTTP 4xx"
    assert by_url[b + "/status/404"]["failing_since"] is not None
    assert by_url[b + "/bomb/layered"]["kind"] == "too large"
    assert by_url[b + "/slow/stall"]["kind"] == "too slow"
    (source,) = tracking["sources"]
    assert source["name"] == "entities" and source["kind"] == "DTD refused"
    assert tracking["counts"]["gone"] == 1 and tracking["counts"]["too slow"] == 3
    text = CliRunner().invoke(cli, ["health", "--db", db]).output
    assert "source entities: failing since" in text and "/status/410" in text
    assert "by kind:" in text


def test_demo_walkthrough_works_on_any_date(run: Run) -> None:
    from redline.cli.demo_site import demo_script
    from redline.newsroom import STEP

    today = datetime(2031, 5, 1, 9, 17, 42, tzinfo=UTC)  # long after the scripted stories
    script = demo_script(0, 10, today)
    with Newsroom(script) as room:
        run.now = today
        run.add("demo", room.base_url + "/feed.xml")
        run.passes()
        room.set_step(3)
        run.now = today + 3 * STEP
        run.passes()
        kerr = run.store.versions(room.base_url + "/news/kerr-wins-world-1500m-gold")
    assert len(kerr) == 2  # both seed captures: the walkthrough records changes
