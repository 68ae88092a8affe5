"""Cross-checking an alignment against the raw pages."""

from __future__ import annotations

from redline import Comparison, compare
from redline.extract import Extraction, PageText, decide_version, extract_article, reconcile

from .test_extract import BODY, URL, html

FACTS = "<aside class='factbox'><h3>Key facts</h3><ul><li>Winning time: 3:29.38</li></ul></aside>"
QUOTE = "“I knew I had it with 50 metres to go,” Kerr said after the race."


def _pair(old_raw: bytes, new_raw: bytes) -> tuple[Extraction, Extraction, Comparison]:
    old = extract_article(old_raw, url=URL)
    new = extract_article(new_raw, url=URL)
    return old, new, compare(old.text, new.text)


def test_page_text_lookup_ignores_spacing_typography_and_case() -> None:
    page = PageText(('He said: "it\'s done" - and left.', "KEY FACTS", "Home"))
    assert 'He said: "it\'s done" - and left.' in page
    assert 'He said:"it\'s done" -  and left.' in page
    assert "Key facts" in page
    assert "Home" in page  # a one-word block of its own
    assert "He" not in page  # a single word only counts as a whole block
    assert "He said nothing." not in page
    assert "" not in page


def test_deleted_sentence_still_on_the_new_page_is_reconciled() -> None:
    # The new template shows the quote in a pull-quote box the extractor skips.
    old_raw = html(body=[*BODY, QUOTE])
    new_raw = html(body=BODY, after="").replace(
        b"<footer>", f"<aside class='pullquote'><span>{QUOTE}</span></aside><footer>".encode()
    )
    old, new, comparison = _pair(old_raw, new_raw)
    assert QUOTE in old.paragraphs and QUOTE not in new.paragraphs
    assert comparison.changed
    rec = reconcile(old, new, comparison)
    assert not rec.changed
    assert len(rec.evidence) == 1
    ev = rec.evidence[0]
    assert ev.op == "deleted" and ev.old_text == QUOTE and "still on the new page" in ev.reason
    assert rec.to_dict()["reconciled"][0]["old_text"] == QUOTE
    assert "reconciled" in rec.summary()


def test_added_sentence_already_on_the_old_page_is_reconciled() -> None:
    old_raw = html(body=BODY).replace(b"<footer>", f"<div>{QUOTE}</div><footer>".encode())
    new_raw = html(body=[*BODY, QUOTE])
    old, new, comparison = _pair(old_raw, new_raw)
    rec = reconcile(old, new, comparison)
    assert not rec.changed
    assert [e.op for e in rec.evidence] == ["added"]


def test_a_true_deletion_or_addition_is_kept() -> None:
    old, new, comparison = _pair(html(body=[*BODY, QUOTE]), html(body=BODY))
    rec = reconcile(old, new, comparison)
    assert rec.changed and rec.evidence == ()
    assert rec.comparison.counts()["deleted"] == 1
    old, new, comparison = _pair(html(body=BODY), html(body=[*BODY, QUOTE]))
    assert reconcile(old, new, comparison).comparison.counts()["added"] == 1


def test_a_true_edit_is_kept_even_when_furniture_changes() -> None:
    edited = [*BODY]
    edited[2] = edited[2].replace("29.38", "29.39")
    old, new, comparison = _pair(html(body=BODY, after=FACTS), html(body=edited))
    rec = reconcile(old, new, comparison)
    assert rec.changed
    assert rec.comparison.counts()["edited"] == 1
    assert [link.op for link in rec.links if link.changed] == ["edited"]


def test_fact_box_moving_out_of_the_body_is_not_a_version() -> None:
    old_raw = html(body=BODY, after=FACTS)
    new_raw = html(body=BODY).replace(
        b"<footer>", f"<div class='side'>{FACTS}</div><footer>".encode()
    )
    old = extract_article(old_raw, url=URL)
    new = extract_article(new_raw, url=URL)
    d = decide_version(old, new)
    assert not d.record and not d.suspect, d.reasons
    if old.paragraphs != new.paragraphs:
        assert d.reconciled is not None and d.reconciled.evidence


