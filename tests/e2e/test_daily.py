"""Everyday reading and the protocol, in Debian's Chromium against a real server on 127.0.0.1.

Keyboard navigation between changes, the phone layout with a 5,000-character word,
no epoch dates or "None", the grouped home page, search highlighting, HEAD, gzip,
304 revalidation, the sign-in limit and server-side sign-out.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from redline.store import Store
from redline.web.accounts import set_admin_password
from tests.e2e.conftest import LiveServer, shot
from tests.web.stories import LONG_WORD, record_seed

pytestmark = pytest.mark.slow


def _current(page: Any) -> int:
    """Index of the changed row marked current (-1: none) among all changed rows."""
    return int(
        page.evaluate(
            "Array.from(document.querySelectorAll('.diff .row.chg'))"
            ".findIndex(r => r.classList.contains('current'))"
        )
    )


def _in_view(page: Any, index: int) -> bool:
    return bool(
        page.evaluate(
            "(i) => { const r = document.querySelectorAll('.diff .row.chg')[i]"
            ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
            index,
        )
    )


def test_keyboard_and_buttons_move_between_changes(live: Any, page: Any) -> None:
    page.set_viewport_size({"width": 1000, "height": 600})
    page.goto(f"{live.url}/stories/{live.ids['seed']}/diff/1/2")
    assert page.locator("#change-nav").is_visible()
    n = page.locator(".diff .row.chg").count()
    assert n >= 10
    assert _current(page) == -1
    page.keyboard.press("j")
    assert _current(page) == 0 and _in_view(page, 0)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert _current(page) == 2 and _in_view(page, 2)
    assert page.evaluate("document.activeElement.classList.contains('current')")
    page.keyboard.press("k")
    assert _current(page) == 1
    assert page.locator("#change-status").inner_text() == f"Change 2 of {n}"
    page.get_by_role("button", name="Next change").click()
    assert _current(page) == 2
    page.get_by_role("button", name="Previous change").click()
    page.get_by_role("button", name="Previous change").click()
    page.get_by_role("button", name="Previous change").click()  # stays at the first
    assert _current(page) == 0
    for _ in range(n + 3):
        page.keyboard.press("j")
    assert _current(page) == n - 1 and _in_view(page, n - 1)
    shot(page, "10-keyboard-last-change")
    # typing in the search box does not move
    page.locator("#q-top").click()
    page.keyboard.press("k")
    assert _current(page) == n - 1
    assert page.locator("#q-top").input_value() == "k"
    # the same in the side-by-side view, changes only
    page.goto(f"{live.url}/stories/{live.ids['seed']}/diff/1/2?view=side&show=changes")
    assert page.locator(".diff.side .row.unchanged:visible").count() == 0
    page.keyboard.press("j")
    assert _current(page) == 0 and _in_view(page, 0)


def test_no_horizontal_scroll_on_a_phone_with_a_5000_character_word(
    live: Any, browser: Any
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    sid = live.ids["long"]
    paths = [
        "/",
        "/stories",
        f"/stories/{sid}",
        f"/stories/{sid}/diff/1/2",
        f"/stories/{sid}/diff/1/2?view=side",
        f"/stories/{sid}/diff/1/2?show=changes",
        f"/stories/{sid}/blame",
        f"/stories/{sid}/versions/1",
        "/search?q=follows",
        "/search?q=nothing&in=removed",
        "/sources",
    ]
    for path in paths:
        page.goto(live.url + path)
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
        )
        assert max(widths[:2]) <= 390, (path, widths)
        if path != "/sources" and not path.startswith("/search?q=nothing"):
            assert LONG_WORD[:40] in page.locator("main").inner_text(), path
    page.goto(f"{live.url}/stories/{sid}/diff/1/2")
    shot(page, "11-phone-long-word", full_page=False)
    context.close()


def test_no_epoch_dates_or_none_anywhere(live: Any, page: Any) -> None:
    sid = live.ids["undated"]
    paths = [
        "/",
        "/stories",
        f"/stories/{sid}",
        f"/stories/{sid}/diff/1/2",
        f"/stories/{sid}/diff/1/2?view=side",
        f"/stories/{sid}/versions/1",
        f"/stories/{sid}/versions/2",
        f"/stories/{sid}/blame",
        "/search?q=council",
        "/search?q=follow&in=removed",
        f"/stories/{live.ids['seed']}",
    ]
    for path in paths:
        page.goto(live.url + path)
        text = page.locator("body").inner_text()
        titles = page.evaluate(
            "Array.from(document.querySelectorAll('[title]')).map(e => e.title).join(' ')"
        )
        for bad in ("1970", "None"):
            assert bad not in text and bad not in titles, (path, bad)
    page.goto(f"{live.url}/stories/{sid}")
    assert "no address (stored from files)" in page.locator("main").inner_text()
    assert page.locator(".versions .when", has_text="added").count() == 2
    shot(page, "12-undated-story")


def test_home_groups_changes_by_story(live: Any, page: Any) -> None:
    page.goto(live.url + "/")
    cards = page.locator("ol.stories > li.story-card")
    hrefs = [cards.nth(i).locator("h2 a").get_attribute("href") for i in range(cards.count())]
    assert len(hrefs) == len(set(hrefs)) >= 5
    seed = cards.filter(has=page.locator(f"h2 a[href='/stories/{live.ids['seed']}']"))
    assert seed.count() == 1
    assert "2 changes" in seed.inner_text()
    assert seed.locator("a.latest").get_attribute("href").endswith("/diff/2/3")
    when = seed.locator("time").first
    assert re.fullmatch(r"\d\d \w{3} \d{4}, \d\d:\d\d UTC: .+", when.get_attribute("title"))
    assert when.get_attribute("datetime").startswith("2023-08-23T20:00")
    shot(page, "13-home-grouped", full_page=True)


def test_search_highlights_the_match(live: Any, page: Any) -> None:
    page.goto(live.url + "/search?q=Budapest")
    marks = page.locator("ol.results mark")
    assert marks.count() >= 1
    assert {m.lower() for m in marks.all_inner_texts()} == {"budapest"}
    snippet = page.locator("ol.results .snippet").first.inner_text()
    assert "Budapest" in snippet and snippet.startswith("…")
    page.goto(live.url + "/search?q=follow&in=removed")
    hit = page.locator("ol.results.removed li").first
    assert hit.locator("del mark").inner_text() == "follow"
    assert re.search(r"version 1 → 2 · \d\d \w{3} \d{4}", hit.inner_text())
    # hostile text in a hit stays text
    page.goto(live.url + "/search?q=toll")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("ol.results mark").count() >= 1
    shot(page, "14-search-highlight")


def test_head_gzip_and_revalidation_from_the_browser(live: Any, page: Any) -> None:
    sid = live.ids["seed"]
    response = page.goto(f"{live.url}/stories/{sid}/diff/1/2")
    assert response.status == 200
    assert response.all_headers().get("content-encoding") == "gzip"
    etag = response.all_headers()["etag"]
    paths = ["/", "/stories", f"/stories/{sid}", f"/stories/{sid}/diff/1/2"]
    paths += ["/feeds/changes.atom", f"/feeds/stories/{sid}.atom", "/search?q=kerr"]
    for path in paths:
        got = page.evaluate(
            """async (path) => {
                const r = await fetch(path, {method: "HEAD", cache: "no-store"});
                return [r.status, (await r.text()).length, r.headers.get("etag")];
            }""",
            path,
        )
        assert got[0] == 200 and got[1] == 0 and got[2], (path, got)
    status = page.evaluate(
        """async ([path, etag]) => {
            const r = await fetch(path, {cache: "no-store", headers: {"If-None-Match": etag}});
            return r.status;
        }""",
        [f"/stories/{sid}/diff/1/2", etag],
    )
    assert status == 304
    feed = page.evaluate(
        """async () => {
            const first = await fetch("/feeds/changes.atom", {cache: "no-store"});
            const tag = first.headers.get("etag");
            const again = await fetch("/feeds/changes.atom",
                {cache: "no-store", headers: {"If-None-Match": tag}});
            return [first.status, again.status];
        }"""
    )
    assert feed == [200, 304]


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A server of its own: the sign-in limit blocks 127.0.0.1, which every test uses."""
    folder: Path = tmp_path_factory.mktemp("guarded")
    store = Store.open(f"sqlite:///{folder / f'guarded-{uuid.uuid4().hex[:8]}.sqlite3'}")
    record_seed(store)
    set_admin_password(store.engine, "editor", "browser password")
    server = LiveServer(store)
    yield server
    server.stop()
    store.close()


