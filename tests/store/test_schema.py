"""The schema: migrations run on open, agree with the models, and are idempotent."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from redline.store import Store, database_url
from redline.store.migrate import HEAD
from redline.store.schema import Base


def test_migrations_match_models(store: Store) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        diff = compare_metadata(ctx, Base.metadata)
    # Other packages own other tables in the same database: look at ours only.
    ours = set(Base.metadata.tables)
    relevant = [d for d in diff if _table_of(d) in ours]
    assert relevant == []


def _table_of(item: object) -> str | None:
    d = item[0] if isinstance(item, list) else item
    assert isinstance(d, tuple)
    op = d[0]
    if op in ("add_table", "remove_table"):
        return d[1].name
    if op in ("add_column", "remove_column") or op.startswith("modify_"):
        return d[2]
    if op in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        return d[1].table.name
    if op in ("add_fk", "remove_fk"):
        return d[1].parent.name
    return None


def test_model_drift_would_be_seen(store: Store) -> None:
    from sqlalchemy import Column, Integer, MetaData

    drifted = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(drifted)
    drifted.tables["versions"].append_column(Column("extra", Integer))
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), drifted)
    assert [_table_of(d) for d in diff if _table_of(d) == "versions"] == ["versions"]


def test_sqlite_is_created_in_wal_mode_at_head(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "r.sqlite3"
    with Store.open(str(path)) as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        assert {"articles", "versions", "captures", "blobs", "comparisons", "sources"} <= set(
            inspect(conn).get_table_names()
        )
    assert path.exists()
    Store.open(str(path)).close()  # reopening is a no-op


def test_database_url_resolution(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("REDLINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("REDLINE_HOME", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path}/redline.sqlite3"
    monkeypatch.setenv("REDLINE_DATABASE_URL", "postgresql://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"
    assert database_url("rel.sqlite3").startswith("sqlite:////")


def test_unreachable_database_is_a_clear_error() -> None:
    import pytest

    from redline.errors import StoreError

    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open("postgresql://postgres@127.0.0.1:1/nowhere")
