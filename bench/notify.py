"""Posting cost: changes indexed, queued and posted through Apprise to the loopback
Mastodon stand-in (card drawn, uploaded with alt text, status posted, threaded).

Prints the time per post split into drawing the share card and the Apprise send
(upload + status over loopback HTTP), and the queueing cost per change.

Usage: ``python bench/notify.py [--stories 10] [--changes 3]``
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.notify.receivers import MastodonStandIn  # noqa: E402

from redline.changes import index_pending  # noqa: E402
from redline.notify.channels import add_channel  # noqa: E402
from redline.notify.queue import notifier  # noqa: E402
from redline.notify.sender import Sender  # noqa: E402
from redline.store import Observation, Store  # noqa: E402

TEXT = (
    "Winds reached {n}mph overnight, the Met Office said. Two roads were shut near the coast. "
    "Engineers worked through the night to restore power to {k} homes. "
    "The council said schools would open as usual on Monday."
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=10)
    ap.add_argument("--changes", type=int, default=3)
    args = ap.parse_args()
    start = datetime.now(UTC) - timedelta(hours=1)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/bench.sqlite3")
        mastodon = MastodonStandIn()
        try:
            add_channel(store.engine, mastodon.url, allow_origins=[mastodon.origin])
            for s in range(args.stories):
                for v in range(args.changes + 1):
                    store.record_version(
                        Observation.from_text(
                            TEXT.format(n=70 + 5 * v, k=1000 * (v + 1)),
                            url=f"https://news.example/{s}",
                            headline=f"Storm story {s}",
                            seen_at=start + timedelta(minutes=v),
                        )
                    )
            t0 = time.perf_counter()
            queued = index_pending(store, notify=notifier(store.engine)).notified
            t_index = time.perf_counter() - t0
            sender = Sender(store, base_url="https://r.example")
            card_time = 0.0
            original = sender.card

            def timed_card(*a, **kw):  # type: ignore[no-untyped-def]
                nonlocal card_time
                t = time.perf_counter()
                try:
                    return original(*a, **kw)
                finally:
                    card_time += time.perf_counter() - t

            sender.card = timed_card  # type: ignore[method-assign]
            t0 = time.perf_counter()
            stats = sender.run_once()
            t_send = time.perf_counter() - t0
            replies = sum(1 for st in mastodon.statuses if st.get("in_reply_to_id"))
        finally:
            mastodon.close()
            store.close()
    posts = stats.sent
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    print(f"changes queued: {queued}; posted: {posts}; replies in threads: {replies}")
    print(f"index + queue: {1000 * t_index / max(queued, 1):.1f} ms per change")
    print(
        f"post: {1000 * t_send / max(posts, 1):.1f} ms per post "
        f"(share card {1000 * card_time / max(posts, 1):.1f} ms, "
        f"Apprise upload + status {1000 * (t_send - card_time) / max(posts, 1):.1f} ms)"
    )


if __name__ == "__main__":
    main()
