"""Save Page Now captures of new versions, against a loopback stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from redline.changes import index_pending
from redline.changes.settings import get_setting
from redline.notify.archive import NEXT_KEY, Archiver, snapshots
from redline.notify.channels import add_channel
from redline.notify.queue import notifier
from redline.notify.sender import Sender
from redline.notify.tables import version_archives
from redline.store import Store
from redline.store.tracking import TrackingRepo
from redline.store.tracking_schema import track_urls
from redline.track.sources import SourceSpec
from tests.notify.conftest import NOW, record
from tests.notify.receivers import JsonReceiver, SavePageNow

V1 = "Winds reach 80mph. Roads shut."
V2 = "Winds reach 95mph. Roads shut."


def tracked(store: Store, url: str, *, archive: bool, name: str = "daily") -> int:
    """Record two versions of *url*, tracked under a source with or without archiving."""
    repo = TrackingRepo(store.engine)
    known = {s.name: s for s in repo.sources()}
    if name not in known:
        spec = SourceSpec(f"https://{name}.example/feed.xml", name=name, archive=archive)
        known[name] = repo.add_source(
            name=name, url=spec.url, kind="feed", options=spec.options(), now=NOW
        )
    repo.add_urls(known[name].id, [(url, None)], now=NOW)
    aid = record(store, url, [V1, V2], source=name)
    with store.engine.begin() as conn:
        conn.execute(update(track_urls).where(track_urls.c.url == url).values(article_id=aid))
    return aid


def archiver(store: Store, spn: SavePageNow, **kw: object) -> Archiver:
    options: dict[str, object] = {
        "endpoint": spn.endpoint,
        "allow_origins": [spn.origin],
        "min_interval": 0.0,
        "jitter": False,
    }
    return Archiver(store.engine, **(options | kw))  # type: ignore[arg-type]


def archive_rows(store: Store) -> list:
    with store.engine.connect() as conn:
        return list(conn.execute(select(version_archives).order_by(version_archives.c.version_id)))


def test_each_new_version_of_an_archived_source_is_captured(store: Store, spn: SavePageNow) -> None:
    tracked(store, "https://daily.example/news/storm", archive=True)
    tracked(store, "https://other.example/news/vote", archive=False, name="other")
    a = archiver(store, spn)
    assert a.enqueue_new() == 2  # both versions of the archived source, none of the other
    assert a.enqueue_new() == 0  # once only
    stats = a.run_once()
    assert (stats.done, stats.failed) == (2, 0)
    assert spn.requests == ["/save/https://daily.example/news/storm"] * 2
    rows = archive_rows(store)
    assert [r.state for r in rows] == ["done", "done"]
    expected = f"{spn.origin}/web/20261210120000/https://daily.example/news/storm"
    assert rows[0].snapshot_url == expected
    found = snapshots(store.engine, [r.version_id for r in rows])
    assert found[rows[0].version_id] == (expected, datetime(2026, 12, 10, 12, tzinfo=UTC))
    a.close()


def test_old_versions_are_not_sent_when_archiving_is_turned_on(
    store: Store, spn: SavePageNow
) -> None:
    tracked(store, "https://daily.example/news/storm", archive=True)
    a = archiver(store, spn)
    assert a.enqueue_new(now=NOW + timedelta(days=3)) == 0
    assert spn.requests == []


def test_rate_limit_answer_pauses_every_request(store: Store, spn: SavePageNow) -> None:
    tracked(store, "https://daily.example/news/storm", archive=True)
    a = archiver(store, spn)
    a.enqueue_new()
    spn.script = [429]
    stats = a.run_once()
    assert stats.retried == 1 and len(spn.requests) == 1
    paused = datetime.fromisoformat(get_setting(store.engine, NEXT_KEY) or "")
    assert paused - datetime.now(UTC) > timedelta(seconds=100)  # Retry-After: 120
    assert a.run_once(now=datetime.now(UTC) + timedelta(minutes=1)).done == 0
    assert len(spn.requests) == 1  # paused: nothing asked
    later = datetime.now(UTC) + timedelta(hours=1)
    assert a.run_once(now=later).done == 2
    assert [r.attempts for r in archive_rows(store)] == [2, 1]


def test_requests_are_spaced(store: Store, spn: SavePageNow) -> None:
    tracked(store, "https://daily.example/news/storm", archive=True)
    a = archiver(store, spn, min_interval=15.0)
    a.enqueue_new()
    assert a.run_once().done == 1
    assert a.run_once().done == 0  # the second waits 15 s
    assert a.run_once(now=datetime.now(UTC) + timedelta(seconds=16)).done == 1
    assert len(spn.requests) == 2


def test_guard_refuses_an_unlisted_endpoint(store: Store, spn: SavePageNow) -> None:
    tracked(store, "https://daily.example/news/storm", archive=True)
    a = archiver(store, spn, allow_origins=[])
    a.enqueue_new()
    assert a.run_once().failed == 2
    assert spn.requests == []
    assert "not a public address" in archive_rows(store)[0].last_result


def test_snapshots_elsewhere_or_errors_are_not_taken(store: Store) -> None:
    spn = SavePageNow(location_host="http://elsewhere.example")
    try:
        tracked(store, "https://daily.example/news/storm", archive=True)
        a = archiver(store, spn, max_attempts=1)
        a.enqueue_new()
        spn.script = [200, 404]
        stats = a.run_once()
        assert stats.failed == 2
        first, second = archive_rows(store)
        assert first.snapshot_url is None and "no snapshot named" in first.last_result
        assert second.last_result == "HTTP 404"
    finally:
        spn.close()


def test_posts_wait_for_the_archive_and_link_it(
    store: Store, spn: SavePageNow, json_receiver: JsonReceiver
) -> None:
    add_channel(store.engine, json_receiver.url, allow_origins=[json_receiver.origin])
    tracked(store, "https://daily.example/news/storm", archive=True)
    index_pending(store, notify=notifier(store.engine), base_url="https://r.example")
    a = archiver(store, spn)
    a.enqueue_new()
    s = Sender(store, base_url="https://r.example", jitter=False)
    stats = s.run_once()
    assert stats.waiting == 1 and json_receiver.posts == []  # the capture is pending
    a.run_once()
    assert s.run_once(now=datetime.now(UTC) + timedelta(seconds=31)).sent == 1
    [post] = json_receiver.delivered
    assert post["message"].splitlines()[-1] == (
        f"Archived: {spn.origin}/web/20261210120000/https://daily.example/news/storm"
    )


def test_archived_copies_are_linked_in_the_api_and_feeds(store: Store, spn: SavePageNow) -> None:
    from fastapi.testclient import TestClient

    from redline.web.app import create_app

    story = tracked(store, "https://daily.example/news/storm", archive=True)
    a = archiver(store, spn)
    a.enqueue_new()
    a.run_once()
    index_pending(store)
    snapshot = f"{spn.origin}/web/20261210120000/https://daily.example/news/storm"
    with TestClient(create_app(store)) as client:
        history = client.get(f"/api/stories/{story}").json()["history"]
        assert [h["archived"] for h in history] == [
            {"url": snapshot, "at": "2026-12-10T12:00:00Z"}
        ] * 2
        version = client.get(f"/api/stories/{story}/versions/2").json()
        assert version["archived"]["url"] == snapshot
        feed = client.get("/feeds/changes.atom").text
        assert f'rel="related" href="{snapshot}" title="Archived copy of version 2"' in feed
