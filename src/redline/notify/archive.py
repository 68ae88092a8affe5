"""Archive each version: ask the Internet Archive's Save Page Now to capture the
article when a new version is recorded, and keep the snapshot's address and time.

Off by default; on for the sources added with ``--archive`` (``archive = true``
in a sources file). :meth:`Archiver.enqueue_new` turns versions recorded since
its last run (a cursor on version ids, like the change index's) into requests,
for versions first seen in the last ``window`` only (turning archiving on does
not send a whole history). :meth:`Archiver.run_once` sends them:

* ``GET <endpoint><article URL>`` (the anonymous Save Page Now API; the endpoint
  is ``$REDLINE_ARCHIVE_ENDPOINT``, default ``https://web.archive.org/save/``),
  through the address guard (``$REDLINE_ARCHIVE_ALLOW_ORIGINS`` lists non-public
  origins it may reach: a loopback stand-in in tests);
* the snapshot is the ``Content-Location`` (or redirect ``Location``) of the
  answer, on the endpoint's own host; its time is the 14-digit Wayback stamp in
  it;
* requests are spaced by ``min_interval`` seconds across every process sharing
  the store (``$REDLINE_ARCHIVE_INTERVAL``, default 15: anonymous use is limited
  to a few captures a minute); a 429 answer pauses all requests for its
  ``Retry-After`` (at least a minute); failures worth retrying (network, 429,
  5xx) back off exponentially, up to ``max_attempts``.
"""

from __future__ import annotations

import logging
import os
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from redline.changes.settings import get_setting, set_setting
from redline.errors import FetchError
from redline.notify.tables import version_archives
from redline.store.schema import articles, versions
from redline.store.tracking import TrackingRepo
from redline.store.tracking_schema import track_urls
from redline.store.transaction import attempts
from redline.times import utc as _aware
from redline.times import utcnow as _now
from redline.track.guard import check_destination_sync, origin_of, parse_origin

__all__ = ["DEFAULT_ENDPOINT", "ArchiveStats", "Archiver", "snapshot_of", "snapshots"]

LOG = logging.getLogger(__name__)
DEFAULT_ENDPOINT = "https://web.archive.org/save/"
USER_AGENT = "Redline-Archiver/1"
CURSOR_KEY = "archive_cursor"
NEXT_KEY = "archive_next_at"
_STAMP = re.compile(r"/web/(\d{14})")


def snapshot_of(
    answer: httpx.Response, endpoint: str, now: datetime
) -> tuple[str, datetime] | None:
    """(snapshot URL, capture time) named by a Save Page Now answer, if it names one."""
    for header in ("content-location", "location"):
        value = answer.headers.get(header)
        if not value:
            continue
        url = urljoin(endpoint, value.strip())
        if len(url) > 2000 or urlsplit(url).scheme not in ("http", "https"):
            continue
        if origin_of(url) != origin_of(endpoint):  # only the archive's own pages
            continue
        m = _STAMP.search(urlsplit(url).path)
        if m is None:
            continue
        try:
            at = datetime.strptime(m.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            at = now
        return url, at
    return None


def snapshots(engine: Engine, version_ids: list[int]) -> dict[int, tuple[str, datetime | None]]:
    """Archived copies of these versions: version id → (snapshot URL, capture time)."""
    if not version_ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                version_archives.c.version_id,
                version_archives.c.snapshot_url,
                version_archives.c.archived_at,
            ).where(
                version_archives.c.version_id.in_(version_ids),
                version_archives.c.state == "done",
            )
        )
        return {r.version_id: (r.snapshot_url, _aware(r.archived_at)) for r in rows}


@dataclass
class ArchiveStats:
    queued: int = 0
    done: int = 0
    failed: int = 0
    retried: int = 0

    def line(self) -> str:
        return (
            f"{self.queued} queued, {self.done} archived, {self.failed} failed, "
            f"{self.retried} to retry"
        )


