"""The web UI in Debian's Chromium, against a real server on 127.0.0.1."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import shot
from tests.web.stories import HOSTILE_HEADLINE, SEED_HEADLINE

pytestmark = pytest.mark.slow


def test_browse_seed_story_views_moves_and_search(live: Any, page: Any) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(live.url + "/")
    shot(page, "01-home")
    page.get_by_role("link", name=SEED_HEADLINE).first.click()
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    assert page.locator(".timeline rect.bar").count() == 3
    shot(page, "02-story")
    page.locator("a.difflink", has_text="changes from version 1").click()
    page.wait_for_url(re.compile(r"/diff/1/2$"))
    assert page.locator("ol.diff.inline ins").count() > 5
    assert page.locator("ol.diff.inline .label", has_text="added").count() >= 10
    shot(page, "03-diff-inline", full_page=True)
    page.get_by_role("link", name="Side by side").click()
    page.wait_for_url(re.compile(r"view=side"))
    assert page.locator(".diff.side .cell.old del").count() > 0
    assert page.locator(".diff.side .cell.new ins").count() > 0
    shot(page, "04-diff-side", full_page=True)
    page.get_by_role("link", name="Versions 2 → 3 ›").click()
    page.wait_for_url(re.compile(r"/diff/2/3"))
    moved = page.locator("a.movelink", has_text="moved from").first
    target = moved.get_attribute("href")
    assert target and target.startswith("#o")
    moved.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert page.locator(target).is_visible()
    assert page.evaluate("(id) => document.getElementById(id).matches(':target')", target[1:])
    shot(page, "05-moved-target")
    back = page.locator(f"{target} a.movelink")
    assert back.get_attribute("href", timeout=2000).startswith("#n")
    back.click()
    assert page.evaluate("location.hash").startswith("#n")
    # a permalink into a folded stretch opens it
    folded = page.locator("details:not([open]) .row").first
    anchor = folded.get_attribute("id")
    page.goto(page.url.split("#")[0] + "#" + anchor)
    page.reload()
    assert page.locator(f"#{anchor}").is_visible()
    page.locator("#q-top").fill("follow")
    page.locator("#q-top").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=follow"))
    page.get_by_label(re.compile("removed text")).check()
    page.locator("#search-go").click()
    page.wait_for_url(re.compile(r"in=removed"))
    hit = page.locator("ol.results.removed li").first
    assert "More to follow." in hit.inner_text()
    assert hit.locator("del").count() == 1
    shot(page, "06-search-removed")
    hit.get_by_role("link", name=re.compile("version 1 → 2")).click()
    page.wait_for_url(re.compile(r"/diff/1/2#o\d+$"))
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_seed_diff_screenshot_for_readme(live: Any, browser: Any, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 860}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{live.url}/stories/{live.ids['seed']}/diff/1/2")
    assert page.locator("ins").count() > 0
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(x) for x in re.findall(r"\d+", background)[:3]]
    assert (sum(channels) > 600) == (scheme == "light"), background  # the scheme is honoured
    path = shot(page, f"seed-diff-{scheme}")
    assert path.stat().st_size > 10_000
    context.close()


def test_hostile_text_never_runs_and_shows_literally(live: Any, page: Any) -> None:
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    sid = live.ids["hostile"]
    paths = [
        "/",
        f"/stories/{sid}",
        f"/stories/{sid}/diff/1/2",
        f"/stories/{sid}/diff/1/2?view=side",
        f"/stories/{sid}/blame",
        f"/stories/{sid}/versions/1",
        "/search?q=toll",
        "/search?q=noon&in=removed",
    ]
    for path in paths:
        page.goto(live.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert "pwned" not in page.title()
        assert (
            page.locator("main script, main img, main iframe, main svg:not(.timeline svg)").count()
            == 0
            or path == f"/stories/{sid}"
        )
        assert page.locator("main a[href^='javascript']").count() == 0
    page.goto(f"{live.url}/stories/{sid}/diff/1/2")
    text = page.locator("main").inner_text()
    assert '<script>window.__xss = 1; document.title = "pwned"</script>' in text
    assert '<img src=x onerror="window.__xss = 2">' in text
    assert '<a href="javascript:window.__xss = 3">here</a>' in text
    assert "&amp; left" in text and "&lt;b&gt;bold&lt;/b&gt;" in text
    page.goto(f"{live.url}/stories/{sid}")
    assert HOSTILE_HEADLINE in page.locator("h1").inner_text()
    shot(page, "07-hostile-story")
    assert dialogs == []
    assert all(u.startswith(live.url) for u in requests), [
        u for u in requests if not u.startswith(live.url)
    ]
    assert not [u for u in requests if u.rstrip("/").endswith("/x")]


def test_diff_is_usable_on_a_phone(live: Any, browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    page.goto(f"{live.url}/stories/{live.ids['seed']}/diff/1/2?view=side")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392
    cell = page.locator(".diff.side .row.edited .cell.old").first
    new_cell = page.locator(".diff.side .row.edited .cell.new").first
    assert cell.bounding_box()["y"] < new_cell.bounding_box()["y"]  # stacked, not side by side
    shot(page, "08-phone-side")
    context.close()


def test_sign_in_and_manage_sources(live: Any, page: Any) -> None:
    page.goto(live.url + "/sources")
    assert page.locator("form.add-source").count() == 0
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("User name").fill("editor")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert "Wrong user name or password." in page.locator("main").inner_text()
    page.get_by_label("User name").fill("editor")
    page.get_by_label("Password").fill("browser password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sources$"))
    page.get_by_label("Name").fill("Example <b>Feed</b>")
    page.get_by_label("Feed URL").fill("https://feeds.example/rss.xml")
    page.get_by_role("button", name="Add source").click()
    page.wait_for_url(re.compile(r"/sources\?done="))
    row = page.locator("table.sources tr", has_text="https://feeds.example/rss.xml")
    assert row.count() == 1 and "Example <b>Feed</b>" in row.inner_text()
    shot(page, "09-sources")
    row.get_by_role("button", name="Remove").click()
    page.wait_for_url(re.compile(r"/sources\?done="))
    assert page.locator("table.sources", has_text="https://feeds.example/rss.xml").count() == 0
    page.get_by_role("button", name="Sign out").click()
    page.goto(live.url + "/sources")
    assert page.locator("form.add-source").count() == 0
