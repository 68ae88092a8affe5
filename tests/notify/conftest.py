from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from redline.store import Observation, Store
from tests.notify.receivers import JsonReceiver, MastodonStandIn, SavePageNow

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / f'notify-{uuid.uuid4().hex[:8]}.sqlite3'}")
    yield s
    s.close()


@pytest.fixture()
def json_receiver() -> Iterator[JsonReceiver]:
    r = JsonReceiver()
    yield r
    r.close()


@pytest.fixture()
def mastodon() -> Iterator[MastodonStandIn]:
    m = MastodonStandIn()
    yield m
    m.close()


@pytest.fixture()
def spn() -> Iterator[SavePageNow]:
    s = SavePageNow()
    yield s
    s.close()


def record(
    store: Store,
    url: str,
    texts: list[str],
    *,
    headline: str = "Storm closes roads",
    source: str = "daily",
    start: datetime | None = None,
) -> int:
    """Record *texts* as consecutive versions of one article; returns its id."""
    start = start or NOW - timedelta(minutes=len(texts))
    result = None
    for k, text in enumerate(texts):
        result = store.record_version(
            Observation.from_text(
                text,
                url=url,
                headline=headline,
                source=source,
                seen_at=start + timedelta(minutes=k),
            )
        )
    assert result is not None
    return result.article_id


def after(**delta: float) -> datetime:
    """A moment this long from now (the sender's clock for a later run)."""
    return datetime.now(UTC) + timedelta(**delta)
