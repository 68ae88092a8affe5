"""Per-source extraction profiles."""

from __future__ import annotations

import pytest

from redline.errors import InputError
from redline.extract import Profile, decide_version, extract_article, replay

from .corpus import all_captures
from .test_extract import BODY, HEADLINE, URL

PAGE = (
    "<html><head><title>Home - Herald</title></head><body>"
    "<div class='promo'><p>Subscribe today for 1 pound a week, the best deal in town.</p></div>"
    f"<div class='hd'><span class='title'>{HEADLINE}</span></div>"
    "<div class='dek'>The Scot timed his kick to perfection.</div>"
    "<div id='story'>"
    + "".join(f"<p>{p}</p>" for p in BODY)
    + "<div class='ad'><p>Advertisement feature: buy running shoes now at our partner.</p></div>"
    "<p>Tags: athletics, Budapest</p>"
    "</div></body></html>"
).encode()


def test_profile_selectors_pick_body_headline_and_standfirst() -> None:
    profile = Profile(
        name="herald",
        version=1,
        body=("#story",),
        headline=("//div[@class='hd']/span",),
        standfirst=(".dek",),
        remove=("div.ad",),
        boilerplate=(r"^Tags:",),
    )
    e = extract_article(PAGE, url=URL, profile=profile)
    assert e.headline == HEADLINE
    assert e.standfirst == "The Scot timed his kick to perfection."
    assert e.paragraphs == tuple(BODY)
    assert e.profile == "herald@1"
    assert "Tags: athletics, Budapest" in e.dropped


def test_body_selector_matching_nothing_falls_back_to_trafilatura() -> None:
    profile = Profile(name="herald", body=("#nothing-here",))
    e = extract_article(PAGE, url=URL, profile=profile)
    assert any("matched nothing" in w for w in e.warnings)
    assert BODY[0] in e.paragraphs


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "body": ["#story"]},
        {"name": "x", "version": 0},
        {"name": "x", "version": "2"},
        {"name": "x", "body": ["div[["]},
        {"name": "x", "headline": ["//div[@class="]},
        {"name": "x", "boilerplate": ["(unclosed"]},
        {"name": "x", "body": [3]},
        {"name": "x", "colour": "red"},
    ],
)
def test_bad_profiles_are_refused_with_a_clear_error(data: dict) -> None:
    with pytest.raises(InputError):
        Profile.from_dict(data)


def test_profile_round_trips_through_a_dict() -> None:
    p = Profile.from_dict({"name": "herald", "version": 3, "body": "#story", "remove": [".ad"]})
    assert p.key == "herald@3"
    assert Profile.from_dict(p.to_dict()) == p


def test_profile_change_never_creates_false_versions() -> None:
    # Stored captures extracted with the default extractor, then re-extracted with a
    # new profile: decisions are made like with like, so the versions are the same.
    profile_v2 = Profile(
        name="herald",
        version=2,
        remove=("aside", ".factbox", "[data-component=newsletter-promo]", "#comments", "nav"),
    )
    for seq in all_captures()[:8]:
        history = [(c.raw, c.content_type) for c in seq]
        before = [d.record for d in replay(history, url=seq[0].url)]
        after = [d.record for d in replay(history, url=seq[0].url, profile=profile_v2)]
        truth = [True] + [
            seq[k].truth != seq[k - 1].truth for k in range(1, len(seq))
        ]  # each step compared with the previous capture, which was recorded when it changed
        assert before == after == truth, seq[0].article


def test_mixing_profiles_is_refused_rather_than_compared() -> None:
    old = extract_article(PAGE, url=URL)
    new = extract_article(PAGE, url=URL, profile=Profile(name="herald", body=("#story",)))
    d = decide_version(old, new)
    assert not d.record and d.suspect and "re-extract" in d.reasons[0]
