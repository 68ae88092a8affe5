"""decide_version: a version exactly when the article text truly changed."""

from __future__ import annotations

import dataclasses

from redline.extract import decide_from_raw, decide_version, extract_article, reextract_pair

from .test_extract import BODY, HEADLINE, URL, html


def test_first_healthy_capture_is_a_version() -> None:
    d = decide_version(None, extract_article(html(), url=URL))
    assert d.record and not d.suspect and d.reasons == ("first version",)


def test_same_page_is_not_a_version() -> None:
    e = extract_article(html(), url=URL)
    d = decide_version(e, extract_article(html(), url=URL))
    assert not d.record and not d.suspect
    assert d.to_dict()["record"] is False


def test_typography_only_change_is_not_a_version() -> None:
    curly = [p.replace("'", "’") for p in BODY]
    d = decide_version(extract_article(html(), url=URL), extract_article(html(body=curly), url=URL))
    assert not d.record


def test_body_edit_is_a_version_with_exactly_that_change() -> None:
    edited = [*BODY]
    edited[1] = edited[1].replace("perfectly", "to perfection")
    d = decide_version(
        extract_article(html(), url=URL), extract_article(html(body=edited), url=URL)
    )
    assert d.record and not d.headline_changed
    assert d.comparison is not None and d.comparison.counts()["edited"] == 1
    assert sum(1 for link in d.comparison.links if link.changed) == 1


def test_headline_moving_into_the_body_is_not_an_edit() -> None:
    outside = extract_article(html(h1_in_body=False), url=URL)
    inside = extract_article(html(h1_in_body=True), url=URL)
    d = decide_version(outside, inside)
    assert not d.record, d.reasons
    assert inside.headline == outside.headline == HEADLINE


def test_real_headline_change_is_reported_as_a_headline_change() -> None:
    new_headline = "Kerr shocks Ingebrigtsen to take world 1500m title"
    raw = html().replace(HEADLINE.encode(), new_headline.encode())
    d = decide_version(extract_article(html(), url=URL), extract_article(raw, url=URL))
    assert d.record and d.headline_changed and not d.standfirst_changed
    assert "headline changed" in d.reasons
    assert d.comparison is not None and not d.comparison.changed  # the body did not change


def test_captures_extracted_differently_are_not_compared() -> None:
    old = extract_article(html(), url=URL)
    new = dataclasses.replace(extract_article(html(), url=URL), extractor_version="0.0-other")
    d = decide_version(old, new)
    assert not d.record and d.suspect
    assert "re-extract" in d.reasons[0]


def test_reextract_pair_and_decide_from_raw_compare_like_with_like() -> None:
    old, new = reextract_pair(html(), html(h1_in_body=True), url=URL)
    assert old.method == new.method
    assert not decide_from_raw(html(), html(h1_in_body=True), url=URL).record
    first = decide_from_raw(None, html(), url=URL)
    assert first.record and first.extraction is not None and first.extraction.headline == HEADLINE


def test_seo_title_differing_from_the_visible_headline_is_not_a_headline_change() -> None:
    seo = "Josh Kerr wins world 1500m title in Budapest as Ingebrigtsen takes silver"
    old_raw = html().replace(
        f"<title>{HEADLINE} - The Herald</title>".encode(), b"<title>Sport</title>"
    )
    new_raw = html(head=f"<meta property='og:title' content='{seo} | Herald'>")
    old = extract_article(old_raw, url=URL)
    new = extract_article(new_raw, url=URL)
    assert old.headline == new.headline == HEADLINE  # the <h1> readers see
    assert not decide_version(old, new).record


def test_standfirst_shown_by_one_design_only_is_not_a_change() -> None:
    shown = "The Scot timed his finishing kick to perfection in Budapest."
    seo = "Read the latest athletics news, results and reaction from the world championships."
    old = extract_article(html(before=f"<p class='standfirst'>{shown}</p>"), url=URL)
    new = extract_article(html(head=f"<meta name='description' content='{seo}'>"), url=URL)
    assert old.standfirst == shown and new.standfirst == seo
    d = decide_version(old, new)
    assert not d.record and not d.standfirst_changed, d.reasons


def test_standfirst_edit_on_the_same_design_is_a_change() -> None:
    a = "The Scot timed his finishing kick to perfection in Budapest."
    b = "The Scot timed his finishing kick to perfection to win gold in Budapest."
    old = extract_article(html(before=f"<p class='standfirst'>{a}</p>"), url=URL)
    new = extract_article(html(before=f"<p class='standfirst'>{b}</p>"), url=URL)
    d = decide_version(old, new)
    assert d.record and d.standfirst_changed and not d.headline_changed
