"""The watcher: read sources, check due articles, record new versions.

One :class:`Worker` per process. A pass (:meth:`Worker.run_once`) reads the
sources that are due, then checks every article URL that was due when the
pass began, in leased batches. :meth:`Worker.run` repeats passes until told
to stop, sleeping until the next URL is due.

Checking one article::

    conditional GET ─► 304? ─► reschedule (no extraction)
                   └► page ─► truncated? ─► retry later
                             └► extract ─► same text as the current version? ─► "seen"
                                          └► decide against the current version
                                             (re-extracted alike from its raw HTML)
                                             ─► suspect: keep the old version, retry soon
                                             ─► artefacts only: "seen"
                                             ─► changed: a new version

Several workers may share one PostgreSQL database: URLs are leased with
``FOR UPDATE SKIP LOCKED`` and the lease expires after ``lease_seconds``, so
the work of a worker that died is picked up by the others. Every store write
is one transaction, so stopping (or killing) a worker never leaves half a
version behind; a check interrupted before its write is simply done again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError

from redline.errors import ExtractionError, FetchError, InputError, RedlineError, StoreError
from redline.extract import (
    Extraction,
    Profile,
    StoredText,
    current_extraction,
    extract_article,
    settle_capture,
)
from redline.store import Observation, Store
from redline.store.textpack import content_hash
from redline.store.tracking import SourceRow, TrackingRepo, UrlTask
from redline.times import utcnow
from redline.track.fetch import (
    BlockedAddressError,
    Fetcher,
    FetchResult,
    HTTPStatusError,
    RetryLaterError,
    RobotsDisallowedError,
)
from redline.track.schedule import RecheckPolicy, next_check
from redline.track.sources import SourceSpec, discover
from redline.track.urls import canonical_link

__all__ = ["CheckEvent", "PassStats", "WatchOptions", "Worker", "default_worker_id"]

log = logging.getLogger(__name__)

#: consecutive permanent failures (404 and other 4xx) after which a URL is given up;
#: a 410 Gone is given up at once
GONE_AFTER = 3


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{random.randrange(16**4):04x}"


@dataclass(frozen=True)
class WatchOptions:
    worker_id: str = field(default_factory=default_worker_id)
    lease_seconds: float = 300.0
    """How long a leased URL stays reserved; a dead worker's URLs wait this long."""
    batch_size: int = 50
    concurrency: int = 16
    """Article checks in flight at once (per-host limits of the fetcher still apply)."""
    idle_max: float = 60.0
    """Longest sleep between passes when nothing is due."""
    grace_seconds: float = 15.0
    """On stop, how long in-flight checks may take to finish before they are abandoned."""


@dataclass(frozen=True)
class CheckEvent:
    """Something worth a log line: kind is new, changed, flipflop, failed, suspect,
    gone, blocked, stopped, duplicate, discovered or notice."""

    kind: str
    url: str
    version: int | None = None
    message: str = ""


