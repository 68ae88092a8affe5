from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from redline.errors import FetchError
from redline.track.feeds import looks_like_feed, parse_feed
from redline.track.sitemaps import looks_like_sitemap, parse_sitemap

BASE = "https://news.example/"

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>X</title>
<item><title>One</title><link>https://news.example/a?utm_source=rss</link>
<pubDate>Mon, 05 Jan 2026 08:00:00 GMT</pubDate></item>
<item><title>Relative</title><link>/b</link></item>
<item><title>Guid only</title><guid>https://news.example/c</guid></item>
<item><title>Duplicate</title><link>/b</link></item>
<item><title>No link at all</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Y</title>
<entry><title>Atom one</title><link rel="alternate" href="https://news.example/atom-1"/>
<updated>2026-01-05T09:30:00Z</updated><id>tag:x,1</id></entry>
</feed>"""


def test_rss_links_resolved_deduplicated_with_dates() -> None:
    entries = parse_feed(RSS, base_url=BASE)
    assert [e.url for e in entries] == [
        "https://news.example/a",  # tracking parameters removed
        "https://news.example/b",
        "https://news.example/c",
    ]
    assert entries[0].published == datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    assert entries[0].title == "One"
    assert looks_like_feed(RSS) and not looks_like_sitemap(RSS)


def test_atom_entries() -> None:
    entries = parse_feed(ATOM, base_url=BASE)
    assert [(e.url, e.published) for e in entries] == [
        ("https://news.example/atom-1", datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
    ]
    assert looks_like_feed(ATOM)


def test_garbage_is_not_a_feed() -> None:
    with pytest.raises(FetchError, match="not a readable feed"):
        parse_feed(b"\x00\x01 definitely not xml <<<", base_url=BASE)


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/story-1</loc><lastmod>2026-01-05T10:00:00Z</lastmod>
<news:news><news:publication><news:name>X</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2026-01-05T08:00:00+01:00</news:publication_date>
<news:title>Story &amp; one</news:title></news:news></url>
<url><loc>https://news.example/plain</loc></url>
<url><loc>https://news.example/story-1</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/s/news-1.xml</loc></sitemap>
<sitemap><loc>/s/news-2.xml</loc></sitemap>
</sitemapindex>"""


def test_news_sitemap_entries() -> None:
    page = parse_sitemap(NEWS_SITEMAP, base_url=BASE)
    assert not page.is_index
    first, plain = page.entries
    assert first.url == "https://news.example/story-1" and first.news
    assert first.title == "Story & one"
    assert first.published == datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    assert first.lastmod == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert plain.url == "https://news.example/plain" and not plain.news


def test_sitemap_index_and_gzip() -> None:
    page = parse_sitemap(gzip.compress(INDEX), base_url=BASE)
    assert page.is_index
    assert page.sitemaps == (
        "https://news.example/s/news-1.xml",
        "https://news.example/s/news-2.xml",
    )
    assert looks_like_sitemap(INDEX) and looks_like_sitemap(gzip.compress(INDEX))


def test_hostile_xml_is_refused_or_defused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&c;</loc></url></urlset>"""
    with pytest.raises(FetchError, match="DTD"):  # refused before any parser sees it
        parse_sitemap(bomb, base_url=BASE)
    with pytest.raises(FetchError):
        parse_sitemap(b"<html><body>not a sitemap</body></html>", base_url=BASE)
    with pytest.raises(FetchError):
        parse_sitemap(b"\x1f\x8b\x08garbage", base_url=BASE)
