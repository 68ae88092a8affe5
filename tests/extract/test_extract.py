"""extract_article: metadata fields, body, cleaning, errors, pathological pages."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from redline.errors import BinaryInputError, ExtractionError
from redline.extract import Extraction, extract_article, extractor_version

URL = "https://herald.example/news/kerr"
BODY = [
    "Britain's Josh Kerr stunned the Olympic champion to take 1500m gold in Budapest.",
    "Kerr, Olympic bronze medallist in Tokyo, timed his surge perfectly inside the final 200m.",
    "The 25-year-old clocked a season's best of three minutes 29.38 seconds.",
    "It comes a year after Ingebrigtsen was beaten by another Briton in similar circumstances.",
]
HEADLINE = "Kerr stuns Ingebrigtsen to win world 1500m gold"
STANDFIRST = "The Scot timed his finishing kick to perfection in Budapest."


def html(
    *,
    head: str = "",
    before: str = "",
    body: list[str] | None = None,
    after: str = "",
    h1_in_body: bool = False,
) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in (BODY if body is None else body))
    h1 = f"<h1>{HEADLINE}</h1>"
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{HEADLINE} - The Herald</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        f"{'' if h1_in_body else h1}<article>{h1 if h1_in_body else ''}{before}{paras}{after}"
        "</article><footer>Copyright The Herald</footer></body></html>"
    ).encode()


def test_fields_from_metadata() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Herald"},
            {
                "@type": "NewsArticle",
                "headline": HEADLINE,
                "description": STANDFIRST,
                "datePublished": "2023-08-23T19:00:00Z",
                "dateModified": "2023-08-23T21:30:00+00:00",
                "author": [{"@type": "Person", "name": "Mara Quinn"}],
            },
        ],
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    e = extract_article(html(head=head), url=URL, content_type="text/html; charset=utf-8")
    assert isinstance(e, Extraction)
    assert e.headline == HEADLINE
    assert e.standfirst == STANDFIRST
    assert e.byline == "Mara Quinn"
    assert e.published == datetime(2023, 8, 23, 19, 0, tzinfo=UTC)
    assert e.updated == datetime(2023, 8, 23, 21, 30, tzinfo=UTC)
    assert e.paragraphs == tuple(BODY)
    assert e.text == "\n".join(BODY)
    assert e.extractor == "trafilatura" and e.extractor_version == extractor_version()
    assert e.encoding == "utf-8"
    assert not e.health.suspect, e.health


def test_open_graph_fields_and_meta_dates() -> None:
    head = (
        f"<meta property='og:title' content='{HEADLINE} | The Herald'>"
        "<meta property='og:site_name' content='The Herald'>"
        f"<meta property='og:description' content='{STANDFIRST}'>"
        "<meta property='article:published_time' content='2024-03-04T09:00:00+00:00'>"
        "<meta name='author' content='By Dev Arora'>"
    )
    raw = html(head=head).replace(f"<h1>{HEADLINE}</h1>".encode(), b"")
    e = extract_article(raw, url=URL)
    assert e.headline == HEADLINE  # site name stripped from og:title
    assert e.standfirst == STANDFIRST
    assert e.byline == "Dev Arora"
    assert e.published == datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def test_headline_comes_from_h1_when_there_is_no_metadata() -> None:
    raw = html().replace(b"<title>", b"<title>THE HERALD | Sport | ")
    e = extract_article(raw, url=URL)
    assert e.headline == HEADLINE


@pytest.mark.parametrize("h1_in_body", [False, True])
def test_headline_and_standfirst_never_in_the_body(h1_in_body: bool) -> None:
    head = f"<meta property='og:description' content='{STANDFIRST}'>"
    before = f"<p class='standfirst'><b>{STANDFIRST}</b></p>"
    e = extract_article(html(head=head, before=before, h1_in_body=h1_in_body), url=URL)
    assert e.headline == HEADLINE
    assert e.standfirst == STANDFIRST
    assert e.paragraphs == tuple(BODY)
    assert HEADLINE not in e.text and STANDFIRST not in e.text


def test_glued_image_credit_is_removed_with_a_warning() -> None:
    body = [*BODY]
    body[1] = body[1] + " Getty Images"
    e = extract_article(html(body=body), url=URL)
    assert e.paragraphs == tuple(BODY)
    assert any("image credit" in w for w in e.warnings)
    assert "Getty Images" in e.dropped


def test_furniture_lines_are_dropped() -> None:
    after = "<p>Share this article</p><p>Page last updated at 10:02 GMT</p><p>Comments (12)</p>"
    e = extract_article(html(after=after), url=URL)
    assert e.paragraphs == tuple(BODY)
    assert not e.health.suspect


def test_visible_text_holds_every_visible_block_but_no_scripts() -> None:
    after = (
        "<script>var secret = 'not visible';</script><style>p{color:red}</style>"
        "<div hidden>hidden text</div><div style='display: none'>also hidden</div>"
        "<p>Read <a href='#'>more</a> here</p>"
    )
    e = extract_article(html(after=after), url=URL)
    joined = "\n".join(e.visible_text)
    assert "Home" in joined and "Copyright The Herald" in joined and HEADLINE in joined
    assert "Read more here" in e.visible_text  # inline markup joined as shown
    for invisible in ("secret", "color:red", "hidden text", "also hidden"):
        assert invisible not in joined


@pytest.mark.parametrize(
    ("raw", "content_type", "message"),
    [
        (b"", None, "empty"),
        (b"   \n\t ", None, "empty"),
        (b"Just a line of plain text, with no markup at all.", None, "not an HTML page"),
        (b"GIF89a....", "image/gif", "not an HTML page"),
        (b'{"json": true}', "application/json", "not an HTML page"),
    ],
)
def test_no_article_raises_a_clear_error(
    raw: bytes, content_type: str | None, message: str
) -> None:
    with pytest.raises(ExtractionError, match=message):
        extract_article(raw, url=URL, content_type=content_type)


def test_binary_bytes_are_refused() -> None:
    with pytest.raises(BinaryInputError):
        extract_article(b"\x00\x01\x02<html>" * 100, url=URL)


def test_page_without_article_text_is_suspect_not_an_error() -> None:
    raw = b"<html><head><title>Loading</title></head><body><div id='app'></div></body></html>"
    e = extract_article(raw, url=URL)
    assert e.paragraphs == ()
    assert e.health.suspect
    assert any("no body text" in r for r in e.health.reasons)


@pytest.mark.parametrize(
    "raw",
    [
        b"<div>" * 20_000 + b"<p>deep</p>" + b"</div>" * 20_000,
        b"<html><body>"
        + b"<p>A sentence of a long, long article.</p>" * 30_000
        + b"</body></html>",
        html()[: len(html()) // 2],  # truncated mid-page
        b"<html><body><p>" + b"\xff\xfe\xfd" * 2000 + b"</p></body></html>",
        b"<html><body><table>"
        + b"<tr><td>|</td><td>|</td></tr>" * 5000
        + b"</table></body></html>",
        b"<html><head><script type='application/ld+json'>{{{{[[[</script></head>"
        b"<body><p>x</p></body></html>",
        b"<html><body>"
        + b"<aside>" * 5000
        + b"<p>deep</p>"
        + b"</aside>" * 5000
        + b"</body></html>",
        b"<html><body>"
        + b"<div class='factbox'><p>Fact.</p></div><p>A sentence of the body.</p>" * 5000
        + b"</body></html>",
    ],
    ids=[
        "deep",
        "huge",
        "truncated",
        "garbage-bytes",
        "pipe-table",
        "bad-json-ld",
        "nested-asides",
        "many-boxes",
    ],
)
def test_pathological_pages_neither_crash_nor_hang(raw: bytes) -> None:
    start = time.perf_counter()
    try:
        e = extract_article(raw, url=URL)
    except ExtractionError as exc:  # beyond the work bounds: refused, with the reason
        assert "not extracted" in str(exc)
    else:
        assert isinstance(e.paragraphs, tuple)
        assert e.to_dict()["url"] == URL
    assert time.perf_counter() - start < 60


def test_truncated_page_keeps_the_part_that_arrived() -> None:
    raw = html()
    cut = raw.index(BODY[2].encode())
    e = extract_article(raw[:cut], url=URL)
    assert e.paragraphs[:2] == tuple(BODY[:2])


def test_site_name_h1_is_not_the_headline() -> None:
    raw = html().replace(b"<nav>", b"<h1 id='site-title'><a href='/'>The Herald</a></h1><nav>")
    e = extract_article(raw, url=URL)
    assert e.headline == HEADLINE


def test_description_that_repeats_the_body_is_an_excerpt_not_a_standfirst() -> None:
    excerpt = " ".join(BODY[0].split()[:8]) + " […]"
    raw = html(head=f'<meta name="description" content="{excerpt}">')
    e = extract_article(raw, url=URL)
    assert e.standfirst is None
    assert e.paragraphs == tuple(BODY)  # the first paragraph stays in the body
    assert any("excerpt" in w for w in e.warnings)


def test_visible_standfirst_wins_over_an_seo_description() -> None:
    head = "<meta name='description' content='Latest athletics news and results.'>"
    before = f"<p class='article-intro'>{STANDFIRST}</p>"
    e = extract_article(html(head=head, before=before), url=URL)
    assert e.standfirst == STANDFIRST
    assert e.paragraphs == tuple(BODY)


@pytest.mark.parametrize(
    "furniture",
    [
        "Story continues below advertisement",
        "Continue reading the main story",
        "RELATED: Kerr's long road to gold in Budapest",
        "Skip twitter post by Herald Sport",
        "Allow X content?",
        "Sign up for our morning briefing and get the top stories in your inbox every weekday.",
        "Comments are closed for this article.",
    ],
)
def test_furniture_inside_the_body_is_dropped(furniture: str) -> None:
    body = [*BODY[:2], furniture, *BODY[2:]]
    e = extract_article(html(body=body), url=URL)
    assert e.paragraphs == tuple(BODY)
    assert furniture in e.dropped


def test_closing_topic_labels_are_dropped_but_results_lines_kept() -> None:
    results = ["1. Josh Kerr (GB) 3:29.38", "2. Jakob Ingebrigtsen (Nor) 3:29.65"]
    e = extract_article(html(body=[*BODY, *results]), url=URL)
    assert e.paragraphs == (*BODY, *results)
    e = extract_article(html(body=[*BODY, "Related topics", "Athletics", "Budapest"]), url=URL)
    assert e.paragraphs == tuple(BODY)


def test_public_names_are_listed() -> None:
    import redline.extract as ex

    assert len(ex.__all__) == len(set(ex.__all__))  # order: ruff RUF022
    for name in ex.__all__:
        assert hasattr(ex, name), name
    public = {n for n in vars(ex) if not n.startswith("_") and n != "annotations"}
    assert public == set(ex.__all__)
