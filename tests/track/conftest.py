from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from redline.newsroom import Newsroom, editorial_script

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    with Newsroom(editorial_script()) as room:
        yield room


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL database on 127.0.0.1:5432, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"redline_track_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
