"""Delivery through real Apprise to its ``json://`` target, a receiver on 127.0.0.1:
message, share card, retries with back-off, rate limits, the address guard, masking."""

from __future__ import annotations

import base64
import io
import logging
import socket
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from redline.changes import index_pending
from redline.notify.channels import add_channel
from redline.notify.queue import notifier
from redline.notify.sender import Sender
from redline.notify.tables import deliveries
from redline.store import Store
from tests.notify.conftest import after, record
from tests.notify.receivers import JsonReceiver

BASE = "https://redline.example"
V1 = "Winds reach 80mph. Roads shut."
V2 = "Winds reach 95mph. Roads shut."


def queue(store: Store) -> int:
    return index_pending(store, notify=notifier(store.engine), base_url=BASE).notified


def rows(store: Store) -> list:
    with store.engine.connect() as conn:
        return list(conn.execute(select(deliveries).order_by(deliveries.c.id)))


def sender(store: Store, **kw: object) -> Sender:
    return Sender(store, base_url=BASE, jitter=False, **kw)  # type: ignore[arg-type]


def test_a_change_is_posted_with_card_and_alt_text(
    store: Store, json_receiver: JsonReceiver
) -> None:
    add_channel(store.engine, json_receiver.url, name="chat", allow_origins=[json_receiver.origin])
    story = record(store, "https://news.example/storm", [V1, V2])
    assert queue(store) == 1
    stats = sender(store).run_once()
    assert (stats.sent, stats.failed) == (1, 0)
    [post] = json_receiver.delivered
    assert post["title"] == "Storm closes roads"
    assert post["message"].splitlines() == [
        "v1 → v2: 1 fact updated (80mph → 95mph)",
        f"{BASE}/stories/{story}/diff/1/2",
    ]
    [card] = post["attachments"]
    assert card["mimetype"] == "image/png"
    image = Image.open(io.BytesIO(base64.b64decode(card["base64"])))
    assert image.format == "PNG" and image.size == (1200, 630)
    alt = card["filename"]  # Apprise sends the attachment's name; Mastodon takes it as alt text
    assert "Before: “Winds reach 80mph.”" in alt and "After: “Winds reach 95mph.”" in alt
    [row] = rows(store)
    assert (row.state, row.attempts, row.last_result) == ("sent", 1, "sent")
    assert sender(store).run_once().sent == 0  # sent once only


def test_failures_worth_retrying_back_off_then_succeed(
    store: Store, json_receiver: JsonReceiver
) -> None:
    add_channel(store.engine, json_receiver.url, allow_origins=[json_receiver.origin])
    record(store, "https://news.example/storm", [V1, V2])
    queue(store)
    json_receiver.script = [503, 429]
    s = sender(store, base_delay=60.0)
    assert s.run_once().retried == 1
    [row] = rows(store)
    assert row.state == "pending" and row.attempts == 1 and "503" in row.last_result
    first_wait = (row.due_at - row.created_at).total_seconds()
    assert 59 <= first_wait <= 75
    assert s.run_once().sent == 0  # not due yet: nothing sent
    assert len(json_receiver.posts) == 1
    later = after(minutes=2)
    assert s.run_once(now=later).retried == 1
    [row] = rows(store)
    assert row.attempts == 2 and "429" in row.last_result
    second_wait = row.due_at.replace(tzinfo=None) - row.created_at.replace(tzinfo=None)
    assert second_wait.total_seconds() >= 110  # 60 s, then 120 s
    assert s.run_once(now=after(minutes=10)).sent == 1
    assert [p["status"] for p in json_receiver.posts] == [503, 429, 200]
    [row] = rows(store)
    assert (row.state, row.attempts) == ("sent", 3)


