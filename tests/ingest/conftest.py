from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from redline.store import Store
from tests.store.dbs import open_store, pg_url

__all__ = ["pg_url"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = open_store(request.param, tmp_path, request)
    try:
        yield s
    finally:
        s.close()
