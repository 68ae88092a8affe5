"""The version store: every version of every article, compactly, in SQLite or PostgreSQL.

>>> import tempfile
>>> from redline.store import Store, Observation
>>> with tempfile.TemporaryDirectory() as tmp, Store.open(f"{tmp}/redline.sqlite3") as store:
...     store.record_version(Observation.from_text("Hi.", url="https://x.test/a")).status
...     store.record_version(Observation.from_text("Hi there.", url="https://x.test/a")).version
...     [v.number for v in store.history("https://x.test/a")]
'created'
2
[1, 2]

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
