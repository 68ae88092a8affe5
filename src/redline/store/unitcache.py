"""The text units of recently used articles, decoded once per process.

Writing a version needs its article's units (only new ones are stored) and
reading one needs them to rebuild its text; :class:`UnitCache` keeps the
decoded :class:`~redline.store.textpack.UnitTable` of each article it met, tops
it up from the database and forgets a random tenth when full.
"""

from __future__ import annotations

import random
import threading
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from redline.errors import StoreError
from redline.store.schema import versions as _versions
from redline.store.textpack import UnitTable

__all__ = ["UnitCache"]


class UnitCache:
    """Decoded text units by article id, at most *size* articles. Safe to share between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._tables: dict[int, UnitTable] = {}
        self._rng = random.Random(0)
        self._lock = threading.RLock()

    def clear(self) -> None:
        """Forget everything (after a rolled-back write)."""
        with self._lock:
            self._tables.clear()

    def table(self, conn: Connection, aid: int) -> UnitTable:
        """The article's text units (see :meth:`tables`)."""
        query = select(_versions.c.id).where(_versions.c.article_id == aid)
        return self.tables(conn, {aid: list(conn.execute(query).scalars())})[aid]

    def tables(self, conn: Connection, need: dict[int, list[int]]) -> dict[int, UnitTable]:
        """Text units of several articles (article id -> its version ids), from the
        per-process cache topped up from the database in one query."""
        out: dict[int, UnitTable] = {}
        missing: dict[int, set[int]] = {}
        col = _versions.c
        with self._lock:
            for aid, ids in need.items():
                wanted = set(ids)
                table = self._tables.get(aid)
                if table is None or not table.version_ids <= wanted:
                    table = UnitTable()
                out[aid] = table
                if wanted - table.version_ids:
                    missing[aid] = wanted - table.version_ids
            if missing:
                ids = sorted(set().union(*missing.values()))
                rows: dict[int, list[Any]] = {}
                for i in range(0, len(ids), 500):
                    for r in conn.execute(
                        select(col.id, col.article_id, col.number, col.pack, col.layout).where(
                            col.id.in_(ids[i : i + 500])
                        )
                    ):
                        rows.setdefault(r.article_id, []).append(r)
                for aid, got in rows.items():
                    table = out[aid]
                    if not table.load([(r.id, r.pack) for r in got]):
                        table = out[aid] = UnitTable()
                        every = conn.execute(
                            select(col.id, col.pack).where(col.article_id == aid)
                        ).all()
                        if not table.load([(r.id, r.pack) for r in every]):
                            raise StoreError(f"the stored text of article {aid} is inconsistent")
                    table.remember(max(got, key=lambda r: r.number).layout)
            self._tables.update(out)
            if len(self._tables) > self.size:
                # Evict a random tenth: unlike least-recently-used, this keeps a share of
                # the tables when a crawler cycles through more articles than fit.
                keep = set(out)
                spare = [aid for aid in self._tables if aid not in keep]
                drop = len(self._tables) - self.size + self.size // 10
                for aid in self._rng.sample(spare, min(drop, len(spare))):
                    del self._tables[aid]
        return out