def test_sign_in_is_limited_after_five_failures(guarded: Any, page: Any) -> None:
    page.goto(guarded.url + "/login")
    for k in range(5):
        page.get_by_label("User name").fill("editor")
        page.get_by_label("Password").fill(f"wrong password {k}")
        with page.expect_response(re.compile(r"/login$")) as answer:
            page.get_by_role("button", name="Sign in").click()
        assert answer.value.status == 401
        assert "Wrong user name or password." in page.locator("main").inner_text()
    page.get_by_label("User name").fill("editor")
    page.get_by_label("Password").fill("browser password")
    with page.expect_response(re.compile(r"/login$")) as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 429
    assert 1 <= int(answer.value.all_headers()["retry-after"]) <= 30
    assert "Too many failed sign-ins" in page.locator("main").inner_text()
    shot(page, "15-sign-in-limited")
    page.goto(guarded.url + "/sources")
    assert page.locator("form.add-source").count() == 0


def test_sign_out_revokes_a_copied_cookie(live: Any, browser: Any, page: Any) -> None:
    page.goto(live.url + "/login?next=/sources")
    page.get_by_label("User name").fill("editor")
    page.get_by_label("Password").fill("browser password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sources$"))
    assert page.locator("form.add-source").count() == 1
    stolen = [c for c in page.context.cookies() if c["name"] == "redline_session"]
    assert len(stolen) == 1
    thief = browser.new_context()
    try:
        thief.add_cookies(stolen)
        other = thief.new_page()
        other.goto(live.url + "/sources")
        assert other.locator("form.add-source").count() == 1  # the copy works while signed in
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(live.url + "/")
        other.goto(live.url + "/sources")
        assert other.locator("form.add-source").count() == 0
        assert "Sign in" in other.locator("footer").inner_text()
        other.goto(live.url + "/admin/webhooks")
        assert "/login" in other.url
    finally:
        thief.close()


def test_skip_link_dark_scheme_and_text_direction(live: Any, browser: Any) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live.url}/stories/{live.ids['seed']}")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
    assert focused == ["skip", "#main"]
    assert page.locator("a.skip").is_visible()  # shown once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(int(x) for x in re.findall(r"\d+", dark)[:3]) < 150, dark
    assert page.locator("h1").get_attribute("dir") == "auto"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("system-ui")
    assert all(u.startswith(live.url) for u in requests)
    context.close()