class Archiver:
    """Queues and sends Save Page Now requests for new versions of archived sources."""

    def __init__(
        self,
        engine: Engine,
        *,
        endpoint: str | None = None,
        allow_origins: list[str] | None = None,
        min_interval: float | None = None,
        timeout: float = 120.0,
        max_attempts: int = 5,
        base_delay: float = 120.0,
        max_delay: float = 6 * 3600.0,
        window: timedelta = timedelta(days=2),
        jitter: bool = True,
        client: httpx.Client | None = None,
    ) -> None:
        self.engine = engine
        self.endpoint = endpoint or os.environ.get("REDLINE_ARCHIVE_ENDPOINT") or DEFAULT_ENDPOINT
        if urlsplit(self.endpoint).scheme not in ("http", "https"):
            raise FetchError(f"the archive endpoint must be an http(s) URL: {self.endpoint!r}")
        if allow_origins is None:
            env = os.environ.get("REDLINE_ARCHIVE_ALLOW_ORIGINS", "")
            allow_origins = [o for o in env.split(",") if o.strip()]
        self.allow = frozenset(parse_origin(o) for o in allow_origins)
        if min_interval is None:
            min_interval = float(os.environ.get("REDLINE_ARCHIVE_INTERVAL", "15"))
        self.min_interval = max(0.0, min_interval)
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.window = window
        self.jitter = jitter
        self._own_client = client is None
        self.client = client or httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        )

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def backoff(self, attempts: int) -> float:
        delay = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return delay * (random.uniform(0.8, 1.2) if self.jitter else 1.0)

    # ------------------------------------------------------------------ queue
    def archived_sources(self) -> set[int]:
        return {s.id for s in TrackingRepo(self.engine).sources() if s.options.get("archive")}

    def enqueue_new(self, now: datetime | None = None, *, limit: int = 1000) -> int:
        """Queue a capture of each version recorded since the last call for an archived
        source (first seen within ``window``); returns how many were queued."""
        now = now or _now()
        cursor = int(get_setting(self.engine, CURSOR_KEY) or 0)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    versions.c.id,
                    versions.c.article_id,
                    versions.c.first_seen,
                    articles.c.url,
                )
                .join(articles, articles.c.id == versions.c.article_id)
                .where(versions.c.id > cursor)
                .order_by(versions.c.id)
                .limit(limit)
            ).all()
            if not rows:
                return 0
            wanted = self.archived_sources()
            owners: dict[int, set[int]] = {}
            if wanted:
                ids = sorted({r.article_id for r in rows})
                for aid, sid in conn.execute(
                    select(track_urls.c.article_id, track_urls.c.source_id).where(
                        track_urls.c.article_id.in_(ids)
                    )
                ):
                    owners.setdefault(aid, set()).add(sid)
        queued = 0
        for r in rows:
            seen = _aware(r.first_seen)
            if not r.url or not owners.get(r.article_id, set()) & wanted:
                continue
            if seen is not None and seen < now - self.window:
                continue
            try:
                for attempt in attempts(self.engine):
                    with attempt as conn:
                        conn.execute(
                            insert(version_archives).values(
                                version_id=r.id,
                                article_id=r.article_id,
                                url=r.url,
                                state="pending",
                                attempts=0,
                                due_at=now,
                                created_at=now,
                            )
                        )
                queued += 1
            except IntegrityError:  # queued by another process already
                continue
        set_setting(self.engine, CURSOR_KEY, str(rows[-1].id))
        return queued

    # ------------------------------------------------------------------ send
    def _paused_until(self) -> datetime | None:
        value = get_setting(self.engine, NEXT_KEY)
        if not value:
            return None
        try:
            return _aware(datetime.fromisoformat(value))
        except ValueError:
            return None

    def run_once(self, now: datetime | None = None, *, budget: int = 20) -> ArchiveStats:
        """Send due requests, spaced by ``min_interval`` (at most *budget*)."""
        stats = ArchiveStats()
        now = now or _now()
        for _ in range(budget):
            paused = self._paused_until()
            if paused is not None and now < paused:
                break
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(version_archives)
                    .where(version_archives.c.state == "pending", version_archives.c.due_at <= now)
                    .order_by(version_archives.c.due_at, version_archives.c.version_id)
                    .limit(1)
                ).first()
            if row is None:
                break
            for attempt in attempts(self.engine):
                with attempt as conn:  # claim it (another process may be here too)
                    claimed = conn.execute(
                        update(version_archives)
                        .where(
                            version_archives.c.version_id == row.version_id,
                            version_archives.c.state == "pending",
                            version_archives.c.due_at <= now,
                        )
                        .values(due_at=now + timedelta(minutes=10))
                    ).rowcount
            if not claimed:
                continue
            set_setting(
                self.engine, NEXT_KEY, (now + timedelta(seconds=self.min_interval)).isoformat()
            )
            self._attempt(row, stats)
            if self.min_interval > 0:
                break  # the next one waits for a later run
        return stats

    def _attempt(self, row: Any, stats: ArchiveStats) -> None:
        target = self.endpoint + row.url
        status: int | None = None
        found: tuple[str, datetime] | None = None
        retry_after: float | None = None
        refused = False
        now = _now()
        try:
            check_destination_sync(target, self.allow)
            answer = self.client.get(target)
            status = answer.status_code
            found = snapshot_of(answer, self.endpoint, now) if status < 400 else None
            if status == 429:
                try:
                    retry_after = float(answer.headers.get("retry-after", "60"))
                except ValueError:
                    retry_after = 60.0
            error = f"HTTP {status}" + ("" if found or status >= 400 else ", no snapshot named")
        except FetchError as exc:
            error, refused = str(exc)[:500], True
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        tries = row.attempts + 1
        values: dict[str, Any] = {"attempts": tries, "last_result": error}
        if found is not None:
            values |= {
                "state": "done",
                "snapshot_url": found[0],
                "archived_at": found[1],
                "last_result": f"HTTP {status}",
            }
            stats.done += 1
        else:
            retryable = not refused and (
                status is None or status in (408, 429) or status >= 500 or status < 400
            )
            if retryable and tries < self.max_attempts:
                values["due_at"] = _now() + timedelta(seconds=self.backoff(tries))
                stats.retried += 1
            else:
                values["state"] = "failed"
                stats.failed += 1
            LOG.warning("archiving %s: %s", row.url, error)
        if retry_after is not None:
            pause = _now() + timedelta(seconds=max(60.0, min(retry_after, 6 * 3600.0)))
            set_setting(self.engine, NEXT_KEY, pause.isoformat())
        for attempt in attempts(self.engine):
            with attempt as conn:
                conn.execute(
                    update(version_archives)
                    .where(version_archives.c.version_id == row.version_id)
                    .values(**values)
                )
