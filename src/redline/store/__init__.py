"""The version store: every version of every article, compactly, in SQLite or PostgreSQL.

>>> from redline.store import Store, Observation          # doctest: +SKIP
>>> with Store.open() as store:                           # doctest: +SKIP
...     store.record_version(Observation.from_text(text, url=url, seen_at=when))
...     store.history(url)

See ``docs/data-model.md`` for the schema and the API.
"""

from __future__ import annotations

from redline.store.config import database_url, default_sqlite_path
from redline.store.model import (
    ArticleInfo,
    CaptureInfo,
    Observation,
    RecordResult,
    StoredComparison,
    StoredVersion,
    VersionInfo,
    article_key,
    canonical_url,
)
from redline.store.repository import ArticleRef, Store

__all__ = [
    "ArticleInfo",
    "ArticleRef",
    "CaptureInfo",
    "Observation",
    "RecordResult",
    "Store",
    "StoredComparison",
    "StoredVersion",
    "VersionInfo",
    "article_key",
    "canonical_url",
    "database_url",
    "default_sqlite_path",
]
