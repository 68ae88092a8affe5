from __future__ import annotations

import httpx
import pytest

from redline.newsroom import Newsroom, SyntheticScript, editorial_script
from redline.newsroom.script import load_seed_versions, typographic
from redline.text.normalize import normalize

KERR = "/news/kerr-wins-world-1500m-gold"


def test_seed_article_follows_the_script(newsroom: Newsroom) -> None:
    old, new = load_seed_versions()
    with httpx.Client(base_url=newsroom.base_url) as c:
        page0 = c.get(KERR).text
        assert "More to follow." in page0  # only in the older capture
        assert "Warholm reclaims world title" not in page0
        # time moves only when told to, here through the control endpoint
        assert c.post("/_control/step", params={"n": 3}).json()["step"] == 3
        page3 = c.get(KERR).text
        assert "Warholm reclaims world title as pole vaulters share gold" in page3
        assert "More to follow." not in page3
    # realistic furniture around the story
    for furniture in (
        "<nav",
        "Share on X",
        "<figcaption",
        "More on this story",
        "Most read",
        "<footer",
        "Cookies",
    ):
        assert furniture in page0
    assert len(old.paragraphs) > 15 and len(new.paragraphs) > len(old.paragraphs)


def test_typographic_variant_is_the_same_text() -> None:
    old, _ = load_seed_versions()
    variant = typographic(old)
    assert variant.blocks != old.blocks
    assert [normalize(b) for b in variant.blocks] == [normalize(b) for b in old.blocks]
    assert not variant.meaningful


def test_feed_sitemap_robots_and_conditional_get(newsroom: Newsroom) -> None:
    with httpx.Client(base_url=newsroom.base_url) as c:
        feed = c.get("/feed.xml")
        assert feed.headers["content-type"].startswith("application/rss+xml")
        assert KERR in feed.text and "council-budget" not in feed.text  # published at step 1
        index = c.get("/sitemap.xml").text
        assert "/sitemaps/news-1.xml" in index
        assert "<news:news>" in c.get("/sitemaps/news-1.xml").text
        assert "Disallow: /private/" in c.get("/robots.txt").text
        first = c.get(KERR)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert c.get(KERR, headers={"If-None-Match": etag}).status_code == 304
        assert c.get(KERR, headers={"If-Modified-Since": modified}).status_code == 304
        newsroom.set_step(3)
        assert c.get(KERR, headers={"If-None-Match": etag}).status_code == 200
        assert c.get("/news/nothing-here").status_code == 404
    assert newsroom.hits(KERR) == 4


@pytest.mark.parametrize(
    ("kind", "params", "status"),
    [
        ("error", {"status": 503}, 503),
        ("ratelimit", {"seconds": 7}, 429),
        ("redirect-loop", {}, 302),
        ("redirect", {"location": "/elsewhere"}, 302),
    ],
)
def test_faults_are_served_count_times(
    newsroom: Newsroom, kind: str, params: dict, status: int
) -> None:
    with httpx.Client(base_url=newsroom.base_url) as c:
        r = c.post("/_control/fault", params={"path": KERR, "kind": kind, "count": 2, **params})
        assert r.json()["faults"] == {KERR: kind}
        got = [c.get(KERR).status_code for _ in range(3)]
    assert got == [status, status, 200]


def test_fault_bodies(newsroom: Newsroom) -> None:
    with httpx.Client(base_url=newsroom.base_url) as c:
        newsroom.add_fault(KERR, "ratelimit", seconds=9)
        assert c.get(KERR).headers["retry-after"] == "9"
        newsroom.add_fault(KERR, "wrong-charset")
        r = c.get(KERR)
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        assert b"Josh Kerr stunned" in r.content and b"<meta charset" not in r.content
        newsroom.add_fault("/news/museum-reopens", "wrong-charset")
        raw = c.get("/news/museum-reopens").content
        assert b"\xa314m" in raw  # '£' in cp1252, declared as UTF-8
        newsroom.add_fault(KERR, "truncated-html")
        cut = c.get(KERR).text
        assert "<html" in cut and "</html>" not in cut
        newsroom.add_fault(KERR, "huge", size=3_000_000)
        assert len(c.get(KERR).content) == 3_000_000
        newsroom.add_fault(KERR, "truncated")
        with pytest.raises(httpx.RemoteProtocolError):
            c.get(KERR)
    with httpx.Client(base_url=newsroom.base_url) as c:
        assert c.post("/_control/fault", params={"kind": "nonsense"}).status_code == 400
        assert c.get(KERR).status_code == 200


def test_synthetic_script_changes_on_schedule() -> None:
    script = SyntheticScript(30, change_every=3)
    with Newsroom(script) as room, httpx.Client(base_url=room.base_url) as c:
        first = {i: c.get(f"/n/{i}").headers["etag"] for i in range(6)}
        room.set_step(1)
        second = {i: c.get(f"/n/{i}").headers["etag"] for i in range(6)}
        changed = {i for i in range(6) if first[i] != second[i]}
        assert changed == {1, 4}
        index = c.get("/sitemap.xml").text
        assert index.count("<sitemap>") == 1
        assert c.get("/sitemaps/news-1.xml").text.count("<url>") == 30
        assert c.get("/n/30").status_code == 404


def test_editorial_expected_versions() -> None:
    script = editorial_script()
    assert len(script.expected_versions(KERR, 10)) == 2
    assert len(script.expected_versions("/news/storm-edith-power-cuts", 10)) == 4
