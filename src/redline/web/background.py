"""The server's background thread: index new versions, then send due webhook deliveries."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from redline.changes import index_pending
from redline.notify.queue import change_notifier
from redline.web import drawn
from redline.web.context import WebContext
from redline.web.webhooks import Dispatcher

__all__ = ["BackgroundWorker"]

LOG = logging.getLogger(__name__)
#: webhooks and channels hear of versions seen at most this long ago (not of a whole
#: archive indexed late)
NOTIFY_WINDOW = timedelta(days=2)


class BackgroundWorker:
    """Indexes new versions (the change index) and sends due webhook deliveries."""

    def __init__(self, web: WebContext) -> None:
        self.web = web
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="redline-web-worker", daemon=True)
        self.dispatcher = Dispatcher(web.engine, base_delay=web.settings.webhook_base_delay)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.dispatcher.close()

    def run_once(self) -> None:
        while True:
            result = index_pending(
                self.web.store,
                limit=200,
                notify=change_notifier(self.web.engine),  # webhooks and notification channels
                base_url=self.web.settings.base_url,
                notify_after=datetime.now(UTC) - NOTIFY_WINDOW,
                draw=drawn.pack,  # diff pages then show these bodies as they are
            )
            if result.versions < 200 or self._stop.is_set():
                break
        self.dispatcher.run_once()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # keep serving pages whatever happens here
                LOG.exception("background indexing or delivery failed")
            self._stop.wait(self.web.settings.index_interval)