def test_heading_of_a_reconciled_block_is_reconciled_too() -> None:
    facts = ["Winning time: 3:29.38 in the final.", "Previous best: 3:29.80 in Zurich."]
    old_raw = html(body=[*BODY, "Key facts", *facts])
    new_raw = html(body=BODY).replace(
        b"<footer>",
        ("<aside><h3>At a glance</h3>" + "".join(f"<p>{f}</p>" for f in facts)).encode()
        + b"</aside><footer>",
    )
    old, new, comparison = _pair(old_raw, new_raw)
    assert "Key facts" in old.paragraphs
    rec = reconcile(old, new, comparison)
    assert not rec.changed, rec.summary()
    assert any("heading of a block" in e.reason for e in rec.evidence)
    # without the block under it, a deleted heading is a real change
    old, new, comparison = _pair(html(body=[*BODY[:2], "Key facts", *BODY[2:]]), html())
    assert reconcile(old, new, comparison).changed


FACT_LINES = ["Key facts", "Winning time: 3:29.38", "Previous best: 3:29.80"]


def _facts_page(facts: bool, *, redesigned: bool) -> bytes:
    raw = html(body=[*BODY[:2], *FACT_LINES, *BODY[2:]] if facts else BODY)
    if redesigned:
        raw = raw.replace(b"<article>", b"<div class='c-story__body l-grid'><article class='c-x'>")
        raw = raw.replace(b"</article>", b"</article></div>")
        raw = raw.replace(b"<nav>", b"<header class='c-masthead'><nav class='c-nav c-nav--main'>")
        raw = raw.replace(b"</nav>", b"</nav></header>")
        raw = raw.replace(b"<footer>", b"<footer class='c-footer l-wide'>")
    return raw


def test_labels_dropped_by_a_redesign_are_not_edits() -> None:
    old = extract_article(_facts_page(True, redesigned=False), url=URL)
    assert "Winning time: 3:29.38" in old.paragraphs
    new = extract_article(_facts_page(False, redesigned=True), url=URL)
    rec = reconcile(old, new, compare(old.text, new.text))
    assert not rec.changed, rec.summary()
    assert any("redesign" in e.reason for e in rec.evidence)


def test_labels_dropped_without_a_redesign_are_edits() -> None:
    old = extract_article(_facts_page(True, redesigned=False), url=URL)
    new = extract_article(_facts_page(False, redesigned=False), url=URL)
    rec = reconcile(old, new, compare(old.text, new.text))
    assert rec.changed and rec.comparison.counts()["deleted"] == len(FACT_LINES)


def test_sentences_dropped_by_a_redesign_are_still_edits() -> None:
    old = extract_article(_facts_page(False, redesigned=False), url=URL)
    new = extract_article(
        _facts_page(False, redesigned=True).replace(f"<p>{BODY[3]}</p>".encode(), b""), url=URL
    )
    rec = reconcile(old, new, compare(old.text, new.text))
    assert rec.comparison.counts()["deleted"] == 1


def test_list_bullets_are_never_set_aside_as_labels_across_a_redesign() -> None:
    from redline import compare
    from redline.extract import Extraction, reconcile

    intro = "In a wide-ranging interview, the president also said:"
    bullets = [
        "The UK must stay in the EU to have influence on the world stage",
        "He is confident the Iran nuclear deal will be passed by Congress",
    ]
    tail = "Mr Obama lands in Kenya later on Friday for his first visit as president."

    def ext(paragraphs: list[str], template: str) -> Extraction:
        return Extraction(
            headline="Obama interview",
            standfirst=None,
            byline=None,
            published=None,
            updated=None,
            paragraphs=tuple(paragraphs),
            extractor="trafilatura",
            extractor_version="x",
            encoding="utf-8",
            visible_text=tuple(paragraphs),
            template=frozenset({f"div.{template}-{i}" for i in range(20)}),
        )

    old = ext([intro, *bullets, "Key facts", tail], "old")
    new = ext([intro, tail], "new")  # a redesign: the bullets really went
    rec = reconcile(old, new, compare(old.text, new.text))
    set_aside = {e.old_text for e in rec.evidence}
    assert "Key facts" in set_aside  # a label that came and went with the template
    assert not set_aside & set(bullets)
    deleted = [link for link in rec.links if link.op == "deleted"]
    assert {rec.comparison.old.sentences[i].text for link in deleted for i in link.old} == set(
        bullets
    )
