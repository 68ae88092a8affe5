"""Properties: extraction never crashes on arbitrary input; reconciling only ever
removes alignment items, each with evidence."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline import compare
from redline.errors import RedlineError
from redline.extract import Extraction, decide_version, extract_article, reconcile

from .test_extract import BODY, URL, html

_TAGS = ["p", "div", "span", "h1", "h2", "article", "aside", "nav", "table", "td", "li", "b"]


@st.composite
def markup(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{draw(st.sampled_from(_TAGS))}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(_TAGS))}>")
        elif kind == 2:
            parts.append(draw(st.text(max_size=80)))
        else:
            parts.append(draw(st.sampled_from(BODY)))
    return "".join(parts).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])), "replace")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.one_of(markup(), st.binary(max_size=3000)))
def test_arbitrary_input_gives_an_extraction_or_a_clear_error(raw: bytes) -> None:
    try:
        e = extract_article(raw, url=URL)
    except RedlineError as exc:
        assert str(exc)
        return
    assert isinstance(e, Extraction)
    assert all(p.strip() for p in e.paragraphs)
    assert e.text == "\n".join(e.paragraphs)
    assert isinstance(e.health.suspect, bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    old_body=st.lists(st.sampled_from(BODY), min_size=1, max_size=4, unique=True),
    new_body=st.lists(st.sampled_from(BODY), min_size=1, max_size=4, unique=True),
    extra_old=st.lists(st.sampled_from(BODY), max_size=2),
    extra_new=st.lists(st.sampled_from(BODY), max_size=2),
)
def test_reconcile_only_removes_items_each_with_evidence(
    old_body: list[str], new_body: list[str], extra_old: list[str], extra_new: list[str]
) -> None:
    def page(body: list[str], extra: list[str]) -> bytes:
        side = "".join(f"<div class='side'>{x}</div>" for x in extra)
        return html(body=body).replace(b"<footer>", side.encode() + b"<footer>")

    old = extract_article(page(old_body, extra_old), url=URL)
    new = extract_article(page(new_body, extra_new), url=URL)
    c = compare(old.text, new.text)
    rec = reconcile(old, new, c)
    kept = set(rec.links)
    assert kept <= set(c.links)
    assert len(c.links) - len(rec.links) == len(rec.evidence)
    for e in rec.evidence:
        assert e.reason
        if e.op == "deleted":
            assert any(e.old_text.split()[0] in block for block in new.visible_text)
        if e.op == "added":
            assert any(e.new_text.split()[0] in block for block in old.visible_text)
    # The same sentences shown on both pages are never added or deleted, and make no
    # version unless the extracted body shows them in another order (a move).
    if set(old_body) | set(extra_old) == set(new_body) | set(extra_new):
        d = decide_version(old, new)
        if not (old.health.suspect or new.health.suspect):
            assert not any(link.op in ("added", "deleted") for link in rec.links)
            assert not d.record or any(link.op == "moved" for link in rec.links)
        else:
            assert not d.record


def test_control_characters_in_a_page_are_dropped_not_fatal():
    from redline.extract import extract_article

    body = "".join(
        f"<p>Paragraph {k} of the story has enough words to count as text\x0b here.</p>"
        for k in range(6)
    )
    page = (
        "<html><head><title>T</title></head><body><article><h1>Head</h1>"
        f"{body}\x01</article></body></html>"
    )
    result = extract_article(page.encode(), url="https://example.org/a")
    assert all("\x0b" not in p and "\x01" not in p for p in result.paragraphs)
    assert any("Paragraph 3" in p for p in result.paragraphs)
