"""Page furniture is set aside; article sentences never are."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.text.boilerplate import is_boilerplate
from redline.text.segment import segment

SEED_METADATA = " date 2023-08-23 Last updated on .From the section Athletics"

FURNITURE = [
    SEED_METADATA,
    "Last updated on 23 August 2023",
    "From the section Football",
    "Published 3 hours ago",
    "Updated: 12 May 2024",
    "Posted on Monday",
    "Share this article",
    "Share",
    "Copy link",
    "Comments",
    "12 comments",
    "Image source, Getty Images",
    "Image caption, Kerr celebrates",
    "Getty Images",
    "Advertisement",
    "Read more: the full results",
    "Related Topics",
    "Publié le 3 mai 2024 à 10h",
    "Mis à jour le 4 mai 2024",
    "Lire aussi : la réforme expliquée",
    "| | |",
    "   ",
]

ARTICLE_TEXT = [
    "More to follow.",
    "Shares in the firm fell 5% on Monday.",
    "He declined to share details of the deal.",
    "Share prices recovered later.",
    "The minister's comments drew criticism.",
    "Comments on the proposal close on Friday.",
    "The page was last updated on Monday.",
    "He read aloud from the section on tax.",
    "Published in 1851, the novel was a failure.",
    "Kerr chose the moment to pass Ingebrigsten perfectly",
    "Share this article with your friends, the campaign urged, as it sought to reach every "
    "household in the country.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ARTICLE_TEXT)
def test_article_text_is_kept(line):
    assert not is_boilerplate(line)


def test_seed_metadata_line_is_dropped_and_more_to_follow_kept(seed_texts):
    doc = segment(seed_texts[0])
    assert doc.dropped == (SEED_METADATA.strip(),)
    assert "More to follow." in doc.texts
    assert not any("Last updated" in t or "From the section" in t for t in doc.texts)


def test_real_sentences_about_sharing_survive_segmentation():
    text = "\n".join(["Share", *ARTICLE_TEXT[:6]])
    doc = segment(text)
    assert doc.dropped == ("Share",)
    assert doc.texts == ARTICLE_TEXT[:6]


def test_long_lines_are_never_furniture():
    line = "Last updated on Monday " + "and the report ran to many more pages than before " * 3
    assert not is_boilerplate(line)


def _plain_rules(line: str) -> bool:
    """is_boilerplate without its shortcuts: the word limit, then the patterns."""
    from redline.text import boilerplate as b

    stripped = line.strip()
    if not stripped or b._TABLE_PIPES.match(stripped):
        return True
    if stripped.count(" ") >= b._SHORT_LINE_WORDS and "  " not in stripped:
        return False
    if len(stripped.split(None, b._SHORT_LINE_WORDS)) > b._SHORT_LINE_WORDS:
        return False
    return bool(
        b._STAMP_START.match(stripped)
        or b._PROMPTS.match(stripped)
        or b._STAMP_ANYWHERE.search(stripped)
    )


_WORD_TEXT = (
    "Share share ſhare SHARE this article on page copy link Follow us sign up 12 "
    "comments Read more image source photo : Getty Images / AFP email e-mail print x "
    "The the site is not responsible for content of external sites reſponsible date "
    "2023-08-23 Updated5 May Published Posted on Monday Last updated on From the "
    "section Athletics Publié le Mis à jour | — ( ) . ! … 3 Warholm won gold"
)
_WORDS = st.sampled_from(_WORD_TEXT.split())


@given(st.lists(_WORDS, min_size=1, max_size=18), st.sampled_from([" ", "  ", "\u00a0", "\t"]))
def test_shortcuts_decide_as_the_patterns_do(words, space):
    line = space.join(words)
    assert is_boilerplate(line) == _plain_rules(line)
