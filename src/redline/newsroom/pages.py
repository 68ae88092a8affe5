# ruff: noqa: E501
"""Render the newsroom's pages: realistic article HTML, RSS, a news sitemap and robots.txt.

Article pages carry the furniture real news pages have around the story
(navigation, share links, a picture caption, related links, a "most read"
box, a footer) so extraction is tested on something like the real thing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from html import escape
from xml.sax.saxutils import escape as xml_escape

from redline.newsroom.script import Article

__all__ = [
    "SITE_NAME",
    "render_article",
    "render_robots",
    "render_rss",
    "render_sitemap",
    "render_sitemap_index",
]

SITE_NAME = "The Redline Gazette"
SECTIONS = ("Home", "News", "UK", "World", "Business", "Sport", "Arts", "Weather")


def _iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def render_article(article: Article, base: str, *, related: Sequence[Article] = ()) -> str:
    """The HTML page of *article*; *related* feeds the related and most-read boxes."""
    v = article.version
    url = base + article.path
    h = escape
    nav = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    share = "".join(
        f'<li><a class="share-{k}" href="https://{d}/share?u={h(url)}">Share on {n}</a></li>'
        for k, d, n in (
            ("x", "x.example", "X"),
            ("fb", "facebook.example", "Facebook"),
            ("mail", "mail.example", "email"),
        )
    )
    body: list[str] = []
    for block in v.blocks:
        if block.startswith("## "):
            body.append(f"<h2>{h(block[3:])}</h2>")
        elif block.startswith("[caption] "):
            body.append(
                '<figure class="inline-picture"><img src="/img/inline.jpg" alt="" width="976" '
                f'height="549"><figcaption><span class="visually-hidden">Image caption, </span>'
                f"{h(block[10:])}</figcaption></figure>"
            )
        else:
            body.append(f"<p>{h(block)}</p>")
    related_items = "".join(
        f'<li><a href="{h(r.path)}">{h(r.version.headline)}</a></li>' for r in related[:4]
    )
    most_read = "".join(
        f'<li><a href="{h(r.path)}"><span class="rank">{i}</span>{h(r.version.headline)}</a></li>'
        for i, r in enumerate(related[:5], 1)
    )
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": v.headline,
            "datePublished": _iso(article.published),
            "dateModified": _iso(article.updated),
            "author": [{"@type": "Person", "name": v.byline.split(",")[0]}] if v.byline else [],
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "mainEntityOfPage": url,
        },
        ensure_ascii=False,
    ).replace("</", "<\\/")
    standfirst = f'<p class="standfirst"><b>{h(v.standfirst)}</b></p>' if v.standfirst else ""
    byline = (
        f'<div class="byline"><span class="by">By </span><span class="author">'
        f"{h(v.byline)}</span></div>"
        if v.byline
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{h(v.headline)} - {SITE_NAME}</title>
<meta name="description" content="{h(v.standfirst or v.headline)}">
<meta property="og:title" content="{h(v.headline)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{h(url)}">
<meta property="article:published_time" content="{_iso(article.published)}">
<meta property="article:modified_time" content="{_iso(article.updated)}">
<meta property="article:section" content="{h(article.section)}">
<link rel="canonical" href="{h(url)}">
<link rel="stylesheet" href="/static/site.css">
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</head>
<body>
<a class="skip-link" href="#main-content">Skip to content</a>
<header class="site-header">
<a class="logo" href="/">{SITE_NAME}</a>
<nav aria-label="Sections"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"><button>Search</button></form>
<div class="cookie-banner">We use cookies to give you the best experience.
<button>Accept</button> <a href="/cookies">Settings</a></div>
</header>
<main id="main-content">
<article class="story">
<header class="story-header">
<p class="section-label">From the section <a href="/{h(article.section.lower())}">{h(article.section)}</a></p>
<h1 id="main-heading">{h(v.headline)}</h1>
{standfirst}
{byline}
<div class="timestamps">Published <time datetime="{_iso(article.published)}">{article.published:%d %B %Y, %H:%M}</time>
<span class="updated">Updated <time datetime="{_iso(article.updated)}">{article.updated:%d %B %Y, %H:%M}</time></span></div>
<ul class="share-tools" aria-label="Share this story">{share}</ul>
</header>
<figure class="lead-picture"><img src="/img/lead.jpg" alt="" width="976" height="549">
<figcaption><span class="visually-hidden">Image source, </span>Gazette Pictures</figcaption></figure>
<div class="story-body">
{chr(10).join(body)}
</div>
<aside class="related-topics"><h2>Related topics</h2><ul>
<li><a href="/topics/{h(article.section.lower())}">{h(article.section)}</a></li><li><a href="/topics/local">Local news</a></li></ul></aside>
<section class="related-content"><h2>More on this story</h2><ul>{related_items}</ul></section>
</article>
<section class="most-read" aria-label="Most read"><h2>Most read</h2><ol>{most_read}</ol></section>
</main>
<footer class="site-footer">
<ul><li><a href="/terms">Terms of use</a></li><li><a href="/about">About the Gazette</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/cookies">Cookies</a></li>
<li><a href="/contact">Contact us</a></li></ul>
<p>Copyright 2026 {SITE_NAME}. The Gazette is not responsible for the content of external sites.
<a href="/linking">Read about our approach to external linking.</a></p>
</footer>
</body>
</html>
"""


def render_rss(articles: Sequence[Article], base: str, *, built: datetime) -> str:
    items = []
    for a in articles:
        v = a.version
        items.append(
            "<item>"
            f"<title>{xml_escape(v.headline)}</title>"
            f"<description>{xml_escape(v.standfirst or v.headline)}</description>"
            f"<link>{xml_escape(base + a.path)}</link>"
            f'<guid isPermaLink="true">{xml_escape(base + a.path)}</guid>'
            f"<pubDate>{format_datetime(a.published, usegmt=True)}</pubDate>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{SITE_NAME}</title><link>{xml_escape(base)}/</link>"
        f"<description>Latest stories from {SITE_NAME}</description>"
        f"<lastBuildDate>{format_datetime(built, usegmt=True)}</lastBuildDate>"
        f"{''.join(items)}</channel></rss>\n"
    )


def render_sitemap_index(base: str, pages: int, *, built: datetime) -> str:
    entries = "".join(
        f"<sitemap><loc>{xml_escape(base)}/sitemaps/news-{i}.xml</loc>"
        f"<lastmod>{_iso(built)}</lastmod></sitemap>"
        for i in range(1, pages + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>\n"
    )


def render_sitemap(articles: Sequence[Article], base: str) -> str:
    urls = []
    for a in articles:
        urls.append(
            f"<url><loc>{xml_escape(base + a.path)}</loc>"
            f"<lastmod>{_iso(a.updated)}</lastmod>"
            "<news:news><news:publication>"
            f"<news:name>{SITE_NAME}</news:name><news:language>en</news:language>"
            "</news:publication>"
            f"<news:publication_date>{_iso(a.published)}</news:publication_date>"
            f"<news:title>{xml_escape(a.version.headline)}</news:title>"
            "</news:news></url>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{''.join(urls)}</urlset>\n"
    )


def render_robots(base: str) -> str:
    return f"User-agent: *\nDisallow: /private/\nDisallow: /search\n\nSitemap: {base}/sitemap.xml\n"