@dataclass
class PassStats:
    sources: int = 0
    discovered: int = 0
    checked: int = 0
    not_modified: int = 0
    seen: int = 0
    created: int = 0
    flipflops: int = 0
    suspect: int = 0
    failed: int = 0
    elapsed: float = 0.0

    def add(self, other: PassStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        return (
            f"checked {self.checked} ({self.not_modified} not modified), "
            f"{self.created} new version(s), {self.failed} failure(s), "
            f"{self.suspect} suspect, {self.discovered} new URL(s) from {self.sources} "
            f"source read(s) in {self.elapsed:.1f}s"
        )


@dataclass
class _Outcome:
    kind: str  # not_modified seen created flipflop suspect failed gone blocked
    values: dict[str, Any] = field(default_factory=dict)
    event: CheckEvent | None = None
    retry_after: float | None = None
    error: str | None = None


def _unclosed(raw: bytes) -> bool:
    """True when an HTML page does not end its document (a truncated transfer)."""
    tail = raw[-4096:].lower()
    return b"</html" not in tail and b"<html" in raw[:4096].lower()


class Worker:
    """Checks due articles of the tracked sources and records new versions."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        options: WatchOptions | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        on_event: Callable[[CheckEvent], None] | None = None,
    ) -> None:
        self.store = store
        self.repo = TrackingRepo(store.engine)
        self.fetcher = fetcher
        self.options = options or WatchOptions()
        self.clock = clock
        self.rng = rng or random.Random()
        self.on_event = on_event or (lambda e: None)
        self._sources: dict[int, tuple[SourceRow, SourceSpec]] = {}
        self._baselines: OrderedDict[tuple[int, int], Extraction] = OrderedDict()
        self._equivalent: dict[int, str] = {}
        self._profiles: dict[str, tuple[dict[str, Any], Profile]] = {}
        self._stopping = asyncio.Event()

    @property
    def owner(self) -> str:
        return self.options.worker_id

    # ------------------------------------------------------------------ loop
    def stop(self) -> None:
        """Ask the worker to stop after the checks in flight."""
        self._stopping.set()

    async def run(self, *, on_pass: Callable[[PassStats], None] | None = None) -> PassStats:
        """Run passes until :meth:`stop` is called; returns the totals."""
        total = PassStats()
        trouble = 0
        try:
            while not self._stopping.is_set():
                try:
                    stats = await self.run_once()
                    wait = await asyncio.to_thread(self._idle_wait)
                    trouble = 0
                except (SQLAlchemyError, StoreError) as exc:
                    # the database is away (restart, network): keep trying, more slowly
                    trouble += 1
                    wait = min(self.options.idle_max, 2.0**trouble)
                    log.error("store unavailable: %s", exc)
                    self.on_event(
                        CheckEvent(
                            "failed",
                            self.store.url,
                            message=f"store unavailable ({type(exc).__name__}); "
                            f"retrying in {wait:.0f}s",
                        )
                    )
                else:
                    total.add(stats)
                    if on_pass is not None:
                        on_pass(stats)
                if self._stopping.is_set():
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=wait)
        finally:
            with contextlib.suppress(SQLAlchemyError, StoreError):
                await asyncio.to_thread(self.repo.release, self.owner)
        return total

    def _idle_wait(self) -> float:
        due = self.repo.next_due()
        if due is None:
            return self.options.idle_max
        return min(self.options.idle_max, max(0.5, (due - self.clock()).total_seconds()))

    async def run_once(self) -> PassStats:
        """Read due sources, then check every URL due now; returns what happened."""
        started = time.monotonic()
        stats = PassStats()
        self._lanes: dict[str, asyncio.Semaphore] = {}
        await self._read_sources(stats)
        due_before = self.clock()
        sem = asyncio.Semaphore(self.options.concurrency)
        while not self._stopping.is_set():
            lease = timedelta(seconds=self.options.lease_seconds)
            tasks = await asyncio.to_thread(
                self.repo.lease_urls,
                self.owner,
                self.clock(),
                lease,
                self.options.batch_size,
                due_before,
            )
            if not tasks:
                break
            await self._check_batch(tasks, sem, stats)
        stats.elapsed = time.monotonic() - started
        return stats

    async def _check_batch(
        self, tasks: list[UrlTask], sem: asyncio.Semaphore, stats: PassStats
    ) -> None:
        async def one(task: UrlTask) -> None:
            # the host's lane first: checks queued behind a slow host wait there,
            # without holding one of the worker's slots other hosts could use
            async with self._lane(task.url), sem:
                if self._stopping.is_set():
                    return
                await self._check(task, stats)

        running = [asyncio.create_task(one(t)) for t in tasks]
        heartbeat = asyncio.create_task(self._keep_leases(tasks, running))
        stop_wait = asyncio.create_task(self._stopping.wait())
        pending: set[asyncio.Task[Any]] = set(running)
        while pending:
            done, pending = await asyncio.wait(
                pending | {stop_wait}, return_when=asyncio.FIRST_COMPLETED
            )
            pending.discard(stop_wait)
            if stop_wait in done:
                # stopping: give in-flight checks a grace period, then abandon them
                if pending:
                    done, pending = await asyncio.wait(pending, timeout=self.options.grace_seconds)
                for t in pending:
                    t.cancel()
                if pending:
                    await asyncio.gather(*pending, return_exceptions=True)
                break
        stop_wait.cancel()
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat
        for t in running:
            if t.done() and not t.cancelled() and t.exception() is not None:
                log.error("check crashed", exc_info=t.exception())
        # unchecked leases go back at once rather than when they expire
        left = [t.id for t, r in zip(tasks, running, strict=True) if r.cancelled() or not r.done()]
        if self._stopping.is_set():
            await asyncio.to_thread(self.repo.release, self.owner, None)
        elif left:
            await asyncio.to_thread(self.repo.release, self.owner, left)

    async def _keep_leases(self, tasks: list[UrlTask], running: list[asyncio.Task[Any]]) -> None:
        """Extend the leases of this batch's unfinished checks every third of a lease, so
        a slow batch is not taken over by another watcher while this one is alive."""
        lease = self.options.lease_seconds
        while True:
            await asyncio.sleep(lease / 3)
            ids = [t.id for t, r in zip(tasks, running, strict=True) if not r.done()]
            if not ids:
                return
            until = self.clock() + timedelta(seconds=lease)
            try:
                await asyncio.to_thread(self.repo.extend_leases, self.owner, ids, until)
            except (SQLAlchemyError, StoreError) as exc:
                log.warning("could not extend leases: %s", exc)

    def _lane(self, url: str) -> asyncio.Semaphore:
        """At most the fetcher's per-host concurrency of checks of one host at once."""
        lanes = getattr(self, "_lanes", None)
        if lanes is None:
            lanes = self._lanes = {}
        host = urlsplit(url).netloc.lower()
        lane = lanes.get(host)
        if lane is None:
            lane = lanes[host] = asyncio.Semaphore(self.fetcher.options.per_host_concurrency)
        return lane

    # --------------------------------------------------------------- sources
    def _spec(self, row: SourceRow) -> SourceSpec:
        return SourceSpec.from_options(row.url, row.name, row.kind, row.options)

    async def _source_for(self, source_id: int) -> tuple[SourceRow, SourceSpec]:
        if source_id not in self._sources:
            for row in await asyncio.to_thread(self.repo.sources):
                self._sources[row.id] = (row, self._spec(row))
        return self._sources[source_id]

    async def _read_sources(self, stats: PassStats) -> None:
        """Read every source that is due, several at once (one host's at most as many
        as its per-host limit)."""
        sem = asyncio.Semaphore(self.options.concurrency)
        running: list[asyncio.Task[None]] = []
        while not self._stopping.is_set():
            now = self.clock()
            rows = await asyncio.to_thread(
                self.repo.lease_sources,
                self.owner,
                now,
                timedelta(seconds=self.options.lease_seconds),
                100,
            )
            if not rows:
                break

            async def one(row: SourceRow) -> None:
                async with self._lane(row.url), sem:
                    if not self._stopping.is_set():
                        await self._read_source(row, stats)

            running.extend(asyncio.create_task(one(r)) for r in rows)
        if running:
            await asyncio.gather(*running)

    async def _read_source(self, row: SourceRow, stats: PassStats) -> None:
        now = self.clock()
        spec = self._spec(row)
        self._sources[row.id] = (row, spec)
        policy = spec.policy
        try:
            found = await discover(
                self.fetcher, spec, etag=row.etag, last_modified=row.last_modified
            )
        except (FetchError, InputError) as exc:
            failures = row.failures + 1
            delay = min(policy.max_interval, policy.source_interval * 2 ** (failures - 1))
            retry_after = getattr(exc, "retry_after", None)
            if retry_after:
                delay = max(delay, retry_after)
            await asyncio.to_thread(
                self.repo.finish_source,
                row.id,
                self.owner,
                now=now,
                next_at=now + timedelta(seconds=delay),
                error=str(exc),
            )
            self.on_event(CheckEvent("failed", row.url, message=f"source {row.name}: {exc}"))
            return
        stats.sources += 1
        added = 0
        if not found.not_modified:
            added = await asyncio.to_thread(
                self.repo.add_urls,
                row.id,
                [(f.url, f.published) for f in found.found],
                now=now,
            )
        for problem in found.problems:
            self.on_event(CheckEvent("failed", row.url, message=f"source {row.name}: {problem}"))
        for note in found.notes:
            self.on_event(CheckEvent("notice", row.url, message=f"source {row.name}: {note}"))
        stats.discovered += added
        if added:
            self.on_event(
                CheckEvent("discovered", row.url, message=f"{added} new URL(s) in {row.name}")
            )
        await asyncio.to_thread(
            self.repo.finish_source,
            row.id,
            self.owner,
            now=now,
            next_at=now + timedelta(seconds=policy.source_interval * (1 + 0.1 * self.rng.random())),
            kind=found.kind,
            etag=found.etag,
            last_modified=found.last_modified,
            error="; ".join(found.problems) or None,
            partial=True,
        )

    # ---------------------------------------------------------------- checks
    async def _check(self, task: UrlTask, stats: PassStats) -> None:
        _, spec = await self._source_for(task.source_id)
        now = self.clock()
        try:
            result = await self.fetcher.fetch(
                task.url,
                etag=task.etag,
                last_modified=task.last_modified,
                allow_origins=spec.allowed(),
            )
            if result.not_modified:
                outcome = _Outcome("not_modified", {"last_status": 304})
            else:
                outcome = await asyncio.to_thread(self._process, task, spec, result, now)
        except (RobotsDisallowedError, BlockedAddressError) as exc:
            outcome = _Outcome("blocked", error=str(exc))
        except RetryLaterError as exc:
            outcome = _Outcome("failed", error=str(exc), retry_after=exc.retry_after)
        except HTTPStatusError as exc:
            gone = exc.http_status == 410 or task.failures + 1 >= GONE_AFTER
            kind = "gone" if gone else "failed"
            outcome = _Outcome(kind, {"last_status": exc.http_status}, error=str(exc))
        except (FetchError, ExtractionError, InputError) as exc:
            outcome = _Outcome("failed", error=str(exc))
        except RedlineError as exc:  # a store problem: leave the lease to expire, retry later
            log.error("%s: %s", task.url, exc)
            stats.failed += 1
            return
        await asyncio.to_thread(self._finish, task, spec.policy, outcome, now)
        self._count(outcome, stats)

    def _count(self, outcome: _Outcome, stats: PassStats) -> None:
        stats.checked += 1
        kind = outcome.kind
        if kind == "not_modified":
            stats.not_modified += 1
        elif kind in ("seen", "created", "suspect"):
            setattr(stats, kind, getattr(stats, kind) + 1)
        elif kind == "flipflop":
            stats.flipflops += 1
        elif kind == "duplicate":
            stats.seen += 1
        else:
            stats.failed += 1
        if outcome.event is not None:
            self.on_event(outcome.event)

    def _finish(
        self, task: UrlTask, policy: RecheckPolicy, outcome: _Outcome, now: datetime
    ) -> None:
        values = dict(outcome.values)
        values["last_checked_at"] = now
        values["checks"] = task.checks + 1
        # a flip-flop (back to an earlier text) is not a change for the schedule:
        # an oscillating page is checked less and less often, not at the shortest interval
        changed = outcome.kind == "created"
        flipflops = task.flipflops + (outcome.kind == "flipflop")
        if flipflops != task.flipflops:
            values["flipflops"] = flipflops
        last_changed = now if changed else task.last_changed_at
        if changed:
            values["last_changed_at"] = now
        if outcome.error is None:
            values["failures"] = 0
            values["last_error"] = None
            values["failing_since"] = None
            failures = 0
        else:
            failures = task.failures + 1
            values["failures"] = failures
            values["last_error"] = outcome.error[:2000]
            values["failing_since"] = task.failing_since or now
        state = "active"
        if outcome.kind in ("gone", "blocked", "duplicate"):
            state = "stopped" if outcome.kind == "duplicate" else outcome.kind
            nxt = None
        else:
            nxt = next_check(
                now,
                first_seen=task.discovered_at,
                last_changed=last_changed,
                published=task.published_at,
                failures=failures,
                retry_after=outcome.retry_after,
                policy=policy,
                jitter=self.rng.random(),
                flipflops=flipflops,
            )
            if nxt is None:
                state = "stopped"
        values["state"] = state
        values["next_check_at"] = nxt
        if not self.repo.finish_url(task.id, self.owner, bump_changes=changed, **values):
            log.warning("%s: lease lost before the check finished (checked twice?)", task.url)
        if outcome.error is not None and outcome.event is None:
            outcome.event = CheckEvent(
                outcome.kind if outcome.kind in ("gone", "blocked") else "failed",
                task.url,
                message=outcome.error.removeprefix(f"{task.url}: ")
                + (f"; next try {nxt:%Y-%m-%d %H:%M:%S}Z" if nxt is not None else "; giving up"),
            )
        elif state == "stopped" and outcome.kind != "duplicate":
            outcome.event = outcome.event or CheckEvent(
                "stopped", task.url, message="old enough: no longer checked"
            )

    # ---------------------------------------------------- extraction + store
    def _profile(self, spec: SourceSpec) -> Profile | None:
        data = spec.extractor.get("profile")
        if not isinstance(data, dict):
            return None
        cached = self._profiles.get(spec.name)
        if cached is None or cached[0] != data:
            cached = (data, Profile.from_dict(data))  # compiled once per source
            self._profiles[spec.name] = cached
        return cached[1]

    def _process(
        self, task: UrlTask, spec: SourceSpec, result: FetchResult, now: datetime
    ) -> _Outcome:
        raw = result.content
        base = {
            "last_status": result.status,
            "etag": result.etag,
            "last_modified": result.last_modified,
        }
        unclosed = _unclosed(raw)
        if unclosed and not task.html_unclosed:
            # seen once: maybe a cut transfer; if it stays so, accept the page as it is
            return _Outcome(
                "failed",
                {"html_unclosed": True, "last_status": result.status},
                error="the page ends before </html> (truncated?); will re-check",
            )
        profile = self._profile(spec)
        # the page's own name for itself: several URLs of one page are one article
        canonical = canonical_link(raw, result.final_url) or task.url
        e = extract_article(raw, url=canonical, content_type=result.content_type, profile=profile)
        h = content_hash(e.headline, e.standfirst, e.paragraphs)
        obs = Observation(
            paragraphs=e.paragraphs,
            url=canonical,
            source=spec.name,
            seen_at=now,
            published=e.published,
            updated=e.updated,
            headline=e.headline,
            standfirst=e.standfirst,
            byline=e.byline,
            extractor=e.extractor,
            extractor_version=e.extractor_version,
            raw=raw,
            raw_type=result.content_type,
            origin=f"track:{spec.name}",
        )
        values = {**base, "html_unclosed": unclosed}
        summary = ""
        known = (task.content_hash, self._equivalent.get(task.id))
        if task.content_hash is not None and h in known:
            if h != task.content_hash:  # artefact-only variant seen before
                obs = self._as_current(task, obs)
            r = self.store.record_version(obs)
        else:
            previous = self._baseline(task, e, profile) if task.content_hash is not None else None
            settled = settle_capture(previous, e)
            d = settled.decision
            if settled.kind == "suspect":
                if previous is not None:
                    # kept, with its raw page, as a sighting of the current version:
                    # listed by `redline health`, never a version
                    self.store.record_version(self._as_current(task, obs))
                return _Outcome(
                    "suspect",
                    values,
                    error="extraction looks degraded: " + "; ".join(d.reasons),
                    event=CheckEvent("suspect", task.url, task.version, "; ".join(d.reasons)),
                )
            if settled.kind == "version":
                r = self.store.record_version(obs)
                summary = (
                    d.comparison.summary()
                    if d.comparison is not None and d.comparison.changed
                    else ", ".join(x for x in d.reasons if x.endswith("changed"))
                )
            else:
                self._equivalent[task.id] = h
                r = self.store.record_version(self._as_current(task, obs))
        values.update(article_id=r.article_id, version=r.version)
        if r.status in ("created", "flipflop"):
            values["content_hash"] = h
            self._remember(r.article_id, r.version, e)
            self._equivalent.pop(task.id, None)
        outcome = _Outcome("seen", values)
        if r.status == "created":
            kind = "new" if r.version == 1 else "changed"
            headline = (e.headline or "")[:80]
            msg = headline if r.version == 1 else (summary or "changed")
            outcome = _Outcome("created", values, CheckEvent(kind, task.url, r.version, msg))
        elif r.status == "flipflop":
            event = None
            if task.flipflops == 0:  # said once; then the page is simply checked less often
                event = CheckEvent(
                    "flipflop",
                    task.url,
                    r.version,
                    f"back to the text of version {r.version}: the page alternates "
                    "between texts; checked less often from now on",
                )
            outcome = _Outcome("flipflop", values, event)
        elif task.content_hash is None:
            values["content_hash"] = h
        if canonical != task.url and self._tracked_elsewhere(task, canonical):
            # an alias of a page tracked under its canonical URL: recorded there, and
            # this URL is not checked again
            return _Outcome(
                "duplicate",
                values,
                outcome.event
                or CheckEvent(
                    "duplicate", task.url, r.version, f"same page as {canonical}; not re-checked"
                ),
            )
        return outcome

    def _tracked_elsewhere(self, task: UrlTask, canonical: str) -> bool:
        """Whether *canonical* is tracked as a URL of its own (then *task* is an alias)."""
        try:
            other = self.repo.url_state(canonical)
        except RedlineError:
            return False
        return bool(other["id"] != task.id)

    def _as_current(self, task: UrlTask, obs: Observation) -> Observation:
        """*obs* carrying the current version's text: a capture that differs from it
        only by extraction artefacts is recorded as a sighting of it."""
        if task.article_id is None or task.version is None:
            return obs
        cur = self.store.version(task.article_id, task.version)
        return replace(
            obs, paragraphs=cur.paragraphs, headline=cur.headline, standfirst=cur.standfirst
        )

    def _remember(self, article_id: int, version: int, e: Extraction) -> None:
        self._baselines[(article_id, version)] = e
        self._baselines.move_to_end((article_id, version))
        while len(self._baselines) > 4096:
            self._baselines.popitem(last=False)

    def _baseline(self, task: UrlTask, new: Extraction, profile: Profile | None) -> Extraction:
        """The current version's extraction, made the same way as *new* (like with like)."""
        assert task.article_id is not None and task.version is not None
        key = (task.article_id, task.version)
        cached = self._baselines.get(key)
        if cached is not None and cached.method == new.method:
            return cached
        cur = self.store.version(task.article_id, task.version)
        stored = StoredText(cur.paragraphs, cur.headline, cur.standfirst, cur.info.byline)
        raw = self.store.raw(cur.raw_blob) if cur.raw_blob else None
        e = current_extraction(new, stored, raw=raw, url=task.url, profile=profile)
        self._remember(*key, e)
        return e
