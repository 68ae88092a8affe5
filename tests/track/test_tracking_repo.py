from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from redline.errors import InputError, NotFoundError
from redline.store import Store
from redline.store.tracking import TrackingRepo

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> TrackingRepo:
    url = (
        f"sqlite:///{tmp_path / 'track.sqlite3'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    store = Store.open(url)
    request.addfinalizer(store.close)
    return TrackingRepo(store.engine)


def add_urls(repo: TrackingRepo, n: int) -> int:
    src = repo.add_source(
        name="gz", url="http://127.0.0.1:1/feed.xml", kind="feed", options={}, now=T0
    )
    repo.add_urls(src.id, [(f"http://127.0.0.1:1/n/{i}", None) for i in range(n)], now=T0)
    return src.id


def test_sources_add_list_remove(repo: TrackingRepo) -> None:
    sid = add_urls(repo, 3)
    with pytest.raises(InputError, match="already exists"):
        repo.add_source(name="gz", url="http://other/", kind=None, options={}, now=T0)
    (row,) = repo.sources()
    assert (row.id, row.urls, row.active) == (sid, 3, 3)
    assert repo.update_source("gz", url=row.url, options={"include": ["/n/"]})
    assert not repo.update_source("gz", url=row.url, options={"include": ["/n/"]})
    removed, n = repo.remove_source("gz")
    assert removed.id == sid and n == 3
    assert repo.sources() == []
    with pytest.raises(NotFoundError):
        repo.remove_source("gz")


def test_known_urls_are_not_added_twice(repo: TrackingRepo) -> None:
    sid = add_urls(repo, 3)
    again = [
        ("http://127.0.0.1:1/n/1", None),
        ("HTTP://127.0.0.1:1/n/2?utm_source=x", None),
        ("http://127.0.0.1:1/n/3", None),
    ]
    assert repo.add_urls(sid, again, now=T0) == 1
    assert repo.counts(T0)["urls"] == 4


def test_leases_are_exclusive_until_they_expire(repo: TrackingRepo) -> None:
    add_urls(repo, 10)
    a = repo.lease_urls("A", T0, LEASE, limit=6)
    b = repo.lease_urls("B", T0, LEASE, limit=6)
    assert len(a) == 6 and len(b) == 4
    assert not {t.id for t in a} & {t.id for t in b}
    assert repo.lease_urls("C", T0 + timedelta(seconds=30), LEASE) == []
    # A dies; its leases expire and C takes them over
    taken = repo.lease_urls("C", T0 + timedelta(seconds=61), LEASE)
    assert {t.id for t in taken} == {t.id for t in a} | {t.id for t in b}
    # A comes back to life: its results are no longer accepted
    assert not repo.finish_url(a[0].id, "A", next_check_at=T0 + timedelta(hours=1))
    assert repo.finish_url(
        a[0].id, "C", next_check_at=T0 + timedelta(hours=1), checks=1, bump_changes=True
    )
    state = repo.url_state(a[0].url)
    assert state["lease_owner"] is None and state["changes"] == 1
    assert repo.release("C") == 9
    assert repo.counts(T0 + timedelta(seconds=61))["leased"] == 0


def test_only_due_urls_are_leased(repo: TrackingRepo) -> None:
    add_urls(repo, 3)
    (first, *_rest) = repo.lease_urls("A", T0, LEASE)
    repo.finish_url(first.id, "A", next_check_at=T0 + timedelta(minutes=10))
    repo.release("A")
    later = repo.lease_urls("A", T0 + timedelta(minutes=1), LEASE)
    assert first.id not in {t.id for t in later} and len(later) == 2
    repo.release("A")
    assert repo.next_due() == T0


def test_concurrent_leasing_never_hands_out_a_url_twice(repo: TrackingRepo) -> None:
    add_urls(repo, 200)
    got: dict[str, list[int]] = {}

    def worker(name: str) -> None:
        mine: list[int] = []
        while True:
            batch = repo.lease_urls(name, T0, LEASE, limit=7)
            if not batch:
                break
            mine.extend(t.id for t in batch)
        got[name] = mine

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [i for ids in got.values() for i in ids]
    assert len(everything) == 200 and len(set(everything)) == 200
