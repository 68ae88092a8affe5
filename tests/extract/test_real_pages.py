"""Defects seen on real news pages, each reproduced by a small page written here.

The pages imitate structures found on real sites (layout wrappers named after a
sidebar, quotes holding several paragraphs, live reader counters, "most read"
boxes, wrappers holding headline and standfirst together...). None is copied
from a site.
"""

from __future__ import annotations

from redline.extract import extract_article

URL = "https://news.example/world/story-1"
HEADLINE = "Flood barrier holds as river reaches record height"
PARAS = [
    "The new flood barrier in the town centre held overnight as the river rose to its "
    "highest level since records began in 1870.",
    "Engineers said the structure had performed exactly as designed, although water "
    "came within 30cm of the top of the wall.",
    "About 400 homes were evacuated as a precaution on Tuesday evening, the council said.",
    "Residents were told they could return once the level had fallen below the warning "
    "mark, which is expected on Thursday.",
    "The barrier was completed last year at a cost of £26m after repeated flooding "
    "in 2007 and 2012.",
]


def page(body: str, *, head: str = "", scripts: int = 0) -> bytes:
    script = "<script>var x = '" + "y" * 2000 + "';</script>"
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{HEADLINE} - News</title>{head}{script * scripts}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"{body}<footer>© News Ltd</footer></body></html>"
    ).encode()


def paras(items: list[str] | None = None) -> str:
    return "".join(f"<p>{p}</p>" for p in (PARAS if items is None else items))


def body_of(raw: bytes) -> list[str]:
    return list(extract_article(raw, url=URL).paragraphs)


# -- layout wrappers named after a sidebar hold the article ------------------------


def test_a_layout_wrapper_named_sidebar_is_not_a_side_box() -> None:
    # "content-with-sidebar" wraps the whole article; big inline scripts make the
    # article a small share of the page's characters
    raw = page(
        "<div class='content-with-sidebar-wrp'><article>"
        f"<h1>{HEADLINE}</h1>{paras()}</article>"
        "<div class='sidebar'><p>Weather: rain later in the week for the whole region.</p>"
        "</div></div>",
        scripts=40,
    )
    body = body_of(raw)
    assert body == PARAS


def test_a_box_holding_the_headline_is_kept() -> None:
    raw = page(f"<div class='penci_sidebar'><h1>{HEADLINE}</h1>{paras()}</div>")
    assert body_of(raw) == PARAS


def test_a_real_sidebar_is_still_removed() -> None:
    side = "Sign up to our daily briefing for the top stories every morning at seven."
    raw = page(
        f"<article><h1>{HEADLINE}</h1>{paras(PARAS[:3])}"
        f"<div class='sidebar'><p>{side}</p></div>{paras(PARAS[3:])}</article>"
    )
    body = body_of(raw)
    assert body == PARAS
    assert side not in " ".join(body)


# -- block elements are always separate paragraphs ---------------------------------


def test_paragraphs_inside_a_quote_are_not_glued() -> None:
    raw = page(
        f"<article><h1>{HEADLINE}</h1>{paras(PARAS[:2])}"
        f"<blockquote><p>{PARAS[2]}</p><p>{PARAS[3]}</p></blockquote>"
        f"{paras(PARAS[4:])}</article>"
    )
    body = body_of(raw)
    joined = "\n".join(body)
    assert "council said.Residents" not in joined
    assert PARAS[2] in body and PARAS[3] in body


def test_a_div_inside_a_paragraph_block_starts_a_new_paragraph() -> None:
    raw = page(
        f"<article><h1>{HEADLINE}</h1>{paras(PARAS[:2])}"
        f"<div class='text'>{PARAS[2]}<div>{PARAS[3]}</div></div>"
        f"{paras(PARAS[4:])}</article>"
    )
    joined = "\n".join(body_of(raw))
    assert "council said.Residents" not in joined
    assert "council said. Residents" not in joined


def test_a_line_break_stays_a_space_inside_a_paragraph() -> None:
    raw = page(
        f"<article><h1>{HEADLINE}</h1>{paras(PARAS[:2])}"
        "<p>About 400 homes were evacuated<br>as a precaution on Tuesday evening.</p>"
        f"{paras(PARAS[3:])}</article>"
    )
    assert "About 400 homes were evacuated as a precaution on Tuesday evening." in body_of(raw)


# -- data tables are article text; navigation and layout tables are not ------------


def test_a_table_of_results_is_kept_one_line_a_row() -> None:
    table = (
        "<table><tr><th>Pos.</th><th>Driver</th><th>Points</th></tr>"
        "<tr><td>1</td><td>Kyle Rowe</td><td>5040</td></tr>"
        "<tr><td>2</td><td>Martin Tate</td><td>5035</td></tr></table>"
    )
    raw = page(f"<article><h1>{HEADLINE}</h1>{paras(PARAS[:3])}{table}{paras(PARAS[3:])}</article>")
    body = body_of(raw)
    assert "1 Kyle Rowe 5040" in body and "2 Martin Tate 5035" in body
    assert [p for p in body if p in PARAS] == PARAS


