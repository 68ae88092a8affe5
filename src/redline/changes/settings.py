"""Reading and writing the key/value settings (``web_settings``): the admin account,
the cookie signing key, the cursors of the change index and the archiver."""

from __future__ import annotations

from sqlalchemy import Engine, select

from redline.changes.tables import settings
from redline.store.transaction import upsert, write

__all__ = ["get_setting", "set_setting"]


def get_setting(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()


def set_setting(engine: Engine, key: str, value: str) -> None:
    write(engine, lambda conn: upsert(conn, settings.c.key, key, value=value))
