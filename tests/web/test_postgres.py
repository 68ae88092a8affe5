"""The web layer on PostgreSQL: migrations, indexing, full-text search, pages and feeds."""

from __future__ import annotations

from collections.abc import Iterator

import feedparser
import pytest
from fastapi.testclient import TestClient

from redline.changes import index_pending
from redline.store import Store
from redline.web.app import create_app
from tests.store.dbs import pg_url
from tests.web.stories import record_hostile, record_plain, record_seed

__all__ = ["pg_url"]

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_client(pg_url: str) -> Iterator[tuple[TestClient, dict[str, object]]]:
    store = Store.open(pg_url)
    ids = {
        "seed": record_seed(store),
        "hostile": record_hostile(store),
        "plain": record_plain(store),
    }
    index_pending(store)
    with TestClient(create_app(store)) as c:
        yield c, ids
    store.close()


def test_pages_and_search_on_postgresql(pg_client: tuple[TestClient, dict[str, object]]) -> None:
    c, ids = pg_client
    assert c.get("/").status_code == 200
    assert "moved" in c.get(f"/stories/{ids['seed']}").text
    assert c.get(f"/stories/{ids['seed']}/diff/1/2?view=side").status_code == 200
    hits = c.get("/api/search?q=Ingebrigtsen").json()["items"]
    assert [h["story_id"] for h in hits] == [ids["seed"]]
    removed = c.get("/api/search?q=follow&in=removed").json()["items"]
    assert {h["story_id"] for h in removed} >= {ids["seed"]}
    assert any(h["text"] == "More to follow." for h in removed)
    page = c.get("/search?q=' OR 1=1 --&in=removed")
    assert page.status_code == 200 and "No removed sentence" in page.text
    feed = feedparser.parse(c.get("/feeds/classes/fact_update.atom").content)
    assert not feed.bozo and len(feed.entries) == 1
    stats = c.get("/api/stats").json()
    assert stats["stories"] == 5 and stats["changes"] == 6


def test_sign_in_limit_and_sessions_on_postgresql(pg_url: str) -> None:
    import re

    from redline.web.accounts import set_admin_password

    store = Store.open(pg_url)
    set_admin_password(store.engine, "editor", "postgres password")
    try:
        with TestClient(create_app(store)) as c:

            def login(password: str) -> int:
                token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
                assert token
                return c.post(
                    "/login",
                    data={"username": "editor", "password": password, "csrf": token.group(1)},
                    follow_redirects=False,
                ).status_code

            assert login("postgres password") == 303
            cookie = c.cookies["redline_session"]
            page = c.get("/sources").text
            assert "Add a feed" in page
            token = re.search(r'name="csrf" value="([^"]+)"', page)
            assert token
            c.post("/logout", data={"csrf": token.group(1)})
            c.cookies.set("redline_session", cookie)
            assert "Add a feed" not in c.get("/sources").text
            assert [login("wrong guess!") for _ in range(5)] == [401] * 5
            assert login("postgres password") == 429
    finally:
        store.close()


def test_story_and_diff_pages_read_the_same_as_on_sqlite(
    pg_client: tuple[TestClient, dict[str, object]], client: TestClient, web_store: Store
) -> None:
    """The pages' single read converts values as SQLAlchemy does on each database."""
    c, ids = pg_client
    pg_id, lite_id = ids["seed"], web_store.seed_id  # type: ignore[attr-defined]
    for path in ("", "/diff/1/2", "/diff/2/3?view=side", "/diff/1/3?show=changes"):
        c.get(f"/stories/{pg_id}{path}")  # versions 1 → 3: explained and stored once
        on_pg = c.get(f"/stories/{pg_id}{path}")
        on_sqlite = client.get(f"/stories/{lite_id}{path}")
        assert on_pg.status_code == on_sqlite.status_code == 200
        assert on_pg.text.replace(f"/stories/{pg_id}/", "/stories/ID/") == on_sqlite.text.replace(
            f"/stories/{lite_id}/", "/stories/ID/"
        )
        again = c.get(f"/stories/{pg_id}{path}", headers={"If-None-Match": on_pg.headers["etag"]})
        assert again.status_code == 304
