"""Reading changes: grouped home, stories index, dates and their basis, snippets, links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from redline.changes import index_pending
from redline.ingest import IngestOptions, ingest
from redline.store import Observation, Store
from redline.web.app import create_app
from redline.web.dating import ago, version_date
from redline.web.snippets import Fragment, highlight, snippet
from redline.web.timeline import TimelinePoint, layout
from tests.conftest import SEED_DIR
from tests.web.stories import (
    LONG_WORD,
    T0,
    record_long_word,
    record_plain,
    record_seed,
    record_undated,
)


@pytest.fixture(scope="module")
def reading(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("reading")
    store = Store.open(f"sqlite:///{folder / 'reading.sqlite3'}")
    ids = {
        "seed": record_seed(store),
        "undated": record_undated(store),
        "long": record_long_word(store),
        "plain": record_plain(store, n=1)[0],
    }
    # a major change that also fixed typography
    url = "https://quotes.example/1"
    for k, text in enumerate(
        (
            'The minister said "we will act". Officials counted 12 injured people on Monday.',
            "The minister said “we will act”. Officials counted 40 injured people on Monday. "
            "Police arrested three men. A curfew starts tonight. Schools are closed.",
        )
    ):
        r = store.record_version(
            Observation.from_text(text, url=url, headline="Riot", seen_at=T0 + timedelta(hours=k))
        )
    ids["major"] = r.article_id
    index_pending(store)
    with TestClient(create_app(store)) as c:
        yield c, ids
    store.close()


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_home_has_one_entry_per_story(reading: tuple[TestClient, dict[str, int]]) -> None:
    c, ids = reading
    home = _main(c.get("/").text)
    links = re.findall(r'<h2 class="story-title"><a href="/stories/(\d+)"', home)
    assert sorted(int(x) for x in links) == sorted(set(int(x) for x in links))
    assert int(links.count(str(ids["seed"]))) == 1
    card = home.split(f'<a href="/stories/{ids["seed"]}" dir="auto">')[1].split("</li>")[0]
    assert "2 changes" in card  # the seed story has two
    assert re.search(r"biggest <span class=\"badge level-\w+\"", card)
    assert f'href="/stories/{ids["seed"]}/diff/2/3"' in card  # its latest change
    # relative time with the absolute one on hover
    assert re.search(
        r'<time datetime="[^"]+" title="\d\d \w{3} \d{4}, \d\d:\d\d UTC: [^"]+">', card
    )


def test_no_typography_badge_beside_a_substantive_change(
    reading: tuple[TestClient, dict[str, int]],
) -> None:
    c, ids = reading
    page = c.get(f"/stories/{ids['major']}").text
    change = c.get(f"/api/changes?story={ids['major']}").json()["items"][0]
    assert "typography" in change["classes"] and len(change["classes"]) > 1
    assert "class-typography" not in page
    assert "badge level-" in page


def test_stories_index_lists_every_story(reading: tuple[TestClient, dict[str, int]]) -> None:
    c, ids = reading
    page = c.get("/stories")
    assert page.status_code == 200
    for sid in ids.values():
        assert f'href="/stories/{sid}"' in page.text
    assert c.head("/stories").status_code == 200


def test_undated_story_never_shows_1970_or_none(reading: tuple[TestClient, dict[str, int]]) -> None:
    c, ids = reading
    sid = ids["undated"]
    for path in (
        "/",
        "/stories",
        f"/stories/{sid}",
        f"/stories/{sid}/diff/1/2",
        f"/stories/{sid}/versions/1",
        f"/stories/{sid}/blame",
        "/search?q=council",
        "/search?q=follow&in=removed",
    ):
        text = _main(c.get(path).text)
        assert "1970" not in text and "None" not in text, path
    story = c.get(f"/stories/{sid}").text
    assert "no address (stored from files)" in story
    assert "added <time" in story  # says the time is the ingest time
    # the two bars stand apart although both versions were added at once
    xs = re.findall(r'<rect class="bar[^"]*" x="([\d.]+)"', story)
    assert len(xs) == 2 and xs[0] != xs[1]


def test_original_url_is_a_safe_link(reading: tuple[TestClient, dict[str, int]]) -> None:
    c, ids = reading
    page = c.get(f"/stories/{ids['seed']}").text
    assert re.search(
        r'<a class="url" href="https://www\.bbc\.co\.uk/sport/athletics/66594820" '
        r'rel="noopener noreferrer nofollow">',
        page,
    )


def test_unsafe_addresses_are_not_links(tmp_path: object, fresh_store: Store) -> None:
    for k, url in enumerate(
        ("javascript:alert(1)//x", "data:text/html,hi", "https://ok.example/a")
    ):
        fresh_store.record_version(
            Observation.from_text(f"Text {k}.", url=url, headline=f"S{k}", seen_at=T0)
        )
    with TestClient(create_app(fresh_store)) as c:
        pages = [c.get(f"/stories/{i}").text for i in (1, 2, 3)]
    assert 'href="javascript' not in pages[0] and "javascript:alert(1)//x" in pages[0]
    assert 'href="data:' not in pages[1]
    assert 'href="https://ok.example/a"' in pages[2]


def test_long_word_story_pages_render(reading: tuple[TestClient, dict[str, int]]) -> None:
    c, ids = reading
    sid = ids["long"]
    for path in (f"/stories/{sid}", f"/stories/{sid}/diff/1/2", f"/stories/{sid}/blame", "/"):
        r = c.get(path)
        assert r.status_code == 200 and LONG_WORD[:200] in r.text, path


def test_search_snippet_is_around_the_match_and_marked() -> None:
    body = "Intro words. " * 40 + "The mayor <b>resigned</b> on Friday. " + "Tail. " * 40
    frags = snippet(body, ["resigned"])
    text = "".join(f.text for f in frags)
    assert text.startswith("…") and text.endswith("…")
    assert Fragment("resigned", True) in frags
    assert "<b>" in text  # kept as text, escaped by the template
    assert len(text) < 300
    assert highlight("Kerr beat Kerrigan; KERR won", ["kerr"]) == (
        Fragment("Kerr", True),
        Fragment(" beat Kerrigan; "),
        Fragment("KERR", True),
        Fragment(" won"),
    )
    assert snippet("no match here", ["zzz"]) == (Fragment("no match here"),)


def test_search_page_highlights_escaped(reading: tuple[TestClient, dict[str, int]]) -> None:
    c, _ = reading
    page = _main(c.get("/search?q=Budapest").text)
    assert "<mark>Budapest</mark>" in page
    snippet_html = page.split('<p class="snippet" dir="auto">')[1].split("</p>")[0]
    assert not snippet_html.startswith("Britain")  # around the match, not the start
    assert snippet_html.count("<mark>") >= 1


def test_dates_say_what_they_are() -> None:
    t = datetime(2024, 5, 1, 12, tzinfo=UTC)
    later = t + timedelta(hours=2)
    assert (
        version_date(number=2, updated=later, published=t, first_seen=t, created_at=t).basis
        == "updated"
    )  # type: ignore[union-attr]
    assert (
        version_date(number=1, updated=None, published=t, first_seen=later, created_at=later).basis
        == "published"
    )  # type: ignore[union-attr]
    d = version_date(number=2, updated=None, published=t, first_seen=later, created_at=later)
    assert d is not None and d.basis == "captured" and d.when == later
    d = version_date(number=2, updated=None, published=None, first_seen=None, created_at=t)
    assert d is not None and d.basis == "added"
    assert (
        version_date(number=1, updated=None, published=None, first_seen=None, created_at=None)
        is None
    )
    assert ago(t - timedelta(minutes=12), t) == "12 min ago"
    assert ago(t - timedelta(seconds=5), t) == "just now"
    assert ago(t - timedelta(hours=3), t) == "3 h ago"
    assert ago(t - timedelta(days=40), t) == "22 Mar 2024"


def test_timeline_spreads_versions_without_usable_times() -> None:
    t = datetime(2024, 1, 1, tzinfo=UTC)
    same = layout([TimelinePoint(1, t, 0, "a"), TimelinePoint(2, t, 3, "b")])
    assert same.bars[0].x < same.bars[1].x
    assert [label for _, label in same.ticks] == ["v1", "v2"]
    unknown = layout([TimelinePoint(1, None, 0, "a"), TimelinePoint(2, t, 3, "b")])
    assert unknown.bars[0].x < unknown.bars[1].x
    assert unknown.bars[0].when == "time unknown"


def test_the_seed_story_shows_the_date_its_files_carry(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'seed.sqlite3'}")
    report = ingest(store, [str(SEED_DIR)], IngestOptions())
    [story] = report.stories
    versions = store.history(story.article_id)
    # the earlier file says "date 2023-08-23"; the later one carries no date
    assert [v.published for v in versions] == [datetime(2023, 8, 23, tzinfo=UTC), None]
    assert "More to follow." in store.version(story.article_id, 1).text
    index_pending(store)
    with TestClient(create_app(store)) as c:
        page = _main(c.get(f"/stories/{story.article_id}").text)
    store.close()
    assert re.search(r"published <time[^>]*>[^<]*23 Aug 2023", page), page[:2000]
    assert "added <time" in page  # the later version: no date of its own, the ingest time
    assert "1970" not in page and "None" not in page
