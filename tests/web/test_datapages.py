"""Story and diff pages: one read, a validator from the data before drawing, drawn pages reused."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import delete

from redline.changes import index_pending
from redline.store import Observation, Store
from redline.store.schema import comparisons as K
from redline.web import pagereads
from redline.web.accounts import set_admin_password
from redline.web.app import create_app
from redline.web.context import LRU
from tests.web.stories import SEED_URL, T0, record_hostile, record_seed


def _paths(sid: int) -> list[str]:
    return [
        f"/stories/{sid}",
        f"/stories/{sid}/diff/1/2",
        f"/stories/{sid}/diff/2/3?view=side",
        f"/stories/{sid}/diff/1/3?show=changes",
    ]


def test_one_read_gives_everything_the_pages_show(web_store: Store) -> None:
    sid = web_store.seed_id  # type: ignore[attr-defined]
    rows, raw = pagereads.story_rows(web_store.engine, sid)
    assert [r.v_number for r in rows] == [1, 2, 3] and len(raw) == 3
    assert rows[0].c_id is None and all(r.c_summary for r in rows[1:])
    assert all(r.v_first_seen.year == 2023 for r in rows)  # times, not text
    found = pagereads.diff_row(web_store.engine, sid, 2, 3)
    assert found is not None
    row, _ = found
    assert (row.a_number, row.b_number, row.n_versions) == (2, 3, 3)
    assert row.c_summary and row.k_data and row.k_engine
    missing = pagereads.diff_row(web_store.engine, sid, 1, 9)
    assert missing is not None and missing[0].b_id is None
    assert pagereads.diff_row(web_store.engine, 10**9, 1, 2) is None
    assert pagereads.story_rows(web_store.engine, 10**9) == ([], [])


def test_validator_comes_before_drawing_and_is_the_same_in_every_process(
    web_store: Store,
) -> None:
    sid = web_store.seed_id  # type: ignore[attr-defined]
    with TestClient(create_app(web_store)) as first:
        for p in _paths(sid):  # a pair of versions that are not consecutive is explained
            first.get(p)  # and stored on its first request: its page then reads that
        tags = {p: first.get(p).headers["etag"] for p in _paths(sid)}
    second_app = create_app(web_store)  # another worker process
    with TestClient(second_app) as second:
        for path, tag in tags.items():
            r = second.get(path, headers={"If-None-Match": tag})
            assert r.status_code == 304, path
            assert r.headers["etag"] == tag and r.content == b""
        assert len(second_app.state.web.bodies._data) == 0  # nothing was drawn
        pages = {p: second.get(p) for p in tags}
        assert len(second_app.state.web.bodies._data) == len(tags)
        again = {p: second.get(p) for p in tags}  # drawn once, served from memory
    for path in tags:
        assert pages[path].status_code == 200
        assert pages[path].headers["etag"] == tags[path]
        assert again[path].content == pages[path].content


def test_validator_follows_the_data(fresh_store: Store) -> None:
    sid = record_seed(fresh_store)
    index_pending(fresh_store)
    with TestClient(create_app(fresh_store)) as c:
        story = c.get(f"/stories/{sid}")
        diff = c.get(f"/stories/{sid}/diff/1/2")
        side = c.get(f"/stories/{sid}/diff/1/2?view=side")
        assert len({story.headers["etag"], diff.headers["etag"], side.headers["etag"]}) == 3
        fresh_store.record_version(
            Observation.from_text(
                "A new first line.\n" + fresh_store.version(sid, 3).text,
                url=SEED_URL,
                seen_at=T0 + timedelta(hours=5),
                source="BBC Sport",
            )
        )
        index_pending(fresh_store)
        newer = c.get(f"/stories/{sid}", headers={"If-None-Match": story.headers["etag"]})
        assert newer.status_code == 200 and "Version 4" in newer.text
        assert "Version 4" not in story.text
        # the stored comparison goes: the page reads other data, draws the same text
        with fresh_store.engine.begin() as conn:
            conn.execute(delete(K))
        redrawn = c.get(f"/stories/{sid}/diff/1/2", headers={"If-None-Match": diff.headers["etag"]})
        assert redrawn.status_code == 200
        assert redrawn.headers["etag"] != diff.headers["etag"]
        assert redrawn.text == diff.text


def test_pages_served_from_memory_are_compressed_once_and_the_same(web_store: Store) -> None:
    sid = web_store.hostile_id  # type: ignore[attr-defined]
    with TestClient(create_app(web_store)) as c:
        for path in _paths(sid)[:2]:
            plain = c.get(path, headers={"Accept-Encoding": "identity"})
            for _ in range(2):
                with c.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as r:
                    raw = b"".join(r.iter_raw())
                    assert r.headers["content-encoding"] == "gzip"
                    assert "accept-encoding" in r.headers["vary"].lower()
                    assert int(r.headers["content-length"]) == len(raw)
                    assert r.headers["etag"] == plain.headers["etag"]
                assert gzip.decompress(raw) == plain.content
            head = c.head(path, headers={"Accept-Encoding": "gzip"})
            assert head.status_code == 200 and head.content == b""
            assert "<svg onload" not in plain.text and "&lt;svg onload" in plain.text


def test_a_signed_in_page_is_never_served_to_others(fresh_store: Store) -> None:
    sid = record_hostile(fresh_store)
    index_pending(fresh_store)
    set_admin_password(fresh_store.engine, "editor", "correct horse battery")
    path = f"/stories/{sid}/diff/1/2"
    with TestClient(create_app(fresh_store)) as c:
        anonymous = c.get(path)
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
        assert token is not None
        c.post(
            "/login",
            data={"username": "editor", "password": "correct horse battery", "csrf": token[1]},
            follow_redirects=False,
        )
        mine = c.get(path, headers={"If-None-Match": anonymous.headers["etag"]})
        assert mine.status_code == 200 and "signed in as" in mine.text
        assert mine.headers["etag"] != anonymous.headers["etag"]
        c.cookies.clear()
        again = c.get(path)
        assert "signed in as" not in again.text and again.content == anonymous.content


def test_drawn_pages_are_kept_within_a_byte_budget() -> None:
    cache = LRU(100, max_bytes=10)
    cache.put("a", b"12345")
    cache.put("b", b"12345")
    assert cache.bytes == 10
    cache.put("c", b"123")  # over budget: the least recently used goes
    assert cache.get("a") is None and cache.get("b") == b"12345" and cache.bytes == 8
    cache.put("big", b"x" * 11)  # larger than the whole budget: not kept
    assert cache.get("big") is None and cache.bytes == 8
    cache.put("b", b"1")  # replaced: its old weight is given back
    assert cache.bytes == 4 and cache.get("c") == b"123"
    small = LRU(2)
    for k in range(5):
        small.put(k, k)
    assert [small.get(k) for k in range(5)] == [None, None, None, 3, 4]
