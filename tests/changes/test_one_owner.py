"""A stored change is explained once, and every reader shows the same explanation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from redline import changes
from redline.changes import explained
from redline.changes.tables import changes as change_rows
from redline.store import Observation, Store

URL = "https://news.example/story"
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
BODY = "Flooding closed the bridge on Monday.\nEngineers will inspect it on Tuesday."


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(str(tmp_path / "s.sqlite3")) as s:
        yield s


def _record(store: Store, standfirst: str, minutes: int, body: str = BODY) -> None:
    store.record_version(
        Observation.from_text(
            body,
            url=URL,
            headline="Bridge closed by floods",
            standfirst=standfirst,
            seen_at=T0 + timedelta(minutes=minutes),
            published=T0,
        )
    )


def test_standfirst_only_change_reads_the_same_everywhere(store: Store) -> None:
    _record(store, "The river burst its banks overnight.", 0)
    _record(store, "The river burst its banks after two days of rain.", 30)
    assert [v.number for v in store.history(URL)] == [1, 2]
    history = changes.history(store, URL)
    assert "standfirst changed" in (history[1].summary or "")
    assert "standfirst" in history[1].classes
    changes.index_pending(store)
    with store.engine.connect() as conn:
        row = conn.execute(select(change_rows.c.summary, change_rows.c.classes)).one()
    assert row.summary == history[1].summary
    assert row.classes.split() == list(history[1].classes)
    stored = changes.comparison(store, URL, 1, 2)
    assert stored.summary == history[1].summary
    assert stored.significance > 0


def test_each_change_is_explained_once(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = explained.explain

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(explained, "explain", counting)
    _record(store, "Standfirst one.", 0)
    _record(store, "Standfirst one.", 30, BODY + "\nThe council said repairs would take weeks.")
    _record(store, "Standfirst two.", 60, BODY + "\nThe council said repairs would take months.")
    result = changes.index_pending(store)
    assert result.changes == 2
    assert len(calls) == 2  # one explanation per change, not one per reader
    history = changes.history(store, URL)  # read from the cache written by the index
    changes.comparison(store, URL, 1, 2)
    assert len(calls) == 2
    assert history[2].summary and "standfirst changed" in history[2].summary


def test_a_change_notifies_once(store: Store) -> None:
    heard: list[dict[str, object]] = []

    def notify(payload: dict[str, object]) -> int:
        heard.append(payload)
        return 1

    _record(store, "One.", 0)
    _record(store, "One.", 30, BODY + "\nTraffic was diverted through the town centre.")
    assert changes.index_pending(store, notify=notify).notified == 1
    assert changes.index_pending(store, notify=notify).notified == 0
    _record(store, "One.", 60, BODY + "\nTraffic was diverted through the old town.")
    assert changes.index_pending(store, notify=notify).notified == 1
    assert [p["version"] for p in heard] == [2, 3]
    assert heard[0]["summary"] == changes.history(store, URL)[1].summary
