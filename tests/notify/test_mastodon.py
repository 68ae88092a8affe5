"""Posting to Mastodon through real Apprise, against a loopback stand-in of its API
that checks the token, keeps each status and upload, and validates replies."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from redline.changes import index_pending
from redline.notify.channels import add_channel
from redline.notify.health import notifications_report
from redline.notify.queue import notifier
from redline.notify.sender import Sender
from redline.notify.tables import deliveries
from redline.store import Store
from tests.notify.conftest import NOW, after, record
from tests.notify.receivers import MastodonStandIn

BASE = "https://redline.example"
V1 = "Winds reach 80mph. Roads shut."
V2 = "Winds reach 95mph. Roads shut."
V3 = "Winds reach 95mph. Roads shut. The bridge reopened at noon."


def sender(store: Store) -> Sender:
    return Sender(store, base_url=BASE, jitter=False, base_delay=1.0)


def queue(store: Store) -> int:
    return index_pending(store, notify=notifier(store.engine), base_url=BASE).notified


def test_status_text_image_alt_text_and_threading(store: Store, mastodon: MastodonStandIn) -> None:
    add_channel(store.engine, mastodon.url, name="bot", allow_origins=[mastodon.origin])
    storm = record(store, "https://news.example/storm", [V1, V2])
    queue(store)
    assert sender(store).run_once().sent == 1
    # the story changes again, and another story changes
    record(store, "https://news.example/storm", [V3], start=NOW)
    other = record(
        store, "https://news.example/vote", ["Turnout was 40%.", "Turnout was 44%."],
        headline="Council vote",
    )  # fmt: skip
    assert queue(store) == 2
    assert sender(store).run_once().sent == 2

    first, second, third = mastodon.statuses
    assert first["status"].splitlines() == [
        "Storm closes roads",
        "v1 → v2: 1 fact updated (80mph → 95mph)",
        f"{BASE}/stories/{storm}/diff/1/2",
    ]
    assert "in_reply_to_id" not in first
    assert second["status"].startswith("Storm closes roads\nv2 → v3: ")
    assert second["in_reply_to_id"] == first["id"]  # a thread under the first post
    assert third["status"].startswith("Council vote\n")
    assert f"{BASE}/stories/{other}/diff/1/2" in third["status"]
    assert "in_reply_to_id" not in third  # another story: a post of its own
    for status in mastodon.statuses:
        assert len(status["status"]) <= 500
        [mid] = status["media_ids"]
        media = mastodon.media[mid]
        image = Image.open(io.BytesIO(media["bytes"]))
        assert image.format == "PNG" and image.size == (1200, 630)
        assert media["description"].startswith("Card of a change to “")
    assert "Before: “Winds reach 80mph.”" in mastodon.media[first["media_ids"][0]]["description"]
    assert (
        "After: “The bridge reopened at noon.”"
        in (mastodon.media[second["media_ids"][0]]["description"])
    )
    with store.engine.connect() as conn:
        ids = [r.remote_id for r in conn.execute(select(deliveries).order_by(deliveries.c.id))]
    assert ids == [s["id"] for s in mastodon.statuses]


def test_a_long_change_is_trimmed_to_500_characters(
    store: Store, mastodon: MastodonStandIn
) -> None:
    add_channel(store.engine, mastodon.url, allow_origins=[mastodon.origin])
    long_old = " ".join(f"Sentence number {k} says something about the storm." for k in range(40))
    long_new = " ".join(f"Line {k} now says something else entirely, at length." for k in range(40))
    story = record(store, "https://news.example/long", [long_old, long_new], headline="H " * 300)
    queue(store)
    assert sender(store).run_once().sent == 1
    [status] = mastodon.statuses
    assert len(status["status"]) <= 500
    assert status["status"].endswith(f"{BASE}/stories/{story}/diff/1/2")
    assert "…" in status["status"]


def test_a_wrong_token_fails_at_once_and_shows_in_health(
    store: Store, mastodon: MastodonStandIn
) -> None:
    url = mastodon.url.replace(mastodon.token, "not-the-token")
    add_channel(store.engine, url, name="broken", allow_origins=[mastodon.origin])
    record(store, "https://news.example/storm", [V1, V2])
    queue(store)
    stats = sender(store).run_once()
    assert stats.failed == 1 and mastodon.statuses == []
    with store.engine.connect() as conn:
        [row] = list(conn.execute(select(deliveries)))
    assert (row.state, row.attempts) == ("failed", 1) and "401" in row.last_result
    report = notifications_report(store.engine)
    assert report["failing"] == ["broken"]
    [ch] = report["channels"]
    assert ch["failed_24h"] == 1 and "not-the-token" not in ch["url"]
    assert "not-the-token" not in (ch["last_error"] or "")


def test_a_server_error_is_retried_and_the_thread_still_holds(
    store: Store, mastodon: MastodonStandIn
) -> None:
    add_channel(store.engine, mastodon.url, allow_origins=[mastodon.origin])
    record(store, "https://news.example/storm", [V1, V2])
    queue(store)
    s = sender(store)
    assert s.run_once().sent == 1
    record(store, "https://news.example/storm", [V3], start=NOW)
    queue(store)
    mastodon.script = [503]  # the image upload fails once
    assert s.run_once().retried == 1
    assert len(mastodon.statuses) == 1
    assert s.run_once(now=after(minutes=5)).sent == 1
    first, second = mastodon.statuses
    assert second["in_reply_to_id"] == first["id"]
    assert notifications_report(store.engine)["failing"] == []
