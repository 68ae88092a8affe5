from __future__ import annotations

import html
from datetime import timedelta

import feedparser
from fastapi.testclient import TestClient

from redline.changes import index_pending
from redline.store import Observation, Store
from redline.web.app import create_app
from tests.web.stories import T0


def _parse(client: TestClient, path: str) -> feedparser.FeedParserDict:
    r = client.get(path)
    assert r.status_code == 200, path
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def test_feeds_are_valid_and_carry_summary_and_diff(client: TestClient, web_store: Store) -> None:
    sources = client.get("/api/sources").json()["items"]
    paths = [
        "/feeds/changes.atom",
        "/feeds/changes.atom?significance=major",
        f"/feeds/stories/{web_store.seed_id}.atom",
        "/feeds/classes/fact_update.atom",
        *(f"/feeds/sources/{s['id']}.atom" for s in sources),
    ]
    for path in paths:
        feed = _parse(client, path)
        assert feed.feed.id.startswith("tag:")
        for entry in feed.entries:
            assert entry.id.startswith("tag:") and entry.updated_parsed and entry.link
            assert entry.summary
            content = entry.content[0].value
            assert "<em>[" in content and "Read the whole comparison" in content
            if "edited" in content or "added]" in content:
                assert "<ins>" in content
    story = _parse(client, f"/feeds/stories/{web_store.seed_id}.atom")
    assert "moved" in story.entries[0].summary  # newest change first
    assert len(story.entries) == 2
    facts = _parse(client, "/feeds/classes/fact_update.atom")
    assert {e.link.rsplit("/", 4)[-4] for e in facts.entries} == {str(web_store.hostile_id)}


def test_hostile_text_in_feeds_stays_text(client: TestClient, web_store: Store) -> None:
    feed = _parse(client, f"/feeds/stories/{web_store.hostile_id}.atom")
    content = feed.entries[0].content[0].value  # the HTML a feed reader would render
    assert "&lt;script&gt;window.__xss = 1" in content
    assert "<script" not in content and "<img" not in content and "<iframe" not in content
    assert html.unescape(feed.entries[0].title).startswith('<svg onload="window.__xss=6">')


def test_changed_story_resurfaces_with_same_id(fresh_store: Store) -> None:
    url = "https://x.test/story"
    for k, text in enumerate(["The toll is 3. Rescue goes on.", "The toll is 5. Rescue goes on."]):
        fresh_store.record_version(
            Observation.from_text(text, url=url, headline="Flood", seen_at=T0 + timedelta(hours=k))
        )
    index_pending(fresh_store)
    with TestClient(create_app(fresh_store)) as c:
        first = feedparser.parse(c.get("/feeds/changes.atom").content)
        etag = c.get("/feeds/changes.atom").headers["etag"]
        assert c.get("/feeds/changes.atom", headers={"If-None-Match": etag}).status_code == 304
        fresh_store.record_version(
            Observation.from_text(
                "The toll is 7. Rescue goes on. Roads are shut.",
                url=url,
                headline="Flood",
                seen_at=T0 + timedelta(hours=5),
            )
        )
        index_pending(fresh_store)
        second = feedparser.parse(c.get("/feeds/changes.atom").content)
    assert not first.bozo and not second.bozo
    assert len(first.entries) == len(second.entries) == 1
    assert first.entries[0].id == second.entries[0].id
    assert second.entries[0].updated_parsed > first.entries[0].updated_parsed
    assert "7" in second.entries[0].content[0].value
