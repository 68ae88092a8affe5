from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from redline.store import Store


def _summary(story_id: int, version: int) -> str:
    """The explained summary of a change, escaped as the pages print it."""
    import html

    return html.escape(_SUMMARIES[(story_id, version)], quote=False)


_SUMMARIES: dict[tuple[int, int], str] = {}


@pytest.fixture(autouse=True)
def _summaries(client: TestClient, web_store: Store) -> None:
    if not _SUMMARIES:
        for sid in (web_store.seed_id, web_store.hostile_id):
            for v in client.get(f"/api/stories/{sid}").json()["history"]:
                if v["change"]:
                    _SUMMARIES[(sid, v["version"])] = v["change"]["summary"]


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_home_lists_changes_with_summaries_and_badges(client: TestClient, web_store: Store) -> None:
    r = client.get("/")
    assert r.status_code == 200
    page = _main(r.text)
    assert f'href="/stories/{web_store.seed_id}"' in page
    assert _summary(web_store.seed_id, 3) in page
    assert 'class="badge level-' in page
    assert 'class="badge class-quote-added"' in page


def test_home_filters_by_source_class_and_significance(
    client: TestClient, web_store: Store
) -> None:
    sources = client.get("/api/sources").json()["items"]
    local = next(s["id"] for s in sources if s["name"] == "Local Times")
    page = _main(client.get(f"/?source={local}").text)
    assert "Budget 0 approved" in page and f'/stories/{web_store.seed_id}"' not in page
    page = _main(client.get("/?class=fact_update").text)
    assert f'/stories/{web_store.hostile_id}"' in page
    assert f'/stories/{web_store.seed_id}"' not in page
    page = _main(client.get("/?significance=major").text)
    levels = set(re.findall(r'class="badge level-(\w+)"', page))
    assert levels and levels <= {"major"}


@pytest.mark.parametrize(
    "query",
    [
        "source=abc",
        "class=nope",
        "significance=huge",
        "page=0",
        "page=99999999999999999999",
        "source=-1",
    ],
)
def test_home_rejects_bad_filters(client: TestClient, query: str) -> None:
    r = client.get(f"/?{query}")
    assert r.status_code == 400
    assert "<h1>Bad request</h1>" in r.text


def test_story_page_has_timeline_and_versions(client: TestClient, web_store: Store) -> None:
    r = client.get(f"/stories/{web_store.seed_id}")
    assert r.status_code == 200
    svg = r.text[r.text.index("<svg") : r.text.index("</svg>")]
    assert svg.count('<rect class="bar') == 3
    assert f'href="/stories/{web_store.seed_id}/diff/2/3"' in svg
    assert r.text.count('class="difflink"') == 2
    assert _summary(web_store.seed_id, 3) in r.text


def test_diff_page_inline_and_side_by_side(client: TestClient, web_store: Store) -> None:
    sid = web_store.seed_id
    inline = client.get(f"/stories/{sid}/diff/1/2").text
    assert '<ol class="diff inline">' in inline
    assert "<ins>" in inline and "<del>" in inline
    assert '<span class="label">added</span>' in inline
    # short unchanged stretches fold too (three or more sentences), without labels
    assert [int(n) for n in re.findall(r"<summary>(\d+) unchanged sentences?</summary>", inline)]
    assert all(
        int(n) >= 3 for n in re.findall(r"<summary>(\d+) unchanged sentences?</summary>", inline)
    )
    assert '<span class="label">unchanged</span>' not in inline
    folded = client.get(f"/stories/{sid}/diff/2/3").text
    assert re.search(r"<details><summary>\d+ unchanged sentences</summary>", folded)
    ids = re.findall(r'\sid="([no]\d+)"', inline)
    assert len(ids) == len(set(ids)) and "n1" in ids
    side = client.get(f"/stories/{sid}/diff/1/2?view=side").text
    assert '<div class="diff side"' in side
    assert 'aria-current="page">Side by side' in side
    assert '<span class="label">unchanged</span>' not in side