def test_refusals_fail_at_once_and_attempts_are_bounded(
    store: Store, json_receiver: JsonReceiver
) -> None:
    add_channel(store.engine, json_receiver.url, allow_origins=[json_receiver.origin])
    record(store, "https://news.example/a", [V1, V2])
    record(store, "https://news.example/b", [V1, V2])
    queue(store)
    json_receiver.script = [400, 500, 500]
    s = sender(store, base_delay=0.0, max_attempts=2)
    stats = s.run_once()
    assert (stats.failed, stats.retried) == (1, 1)  # 400: failed; 500: retried, channel rests
    first, second = rows(store)
    assert (first.state, first.attempts) == ("failed", 1) and "400" in first.last_result
    assert second.state == "pending"
    assert s.run_once(now=after(seconds=5)).failed == 1
    assert rows(store)[1].state == "failed" and rows(store)[1].attempts == 2
    assert len(json_receiver.posts) == 3


def test_rate_limit_per_channel_then_stale(store: Store, json_receiver: JsonReceiver) -> None:
    add_channel(
        store.engine, json_receiver.url, max_per_hour=2, allow_origins=[json_receiver.origin]
    )
    for k in range(5):
        record(store, f"https://news.example/{k}", [V1, V2 + f" Update {k}."])
    assert queue(store) == 5
    s = sender(store)
    stats = s.run_once()
    assert (stats.sent, stats.waiting) == (2, 3)
    waiting = [r for r in rows(store) if r.state == "pending"]
    sent_at = max(r.sent_at for r in rows(store) if r.state == "sent")
    for r in waiting:
        assert r.last_result == "rate limit: 2 per hour"
        wait = r.due_at.replace(tzinfo=None) - sent_at.replace(tzinfo=None)
        assert timedelta(minutes=59) < wait <= timedelta(hours=1)
    assert s.run_once(now=after(minutes=30)).sent == 0
    stats = s.run_once(now=after(minutes=61))  # the first two left the window
    assert (stats.sent, stats.waiting) == (2, 1)
    stats = s.run_once(now=after(hours=25))
    assert stats.skipped == 1
    assert [r.state for r in rows(store)] == ["sent", "sent", "sent", "sent", "skipped"]
    assert rows(store)[-1].last_result.startswith("stale")
    assert len(json_receiver.delivered) == 4


def test_one_failing_channel_does_not_hold_up_another(
    store: Store, json_receiver: JsonReceiver
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: connection refused
    add_channel(
        store.engine, f"json://127.0.0.1:{port}/", name="down",
        allow_origins=[f"http://127.0.0.1:{port}"],
    )  # fmt: skip
    add_channel(store.engine, json_receiver.url, name="up", allow_origins=[json_receiver.origin])
    record(store, "https://news.example/a", [V1, V2])
    record(store, "https://news.example/b", [V1, V2])
    queue(store)
    stats = sender(store).run_once()
    assert stats.sent == 2 and stats.retried == 1  # the second of "down" waits its back-off
    assert len(json_receiver.delivered) == 2
    down = [r for r in rows(store) if r.channel_id == 1]
    assert [r.state for r in down] == ["pending", "pending"]
    assert sorted(r.attempts for r in down) == [0, 1]  # one tried (refused), one left for later


def test_the_address_guard_refuses_loopback_unless_allowed(
    store: Store, json_receiver: JsonReceiver
) -> None:
    add_channel(store.engine, json_receiver.url, name="unlisted")
    record(store, "https://news.example/a", [V1, V2])
    queue(store)
    stats = sender(store).run_once()
    assert stats.failed == 1 and json_receiver.posts == []
    [row] = rows(store)
    assert row.state == "failed" and "not a public address" in row.last_result
    assert "--allow-origin " + json_receiver.origin in row.last_result


def test_secrets_never_reach_logs_or_the_store(
    store: Store, json_receiver: JsonReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "pa55-W0rd-never-shown"
    url = json_receiver.url.replace("json://", f"json://editor:{secret}@")
    add_channel(store.engine, url, name="auth", allow_origins=[json_receiver.origin])
    record(store, "https://news.example/a", [V1, V2])
    queue(store)
    json_receiver.script = [500]
    caplog.set_level(logging.DEBUG)
    sender(store, max_attempts=1).run_once()
    [row] = rows(store)
    assert row.state == "failed" and "500" in row.last_result
    assert secret not in caplog.text and secret not in (row.last_result or "")
    assert "delivery 1 to channel auth: failed" in caplog.text
