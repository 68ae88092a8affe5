"""Extraction health: degraded captures are suspect, never versions."""

from __future__ import annotations

import pytest

from redline.extract import check_health, check_shrink, decide_version, extract_article, leftovers

from .test_extract import BODY, HEADLINE, URL, html

LONG = [f"Paragraph {i} of the story says something new about the case." for i in range(12)]


def test_clean_body_is_healthy() -> None:
    report = check_health(headline=HEADLINE, paragraphs=BODY)
    assert not report.suspect and report.reasons == ()


def test_missing_headline_is_suspect() -> None:
    report = check_health(headline=None, paragraphs=BODY)
    assert report.suspect
    assert any("headline" in r for r in report.reasons)


def test_page_without_headline_is_suspect() -> None:
    raw = (
        html()
        .replace(f"<h1>{HEADLINE}</h1>".encode(), b"")
        .replace(f"<title>{HEADLINE} - The Herald</title>".encode(), b"")
    )
    e = extract_article(raw, url=URL)
    assert e.headline is None and e.health.suspect


def test_body_far_shorter_than_previous_version_is_suspect() -> None:
    assert check_shrink(LONG, LONG[:3]).suspect
    assert not check_shrink(LONG, LONG[:8]).suspect  # a real cut, not a collapse
    assert not check_shrink(None, LONG[:3]).suspect
    assert not check_shrink(LONG[:2], LONG[:1]).suspect  # too short to judge
    report = check_health(headline=HEADLINE, paragraphs=LONG[:3], previous_paragraphs=LONG)
    assert report.suspect and any("shrank" in r for r in report.reasons)


@pytest.mark.parametrize(
    ("paragraph", "what"),
    [
        ("Comments (12)", "comments"),
        ("The minister resigned on Friday. 3 comments", "comments"),
        ("Share this with Email Facebook Twitter", "share"),
        ("He was cheered. Share this article", "share"),
        ("Page last updated at 10:02 GMT, Monday 4 March Kerr wins", "Page last updated"),
        ("Bookmark with: Delicious Digg reddit Facebook StumbleUpon", "Bookmark with"),
        ("| | Home | News", "pipes"),
        ("Home | News | Sport | Weather | TV", "pipes"),
        ("Image source, Getty Images Kerr celebrates his win.", "image credit"),
        ("Kerr crossed the line first. Getty Images", "image credit"),
    ],
)
def test_template_leftovers_are_named(paragraph: str, what: str) -> None:
    found = leftovers([*BODY, paragraph])
    assert found, paragraph
    assert any(what.lower() in r.lower() for r in found), found
    assert check_health(headline=HEADLINE, paragraphs=[*BODY, paragraph]).suspect


@pytest.mark.parametrize(
    "paragraph",
    [
        "Readers were invited to share this view with the council before Friday.",
        "The comments, made on radio, were later withdrawn by the minister.",
        "The page was last updated by the agency in 2019, officials said.",
        "He said the pipes | valves were replaced in March.",
    ],
)
def test_real_sentences_are_not_leftovers(paragraph: str) -> None:
    assert leftovers([*BODY, paragraph]) == []


def test_leftovers_the_cleaner_cannot_remove_make_a_capture_suspect() -> None:
    body = [*BODY[:3], BODY[3] + " Share this with Email Facebook Twitter Messenger"]
    e = extract_article(html(body=body), url=URL)
    assert e.health.suspect
    d = decide_version(extract_article(html(), url=URL), e)
    assert d.suspect and not d.record


def test_collapsed_extraction_is_suspect_not_a_deletion() -> None:
    full = extract_article(html(body=LONG), url=URL)
    broken = extract_article(html(body=LONG[:2]), url=URL)
    d = decide_version(full, broken)
    assert not d.record and d.suspect
    assert any("shrank" in r for r in d.reasons)
    # the same capture against nothing is suspect too: too short to trust
    assert decide_version(None, extract_article(html(body=["Loading..."]), url=URL)).suspect
