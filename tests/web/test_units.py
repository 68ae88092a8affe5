from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import feedparser

from redline.web import auth
from redline.web.atom import FeedEntry, render_feed, tag_uri
from redline.web.timeline import HEIGHT, WIDTH, TimelinePoint, layout


def test_password_hashes_are_salted_and_verified() -> None:
    a, b = auth.hash_password("open sesame!"), auth.hash_password("open sesame!")
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert auth.verify_password("open sesame!", a) and auth.verify_password("open sesame!", b)
    assert not auth.verify_password("open sesame?", a)
    assert not auth.verify_password("open sesame!", "scrypt$bad")
    assert not auth.verify_password("open sesame!", "")


def test_session_cookies_resist_tampering_and_expire() -> None:
    key = auth.new_secret()
    s = auth.new_session("editor")
    value = auth.sign_session(s, key)
    assert auth.unsign_session(value, key) == s
    assert auth.unsign_session(value, auth.new_secret()) is None
    payload, sig = value.split(".")
    assert auth.unsign_session(payload[:-2] + "xx." + sig, key) is None
    assert auth.unsign_session("", key) is None and auth.unsign_session("x" * 5000, key) is None
    old = auth.Session("editor", "t", int(time.time()) - 1)
    assert auth.unsign_session(auth.sign_session(old, key), key) is None


def test_timeline_bars_stay_inside_the_chart() -> None:
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    points = [
        TimelinePoint(k + 1, t0 + timedelta(hours=k * k), size, f"v{k}")
        for k, size in enumerate([0, 3, 40, 1, 0, 7])
    ]
    chart = layout(points)
    assert len(chart.bars) == 6 and chart.max_size == 40
    for bar in chart.bars:
        assert 0 <= bar.x <= WIDTH and bar.y >= 0 and bar.y + bar.height <= HEIGHT
    assert max(chart.bars, key=lambda b: b.height).number == 3
    assert [b.x for b in chart.bars] == sorted(b.x for b in chart.bars)
    single = layout(points[:1])
    assert len(single.bars) == 1 and single.ticks
    assert layout([]).bars == ()


def test_feed_drops_characters_xml_cannot_carry() -> None:
    entry = FeedEntry(
        id=tag_uri("story", 1),
        title="Bell\x07 and \x00null \ufffe",
        updated=datetime.now(UTC),
        link="http://127.0.0.1/x?a=1&b=2",
        summary="tab\tok \x1b[31m",
        content_html="<p>&lt;script&gt;\x0c</p>",
    )
    body = render_feed(
        feed_id=tag_uri("t"),
        title="T",
        self_url="http://127.0.0.1/f",
        alternate_url="http://127.0.0.1/",
        entries=[entry],
    )
    feed = feedparser.parse(body)
    assert not feed.bozo
    assert feed.entries[0].title.strip() == "Bell and null"
    assert feed.entries[0].link == "http://127.0.0.1/x?a=1&b=2"
    assert feed.entries[0].content[0].value == "<p>&lt;script&gt;</p>"
