"""Each class with its evidence, significance, filters and metadata handling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import redline
from redline.errors import InputError
from redline.explain import (
    GROUPS,
    Classes,
    Meta,
    ValueChange,
    classify_text_change,
    explain,
    filter_edits,
    matches,
    parse_only,
)

C = Classes


def ex(old, new, **kw):
    return explain(redline.compare(old, new), **kw)


def test_fact_update_names_old_and_new_values():
    e = ex("At least 12 people died and 40 were hurt.", "At least 15 people died and 40 were hurt.")
    (edit,) = e.edits
    assert edit.classes == (C.FACT_UPDATE,)
    assert edit.values == (ValueChange("12", "15"),)
    assert "12 → 15" in edit.evidence[0]
    assert e.summary == "1 fact updated (12 → 15)"
    assert e.to_dict()["edits"][0]["values"] == [{"old": "12", "new": "15"}]


def test_the_same_fact_updated_in_two_sentences_is_one_fact_in_the_summary():
    e = ex(
        "The toll rose to 12 on Monday.\nOfficials said 12 people had died.",
        "The toll rose to 15 on Monday.\nOfficials said 15 people had died.",
    )
    assert [v for edit in e.edits for v in edit.values] == [ValueChange("12", "15")] * 2
    assert e.summary == "1 fact updated (12 → 15)"


def test_a_figure_taken_from_one_sentence_into_another_is_no_fact_in_the_summary():
    e = ex(
        "Officials said 40 homes were flooded on Monday.\nThe river rose overnight.",
        "Officials said homes were flooded on Monday.\n"
        "The river rose overnight, flooding 40 homes.",
    )
    values = [v for edit in e.edits for v in edit.values]
    assert ValueChange("40", None) in values and ValueChange(None, "40") in values
    assert "fact" not in e.summary


def test_a_figure_that_only_moved_is_not_a_fact_update():
    change = classify_text_change(
        "In 2021 he won bronze in Tokyo.", "He won bronze in Tokyo in 2021."
    )
    assert C.FACT_UPDATE not in change.classes


def test_scale_words_travel_with_their_number():
    change = classify_text_change(
        "The deal is worth 12 million euros.", "The deal is worth 15 million euros."
    )
    assert change.values == (ValueChange("12 million euros", "15 million euros"),)


def test_names_swapped_and_respelt():
    assert classify_text_change("Talks in Geneva failed.", "Talks in Vienna failed.").names == (
        ValueChange("Geneva", "Vienna"),
    )
    fixed = classify_text_change("He beat Ingebrigsten again.", "He beat Ingebrigtsen again.")
    assert fixed.classes == {C.PUNCTUATION_SPELLING}


def test_quote_classes():
    assert classify_text_change("He left.", "He left, calling it “a farce”.").classes == {
        C.QUOTE_ADDED
    }
    assert classify_text_change("“We won,” she said.", "“We really won,” she said.").classes == {
        C.QUOTE_CHANGED
    }
    assert classify_text_change("He called it “a farce”.", "He criticised it.").classes == {
        C.QUOTE_REMOVED
    }
    # the attribution changed, not the quotation: a name change
    assert classify_text_change("“We won,” Smith said.", "“We won,” Jones said.").classes == {
        C.NAMES
    }


def test_multi_sentence_quotation_is_one_quote():
    old = "Kerr won."
    new = "Kerr won.\n“I didn’t feel like I ran the best race. I just kept going until the end.”"
    e = ex(old, new)
    assert [x.classes for x in e.edits] == [(C.QUOTE_ADDED,), (C.QUOTE_ADDED,)]
    assert e.summary == "2 quote sentences added"


def test_correction_note_and_breaking_markers():
    e = ex(
        "The fire started in a kitchen. More to follow.",
        "The fire started in a garage.\nAn earlier version of this article said it started in "
        "a kitchen.",
    )
    assert e.classes == {C.CORRECTION, C.BREAKING_REMOVED, C.REWORDING}
    assert e.summary.startswith("correction note added")
    assert e.significance >= 0.9


def test_page_stamp_markers_come_from_dropped_lines():
    e = ex("Police closed the road.", "Police closed the road.\nUpdated at 14:05 BST")
    assert e.classes == {C.BREAKING_ADDED}
    assert e.edits[0].field == "page"
    # a stamp whose time changed says the story was updated again
    e = ex("Police closed the road.\nUpdated at 14:05", "Police closed the road.\nUpdated at 16:30")
    (edit,) = e.edits
    assert edit.field == "page" and set(edit.classes) == {C.BREAKING_ADDED, C.BREAKING_REMOVED}
    assert "update stamp changed" in edit.evidence[0]


def test_headline_and_standfirst_from_meta():
    e = ex(
        "Same body.",
        "Same body.",
        old_meta={"headline": "Quake kills 12"},
        new_meta=Meta(headline="Quake kills 15", standfirst="x"),
    )
    assert e.classes == {C.HEADLINE, C.FACT_UPDATE}
    assert e.summary == "headline changed"
    (edit,) = e.edits
    assert edit.field == "headline" and edit.values == (ValueChange("12", "15"),)


def test_stealth_deletion_needs_age_and_no_note_and_no_replacement():
    old = "The mayor visited the site. He was booed by residents. Works end in May."
    new = "The mayor visited the site. Works end in May."
    t = datetime(2024, 1, 1, tzinfo=UTC)
    late = {"old_meta": {"published": t}, "new_meta": {"seen": t + timedelta(hours=20)}}
    early = {"old_meta": {"published": t}, "new_meta": {"seen": t + timedelta(hours=1)}}
    e = ex(old, new, **late)
    assert e.classes == {C.CONTENT_REMOVED, C.STEALTH_DELETION}
    assert e.age_hours == 20
    assert "20 hours after publication" in e.edits[0].evidence[-1]
    assert e.summary == "1 sentence deleted without a note"
    assert ex(old, new, **early).classes == {C.CONTENT_REMOVED}
    # ISO strings are accepted, and mixed naive/aware times mean "age unknown"
    iso = {
        "old_meta": {"published": "2024-01-01T00:00:00+00:00"},
        "new_meta": {"seen": "2024-01-02T00:00:00+00:00"},
    }
    assert C.STEALTH_DELETION in ex(old, new, **iso).classes
    mixed = {
        "old_meta": {"published": datetime(2024, 1, 1)},
        "new_meta": {"seen": t + timedelta(days=1)},
    }
    assert ex(old, new, **mixed).age_hours is None


def test_lead_change_and_moves():
    a = "Kerr won the world title in Budapest."
    b = "He beat the Olympic champion in the final metres."
    c = "Ingebrigtsen took silver ahead of his compatriot."
    e = ex("\n".join([a, b, c]), "\n".join([c, a, b]))
    assert e.classes == {C.REORDER}
    assert "lead changed" in e.summary
    assert any("lead changed" in ev for x in e.edits for ev in x.evidence)
    assert e.significance >= 0.5
    # a paragraph moved lower down does not change the lead
    d = "Gourley finished ninth."
    e = ex("\n".join([a, b, c, d]), "\n".join([a, c, d, b]))
    assert e.classes == {C.REORDER} and "lead changed" not in e.summary


def test_typography_only_never_alerts():
    e = ex('Britain\'s "best" - ever.', "Britain’s “best” – ever.")
    assert e.classes == {C.TYPOGRAPHY}
    assert e.significance == 0.0 and e.typography_only and not e.changed
    assert not matches(e, None)
    assert e.summary == "typography only (1 sentence)"


def test_parse_only_and_filters():
    assert parse_only("facts, quotes,corrections") == (
        GROUPS["facts"] | GROUPS["quotes"] | GROUPS["corrections"]
    )
    assert parse_only(["fact", "quote_added"]) == {C.FACT_UPDATE, C.QUOTE_ADDED}
    assert parse_only("") is None and parse_only(None) is None
    with pytest.raises(InputError, match="unknown change class 'gossip'"):
        parse_only("facts,gossip")
    e = ex("Five died. The mayor spoke.", "Seven died. The mayor spoke at length.")
    assert [x.classes for x in filter_edits(e, parse_only("facts"))] == [(C.FACT_UPDATE,)]
    assert len(filter_edits(e, None, min_significance=0.5)) == 1
    assert matches(e, parse_only("facts"), min_significance=0.6)
    assert not matches(e, parse_only("quotes"))


def test_spelled_out_number_replaced_by_a_figure():
    change = classify_text_change(
        "At least three people were injured.", "At least 41 people were injured."
    )
    assert change.values == (ValueChange("three", "41"),)


def test_thousands_grouped_with_spaces():
    change = classify_text_change(
        "L'annulation de 400 vols vendredi.", "L'annulation de 1 100 vols vendredi."
    )
    assert change.values == (ValueChange("400", "1 100"),)


def test_claims_as_a_noun_is_not_speech():
    e = ex("The river rose.", "The river rose.\nInsurers expect claims to run into millions.")
    assert e.classes == {C.CONTENT_ADDED}
    e = ex("The river rose.", "The river rose.\nThe owner claims that the dam was unsafe.")
    assert e.classes == {C.QUOTE_ADDED}


def test_many_new_sections_are_summed_up():
    lead = "Flooding hit the town overnight.\nResidents were moved to the town hall."
    sections = "\n".join(
        f"Update number {k}\nCrews worked on street {k}. Roads {k} were shut." for k in range(4)
    )
    e = ex(lead, lead + "\n" + sections)
    assert e.classes == {C.SECTION_ADDED}
    assert e.summary == ("4 new sections ('Update number 0', 'Update number 1', …; 12 sentences)")


def test_bad_meta_is_a_clear_input_error():
    with pytest.raises(InputError, match="published: not an ISO 8601"):
        ex("A.", "B.", old_meta={"published": "yesterday"})
    with pytest.raises(InputError, match="seen: expected a datetime"):
        ex("A.", "B.", new_meta={"seen": 12})
    e = ex(
        "A b c.",
        "A b c d.",
        old_meta={"published": "2024-01-01T00:00:00Z"},
        new_meta={"seen": "2024-01-02T00:00:00Z"},
    )
    assert e.age_hours == 24


def test_only_the_last_group_of_a_spaced_number_changed():
    change = classify_text_change(
        "Le bilan s'élève à 1\u202f100 morts.", "Le bilan s'élève à 1\u202f300 morts."
    )
    assert change.values == (ValueChange("1 100", "1 300"),)


def test_a_name_starting_a_sentence_is_known_from_the_rest_of_the_article():
    first = "Josh Kerr won the world title in Budapest."
    e = ex(
        f"{first}\nKerr was delighted with the win.",
        f"{first}\nWightman was delighted with the win.",
    )
    assert e.classes == {C.NAMES}
    assert e.edits[0].names == (ValueChange("Kerr", "Wightman"),)
    # a pronoun for the name is style, and a common word starting a sentence is no name
    assert ex(f"{first}\nKerr was delighted.", f"{first}\nHe was delighted.").classes == {
        C.REWORDING
    }
    assert ex(f"{first}\nFans were delighted.", f"{first}\nSupporters were delighted.").classes == {
        C.REWORDING
    }
