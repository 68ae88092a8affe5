"""Draw docs/img/notify-mastodon-post.png: a post as the loopback Mastodon stand-in got it.

Records the two seed versions of the bundled BBC article, adds a Mastodon channel
pointing at the stand-in (tests/notify/receivers.py), lets the sender post the
change through Apprise, then renders what the stand-in received (status text,
image, alt text, reply id) as a small HTML page and screenshots it with headless
Chromium. Nothing leaves 127.0.0.1.

    .venv/bin/python scripts/notify_screenshot.py
"""

from __future__ import annotations

import base64
import html
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.conftest import SEED_NEW, SEED_OLD  # noqa: E402
from tests.notify.receivers import MastodonStandIn  # noqa: E402

from redline.changes import index_pending  # noqa: E402
from redline.notify.channels import add_channel  # noqa: E402
from redline.notify.queue import notifier  # noqa: E402
from redline.notify.sender import Sender  # noqa: E402
from redline.store import Observation, Store  # noqa: E402

OUT = ROOT / "docs" / "img" / "notify-mastodon-post.png"
BASE = "https://redline.example"
URL = "https://www.bbc.co.uk/sport/athletics/66594820"
HEADLINE = "Kerr stuns Ingebrigtsen to win world 1500m gold"

PAGE = """<!doctype html><meta charset="utf-8"><style>
body {{ font: 15px/1.45 "DejaVu Sans", sans-serif; background: #eef0f4; margin: 0; padding: 24px; }}
.post {{ width: 600px; background: #fff; border-radius: 10px; padding: 16px 20px;
        box-shadow: 0 1px 3px #0002; }}
.who {{ font-weight: bold; }} .who small {{ color: #666; font-weight: normal; }}
.status {{ white-space: pre-wrap; margin: 10px 0; word-break: break-word; }}
img {{ width: 100%; border-radius: 8px; border: 1px solid #ddd; }}
.meta {{ color: #555; font-size: 12px; margin-top: 10px; }}
.meta b {{ color: #333; }}
h1 {{ font-size: 13px; color: #555; font-weight: normal; margin: 0 0 12px; }}
</style>
<h1>Received by the Mastodon API stand-in (POST /api/v1/media, POST /api/v1/statuses)</h1>
<div class="post">
  <div class="who">redline <small>@redline · status {sid}{reply}</small></div>
  <div class="status">{status}</div>
  <img alt="{alt}" src="data:image/png;base64,{png}">
  <div class="meta"><b>alt text</b> (media description): {alt}</div>
</div>
"""


def main() -> None:
    now = datetime.now(UTC) - timedelta(minutes=5)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/shot.sqlite3")
        mastodon = MastodonStandIn()
        try:
            add_channel(store.engine, mastodon.url, name="bot", allow_origins=[mastodon.origin])
            for k, path in enumerate((SEED_OLD, SEED_NEW)):
                store.record_version(
                    Observation.from_text(
                        path.read_text(encoding="utf-8"),
                        url=URL,
                        headline=HEADLINE,
                        source="bbc",
                        seen_at=now + timedelta(minutes=k),
                    )
                )
            index_pending(store, notify=notifier(store.engine), base_url=BASE)
            stats = Sender(store, base_url=BASE).run_once()
            assert stats.sent == 1, stats.details
            [status] = mastodon.statuses
            media = mastodon.media[status["media_ids"][0]]
        finally:
            mastodon.close()
            store.close()
    reply = status.get("in_reply_to_id")
    page = PAGE.format(
        sid=html.escape(status["id"]),
        reply=f" · in reply to {html.escape(reply)}" if reply else "",
        status=html.escape(status["status"]),
        alt=html.escape(media["description"]),
        png=base64.b64encode(media["bytes"]).decode("ascii"),
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        tab = browser.new_page(viewport={"width": 660, "height": 400})
        tab.set_content(page)
        tab.locator(".post").screenshot(path=str(OUT))
        browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
