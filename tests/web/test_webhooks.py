"""Webhooks against a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from redline.changes import index_pending
from redline.store import Observation, Store
from redline.web.tables import webhook_attempts, webhook_deliveries
from redline.web.webhooks import Dispatcher, add_webhook, notifier, verify
from tests.notify.receivers import LoopbackServer, QuietHandler
from tests.web.stories import T0

SECRET = "a-very-secret-webhook-key"


class Receiver(LoopbackServer):
    """Records every POST; answers with the next scripted status (then 200)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: list[int] = []
        receiver = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append(
                    {"headers": dict(self.headers), "body": body, "at": time.monotonic()}
                )
                status = receiver.script.pop(0) if receiver.script else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.serve(Handler)
        self.url = f"{self.origin}/hook"


@pytest.fixture()
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    r = Receiver()
    # the receiver is on loopback: its origin must be allowed for deliveries
    monkeypatch.setenv("REDLINE_WEBHOOK_ALLOW_ORIGINS", r.url.removesuffix("/hook"))
    yield r
    r.close()


def _record(store: Store, url: str, texts: list[str], start: datetime = T0) -> None:
    for k, text in enumerate(texts):
        store.record_version(
            Observation.from_text(
                text, url=url, headline="Storm", seen_at=start + timedelta(minutes=k)
            )
        )


def _run(dispatcher: Dispatcher, until: float = 5.0, rounds: int = 50) -> None:
    end = time.monotonic() + until
    for _ in range(rounds):
        dispatcher.run_once()
        if time.monotonic() > end:
            break
        time.sleep(0.05)


def test_change_is_delivered_signed(fresh_store: Store, receiver: Receiver) -> None:
    add_webhook(fresh_store.engine, receiver.url, SECRET)
    _record(
        fresh_store,
        "https://x.test/a",
        ["Winds reach 80mph. Roads shut.", "Winds reach 95mph. Roads shut."],
    )
    assert (
        index_pending(
            fresh_store, notify=notifier(fresh_store.engine), base_url="http://127.0.0.1:1"
        ).notified
        == 1
    )
    dispatcher = Dispatcher(fresh_store.engine, base_delay=0.05, jitter=False)
    dispatcher.run_once()
    assert len(receiver.requests) == 1
    req = receiver.requests[0]
    headers = {k.lower(): v for k, v in req["headers"].items()}
    assert headers["x-redline-event"] == "story.changed"
    assert verify(
        SECRET, headers["x-redline-timestamp"], req["body"], headers["x-redline-signature"]
    )
    assert not verify(
        "another-secret-of-16+",
        headers["x-redline-timestamp"],
        req["body"],
        headers["x-redline-signature"],
    )
    assert not verify(
        SECRET, headers["x-redline-timestamp"], req["body"] + b" ", headers["x-redline-signature"]
    )
    payload = json.loads(req["body"])
    assert payload["version"] == 2 and payload["previous"] == 1
    assert "fact_update" in payload["classes"] and "80mph" in payload["summary"]
    assert payload["diff"] == f"http://127.0.0.1:1/stories/{payload['story']['id']}/diff/1/2"
    dispatcher.run_once()
    assert len(receiver.requests) == 1  # delivered once only
    dispatcher.close()


def test_failures_are_retried_with_backoff_and_logged(
    fresh_store: Store, receiver: Receiver
) -> None:
    receiver.script = [500, 503]
    add_webhook(fresh_store.engine, receiver.url, SECRET)
    _record(fresh_store, "https://x.test/b", ["Toll is 3.", "Toll is 4."])
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    dispatcher = Dispatcher(fresh_store.engine, base_delay=0.2, jitter=False)
    _run(dispatcher, until=3.0)
    assert len(receiver.requests) == 3
    gaps = [
        b["at"] - a["at"] for a, b in zip(receiver.requests, receiver.requests[1:], strict=False)
    ]
    assert gaps[0] >= 0.18 and gaps[1] >= 0.38  # 0.2 s, then 0.4 s
    with fresh_store.engine.connect() as conn:
        delivery = conn.execute(select(webhook_deliveries)).one()
        attempts = conn.execute(select(webhook_attempts).order_by(webhook_attempts.c.id)).all()
    assert delivery.state == "delivered" and delivery.attempts == 3
    assert [a.status_code for a in attempts] == [500, 503, 200]
    dispatcher.close()


