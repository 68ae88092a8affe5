"""Sign-in: rate limit per client and per account, scrypt off the event loop, revocable sessions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from redline.store import Store
from redline.web import throttle
from redline.web.accounts import set_admin_password
from redline.web.app import create_app
from redline.web.context import WebSettings
from redline.web.throttle import LoginLimit
from redline.web.webhooks import add_webhook

PASSWORD = "correct horse battery"


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _login(c: TestClient, password: str, user: str = "editor") -> int:
    token = _csrf(c.get("/login").text)
    r = c.post(
        "/login",
        data={"username": user, "password": password, "csrf": token},
        follow_redirects=False,
    )
    return r.status_code


def test_after_five_failures_even_the_right_password_waits(fresh_store: Store) -> None:
    set_admin_password(fresh_store.engine, "editor", PASSWORD)
    with TestClient(create_app(fresh_store)) as c:
        assert [_login(c, f"wrong password {k}") for k in range(5)] == [401] * 5
        token = _csrf(c.get("/login").text)
        r = c.post(
            "/login",
            data={"username": "editor", "password": PASSWORD, "csrf": token},
            follow_redirects=False,
        )
        assert r.status_code == 429
        assert 1 <= int(r.headers["retry-after"]) <= 30
        assert "Too many failed sign-ins" in r.text
        assert "redline_session" not in r.cookies


def test_the_account_is_limited_whatever_the_client(fresh_store: Store) -> None:
    set_admin_password(fresh_store.engine, "editor", PASSWORD)
    engine = fresh_store.engine
    limit = LoginLimit()
    # five failures for this account from five different addresses
    for k in range(5):
        assert throttle.admit(engine, throttle.keys_for(f"10.0.0.{k}", "editor"), limit) == 0
    wait = throttle.admit(engine, throttle.keys_for("10.0.0.99", "Editor "), limit)
    assert 0 < wait <= 30
    # another account from a fresh address is not affected
    assert throttle.admit(engine, throttle.keys_for("10.0.1.1", "someone"), limit) == 0


def test_back_off_doubles_and_success_clears(fresh_store: Store) -> None:
    engine = fresh_store.engine
    limit = LoginLimit(free=2, base_delay=10, max_delay=25)
    keys = throttle.keys_for("192.0.2.1", "editor")
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    assert throttle.admit(engine, keys, limit, t0) == 0
    assert throttle.admit(engine, keys, limit, t0) == 0  # second failure: blocked 10 s
    assert throttle.admit(engine, keys, limit, t0 + timedelta(seconds=4)) == pytest.approx(6)
    later = t0 + timedelta(seconds=11)
    assert throttle.admit(engine, keys, limit, later) == 0  # third: 20 s
    assert throttle.admit(engine, keys, limit, later + timedelta(seconds=1)) == pytest.approx(19)
    latest = later + timedelta(seconds=21)
    assert throttle.admit(engine, keys, limit, latest) == 0  # fourth: capped at 25 s
    assert throttle.admit(engine, keys, limit, latest) == pytest.approx(25)
    throttle.succeeded(engine, keys)
    assert throttle.admit(engine, keys, limit, latest) == 0
    assert throttle.admit(engine, keys, limit, latest) == 0
    assert throttle.admit(engine, keys, limit, latest) > 0
    # failures are forgotten an hour after the last one
    assert throttle.admit(engine, keys, limit, latest + timedelta(hours=2)) == 0


def test_limit_recovers_after_the_delay(fresh_store: Store) -> None:
    set_admin_password(fresh_store.engine, "editor", PASSWORD)
    settings = WebSettings(login_limit=LoginLimit(free=2, base_delay=0.5))
    with TestClient(create_app(fresh_store, settings)) as c:
        assert [_login(c, "wrong password"), _login(c, "wrong password")] == [401, 401]
        assert _login(c, PASSWORD) == 429
        import time

        time.sleep(0.7)
        assert _login(c, PASSWORD) == 303
        # success cleared the counters
        assert _login(c, "wrong password") == 401


def test_logout_revokes_the_session_server_side(fresh_store: Store) -> None:
    set_admin_password(fresh_store.engine, "editor", PASSWORD)
    with TestClient(create_app(fresh_store)) as c:
        assert _login(c, PASSWORD) == 303
        cookie = c.cookies.get("redline_session")
        assert cookie
        page = c.get("/sources").text
        assert "Add a feed" in page
        r = c.post("/logout", data={"csrf": _csrf(page)}, follow_redirects=False)
        assert r.status_code == 303
    with TestClient(create_app(fresh_store)) as thief:
        thief.cookies.set("redline_session", cookie)
        assert "Add a feed" not in thief.get("/sources").text
        assert thief.get("/admin/webhooks", follow_redirects=False).status_code == 303


def test_a_copied_cookie_works_only_while_the_session_lives(fresh_store: Store) -> None:
    set_admin_password(fresh_store.engine, "editor", PASSWORD)
    with TestClient(create_app(fresh_store)) as c, TestClient(create_app(fresh_store)) as other:
        assert _login(c, PASSWORD) == 303
        other.cookies.set("redline_session", c.cookies["redline_session"])
        assert "Add a feed" in other.get("/sources").text  # same session, other process
        set_admin_password(fresh_store.engine, "editor", "another password")
        assert "Add a feed" not in other.get("/sources").text


def test_webhook_classes_must_be_known(fresh_store: Store) -> None:
    with pytest.raises(ValueError, match="unknown kind of change 'fact_updates'"):
        add_webhook(
            fresh_store.engine,
            "https://hooks.example/x",
            "s" * 20,
            classes=("correction", "fact_updates"),
        )
    assert add_webhook(
        fresh_store.engine, "https://hooks.example/x", "s" * 20, classes=("correction",)
    )
    set_admin_password(fresh_store.engine, "editor", PASSWORD)
    with TestClient(create_app(fresh_store)) as c:
        assert _login(c, PASSWORD) == 303
        page = c.get("/admin/webhooks").text
        assert 'value="fact_update"' in page  # offered as choices
        data = {
            "url": "https://hooks.example/y",
            "secret": "s" * 20,
            "classes": ["correction", "nonsense"],
            "csrf": _csrf(page),
        }
        r = c.post("/admin/webhooks", data=data)
        assert r.status_code == 400 and "unknown kind of change" in r.text
        data["classes"] = ["correction", "fact_update"]
        assert c.post("/admin/webhooks", data=data, follow_redirects=False).status_code == 303


def test_the_admin_health_page_lists_the_trackers_trouble(fresh_store: Store) -> None:
    from sqlalchemy import update

    from redline.store.tracking import TrackingRepo
    from redline.store.tracking_schema import track_urls

    now = datetime.now(UTC)
    repo = TrackingRepo(fresh_store.engine)
    src = repo.add_source(
        name="gazette", url="https://gazette.example/feed.xml", kind=None, options={}, now=now
    )
    repo.add_urls(
        src.id,
        [("https://gazette.example/a", None), ("https://gazette.example/b", None)],
        now=now,
    )
    with fresh_store.engine.begin() as conn:
        conn.execute(
            update(track_urls)
            .where(track_urls.c.url == "https://gazette.example/a")
            .values(
                failures=2,
                failing_since=now - timedelta(hours=3),
                last_error="HTTP 503 <script>alert(1)</script>",
            )
        )
        conn.execute(
            update(track_urls)
            .where(track_urls.c.url == "https://gazette.example/b")
            .values(state="gone", last_error="HTTP 410")
        )
    set_admin_password(fresh_store.engine, "editor", PASSWORD)
    with TestClient(create_app(fresh_store)) as c:
        assert c.get("/admin/health", follow_redirects=False).status_code == 303  # signed out
        assert _login(c, PASSWORD) == 303
        page = c.get("/admin/health").text
    assert "https://gazette.example/a" in page and "https://gazette.example/b" in page
    assert "HTTP 5xx or 429 1" in page and "gone 1" in page  # counts by kind
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_admin_channels_page_adds_lists_masked_and_removes(fresh_store: Store) -> None:
    secret = "S3CRETTOKEN0123456789"
    set_admin_password(fresh_store.engine, "editor", PASSWORD)
    with TestClient(create_app(fresh_store)) as c:
        assert c.get("/admin/channels", follow_redirects=False).status_code == 303  # signed out
        assert _login(c, PASSWORD) == 303
        page = c.get("/admin/channels").text
        assert "No channels yet." in page
        data = {
            "url": f"mastodons://{secret}@mastodon.example",
            "name": "bot",
            "only": "facts,corrections",
            "min_level": "moderate",
            "max_per_hour": "6",
            "csrf": _csrf(page),
        }
        assert c.post("/admin/channels", data=data, follow_redirects=False).status_code == 303
        page = c.get("/admin/channels").text
        assert "bot" in page and "mastodons://" in page and secret not in page
        assert "at most 6/hour" in page
        bad = c.post("/admin/channels", data={**data, "name": "b2", "only": "gossip"})
        assert bad.status_code == 400 and secret not in bad.text
        assert c.post("/admin/channels", data={**data, "csrf": "x"}).status_code == 403
        [form] = re.findall(r'action="(/admin/channels/\d+/delete)"', page)
        assert c.post(form, data={"csrf": _csrf(page)}, follow_redirects=False).status_code == 303
        assert "No channels yet." in c.get("/admin/channels").text


def test_a_versions_archived_copy_is_linked(fresh_store: Store) -> None:
    from sqlalchemy import insert

    from redline.notify.tables import version_archives
    from redline.store import Observation

    now = datetime.now(UTC)
    fresh_store.record_version(
        Observation.from_text("The toll rose to 12.", url="https://x.example/a", seen_at=now)
    )
    [v] = fresh_store.history("https://x.example/a")
    snap = "https://web.archive.org/web/20240501000000/https://x.example/a"
    with TestClient(create_app(fresh_store)) as c:
        assert "archived copy" not in c.get(f"/stories/{v.article_id}/versions/1").text
        with fresh_store.engine.begin() as conn:
            conn.execute(
                insert(version_archives).values(
                    version_id=v.id, article_id=v.article_id, url="https://x.example/a",
                    state="done", attempts=1, due_at=now, snapshot_url=snap,
                    archived_at=now, created_at=now,
                )
            )  # fmt: skip
        page = c.get(f"/stories/{v.article_id}/versions/1").text
    assert f'href="{snap}"' in page and "archived copy" in page
