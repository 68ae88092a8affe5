"""Recording versions: new text, re-fetches, typography, flip-flops, idempotence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from redline import changes
from redline.errors import NotFoundError, StoreError
from redline.store import Observation, Store

URL = "https://www.bbc.co.uk/sport/athletics/66596506"
T0 = datetime(2023, 8, 23, 20, 0, tzinfo=UTC)


def obs(text: str, minutes: int | None = 0, **kw: object) -> Observation:
    seen = None if minutes is None else T0 + timedelta(minutes=minutes)
    return Observation.from_text(text, url=kw.pop("url", URL), seen_at=seen, **kw)  # type: ignore[arg-type]


def test_seed_versions_round_trip(store: Store, seed_texts: tuple[str, str]) -> None:
    old, new = seed_texts
    r1 = store.record_version(obs(old, 0))
    r2 = store.record_version(obs(new, 10))
    assert (r1.status, r1.version, r1.new_article) == ("created", 1, True)
    assert (r2.status, r2.version, r2.previous, r2.new_article) == ("created", 2, 1, False)
    assert store.version(URL, 1).paragraphs == obs(old).paragraphs
    assert store.version(URL, 2).paragraphs == obs(new).paragraphs
    assert store.version(URL).number == 2
    history = changes.history(store, URL)
    assert [v.number for v in history] == [1, 2]
    assert history[0].summary == "first version"
    assert history[1].summary and "added" in history[1].summary
    assert history[1].first_seen == T0 + timedelta(minutes=10)


def test_refetch_and_typography_record_seen_not_version(store: Store) -> None:
    text = 'Kerr\'s "gold" - a surprise.\nThe 25-year-old won.'
    curly = "Kerr\u2019s \u201cgold\u201d \u2013 a\u00a0surprise.\nThe 25-year-old won."
    assert store.record_version(obs(text, 0)).status == "created"
    assert store.record_version(obs(text, 5)).status == "seen"
    assert store.record_version(obs(curly, 10)).status == "seen"
    # paragraph breaks and page furniture do not count either
    assert store.record_version(obs(text.replace("\n", " "), 15)).status == "seen"
    assert store.record_version(obs("Last updated on 23 August\n" + text, 20)).status == "seen"
    [v] = store.history(URL)
    assert v.seen_count == 5
    assert v.last_seen == T0 + timedelta(minutes=20)
    assert [c.kind for c in store.captures(URL)] == ["version", "seen", "seen", "seen", "seen"]
    assert store.record_version(obs(text + " It was close.", 25)).status == "created"


def test_flipflop_is_recorded_not_versioned(store: Store) -> None:
    a, b = "Version A of the story.", "Version B of the story, with a new headline idea."
    assert store.record_version(obs(a, 0)).status == "created"
    assert store.record_version(obs(b, 1)).status == "created"
    for minute, text in enumerate([a, b, a, b, a], start=2):
        r = store.record_version(obs(text, minute))
        assert r.status == "flipflop"
    info = store.article(URL)
    assert info.version_count == 2
    assert info.flipflops == 5
    assert store.count()["versions"] == 2
    assert [c.kind for c in store.captures(URL)].count("flipflop") == 5


def test_same_capture_twice_changes_nothing(store: Store) -> None:
    store.record_version(obs("One.", 0))
    store.record_version(obs("One. Two.", 5))
    before = store.count()
    results = store.record_many([obs("One.", 0), obs("One. Two.", 5)])
    assert [r.status for r in results] == ["duplicate", "duplicate"]
    assert store.count() == before


def test_backfilled_older_capture_is_inserted_in_time_order(store: Store) -> None:
    store.record_version(obs("First text of the story.", 0))
    store.record_version(obs("Third text of the story, much later.", 60))
    r = store.record_version(obs("Second text of the story, in between.", 30))
    assert (r.status, r.version) == ("created", 2)
    texts = [v.text for v in store.versions(URL)]
    assert texts == [
        "First text of the story.",
        "Second text of the story, in between.",
        "Third text of the story, much later.",
    ]
    # the current version is still the newest text
    assert store.version(URL).text.startswith("Third")


def test_external_id_wins_over_url(store: Store) -> None:
    r1 = store.record_version(obs("Text one.", 0, external_id="a-1", url="https://x.test/old"))
    r2 = store.record_version(obs("Text two.", 5, external_id="a-1", url="https://x.test/new"))
    assert r1.article_id == r2.article_id
    assert store.article("a-1").version_count == 2


def test_canonical_url_lookup_and_search(store: Store) -> None:
    store.record_version(obs("Kerr wins gold in Budapest.", 0, headline="Kerr wins gold"))
    store.record_version(obs("Other news.", 0, url="https://x.test/other", headline="Other"))
    assert store.article(URL + "?utm_source=feed#top").url == URL
    assert store.article("kerr gold").url == URL
    assert [a.url for a in store.search("KERR")] == [URL]
    assert store.search("nothing-like-this") == []
    with pytest.raises(NotFoundError):
        store.article("https://x.test/missing")
    with pytest.raises(NotFoundError):
        store.article(9999)
    with pytest.raises(StoreError):
        store.article("https")  # matches both: ambiguous


def test_raw_pages_kept_compressed_and_once(store: Store) -> None:
    raw = b"<html><body><p>" + b"Kerr wins gold. " * 200 + b"</p></body></html>"
    store.record_version(obs("Kerr wins gold.", 0, raw=raw, raw_type="text/html"))
    store.record_version(obs("Kerr wins gold.", 5, raw=raw, raw_type="text/html"))
    v = store.version(URL, 1)
    assert v.raw_blob is not None
    assert store.raw(v.raw_blob) == raw
    assert {c.raw_blob for c in store.captures(URL)} == {v.raw_blob}
    from sqlalchemy import text

    with store.engine.connect() as conn:
        count, size = conn.execute(text("SELECT count(*), max(length(data)) FROM blobs")).one()
    assert count == 1
    assert size < len(raw) / 5


def test_comparison_is_cached_and_recomputable(store: Store, seed_texts: tuple[str, str]) -> None:
    store.record_version(obs(seed_texts[0], 0))
    store.record_version(obs(seed_texts[1], 10))
    first = changes.comparison(store, URL, 1, 2)
    assert first.data["old_sentences"] and first.data["alignment"]
    assert first.counts["added"] > 0
    from sqlalchemy import text

    with store.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM comparisons")).scalar() == 1
        conn.execute(text("DELETE FROM comparisons"))
    again = changes.comparison(store, URL, 1, 2)
    assert again.summary == first.summary
    assert store.compare_versions(URL, 1, 2).changed


def test_renumber(store: Store) -> None:
    store.record_version(Observation.from_text("B text of the story.", story="s"))
    store.record_version(Observation.from_text("A text of the story.", story="s"))
    store.renumber("s", [2, 1])
    assert [v.text[0] for v in store.versions("s")] == ["A", "B"]
    with pytest.raises(StoreError):
        store.renumber("s", [1])


def test_observation_needs_an_identity(store: Store) -> None:
    with pytest.raises(StoreError):
        store.record_version(Observation.from_text("No identity."))


def test_an_earlier_sighting_keeps_the_record_idempotent(store: Store) -> None:
    assert store.record_version(obs("Same text.", 10)).status == "created"
    assert store.record_version(obs("Same text.", 5)).status == "seen"
    [v] = store.history(URL)
    assert v.first_seen == T0 + timedelta(minutes=5)
    before = store.count()
    again = store.record_many([obs("Same text.", 10), obs("Same text.", 5)])
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert store.count() == before
    kinds = [(c.seen_at.minute, c.kind) for c in store.captures(URL) if c.seen_at]
    assert kinds == [(5, "seen"), (10, "version")]


def test_texts_read_back_from_a_fresh_process_after_out_of_order_batches(store: Store) -> None:
    a = "Late text one. Shared sentence here.\nLate paragraph two."
    b = "Early text one. Shared sentence here."
    c = "Middle text one. Shared sentence here.\nMiddle paragraph two."
    store.record_many([obs(a, 60), obs(b, 0), obs(c, 30)])
    store.record_many([obs(a + "\nAnother late paragraph.", 90), obs(b + " More.", 10)])
    fresh = Store(store.engine)  # no cached text units
    texts = [v.text for v in fresh.versions(URL)]
    assert texts == [
        Observation.from_text(t).text
        for t in (b, b + " More.", c, a, a + "\nAnother late paragraph.")
    ]