def test_gives_up_after_max_attempts_and_on_client_errors(
    fresh_store: Store, receiver: Receiver
) -> None:
    receiver.script = [500] * 10
    add_webhook(fresh_store.engine, receiver.url, SECRET)
    _record(fresh_store, "https://x.test/c", ["Toll is 3.", "Toll is 4."])
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    dispatcher = Dispatcher(fresh_store.engine, base_delay=0.01, jitter=False, max_attempts=3)
    _run(dispatcher, until=2.0)
    assert len(receiver.requests) == 3
    receiver.script = [410]
    _record(fresh_store, "https://x.test/c", ["Toll is 5."], start=T0 + timedelta(hours=1))
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    _run(dispatcher, until=0.5)
    assert len(receiver.requests) == 4  # a 410 is not retried
    with fresh_store.engine.connect() as conn:
        states = [r.state for r in conn.execute(select(webhook_deliveries))]
    assert states == ["failed", "failed"]
    dispatcher.close()


def test_unreachable_receiver_is_retried(fresh_store: Store) -> None:
    add_webhook(fresh_store.engine, "http://127.0.0.1:9/nothing", SECRET)
    _record(fresh_store, "https://x.test/d", ["Toll is 3.", "Toll is 4."])
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    dispatcher = Dispatcher(
        fresh_store.engine,
        base_delay=0.01,
        jitter=False,
        max_attempts=2,
        timeout=1,
        allow_origins=["http://127.0.0.1:9"],
    )
    _run(dispatcher, until=1.0)
    with fresh_store.engine.connect() as conn:
        delivery = conn.execute(select(webhook_deliveries)).one()
        errors = [a.error for a in conn.execute(select(webhook_attempts))]
    assert delivery.state == "failed" and delivery.attempts == 2
    assert all(e and "Connect" in e for e in errors)
    dispatcher.close()


def test_filters_by_significance_and_class(fresh_store: Store, receiver: Receiver) -> None:
    add_webhook(fresh_store.engine, receiver.url, SECRET, min_level="major")
    add_webhook(
        fresh_store.engine, receiver.url + "?typo", SECRET, classes=("punctuation_spelling",)
    )
    _record(fresh_store, "https://x.test/e", ["The mayor, said no.", "The mayor said no."])
    _record(fresh_store, "https://x.test/f", ["Five people died.", "Seven people died."])
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    Dispatcher(fresh_store.engine, jitter=False).run_once()
    got = sorted(
        (r["headers"].get("X-Redline-Event", ""), json.loads(r["body"])["story"]["url"])
        for r in receiver.requests
    )
    urls = [u for _, u in got]
    assert urls.count("https://x.test/f") == 1  # the fact update reached the "major" hook only
    assert urls.count("https://x.test/e") == 1  # the comma reached the punctuation hook only
    assert len(urls) == 2


def test_digest_batches_changes_per_story(fresh_store: Store, receiver: Receiver) -> None:
    add_webhook(fresh_store.engine, receiver.url, SECRET, digest_seconds=3600)
    _record(fresh_store, "https://x.test/g", ["Toll is 3.", "Toll is 4.", "Toll is 6."])
    _record(fresh_store, "https://x.test/h", ["Rain at 9.", "Rain at 10."])
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    dispatcher = Dispatcher(fresh_store.engine, jitter=False)
    dispatcher.run_once()
    assert receiver.requests == []  # nothing before the digest period is over
    later = datetime.now(UTC) + timedelta(hours=2)
    _record(fresh_store, "https://x.test/g", ["Toll is 8."], start=T0 + timedelta(hours=1))
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    dispatcher.run_once(now=later)
    bodies = [json.loads(r["body"]) for r in receiver.requests]
    assert sorted(b["story"]["url"] for b in bodies) == ["https://x.test/g", "https://x.test/h"]
    g = next(b for b in bodies if b["story"]["url"] == "https://x.test/g")
    assert g["event"] == "story.digest" and g["count"] == 3
    assert [c["version"] for c in g["changes"]] == [2, 3, 4]
    dispatcher.close()


