"""Read every version in a Redline store as corpus records (input for ``batch align``).

The article id is the store's stable article key; the version number, time (first
seen, else updated, else published), source and text (headline, standfirst and
body, one per line, as the store compares them) come from the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

from redline.errors import InputError

__all__ = ["read_versions"]

PAGE = 500


def read_versions(url: str | None = None) -> Iterator[dict[str, Any]]:
    """Corpus records of every article version in the store at *url* (path or URL)."""
    from redline.store import Store

    if url and "://" not in url and not Path(url).is_file():
        raise InputError(f"{url}: no such store file")
    with Store.open(url) as store:
        ids: list[int] = []
        offset = 0
        while True:  # collect ids first: the listing order moves as articles are seen
            page = store.articles(limit=PAGE, offset=offset)
            if not page:
                break
            ids.extend(a.id for a in page)
            offset += len(page)
        for aid in sorted(set(ids)):
            info = store.article(aid)
            for version in store.versions(aid):
                when = version.info.time
                if when is not None and when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
                yield {
                    "article": info.key,
                    "version": version.number,
                    "time": when.isoformat() if when else None,
                    "source": info.source,
                    "text": version.document_text,
                }
