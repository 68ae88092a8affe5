"""The standalone HTML diff page."""

from __future__ import annotations

import re

import redline
from redline.render.html import render_html


def test_moved_sentence_links_resolve_both_ways():
    old = "A first line here.\nThe second one is here.\nThird comes now.\nFourth is last."
    new = "The second one is here.\nThird comes now.\nFourth is last.\nA first line here."
    page = render_html(redline.compare(old, new))
    ids = set(re.findall(r'id="([on]\d+)"', page))
    hrefs = set(re.findall(r'href="#([on]\d+)"', page))
    assert hrefs, "a moved sentence links to its other place"
    assert hrefs <= ids
    assert "moved away" in page


def test_seed_page_links_resolve_and_text_is_escaped(seed_texts):
    old, new = seed_texts
    page = render_html(redline.compare(old + "\n<script>alert(1)</script>", new))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    ids = set(re.findall(r'id="([on]\d+)"', page))
    assert set(re.findall(r'href="#([on]\d+)"', page)) <= ids
    assert page.count("<ins>") >= 16 and "<del>" in page
