"""Empty stores, single-version stories and awkward text do not break any page."""

from __future__ import annotations

from io import BytesIO

import feedparser
from fastapi.testclient import TestClient
from PIL import Image

from redline.changes import index_pending
from redline.store import Observation, Store
from redline.web.app import create_app
from redline.web.webhooks import notifier
from tests.web.stories import T0


def test_empty_store(fresh_store: Store) -> None:
    with TestClient(create_app(fresh_store)) as c:
        home = c.get("/")
        assert home.status_code == 200 and "No changes recorded" in home.text
        assert c.get("/api/stats").json()["stories"] == 0
        feed = feedparser.parse(c.get("/feeds/changes.atom").content)
        assert not feed.bozo and feed.entries == []
        assert c.get("/search?q=anything").status_code == 200
        assert c.get("/sources").status_code == 200
        assert c.get("/stories/1").status_code == 404


def test_single_version_story(fresh_store: Store) -> None:
    r = fresh_store.record_version(
        Observation.from_text(
            "Only one version. It never changed.",
            url="https://x.test/one",
            headline="One",
            seen_at=T0,
        )
    )
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    with TestClient(create_app(fresh_store)) as c:
        page = c.get(f"/stories/{r.article_id}")
        assert page.status_code == 200 and "First version recorded." in page.text
        assert page.text.count('<rect class="bar') == 1
        assert c.get(f"/stories/{r.article_id}/blame").status_code == 400
        assert c.get(f"/stories/{r.article_id}/diff/1/2").status_code == 400
        blame = c.get(f"/api/stories/{r.article_id}/blame").json()
        assert {s["introduced"] for s in blame["sentences"]} == {1}
        feed = feedparser.parse(c.get(f"/feeds/stories/{r.article_id}.atom").content)
        assert not feed.bozo and feed.entries == []


def test_awkward_text_renders_everywhere(fresh_store: Store) -> None:
    texts = [
        "Ceasefire talks \u202eresumed\u202c in ‏القاهرة‎ today 🕊️. Zero\u200bwidth joins.\n"
        "A very " + "long " * 400 + "sentence.",
        "Ceasefire talks stalled in ‏القاهرة‎ today 🕊️🕊️. Zero\u200bwidth joins.\n"
        "A very " + "long " * 401 + "sentence.\n\u00a0\u00a0Trailing.",
    ]
    for k, text in enumerate(texts):
        r = fresh_store.record_version(
            Observation.from_text(
                text,
                url="https://x.test/odd",
                headline="Odd \u0007 text",
                seen_at=T0.replace(hour=k),
            )
        )
    index_pending(fresh_store, notify=notifier(fresh_store.engine))
    sid = r.article_id
    with TestClient(create_app(fresh_store)) as c:
        for path in [
            "/",
            f"/stories/{sid}",
            f"/stories/{sid}/diff/1/2",
            f"/stories/{sid}/diff/1/2?view=side",
            f"/stories/{sid}/blame",
            f"/api/stories/{sid}/diff/1/2",
            "/search?q=ceasefire",
        ]:
            assert c.get(path).status_code == 200, path
        assert not feedparser.parse(c.get(f"/feeds/stories/{sid}.atom").content).bozo
        card = c.get(f"/stories/{sid}/diff/1/2/card.png")
        assert Image.open(BytesIO(card.content)).size == (1200, 630)
