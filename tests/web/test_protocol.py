"""HEAD, compression, validators and absolute links: what feed readers and browsers rely on."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient

from redline.store import Store
from redline.web.app import create_app
from redline.web.context import WebSettings


def _pages(web_store: Store) -> list[str]:
    sid = web_store.seed_id  # type: ignore[attr-defined]
    return [
        "/",
        "/stories",
        f"/stories/{sid}",
        f"/stories/{sid}/diff/1/2",
        f"/stories/{sid}/blame",
        f"/stories/{sid}/versions/1",
        "/search?q=kerr",
        "/feeds/changes.atom",
        f"/feeds/stories/{sid}.atom",
        "/api/stories",
    ]


def test_head_answers_like_get_without_a_body(client: TestClient, web_store: Store) -> None:
    for path in _pages(web_store):
        got = client.get(path)
        head = client.head(path)
        assert got.status_code == 200, path
        assert head.status_code == 200, path
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        assert head.headers.get("etag") == got.headers.get("etag"), path


def test_pages_and_feeds_are_compressed_when_asked(client: TestClient, web_store: Store) -> None:
    sid = web_store.seed_id  # type: ignore[attr-defined]
    for path in (f"/stories/{sid}/diff/1/2", "/feeds/changes.atom", "/"):
        r = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert r.headers.get("content-encoding") == "gzip", path
        assert "accept-encoding" in r.headers.get("vary", "").lower()
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert r.text == plain.text  # httpx decompressed it: the same page


def test_compressed_bytes_really_are_gzip(client: TestClient, web_store: Store) -> None:
    sid = web_store.seed_id  # type: ignore[attr-defined]
    path = f"/stories/{sid}/diff/1/2"
    with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
    plain = client.get(path, headers={"Accept-Encoding": "identity"}).content
    assert gzip.decompress(raw) == plain
    assert len(raw) < len(plain) / 2


def test_html_pages_have_etags_and_answer_304(client: TestClient, web_store: Store) -> None:
    for path in _pages(web_store):
        first = client.get(path)
        etag = first.headers.get("etag")
        assert etag, path
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.content == b""
        assert client.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200
    home = client.get("/")
    assert "no-cache" in home.headers["cache-control"]
    assert "private" in home.headers["cache-control"]


def test_feeds_never_take_links_from_the_host_header(web_store: Store) -> None:
    with TestClient(create_app(web_store)) as c:
        body = c.get("/feeds/changes.atom", headers={"Host": "evil.example"}).text
        assert "evil.example" not in body
        assert "http://testserver/stories/" in body  # the listening address
    settings = WebSettings(base_url="https://news.example/redline/")
    with TestClient(create_app(web_store, settings)) as c:
        body = c.get("/feeds/changes.atom", headers={"Host": "evil.example"}).text
        assert "evil.example" not in body
        assert "https://news.example/redline/stories/" in body
        assert "https://news.example/redline//" not in body


@pytest.mark.parametrize("path", ["/static/redline.css", "/favicon.ico"])
def test_head_on_static_files(client: TestClient, path: str) -> None:
    r = client.head(path)
    assert r.status_code == 200 and r.content == b""
