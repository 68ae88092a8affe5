"""The indexer keeps up with a store that is being written at the same time."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from redline.changes import index_pending
from redline.changes.tables import changes, removed
from redline.store import Observation, Store
from tests.web.stories import T0


def test_indexing_while_versions_are_recorded(fresh_store: Store) -> None:
    stories, versions = 12, 4
    done = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            for v in range(versions):
                for s in range(stories):
                    fresh_store.record_version(
                        Observation.from_text(
                            f"Story {s} opens. The count is {v * 10 + s}. It ends here.",
                            url=f"https://x.test/{s}",
                            headline=f"S{s}",
                            seen_at=T0 + timedelta(minutes=v),
                        )
                    )
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    rounds = 0
    while not done.is_set():
        index_pending(fresh_store)
        rounds += 1
    thread.join()
    index_pending(fresh_store)
    assert not failures
    with fresh_store.engine.connect() as conn:
        n_changes = conn.execute(select(func.count()).select_from(changes)).scalar_one()
        n_removed = conn.execute(select(func.count()).select_from(removed)).scalar_one()
    assert n_changes == stories * (versions - 1)
    assert n_removed == stories * (versions - 1)  # each edit removed the old count
    assert rounds >= 1
