from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from redline.changes import index_pending
from redline.store import Store
from redline.web import drawn
from redline.web.app import create_app
from tests.web.stories import record_hostile, record_plain, record_seed


def make_store(folder: Path) -> Store:
    return Store.open(f"sqlite:///{folder / f'web-{uuid.uuid4().hex[:8]}.sqlite3'}")


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store with the seed story, a hostile story and plain ones, indexed as the server
    indexes them (with drawn diff bodies; read-only use)."""
    store = make_store(tmp_path_factory.mktemp("web"))
    store.seed_id = record_seed(store)  # type: ignore[attr-defined]
    store.hostile_id = record_hostile(store)  # type: ignore[attr-defined]
    store.plain_ids = record_plain(store)  # type: ignore[attr-defined]
    index_pending(store, draw=drawn.pack)
    yield store
    store.close()


@pytest.fixture(scope="session")
def client(web_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(web_store)) as c:
        yield c


@pytest.fixture()
def fresh_store(tmp_path: Path) -> Iterator[Store]:
    store = make_store(tmp_path)
    yield store
    store.close()
