"""What a post says, fitted to each service's limit (pure functions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redline.comparison import compare
from redline.notify.message import alt_text, compose, diff_link, shorten

LINK = "https://redline.example/stories/7/diff/1/2"
ARCHIVED = "https://web.archive.org/web/20261210120000/https://news.example/a"


def change(title: str = "Storm closes roads", summary: str = "1 fact updated (80mph → 95mph)"):
    return {
        "change_id": 3,
        "story": {"id": 7, "title": title, "url": "https://news.example/a"},
        "version": 2,
        "previous": 1,
        "summary": summary,
        "diff": LINK,
    }


def test_post_has_headline_summary_and_link() -> None:
    title, body = compose(change(), body_limit=500, title_limit=0)
    assert title == ""
    assert body.splitlines() == [
        "Storm closes roads",
        "v1 → v2: 1 fact updated (80mph → 95mph)",
        LINK,
    ]


def test_services_with_titles_get_the_headline_as_title() -> None:
    title, body = compose(change(), body_limit=32768, title_limit=250, archived=ARCHIVED)
    assert title == "Storm closes roads"
    assert body.splitlines() == [
        "v1 → v2: 1 fact updated (80mph → 95mph)",
        LINK,
        f"Archived: {ARCHIVED}",
    ]


def test_long_text_is_trimmed_to_the_limit_links_kept_whole() -> None:
    long = change("Headline " * 40, "many things changed " * 60)
    for limit in (500, 280):
        _, body = compose(long, body_limit=limit, title_limit=0, archived=ARCHIVED)
        assert len(body) <= limit
        lines = body.splitlines()
        assert lines[-2:] == [LINK, f"Archived: {ARCHIVED}"]
        assert lines[0].endswith("…") and lines[1].endswith("…")
        assert lines[1].startswith("v1 → v2: many things changed")


def test_archive_link_goes_before_the_text_does() -> None:
    long = change("Headline " * 40, "many things changed " * 60)
    _, body = compose(long, body_limit=140, title_limit=0, archived=ARCHIVED)
    assert len(body) <= 140
    assert "Archived" not in body and body.endswith(LINK)
    assert body.startswith("Headline")


def test_short_headline_keeps_whole_while_summary_is_cut() -> None:
    _, body = compose(change(summary="word " * 200), body_limit=280, title_limit=0)
    assert body.splitlines()[0] == "Storm closes roads"
    assert len(body) <= 280


def test_diff_link_absolute_relative_or_the_article() -> None:
    c = change()
    assert diff_link(c) == LINK
    c["diff"] = "/stories/7/diff/1/2"
    assert diff_link(c, "https://r.example/") == "https://r.example/stories/7/diff/1/2"
    assert diff_link(c) == "https://news.example/a"  # no base URL: link the article


@given(st.text(max_size=300), st.integers(min_value=1, max_value=200))
def test_shorten_never_exceeds_its_limit(text: str, limit: int) -> None:
    out = shorten(text, limit)
    assert len(out) <= limit
    if len(" ".join(text.split())) <= limit:
        assert out == " ".join(text.split())


def test_alt_text_describes_the_card() -> None:
    c = compare("Winds reach 80mph. Roads shut.", "Winds reach 95mph. Roads shut.")
    alt = alt_text(c, headline="Storm", summary=c.summary(), old=1, new=2)
    assert alt.startswith("Card of a change to “Storm”, version 1 to 2")
    assert "Before: “Winds reach 80mph.”" in alt and "After: “Winds reach 95mph.”" in alt
    assert all(ch.isprintable() for ch in alt)
    big = compare("A\tb " * 2000 + ".", "C\nd " * 2000 + ".")
    assert len(alt_text(big, headline="x" * 900, summary="y", old=1, new=2)) <= 1000
