"""One article under its many URLs: http/https, www./m./amp. hosts, AMP paths, slashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from redline.store import Observation, Store, article_key, migrate
from redline.store.model import _digest, canonical_url, identity_url

SAME = [
    "https://www.bbc.co.uk/news/uk-123",
    "http://www.bbc.co.uk/news/uk-123",
    "https://bbc.co.uk/news/uk-123/",
    "https://m.bbc.co.uk/news/uk-123",
    "https://www.bbc.co.uk/news/uk-123.amp",
    "https://www.bbc.co.uk/news/uk-123?amp=1&utm_source=x#top",
    "https://amp.bbc.co.uk/news/uk-123",
    "https://www.bbc.co.uk/amp/news/uk-123",
]
OTHER = [
    "https://www.bbc.co.uk/news/uk-124",
    "https://www.bbc.com/news/uk-123",
    "https://www.bbc.co.uk/news/uk-123?page=2",
    "https://www.bbc.co.uk/news",
]
T0 = datetime(2024, 5, 1, 8, tzinfo=UTC)


def test_the_forms_of_one_url_are_one_article() -> None:
    assert len({identity_url(u) for u in SAME}) == 1
    assert len({article_key(url=u) for u in SAME}) == 1
    keys = {article_key(url=u) for u in OTHER}
    assert len(keys) == len(OTHER) and article_key(url=SAME[0]) not in keys


def test_captures_under_other_forms_join_the_article(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "s.sqlite3")) as store:
        for k, url in enumerate(SAME[:4]):
            store.record_version(
                Observation.from_text(
                    f"The toll rose to {10 + k}.", url=url, seen_at=T0 + timedelta(hours=k)
                )
            )
        assert store.count()["articles"] == 1
        assert [v.number for v in store.history(SAME[5])] == [1, 2, 3, 4]


def test_the_migration_moves_old_keys_to_the_identity_form(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{db}")
    migrate.upgrade(engine, "0006")
    old_key = "u:" + _digest(canonical_url(SAME[1]))  # how keys were made before
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (key, url, grouping, version_count, flipflops, created_at) "
                "VALUES (:k, :u, 'url', 0, 0, :t)"
            ),
            {"k": old_key, "u": canonical_url(SAME[1]), "t": T0},
        )
    engine.dispose()
    assert old_key != article_key(url=SAME[1])
    with Store.open(str(db)) as store:  # upgrades to the head revision
        info = store.article(SAME[0])
        assert info.url == canonical_url(SAME[1])
        store.record_version(Observation.from_text("The toll rose to 12.", url=SAME[0], seen_at=T0))
        assert store.count()["articles"] == 1


@pytest.mark.parametrize("story", ["kerr-final"])
def test_ingest_story_wins_over_the_urls_pages_name(tmp_path: Path, story: str) -> None:
    from redline.ingest import IngestOptions, ingest

    pages = []
    for k, (url, toll) in enumerate([("https://a.example/x", 12), ("https://b.example/y", 15)]):
        p = tmp_path / f"{k}.html"
        p.write_text(
            f'<html><head><link rel="canonical" href="{url}"><title>Quake</title></head>'
            f"<body><article><h1>Quake toll rises</h1><p>The toll rose to {toll} on Monday, "
            "officials said.</p><p>Rescue work continued through the night in the hills "
            "above the town.</p></article></body></html>",
            encoding="utf-8",
        )
        pages.append(p)
    with Store.open(str(tmp_path / "i.sqlite3")) as store:
        ingest(store, pages, IngestOptions(story=story))
        assert store.count()["articles"] == 1
        info = store.article(story)
        assert info.story == story and len(store.history(info)) == 2
