"""Re-fetches of an unchanged article: the same page with its furniture changed.

A live page changes between two fetches even when its article does not: reader
counters tick, "updated N minutes ago" stamps move, ads rotate, related-link and
"most read" lists change, comment counts grow, a cookie banner shows or not,
the SEO description is retouched. :func:`refetch` makes such a capture from any
page; the version decision must record none of them as a new version.

The furniture goes where it hurts most: inside the article's container (next to
its paragraphs), in bare ``<p>`` elements as well as in classed boxes.
"""

from __future__ import annotations

import random
from collections import Counter

from lxml import etree, html

from redline.extract import decode_html

__all__ = ["KINDS", "refetch"]

KINDS = (
    "counter",
    "pages_read",
    "timestamp",
    "ads",
    "related",
    "most_read",
    "comments",
    "cookie_banner",
    "share_counts",
    "meta_description",
)

_HEADLINES = [
    "Council approves new cycle lanes for the city centre",
    "Storm warning issued for the east coast this weekend",
    "Local bakery wins national award for its sourdough",
    "Train fares to rise by 4% from March, operators say",
    "Hospital waiting lists fall for the third month",
    "Museum reopens after two-year restoration",
    "Police appeal for witnesses after bridge crash",
    "School holidays: what is open in the region",
    "Football club names new manager after long search",
    "Energy prices: what the new cap means for you",
]


def _frag(markup: str) -> etree._Element:
    return html.fragment_fromstring(markup)


def _container(root: etree._Element) -> tuple[etree._Element, list[etree._Element]]:
    """The element holding most of the page's long paragraphs, and those paragraphs."""
    long_ps = [p for p in root.iter("p") if len(" ".join(p.itertext()).split()) >= 15]
    if not long_ps:
        body = root.find(".//body")
        return (body if body is not None else root), []
    parents = Counter(p.getparent() for p in long_ps if p.getparent() is not None)
    parent = parents.most_common(1)[0][0]
    return parent, [p for p in long_ps if p.getparent() is parent]


def refetch(raw: bytes, *, seed: int, kinds: tuple[str, ...] = KINDS) -> bytes:
    """The page *raw* as a later fetch could serve it: same article, other furniture.
    The bytes are UTF-8 (serve them as ``text/html; charset=utf-8``).

    *seed* picks the counters, stamps, ads and lists; two seeds give two re-fetches
    that differ from each other and from the original in every kind of *kinds*.
    """
    rng = random.Random(seed)
    root = html.document_fromstring(decode_html(raw).text)
    container, paras = _container(root)
    body = root.find(".//body")
    if body is None:
        body = root
    head = root.find(".//head")
    anchor = paras[min(1, len(paras) - 1)] if paras else None

    def put(markup: str, *, top: bool = False) -> None:
        el = _frag(markup)
        if top or anchor is None:
            container.insert(0, el)
        else:
            anchor.addnext(el)

    if "counter" in kinds:
        n = rng.randint(100, 9000)
        if seed % 2:
            put(f"<p>{n:,} people are reading this now</p>")
        else:
            put(f"<div class='live-readers'><span>{n:,} readers are viewing this page</span></div>")
    if "pages_read" in kinds:
        put(f"<p>{rng.randint(2000, 90000):,} pages read in the last minute</p>")
    if "timestamp" in kinds:
        m = rng.randint(2, 59)
        put(f"<p class='date'>Updated {m} minutes ago</p>", top=True)
        if head is not None:
            stamp = f"2024-03-04T{m // 6:02d}:{m:02d}:00Z"
            meta = _frag(f"<meta property='article:modified_time' content='{stamp}'>")
            head.append(meta)
    if "ads" in kinds:
        for _ in range(rng.randint(1, 3)):
            put("<div class='ad-slot'><p>Advertisement</p></div>")
        if seed % 2 == 0:
            put("<p>Advertisement</p>")
    if "related" in kinds:
        picks = rng.sample(_HEADLINES, 3)
        items = "".join(f"<li><a href='/news/{i}'>{h}</a></li>" for i, h in enumerate(picks))
        put(f"<div><h2>Related stories</h2><ul>{items}</ul></div>")
    if "most_read" in kinds:
        picks = rng.sample(_HEADLINES, 5)
        items = "".join(f"<li><a href='/news/m{i}'>{h}</a></li>" for i, h in enumerate(picks))
        container.append(_frag(f"<section><h2>Most read</h2><ol>{items}</ol></section>"))
    if "comments" in kinds:
        n = rng.randint(3, 400)
        container.append(_frag(f"<p><a href='#comments'>{n} comments</a></p>"))
    if "cookie_banner" in kinds and seed % 2:
        body.insert(
            0,
            _frag(
                "<div id='cookie-banner'><p>We use cookies to give you the best experience. "
                "By continuing to browse you agree to our use of cookies.</p>"
                "<button>Accept</button></div>"
            ),
        )
    if "share_counts" in kinds:
        put(f"<div class='share-bar'><span>{rng.randint(10, 5000)} shares</span></div>", top=True)
    if "meta_description" in kinds and head is not None:
        for meta in head.iter("meta"):
            key = (meta.get("name") or meta.get("property") or "").lower()
            if key in ("description", "og:description", "twitter:description"):
                content = meta.get("content") or ""
                words = content.split()
                if len(words) > 3:
                    i = rng.randint(1, len(words) - 2)
                    words[i] = words[i].rstrip(",") + ("," if seed % 2 else "")
                    meta.set("content", " ".join(words))
    return html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")
