"""Re-fetching an unchanged article whose furniture changed records no version."""

from __future__ import annotations

import pytest

from redline.extract import decide_from_raw, decide_version, extract_article

from .corpus import all_captures
from .refetch import KINDS, refetch
from .test_real_pages import HEADLINE, URL, page, paras

UTF8 = "text/html; charset=utf-8"


def _article() -> bytes:
    sf = "Engineers say the £26m wall performed exactly as designed overnight."
    return page(
        f"<article><h1>{HEADLINE}</h1><p class='standfirst'>{sf}</p>{paras()}</article>",
        head=(
            "<meta name='description' content='The flood barrier held overnight as the river"
            " reached a record height, engineers said.'>"
        ),
    )


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_furniture_change_alone_is_no_version(kind: str) -> None:
    raw = _article()
    a = refetch(raw, seed=1, kinds=(kind,))
    b = refetch(raw, seed=2, kinds=(kind,))
    assert a != b
    for old, new in ((raw, a), (a, b)):
        d = decide_from_raw(old, new, url=URL, content_type=UTF8)
        assert not d.record, d.reasons
        assert not d.suspect, d.reasons


def test_all_furniture_changes_together_are_no_version() -> None:
    raw = _article()
    d = decide_from_raw(refetch(raw, seed=3), refetch(raw, seed=4), url=URL, content_type=UTF8)
    assert not d.record and not d.suspect, d.reasons


def test_a_real_edit_among_furniture_changes_is_still_a_version() -> None:
    raw = _article()
    edited = raw.replace(b"About 400 homes", b"About 650 homes")
    d = decide_from_raw(refetch(raw, seed=1), refetch(edited, seed=2), url=URL, content_type=UTF8)
    assert d.record
    assert "body changed" in " ".join(d.reasons)


def test_refetches_of_the_redesign_corpus_make_no_version() -> None:
    for seq in all_captures()[:6]:
        cap = seq[0]
        base = extract_article(cap.raw, url=cap.url, content_type=cap.content_type)
        for seed in (1, 2):
            new = extract_article(refetch(cap.raw, seed=seed), url=cap.url, content_type=UTF8)
            d = decide_version(base, new)
            assert not d.record, (cap.article, cap.template, d.reasons)


def test_a_comma_in_the_meta_description_is_no_version() -> None:
    raw = _article()
    other = raw.replace(b"reached a record height, engineers", b"reached a record height engineers")
    d = decide_from_raw(raw, other, url=URL)
    assert not d.record and not d.standfirst_changed


def test_a_description_only_standfirst_change_is_no_version() -> None:
    # the page shows no standfirst: the description is page metadata only
    def p(desc: str) -> bytes:
        return page(
            f"<article><h1>{HEADLINE}</h1>{paras()}</article>",
            head=f"<meta name='description' content='{desc}'>",
        )

    d = decide_from_raw(
        p("A record flood, and a barrier that held."),
        p("Record flood: the barrier held, say engineers."),
        url=URL,
    )
    assert not d.record and not d.standfirst_changed
    assert any("metadata" in r for r in d.reasons)
