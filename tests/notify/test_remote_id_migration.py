"""Migration 0009: deliveries made before it keep their post ids, and after it a
post id of a Bluesky thread (two records, well over 200 characters) fits, on
SQLite and on PostgreSQL (which enforces the length)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.exc import DBAPIError

from redline.notify.services import bluesky_thread_id
from redline.notify.tables import deliveries
from redline.store import Store, migrate
from tests.store.dbs import throwaway_pg

T0 = datetime(2026, 12, 5, 9, tzinfo=UTC)
DID = "did:plc:" + "z" * 24
ROOT = {"uri": f"at://{DID}/app.bsky.feed.post/3lroot0000000", "cid": "bafyrei" + "r" * 52}
POST = {"uri": f"at://{DID}/app.bsky.feed.post/3lpost0000000", "cid": "bafyrei" + "p" * 52}


@contextmanager
def database(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
    else:
        with throwaway_pg() as url:
            yield url


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_post_ids_survive_the_upgrade_and_thread_ids_fit_after_it(
    kind: str, tmp_path: Path
) -> None:
    long_id = bluesky_thread_id(ROOT, POST)
    assert len(long_id) > 200
    with database(kind, tmp_path) as url:
        engine = create_engine(url)
        migrate.upgrade(engine, "0008")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO notify_deliveries (channel_id, payload, state, attempts, due_at,"
                    " remote_id, created_at) VALUES (1, '{}', 'sent', 1, :t, :r, :t)"
                ),
                {"t": T0, "r": "109876543210987654"},
            )
        if kind == "postgresql":  # the old column refuses the long id
            with pytest.raises(DBAPIError), engine.begin() as conn:
                conn.execute(update(deliveries).values(remote_id=long_id))
        engine.dispose()
        with Store.open(url) as store:  # upgrades to the head revision
            with store.engine.begin() as conn:
                assert conn.execute(select(deliveries.c.remote_id)).scalar() == "109876543210987654"
                conn.execute(update(deliveries).values(remote_id=long_id))
            with store.engine.connect() as conn:
                assert conn.execute(select(deliveries.c.remote_id)).scalar() == long_id
