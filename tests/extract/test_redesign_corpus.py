"""The redesign corpus: a version exactly when the article text truly changed."""

from __future__ import annotations

import itertools

import pytest

from redline.extract import decide_version, extract_article

from .corpus import SERVED, Capture, all_captures, articles, heldout_captures, score, versions

Sequences = list[list[Capture]]


@pytest.fixture(scope="module")
def sequences() -> Sequences:
    return all_captures()


def test_corpus_shape(sequences: Sequences) -> None:
    assert len(articles()) >= 15
    pairs = [(a, b) for seq in sequences for a, b in itertools.pairwise(seq)]
    redesigns = [(a, b) for a, b in pairs if a.template != b.template]
    assert all(2 <= len({c.template for c in seq}) <= 3 for seq in sequences)
    assert any(a.truth == b.truth for a, b in redesigns)  # redesign, no edit
    assert any(a.truth != b.truth for a, b in redesigns)  # redesign and edit at once
    assert any(a.template == b.template and a.truth != b.truth for a, b in pairs)  # edit alone
    held = {c.template for seq in heldout_captures() for c in seq}
    assert set(SERVED) == {c.template for seq in sequences for c in seq} | held
    # the article texts are written out, not generated: every paragraph is distinct
    paragraphs = [p for a in articles() for p in versions(a)[1].paragraphs]
    assert len(paragraphs) == len(set(paragraphs)) > 100


def test_versions_recorded_exactly_when_the_text_changed(sequences: Sequences) -> None:
    s = score(sequences)
    assert s.first_recorded == s.first_captures == len(sequences)
    assert s.false_versions == 0, s.failures
    assert s.missed_edits == 0, s.failures
    assert s.suspect == 0, s.failures
    assert s.recorded == s.true_changes > 0


def test_exactly_the_true_changes_are_reported(sequences: Sequences) -> None:
    s = score(sequences)
    assert s.items_true > 0
    assert s.items_reported == s.items_correct == s.items_true, s.failures
    assert s.field_errors == 0, s.failures


def test_the_corpus_needs_the_cross_check(sequences: Sequences) -> None:
    # Without it, template changes show up as false versions: the corpus is not trivial.
    s = score(sequences, cross_check=False)
    assert s.false_versions > 0
    assert s.items_reported > s.items_true


def test_old_table_layout_keeps_its_typography(sequences: Sequences) -> None:
    cap = next(c for seq in sequences for c in seq if c.template == "table2008")
    assert "charset=iso-8859-1" in cap.raw.decode("ascii", "replace")
    e = extract_article(cap.raw, url=cap.url, content_type=cap.content_type)
    assert e.encoding == "cp1252"
    assert e.paragraphs == cap.truth.paragraphs
    assert e.headline == cap.truth.headline and e.standfirst == cap.truth.standfirst


def test_truncated_redesigned_page_is_never_a_version(sequences: Sequences) -> None:
    # A redesigned page whose transfer stopped part-way: the text did not change,
    # so no version, whatever the cut left of the body, sidebars and fact boxes.
    checked = suspect = 0
    for cut in (0.3, 0.5, 0.6, 0.7, 0.8):
        for seq in sequences:
            first = seq[0]
            base = extract_article(first.raw, url=first.url, content_type=first.content_type)
            for nxt in seq[1:]:
                if nxt.truth != first.truth:
                    continue
                raw = nxt.raw[: int(len(nxt.raw) * cut)]
                e = extract_article(raw, url=nxt.url, content_type=nxt.content_type)
                assert e.truncated
                d = decide_version(base, e)
                assert not d.record, (cut, nxt.article, nxt.template, d.reasons, e.paragraphs)
                checked += 1
                suspect += d.suspect
    assert checked >= 50
    assert suspect >= checked // 3  # cuts inside the body are flagged, not ignored


def test_held_out_templates() -> None:
    # Two templates written after the rules were settled, run without changing them.
    held = heldout_captures()
    assert len(held) >= 8
    assert {"amp2019", "regional2016"} <= {c.template for seq in held for c in seq}
    s = score(held)
    assert s.false_versions == 0 and s.missed_edits == 0, s.failures
    assert s.items_reported == s.items_correct == s.items_true > 0, s.failures