def test_webhook_admin_pages(fresh_store: Store, receiver: Receiver) -> None:
    import re

    from fastapi.testclient import TestClient

    from redline.web.accounts import set_admin_password
    from redline.web.app import create_app

    set_admin_password(fresh_store.engine, "editor", "hooks password")
    with TestClient(create_app(fresh_store)) as c:
        assert c.get("/admin/webhooks", follow_redirects=False).status_code == 303
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
        c.post("/login", data={"username": "editor", "password": "hooks password", "csrf": token})
        page = c.get("/admin/webhooks").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        bad = c.post(
            "/admin/webhooks", data={"url": receiver.url, "secret": "short", "csrf": token}
        )
        assert bad.status_code == 400 and "at least 16" in bad.text
        ok = c.post(
            "/admin/webhooks",
            data={
                "url": receiver.url,
                "secret": SECRET,
                "min_level": "minor",
                "classes": "fact_update",
                "digest_minutes": "0",
                "csrf": token,
            },
            follow_redirects=False,
        )
        assert ok.status_code == 303
        _record(fresh_store, "https://x.test/w", ["Toll is 3.", "Toll is 4."])
        index_pending(fresh_store, notify=notifier(fresh_store.engine))
        Dispatcher(fresh_store.engine, jitter=False).run_once()
        page = c.get("/admin/webhooks").text
        assert receiver.url in page and "minor or more; fact_update" in page
        assert "delivered" in page and "HTTP 200" in page
        hook = re.search(r'action="/admin/webhooks/(\d+)/delete"', page).group(1)  # type: ignore[union-attr]
        c.post(f"/admin/webhooks/{hook}/delete", data={"csrf": token})
        assert receiver.url not in c.get("/admin/webhooks").text.split("Recent deliveries")[0]
    assert len(receiver.requests) == 1


def test_old_versions_indexed_late_do_not_flood_webhooks(
    fresh_store: Store, receiver: Receiver
) -> None:
    add_webhook(fresh_store.engine, receiver.url, SECRET)
    _record(fresh_store, "https://x.test/old", ["Toll is 3.", "Toll is 4."])  # seen in 2023
    now = datetime.now(UTC)
    _record(
        fresh_store,
        "https://x.test/new",
        ["Toll is 5.", "Toll is 6."],
        start=now - timedelta(minutes=5),
    )
    result = index_pending(
        fresh_store, notify=notifier(fresh_store.engine), notify_after=now - timedelta(days=2)
    )
    assert result.changes == 2 and result.notified == 1
    Dispatcher(fresh_store.engine, jitter=False).run_once()
    assert [json.loads(r["body"])["story"]["url"] for r in receiver.requests] == [
        "https://x.test/new"
    ]


def test_private_and_link_local_targets_are_refused_before_any_request(
    fresh_store: Store,
) -> None:
    import httpx

    from redline.web.webhooks import list_deliveries

    sent: list[str] = []

    def escaped(request: httpx.Request) -> httpx.Response:  # a stub: nothing leaves
        sent.append(str(request.url))
        return httpx.Response(200)

    for url in ("http://169.254.169.254/latest", "http://10.0.0.1/hook", "http://[::1]:9/h"):
        add_webhook(fresh_store.engine, url, SECRET)
    _record(fresh_store, "https://x.test/a", ["Winds reach 80mph.", "Winds reach 95mph."])
    index_pending(fresh_store, notify=notifier(fresh_store.engine), base_url="http://127.0.0.1:1")
    client = httpx.Client(transport=httpx.MockTransport(escaped))
    dispatcher = Dispatcher(fresh_store.engine, client=client, jitter=False, allow_origins=[])
    assert dispatcher.run_once() == 3
    assert sent == []
    deliveries = list_deliveries(fresh_store.engine)
    assert len(deliveries) == 3
    assert all(d.state == "failed" for d in deliveries), deliveries
    assert all("not a public address" in (d.last_result or "") for d in deliveries)
