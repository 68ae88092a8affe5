"""What the watcher runs after each pass (and ``redline notify send`` on demand).

One :meth:`Outbox.run_once`:

1. the change index (:func:`redline.changes.index_pending`) explains the new
   versions and queues each new change for channels and webhooks (keeping the web's
   drawn diff bodies with each comparison, as the server's indexer does, when the
   web's dependencies are installed);
2. captures of new versions of archived sources are queued and sent (spaced);
3. due channel deliveries are posted.

Every step is guarded: an error is logged and the next step runs. The
:class:`OutboxThread` runs it beside the watcher, woken after each pass, so a
slow or failing channel never holds up tracking.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from redline.changes import index_pending
from redline.changes.cache import Draw
from redline.notify.archive import Archiver, ArchiveStats
from redline.notify.queue import change_notifier
from redline.notify.sender import Sender, SendStats
from redline.store import Store

__all__ = ["NOTIFY_WINDOW", "Outbox", "OutboxStats", "OutboxThread"]

LOG = logging.getLogger(__name__)
#: channels and webhooks hear of versions seen at most this long ago
NOTIFY_WINDOW = timedelta(days=2)


def _web_draw() -> Draw | None:
    """The web's diff drawing (kept with each comparison), when the web is installed."""
    try:
        from redline.web.drawn import pack
    except ImportError:
        return None
    return pack


@dataclass
class OutboxStats:
    changes: int = 0
    queued: int = 0
    archive: ArchiveStats = field(default_factory=ArchiveStats)
    sent: SendStats = field(default_factory=SendStats)
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.changes} change(s) indexed, {self.queued} delivery(ies) queued; "
            f"posts: {self.sent.line()}; archive: {self.archive.line()}"
        )


class Outbox:
    def __init__(
        self,
        store: Store,
        *,
        base_url: str = "",
        sender: Sender | None = None,
        archiver: Archiver | None = None,
        index_rounds: int = 20,
    ) -> None:
        self.store = store
        self.base_url = base_url
        self.sender = sender or Sender(store, base_url=base_url)
        self.archiver = archiver or Archiver(store.engine)
        self.index_rounds = index_rounds
        self.draw = _web_draw()

    def close(self) -> None:
        self.archiver.close()

    def run_once(self) -> OutboxStats:
        stats = OutboxStats()
        now = datetime.now(UTC)
        try:
            notify = change_notifier(self.store.engine)
            for _ in range(self.index_rounds):
                result = index_pending(
                    self.store,
                    limit=200,
                    notify=notify,
                    base_url=self.base_url,
                    notify_after=now - NOTIFY_WINDOW,
                    draw=self.draw,
                )
                stats.changes += result.changes
                stats.queued += result.notified
                if result.versions < 200:
                    break
        except Exception as exc:  # the other steps still run
            LOG.exception("indexing new versions failed")
            stats.errors.append(f"index: {type(exc).__name__}: {exc}")
        try:
            stats.archive.queued = self.archiver.enqueue_new()
            ran = self.archiver.run_once()
            stats.archive.done, stats.archive.failed = ran.done, ran.failed
            stats.archive.retried = ran.retried
        except Exception as exc:
            LOG.exception("archiving new versions failed")
            stats.errors.append(f"archive: {type(exc).__name__}: {exc}")
        try:
            stats.sent = self.sender.run_once()
        except Exception as exc:
            LOG.exception("sending notifications failed")
            stats.errors.append(f"send: {type(exc).__name__}: {exc}")
        return stats


class OutboxThread:
    """Runs :meth:`Outbox.run_once` in a thread: when woken, and every *interval* seconds."""

    def __init__(self, outbox: Outbox, *, interval: float = 30.0) -> None:
        self.outbox = outbox
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="redline-outbox", daemon=True)
        self.runs = 0

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=timeout)
        self.outbox.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.outbox.run_once()
            except Exception:  # pragma: no cover - run_once guards each step already
                LOG.exception("outbox run failed")
            self.runs += 1