def test_changes_only_mode_folds_every_unchanged_sentence(
    client: TestClient, web_store: Store
) -> None:
    sid = web_store.seed_id
    only = client.get(f"/stories/{sid}/diff/1/2?show=changes").text
    assert 'aria-current="page">Changes only' in only
    shown = only.split("<details>")[0] + "".join(
        part.split("</details>", 1)[1] for part in only.split("<details>")[1:]
    )
    assert 'class="row unchanged' not in shown  # every unchanged row is inside a fold
    assert shown.count('class="row ') >= 10  # the changed rows stay
    whole = client.get(f"/stories/{sid}/diff/1/2").text
    assert len(re.findall(r'class="row [^"]*chg', whole)) == len(
        re.findall(r'class="row [^"]*chg', only)
    )
    assert client.get(f"/stories/{sid}/diff/1/2?show=bogus").status_code == 400


def test_diff_page_links_moved_sentence_places(client: TestClient, web_store: Store) -> None:
    page = client.get(f"/stories/{web_store.seed_id}/diff/2/3").text
    moved_from = re.search(r'class="movelink" href="#(o\d+)">moved from', page)
    moved_to = re.search(r'class="movelink" href="#(n\d+)">moved to', page)
    assert moved_from and moved_to
    assert f'id="{moved_from.group(1)}"' in page and f'id="{moved_to.group(1)}"' in page


@pytest.mark.parametrize(
    "path",
    [
        "/stories/{sid}/diff/1/9",
        "/stories/{sid}/diff/2/2",
        "/stories/{sid}/diff/0/1",
        "/stories/{sid}/diff/1/2?view=x",
    ],
)
def test_diff_page_rejects_bad_versions(client: TestClient, web_store: Store, path: str) -> None:
    assert client.get(path.format(sid=web_store.seed_id)).status_code == 400


def test_blame_shades_latest_text_by_version(client: TestClient, web_store: Store) -> None:
    page = client.get(f"/stories/{web_store.seed_id}/blame").text
    article = page[page.index('<article class="blame">') : page.index("</article>")]
    assert 'class="blamed shade-0" title="since version 1">Britain’s Josh Kerr' in article
    # words added in version 2 inside an older sentence are credited to version 2
    assert re.search(
        r'title="since version 2"><a href="/stories/\d+/diff/1/2">'
        r'<span class="visually-hidden">\[v2\] </span>crown on his head and',
        article,
    )
    # the moved sentence keeps its first version
    assert 'title="since version 1">It comes one year after' in article
    assert "<del>More to follow.</del>" in page  # added, then removed again
    text = re.sub(r"<[^>]+>", "", article.replace('<span class="visually-hidden">', "<x>"))
    assert "Kerr let out an almighty roar" in text


def test_version_page_shows_text(client: TestClient, web_store: Store) -> None:
    page = client.get(f"/stories/{web_store.seed_id}/versions/1").text
    assert "Kerr" in page and "More to follow." in page


def test_search_stories_and_removed_text(client: TestClient, web_store: Store) -> None:
    page = _main(client.get("/search?q=Ingebrigtsen").text)
    assert f'href="/stories/{web_store.seed_id}"' in page
    assert "<mark>Ingebrigtsen</mark>" in page  # in the title and the snippet
    page = _main(client.get("/search?q=follow&in=removed").text)
    assert '<del dir="auto">More to <mark>follow</mark>.</del>' in page
    assert f"/stories/{web_store.seed_id}/diff/1/2#o" in page
    # the hit says which versions and when
    assert re.search(r"version 1 → 2</a> · <time datetime=\"2023-08-23T19:00:00\+00:00\"", page)
    # words still present are not "removed"
    page = _main(client.get("/search?q=Ingebrigtsen&in=removed").text)
    assert "No removed sentence mentions" in page


def test_unknown_story_is_404_page(client: TestClient) -> None:
    r = client.get("/stories/424242")
    assert r.status_code == 404 and "<h1>Not found</h1>" in r.text


def test_share_card_is_png(client: TestClient, web_store: Store) -> None:
    from io import BytesIO

    from PIL import Image

    r = client.get(f"/stories/{web_store.seed_id}/diff/1/2/card.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    img = Image.open(BytesIO(r.content)).convert("RGB")
    assert img.size == (1200, 630)
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    assert (251, 220, 220) in colours and (215, 245, 221) in colours  # both highlights drawn
