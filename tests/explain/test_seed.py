"""Classes, significance and summary on the canonical BBC seed pair."""

from __future__ import annotations

import pytest

import redline
from redline.explain import Classes, explain, filter_edits, matches, parse_only

C = Classes


@pytest.fixture(scope="module")
def explanation(seed_texts):
    return explain(redline.compare(*seed_texts))


def test_summary_reads_like_an_editor(explanation):
    assert explanation.summary == (
        "4 quote sentences added; "
        "new section 'Warholm reclaims world title as pole vaulters share gold' (12 sentences); "
        "new detail in 2 sentences; 'More to follow.' removed; photo caption removed; "
        "3 sentences reworded"
    )


def test_classes_of_the_version(explanation):
    assert explanation.classes == {
        C.QUOTE_ADDED,
        C.SECTION_ADDED,
        C.BREAKING_REMOVED,
        C.CAPTION_REMOVED,
        C.CONTENT_ADDED,
        C.REWORDING,
        C.PUNCTUATION_SPELLING,
        C.TYPOGRAPHY,
    }
    # no meta: the story's age is unknown, so nothing is a stealth deletion
    assert explanation.age_hours is None
    assert C.STEALTH_DELETION not in explanation.classes


def test_each_edit_carries_evidence(explanation):
    for edit in explanation.edits:
        assert edit.classes and edit.evidence
    caption = next(e for e in explanation.edits if C.CAPTION_REMOVED in e.classes)
    assert caption.old_text == "Kerr chose the moment to pass Ingebrigsten perfectly"
    punct = next(e for e in explanation.edits if C.PUNCTUATION_SPELLING in e.classes)
    assert "took control on the second lap" in punct.new_text
    assert punct.evidence[0].startswith("punctuation only")


def test_typography_edits_score_zero(explanation):
    typo = [e for e in explanation.edits if e.classes == (C.TYPOGRAPHY,)]
    assert len(typo) >= 4
    assert all(e.significance == 0.0 for e in typo)
    # an apostrophe restyled besides a punctuation fix is typography as well
    (both,) = [e for e in explanation.edits if len(e.classes) > 1 and C.TYPOGRAPHY in e.classes]
    assert both.classes == (C.PUNCTUATION_SPELLING, C.TYPOGRAPHY)
    assert both.significance == 0.05


def test_significance_is_between_the_heaviest_class_and_one(explanation):
    assert 0.5 < explanation.significance < 1.0


def test_filters(explanation):
    quotes = filter_edits(explanation, parse_only("quotes"))
    assert len(quotes) == 4
    assert matches(explanation, parse_only("quotes,corrections"))
    assert not matches(explanation, parse_only("facts,corrections"))
    assert not matches(explanation, None, min_significance=0.9)
    (typo,) = filter_edits(explanation, parse_only("typography"))
    assert C.PUNCTUATION_SPELLING in typo.classes


def test_to_dict_is_json_ready(explanation):
    import json

    d = json.loads(json.dumps(explanation.to_dict()))
    assert d["summary"] == explanation.summary
    assert [e["link"] for e in d["edits"]] == [e.link for e in explanation.edits]
    assert d["classes"][0] == C.QUOTE_ADDED