def test_a_single_column_link_table_is_not_body_text() -> None:
    nav = (
        "<table>"
        + "".join(
            f"<tr><td><a href='/{s}'>{s}</a></td></tr>" for s in ("Local", "Business", "Health")
        )
        + "</table>"
    )
    raw = page(f"<article><h1>{HEADLINE}</h1>{paras(PARAS[:3])}{nav}{paras(PARAS[3:])}</article>")
    assert body_of(raw) == PARAS


# -- scripts written without spaces -------------------------------------------------


def test_japanese_paragraphs_are_not_taken_for_trailing_labels() -> None:
    ja = [
        "先日、不正に改造した携帯電話を販売したとして、二十代の男性が逮捕されたというニュースを"
        "耳にしました。警察によると、男性は部品を交換した製品を正規品として販売していました。",
        "報道によると、今回販売されたのは、いわゆる改造品で、外装の部品が交換されていたという"
        "ことです。購入者からの相談をきっかけに、捜査が始まったと伝えられています。",
        "通常、権利者により正規のルートで販売された商品をそのまま転売する場合は、権利の侵害には"
        "なりません。しかし、今回の事件のように商品に手を加えた場合は事情が異なります。",
        "改造した商品に元の商標を付けたまま販売すると、品質の保証が損なわれるためです。",
        "※商品名は各社の商標です。",
    ]
    raw = page(f"<article><h1>商品の改造が法律違反に</h1>{paras(ja)}</article>")
    assert body_of(raw) == ja


# -- furniture is never article text ------------------------------------------------

FURNITURE = [
    "1,234 people are reading this now",
    "4,821 pages read in the last minute",
    "Updated 12 minutes ago",
    "Advertisement",
    "Accessibility help",
    "Skip to content",
    "Help",
    "Most read",
    "Related topics",
    "37 comments",
    "We use cookies to give you the best experience. By continuing to browse you agree.",
    "Follow News on Facebook, Twitter and Instagram.",
    "Copyright © 2024 News Ltd. All rights reserved.",
]


def test_furniture_lines_inside_the_article_are_dropped() -> None:
    junk = "".join(f"<p>{f}</p>" for f in FURNITURE)
    raw = page(f"<article><h1>{HEADLINE}</h1>{paras(PARAS[:2])}{junk}{paras(PARAS[2:])}</article>")
    body = body_of(raw)
    assert body == PARAS
    dropped = extract_article(raw, url=URL).dropped
    assert "1,234 people are reading this now" in dropped


def test_lists_of_other_articles_are_dropped_with_their_title() -> None:
    links = "".join(
        f"<li><a href='/n/{i}'>Other story number {i} about the council budget</a></li>"
        for i in range(5)
    )
    raw = page(
        f"<article><h1>{HEADLINE}</h1>{paras(PARAS[:3])}"
        f"<div><h2>Most read</h2><ol>{links}</ol></div>{paras(PARAS[3:])}"
        f"<div class='related-stories'><ul>{links}</ul></div></article>"
    )
    assert body_of(raw) == PARAS


def test_a_sentence_mentioning_cookies_or_help_is_kept() -> None:
    real = [
        *PARAS[:2],
        "Volunteers handed out tea and cookies to help families waiting at the rest centre.",
        *PARAS[2:],
    ]
    assert body_of(page(f"<article><h1>{HEADLINE}</h1>{paras(real)}</article>")) == real


# -- standfirst ------------------------------------------------------------------


def test_standfirst_from_a_wrapper_holding_headline_and_standfirst() -> None:
    sf = "Engineers say the £26m wall performed exactly as designed overnight."
    raw = page(
        f"<div class='article-intro'><h1>{HEADLINE}</h1><p>{sf}</p></div>"
        f"<article>{paras()}</article>",
        head="<meta name='description' content='Flood barrier news, the latest.'>",
    )
    e = extract_article(raw, url=URL)
    assert e.standfirst == sf
    assert e.headline == HEADLINE


# -- the same lede in two places ----------------------------------------------------

LEDE = "President Obama says his failure to pass gun safety laws is his biggest frustration."


def _bold_lede(lede: str) -> bytes:
    # one design sets the lede in bold right under the headline (a standfirst)
    return page(f"<h1>{HEADLINE}</h1><article><p><b>{lede}</b></p>{paras()}</article>")


def _plain_lede(lede: str) -> bytes:
    # the other design makes it the first paragraph of the body
    return page(f"<article><h1>{HEADLINE}</h1><p>{lede}</p>{paras()}</article>")


def test_the_lede_moving_between_standfirst_and_body_is_no_version() -> None:
    from redline.extract import decide_from_raw

    a, b = _bold_lede(LEDE), _plain_lede(LEDE)
    assert extract_article(a, url=URL).standfirst == LEDE
    assert extract_article(b, url=URL).paragraphs[0] == LEDE
    for old, new in ((a, b), (b, a)):
        d = decide_from_raw(old, new, url=URL)
        assert not d.record, d.reasons


def test_an_edited_lede_that_moved_is_an_edit_not_an_addition() -> None:
    from redline.extract import decide_from_raw

    edited = LEDE.replace("biggest frustration", "greatest frustration")
    d = decide_from_raw(_bold_lede(LEDE), _plain_lede(edited), url=URL)
    assert d.record and not d.standfirst_changed
    ops = [link.op for link in d.reconciled.links if link.op != "unchanged"]  # type: ignore[union-attr]
    assert ops == ["edited"]
