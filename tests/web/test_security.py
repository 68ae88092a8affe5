"""Hostile text stays text; bad parameters are refused; admin pages need a session and CSRF."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from redline.store import Store
from redline.web.accounts import set_admin_password
from redline.web.app import CSP, create_app

INJECTIONS = [
    "1 OR 1=1",
    "1; DROP TABLE articles",
    "' OR '1'='1",
    "1' UNION SELECT * FROM web_settings--",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "<script>alert(1)</script>",
    "1e999",
    "-1",
    "0x10",
    "99999999999999999999999",
]


def _pages(sid: int) -> list[str]:
    return [
        "/",
        f"/stories/{sid}",
        f"/stories/{sid}/diff/1/2",
        f"/stories/{sid}/diff/1/2?view=side",
        f"/stories/{sid}/blame",
        f"/stories/{sid}/versions/2",
        "/search?q=toll",
        "/search?q=toll&in=removed",
    ]


def test_hostile_text_is_escaped_everywhere(client: TestClient, web_store: Store) -> None:
    sid = web_store.hostile_id
    for path in _pages(sid):
        body = client.get(path).text
        main = body[body.index("<main") :]
        for raw in (
            "<script>window",
            "<img src=x",
            '<a href="javascript:',
            "<iframe",
            "<svg onload",
            "<b>News",
        ):
            assert raw not in main, (path, raw)
        assert not [h for h in re.findall(r'href="([^"]*)"', main) if "javascript" in h]
        assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", main)  # no event-handler attribute
    page = client.get(f"/stories/{sid}/diff/1/2").text
    assert "&lt;script&gt;window.__xss = 1" in page
    assert "&amp;amp;" in page  # the entity in the article is shown as typed, not decoded
    feed = client.get(f"/feeds/stories/{sid}.atom").text
    assert "<script>" not in feed and "&lt;script&gt;" not in feed.replace("&amp;lt;", "")


def test_every_response_has_strict_csp(client: TestClient, web_store: Store) -> None:
    for path in [
        *_pages(web_store.seed_id),
        "/api/stats",
        "/static/redline.css",
        "/nope",
        "/login",
        "/feeds/changes.atom",
    ]:
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP


def test_pages_load_no_inline_script_or_style(client: TestClient, web_store: Store) -> None:
    for path in _pages(web_store.seed_id):
        body = client.get(path).text
        assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)", body) == [], path
        assert "<style" not in body and " style=" not in body and "onclick" not in body


@pytest.mark.parametrize("bad", INJECTIONS)
def test_injection_in_every_html_parameter_is_refused(
    client: TestClient, web_store: Store, bad: str
) -> None:
    sid = web_store.seed_id
    for template in [
        "/stories/{x}",
        "/stories/{sid}/diff/{x}/2",
        "/stories/{sid}/diff/1/{x}",
        "/stories/{x}/blame",
        "/stories/{sid}/versions/{x}",
        "/?source={x}",
        "/?class={x}",
        "/?significance={x}",
        "/?page={x}",
        "/stories/{sid}/diff/1/2?view={x}",
        "/search?q=a&in={x}",
        "/feeds/sources/{x}.atom",
        "/feeds/classes/{x}.atom",
        "/feeds/stories/{x}.atom",
        "/stories/{sid}/diff/1/{x}/card.png",
    ]:
        r = client.get(template.format(x=bad, sid=sid))
        assert 400 <= r.status_code < 500, (template, bad, r.status_code)


@pytest.mark.parametrize("bad", INJECTIONS)
def test_injection_in_every_api_parameter_is_refused(
    client: TestClient, web_store: Store, bad: str
) -> None:
    sid = web_store.seed_id
    for template in [
        "/api/stories/{x}",
        "/api/stories/{x}/versions",
        "/api/stories/{sid}/versions/{x}",
        "/api/stories/{sid}/diff/{x}/2",
        "/api/stories/{sid}/diff/1/{x}",
        "/api/stories/{x}/blame",
        "/api/stories?page={x}",
        "/api/stories?per_page={x}",
        "/api/stories?source={x}",
        "/api/changes?class={x}",
        "/api/changes?significance={x}",
        "/api/changes?story={x}",
        "/api/search?q=toll&in={x}",
    ]:
        r = client.get(template.format(x=bad, sid=sid))
        assert 400 <= r.status_code < 500, (template, bad, r.status_code)
        if r.request.url.path.startswith("/api/"):  # "../" may have left the API
            assert r.json()["error"]["status"] == r.status_code


@pytest.mark.parametrize("bad", INJECTIONS)
def test_search_text_is_only_ever_data(client: TestClient, bad: str) -> None:
    for path in (f"/search?q={bad}", f"/search?q={bad}&in=removed", f"/api/search?q={bad}"):
        r = client.get(path)
        assert r.status_code in (200, 400), (path, r.status_code)
    # the store is intact after all of it
    assert client.get("/api/stats").json()["stories"] >= 5


def test_static_path_traversal_is_refused(client: TestClient) -> None:
    for path in [
        "/static/../app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/app.py",
        "/static/....//app.py",
        "/static//etc/passwd",
    ]:
        r = client.get(path)
        assert r.status_code in (400, 404), path
        assert "create_app" not in r.text


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_admin_login_csrf_and_source_management(fresh_store: Store) -> None:
    set_admin_password(fresh_store.engine, "editor", "correct horse battery")
    with TestClient(create_app(fresh_store)) as c:
        # not signed in: no add form, posting redirects to login
        assert "Add a feed" not in c.get("/sources").text
        r = c.post(
            "/sources", data={"name": "x", "url": "https://x.test/rss"}, follow_redirects=False
        )
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        login = c.get("/login?next=/sources").text
        token = _csrf(login)
        # no or wrong CSRF token
        assert (
            c.post(
                "/login",
                data={"username": "editor", "password": "correct horse battery"},
                follow_redirects=False,
            ).status_code
            == 403
        )
        r = c.post(
            "/login",
            data={"username": "editor", "password": "correct horse battery", "csrf": token + "x"},
            follow_redirects=False,
        )
        assert r.status_code == 403
        # wrong password
        r = c.post(
            "/login",
            data={"username": "editor", "password": "wrong password", "csrf": token},
            follow_redirects=False,
        )
        assert r.status_code == 401 and "redline_session" not in r.cookies
        r = c.post(
            "/login",
            data={
                "username": "editor",
                "password": "correct horse battery",
                "csrf": token,
                "next": "//evil.example/",
            },
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/sources"
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        page = c.get("/sources").text
        assert "Add a feed" in page
        token = _csrf(page)
        assert (
            c.post(
                "/sources",
                data={"name": "Feed", "url": "https://x.test/rss.xml"},
                follow_redirects=False,
            ).status_code
            == 403
        )
        r = c.post(
            "/sources",
            data={"name": "Feed", "url": "https://x.test/rss.xml", "csrf": token},
            follow_redirects=False,
        )
        assert r.status_code == 303
        page = c.get("/sources").text
        assert "https://x.test/rss.xml" in page
        bad = c.post("/sources", data={"name": "Bad", "url": "javascript:alert(1)", "csrf": token})
        assert bad.status_code == 400
        sid = re.search(r'action="/sources/(\d+)/delete"', page).group(1)  # type: ignore[union-attr]
        assert (
            c.post(
                f"/sources/{sid}/delete", data={"csrf": token}, follow_redirects=False
            ).status_code
            == 303
        )
        assert "https://x.test/rss.xml" not in c.get("/sources").text
        # a forged session cookie is not a session
        c.cookies.set("redline_session", "eyJ1IjoiZWRpdG9yIn0.AAAA")
        assert "Add a feed" not in c.get("/sources").text


def test_new_password_signs_everybody_out(fresh_store: Store) -> None:
    set_admin_password(fresh_store.engine, "editor", "first password")
    app = create_app(fresh_store)
    with TestClient(app) as c:
        token = _csrf(c.get("/login").text)
        c.post("/login", data={"username": "editor", "password": "first password", "csrf": token})
        assert "Add a feed" in c.get("/sources").text
        set_admin_password(fresh_store.engine, "editor", "second password")
        app.state.web.secret_current()
        assert "Add a feed" not in c.get("/sources").text
