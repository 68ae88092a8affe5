"""Families of edits the classifier must get right on text it was not written on:
figures compared by meaning, punctuation inside quotations, breaking-news markers
as a family, correction notes removed, names of several words.

The examples are written here to pin the families down; they are not items of any
labelled set.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import redline
from redline.explain import Classes, ValueChange, classify_text_change, explain
from redline.explain.features import names_in
from redline.explain.markers import breaking_marker, flag_prefix, stamp
from redline.explain.quantities import quantities, value_changes
from redline.text.normalize import normalize

C = Classes
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def ex(old, new, **kw):
    return explain(redline.compare(old, new), **kw)


# --- 1. same value, new form ---------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The war lasted from 1990-1995.", "The war lasted from 1990–1995."),
        ("City won 2-1 at home.", "City won 2 – 1 at home."),
        ("Les travaux dureront de 2024-2026.", "Les travaux dureront de 2024—2026."),
    ],
)
def test_a_dash_in_a_range_or_score_is_typography(old, new):
    change = classify_text_change(old, new)
    assert change.classes == {C.TYPOGRAPHY}
    assert "range" in change.evidence[0]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "The deal is worth $3bn, officials said.",
            "The deal is worth $3 billion, officials said.",
        ),
        ("The rally starts at 9pm tonight.", "The rally starts at 21:00 tonight."),
        ("Half of the voters stayed at home.", "50% of the voters stayed at home."),
        ("Three men were arrested.", "3 men were arrested."),
        ("Le budget atteint 2,5 milliards d'euros.", "Le budget atteint 2 500 millions d'euros."),
        ("La réunion commence à 21h.", "La réunion commence à 21:00."),
        ("Turnout was 64 per cent.", "Turnout was 64%."),
        ("The vote is on 2 March.", "The vote is on March 2."),
        ("The bridge has stood for 40 years.", "The bridge has stood for four decades."),
        ("Le pont existe depuis quarante ans.", "Le pont existe depuis quatre décennies."),
        ("The rule has been in place for ten years.", "The rule has been in place for a decade."),
        ("The abbey was built 200 years ago.", "The abbey was built two centuries ago."),
        ("Ce moulin a un siècle.", "Ce moulin a 100 ans."),
    ],
)
def test_same_value_in_a_new_form_is_rewording_not_a_fact_update(old, new):
    change = classify_text_change(old, new)
    assert C.FACT_UPDATE not in change.classes
    assert change.values == ()
    assert change.classes <= {C.REWORDING, C.PUNCTUATION_SPELLING, C.TYPOGRAPHY}


def test_a_value_really_changed_in_a_new_form_is_a_fact_update():
    change = classify_text_change("It cost $3bn.", "It cost $4 billion.")
    assert change.classes >= {C.FACT_UPDATE}
    assert change.values == (ValueChange("$3bn", "$4 billion"),)
    change = classify_text_change("The rally starts at 9pm.", "The rally starts at 22:00.")
    assert change.values == (ValueChange("9pm", "22:00"),)
    change = classify_text_change("It has stood for 40 years.", "It has stood for five decades.")
    assert change.values == (ValueChange("40 years", "five decades"),)
    change = classify_text_change(
        "It dates from the 12th century.", "It dates from the 13th century."
    )
    assert change.values == (ValueChange("12th", "13th"),)


def test_quantities_keys_are_meanings():
    keys = {q.text: q.key for q in quantities("£4.5bn, 3,5 %, 2 000 €, 9pm, 21h30, 34C, 1er")}
    assert keys == {
        "£4.5bn": ("num", 4.5e9, "gbp"),
        "3,5 %": ("num", 0.035, "ratio"),
        "2 000 €": ("num", 2000.0, "eur"),
        "9pm": ("time", 21 * 60),
        "21h30": ("time", 21 * 60 + 30),
        "34C": ("num", 34.0, "°c"),
        "1er": ("ord", 1),
    }
    assert [q.text for q in quantities("twenty-five people, a third of them")] == [
        "twenty-five",
        "a third",
    ]


def test_spelled_out_words_count_only_when_replaced():
    assert value_changes("One of the men left.", "The men left.") == []
    ((a, b),) = value_changes("Five people died.", "Seven people died.")
    assert (a.text, b.text) == ("Five", "Seven")


# --- 8. values keep their units and dates --------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "values"),
    [
        ("Le taux passe à 3,5 %.", "Le taux passe à 3,7 %.", [("3,5 %", "3,7 %")]),
        ("The vote is on 2 March.", "The vote is on 9 March.", [("2 March", "9 March")]),
        ("La prime est de 2 000 €.", "La prime est de 2 500 €.", [("2 000 €", "2 500 €")]),
        ("It will cost £4.5bn.", "It will cost £5.2bn.", [("£4.5bn", "£5.2bn")]),
        ("Winds reached 80 mph.", "Winds reached 95 mph.", [("80 mph", "95 mph")]),
    ],
)
def test_values_keep_units_and_dates(old, new, values):
    change = classify_text_change(old, new)
    assert change.classes == {C.FACT_UPDATE}
    assert [tuple(v) for v in change.values] == values
    assert f"{values[0][0]} → {values[0][1]}" in change.evidence[0]


# --- 2. punctuation inside a quotation ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"It is over." she said.', '"It is over," she said.'),
        ("“We will win” he said.", "“We will win!” he said."),
        ("« C'est fini. » a-t-il dit.", "« C'est fini », a-t-il dit."),
    ],
)
def test_punctuation_inside_a_quotation_is_punctuation(old, new):
    change = classify_text_change(old, new)
    assert change.classes == {C.PUNCTUATION_SPELLING}


def test_words_inside_a_quotation_still_change_the_quote():
    change = classify_text_change("“It is over,” she said.", "“It is not over,” she said.")
    assert change.classes == {C.QUOTE_CHANGED}


# --- 3. breaking-news markers --------------------------------------------------------

MARKERS = [
    "More to follow.",
    "More details to come.",
    "Further updates to follow.",
    "We'll bring you more on this story as we get it.",
    "This story is being updated.",
    "This is a developing story and will be updated.",
    "The story is still developing.",
    "Live updates",
    "Developing story",
    "Check back later for updates.",
    "Updated at 14:05 BST",
    "Last updated: 2 March 2026, 15:30",
    "Plus d'informations à venir.",
    "D'autres détails suivront.",
    "Article en cours d'actualisation.",
    "Cet article sera mis à jour.",
    "Information en cours d'actualisation",
    "Mis à jour le 2 mars à 14h05",
    "Nous y reviendrons.",
]
NOT_MARKERS = [
    "More than 200 people will follow the procession soon.",
    "The situation is developing rapidly, the mayor said.",
    "Live music returned to the park on Saturday.",
    "The update was released on Monday.",
    "Breaking the record took him ten years.",
    "Police said more officers would be deployed later.",
    "Plus de 300 personnes sont attendues à venir dimanche au stade de la ville.",
]


@pytest.mark.parametrize("text", MARKERS)
def test_marker_family(text):
    assert breaking_marker(normalize(text))


@pytest.mark.parametrize("text", NOT_MARKERS)
def test_news_is_not_a_marker(text):
    assert not breaking_marker(normalize(text))


@pytest.mark.parametrize("marker", ["More details to come.", "Plus d'informations à venir."])
def test_removing_any_marker_wording_is_no_stealth_deletion(marker):
    old = f"Police closed the bridge after the crash.\n{marker}"
    e = ex(
        old,
        "Police closed the bridge after the crash.",
        old_meta={"published": T0},
        new_meta={"seen": T0 + timedelta(hours=30)},
    )
    assert e.classes == {C.BREAKING_REMOVED}
    assert "marker removed" in e.edits[0].evidence[0]


def test_an_all_capitals_flag_is_a_marker_not_a_name():
    assert flag_prefix("BREAKING: Quake hits Turkey") == "BREAKING: "
    assert flag_prefix("DÉVELOPPEMENT Quake") == ""
    assert flag_prefix("LIVE AID RAISES MILLIONS") == ""
    change = classify_text_change("BREAKING Quake hits eastern Turkey", "Quake hits eastern Turkey")
    assert change.classes == {C.BREAKING_REMOVED}
    assert change.names == ()
    e = ex(
        "Rescuers are searching the rubble.",
        "Rescuers are searching the rubble.",
        old_meta={"headline": "URGENT Quake kills 12 in Turkey"},
        new_meta={"headline": "Quake kills 15 in Turkey"},
    )
    (edit,) = e.edits
    assert C.BREAKING_REMOVED in edit.classes and C.FACT_UPDATE in edit.classes
    assert C.NAMES not in edit.classes


def test_a_changed_update_stamp_is_reported():
    assert stamp(normalize("Updated at 14:05 BST")) == "14:05bst"
    change = classify_text_change("Updated at 14:05", "Updated at 16:30")
    assert change.classes == {C.BREAKING_ADDED, C.BREAKING_REMOVED}
    assert "update stamp changed" in change.evidence[0]
    same = classify_text_change("Updated at 14:05", "Updated at 14 :05")
    assert same.classes == {C.TYPOGRAPHY}


# --- 6. correction notes removed -----------------------------------------------------


def test_removing_a_correction_note_is_correction_and_stealth_deletion():
    note = "Correction: an earlier version of this article said the fire began in a kitchen."
    e = ex(f"The fire began in a garage.\n{note}", "The fire began in a garage.")
    (edit,) = e.edits
    assert set(edit.classes) == {C.CORRECTION, C.STEALTH_DELETION}
    assert any("hiding that the story was corrected" in x for x in edit.evidence)


def test_a_correction_note_replaced_by_another_is_no_stealth_deletion():
    e = ex(
        "The fire began in a garage.\nCorrection: an earlier version said it began in a kitchen.",
        "The fire began in a garage.\nCorrection: an earlier version said it began in a shed.",
    )
    assert C.STEALTH_DELETION not in e.classes


# --- 7. names ------------------------------------------------------------------------


def test_a_name_of_several_words_is_one_name():
    change = classify_text_change("He flew to New York.", "He flew to Boston.")
    assert change.names == (ValueChange("New York", "Boston"),)
    change = classify_text_change("He flew to New York.", "He flew to New Jersey.")
    assert change.names == (ValueChange("New York", "New Jersey"),)
    change = classify_text_change(
        "The Bank of England held rates.", "The European Central Bank held rates."
    )
    assert change.names == (ValueChange("Bank of England", "European Central Bank"),)


def test_a_common_word_opening_a_sentence_is_no_part_of_the_name_after_it():
    assert names_in("First UK flights resume after ash cloud") == ["UK"]
    assert names_in("Several Labour councillors voted against.") == ["Labour"]
    assert names_in("Hier Emmanuel Macron a parlé.") == ["Emmanuel Macron"]
    assert names_in("Jake Wightman won the race.") == ["Jake Wightman"]  # a name opening it
    # the article uses the word as a name: it stays one
    assert names_in("First Bus raised fares.", known={"First"}.__contains__) == ["First Bus"]
    change = classify_text_change(
        "Several British nationals remain in detention.",
        "Second Briton freed from detention.",
    )
    assert all("Second" not in (v.old or "") + (v.new or "") for v in change.names)


def test_a_name_changes_into_another_only_in_its_place():
    """One name stands in for another where it stood ("Margaret Okoye" →
    "Rebecca Lyle"); a name dropped from one clause and another named in a
    rewritten one are a name removed and a name added, not "A → B"."""
    change = classify_text_change(
        "Margaret Okoye was appointed head teacher on Monday.",
        "Rebecca Lyle was appointed head teacher on Monday.",
    )
    assert change.names == (ValueChange("Margaret Okoye", "Rebecca Lyle"),)
    change = classify_text_change(
        "Julien Marcoux a remporté dimanche la 32e édition du Rallye des Monts du Lyonnais, "
        "au volant d'une Škoda Fabia.",
        "Associé à son copilote Bastien Roux, Julien Marcoux s'est finalement adjugé la 32e "
        "édition de l'épreuve sur sa Škoda Fabia.",
    )
    assert ValueChange("Rallye des Monts du Lyonnais", "Bastien Roux") not in change.names
    assert ValueChange("Rallye des Monts du Lyonnais", None) in change.names
    # in an article, a word opening a rewritten sentence where a name stood is
    # no name unless the article uses it as one
    lead = "The union balloted its members across the country over the winter."
    e = ex(
        f"{lead}\nTeachers in Scotland have voted overwhelmingly for strike action.",
        f"{lead}\nMembers voted overwhelmingly for strike action.",
    )
    assert all(v.new != "Members" for edit in e.edits for v in edit.names)
    e = ex(
        f"{lead}\nLandlords who sign up before 1 March get a discount.",
        f"{lead}\nAnyone who signs up before 1 March gets a discount.",
    )
    assert all(v.new != "Anyone" for edit in e.edits for v in edit.names)
    # but one name standing alone for another is one changed ("Kerr" → "Wightman")
    first = "Josh Kerr won the world title in Budapest."
    e = ex(f"{first}\nKerr was delighted.", f"{first}\nWightman was delighted.")
    assert [v for edit in e.edits for v in edit.names] == [ValueChange("Kerr", "Wightman")]


# --- 4. headlines say what kind of change ---------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("Minister under pressure over expenses", "Minister quits over expenses", C.REWORDING),
        ("Minister quits over expenses", "Minister quits over expenses.", C.PUNCTUATION_SPELLING),
        ("Minister quits", "Minister quits: “I have no regrets”", C.QUOTE_ADDED),
        ("BREAKING: Minister quits", "Minister quits", C.BREAKING_REMOVED),
    ],
)
def test_a_headline_change_says_what_kind_of_change(old, new, kind):
    e = ex("He left.", "He left.", old_meta={"headline": old}, new_meta={"headline": new})
    (edit,) = e.edits
    assert edit.field == "headline"
    assert set(edit.classes) == {C.HEADLINE, kind}


# --- 5. rewording besides a quote or fact change ---------------------------------------


def test_rewording_and_a_fact_update_together():
    change = classify_text_change(
        "Police said twelve people died when the river burst its banks.",
        "The death toll rose to fifteen after the river burst its banks, police said.",
    )
    assert change.classes == {C.FACT_UPDATE, C.REWORDING}
    assert any(x.startswith("also reworded") for x in change.evidence)
    # a word swapped next to a new figure is part of the update, not a rewording
    change = classify_text_change(
        "Turnout was 61%, according to early figures.",
        "Turnout was 58%, according to late figures.",
    )
    assert change.classes == {C.FACT_UPDATE}


def test_rewording_and_a_quote_change_together():
    change = classify_text_change(
        "“We will win,” the coach said on Friday.",
        "“We can win,” the coach insisted on Friday.",
    )
    assert change.classes == {C.QUOTE_CHANGED, C.REWORDING}


def test_a_fact_update_with_new_detail_is_not_a_rewording():
    change = classify_text_change(
        "The party lost 12 seats.", "The party lost 14 seats, its worst result since 1997."
    )
    assert change.classes == {C.FACT_UPDATE}
    change = classify_text_change(
        "The company was fined by the regulator.", "The company was fined by Ofgem."
    )
    assert change.classes == {C.NAMES}


# --- names: other forms of the same one ----------------------------------------------


def test_a_fuller_or_shorter_reference_is_no_name_change():
    change = classify_text_change(
        "Mr Starmer arrived in Washington on Thursday.",
        "Sir Keir Starmer arrived in Washington on Thursday.",
    )
    assert change.classes == {C.REWORDING}
    change = classify_text_change(
        "Sir Keir Starmer arrived in Washington.", "Mr Starmer arrived in Washington."
    )
    assert change.classes == {C.REWORDING}
    # words added that are another name make another one
    change = classify_text_change(
        "Police in Manchester are appealing for witnesses.",
        "Greater Manchester Police are appealing for witnesses.",
    )
    assert C.NAMES in change.classes


def test_initials_are_no_name_change():
    change = classify_text_change(
        "Le groupe Les Républicains a voté contre le budget.",
        "Le groupe LR a voté contre le budget.",
    )
    assert change.classes == {C.REWORDING}


def test_a_transliteration_is_a_spelling_fix_and_one_vowel_another_name():
    change = classify_text_change(
        "Air raid sirens sounded across Kiev before dawn.",
        "Air raid sirens sounded across Kyiv before dawn.",
    )
    assert change.classes == {C.PUNCTUATION_SPELLING}
    change = classify_text_change(
        "The minister met Mr Hill on Monday.", "The minister met Mr Hall on Monday."
    )
    assert change.classes == {C.NAMES}


def test_a_quoted_title_inserted_is_new_detail_not_a_name_or_quotation():
    change = classify_text_change(
        "Son dernier roman paraît jeudi chez Gallimard.",
        "Son dernier roman, « Le Silence des vagues », paraît jeudi chez Gallimard.",
    )
    assert change.classes == {C.CONTENT_ADDED}
    assert any("title of a work added" in x for x in change.evidence)
    # a quotation set off by a colon is a quotation
    change = classify_text_change(
        "Chancellor defends budget", 'Chancellor defends budget: "We had no choice"'
    )
    assert C.QUOTE_ADDED in change.classes


def test_a_warning_issued_is_not_reported_speech() -> None:
    from redline.explain.features import is_speech

    assert not is_speech("The Environment Agency has issued a flood warning for the area.")
    assert is_speech("Police are warning that the road will stay shut.")


# --- rules 2026.12.07 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Trains on the Leeds-York line were cancelled.",
            "Trains on the Leeds–York line were cancelled.",
        ),
        ("Les élus,réunis en mairie , ont voté.", "Les élus, réunis en mairie, ont voté."),
    ],
)
def test_a_dash_between_words_or_spaces_around_marks_are_typography(old, new):
    assert classify_text_change(old, new).classes == {C.TYPOGRAPHY}


def test_restyled_quotes_besides_another_change_are_typography_as_well():
    change = classify_text_change('"We lost" he said.', "“We lost,” he said.")
    assert change.classes == {C.PUNCTUATION_SPELLING, C.TYPOGRAPHY}
    # a quotation added in curly marks is no restyle
    added = classify_text_change("He spoke.", "He spoke: “We lost.”")
    assert C.TYPOGRAPHY not in added.classes


def test_stamps_with_spaced_hours_and_retyped_page_stamps():
    assert marker_same("Mis à jour le 14/03/2024 à 16h40", "Mis à jour le 14/03/2024 à 16 h 40")
    changed = classify_text_change(
        "Article mis à jour le 3 juin à 09h12", "Article mis à jour le 3 juin à 11h48"
    )
    assert changed.classes == {C.BREAKING_ADDED, C.BREAKING_REMOVED}


def marker_same(old, new):
    return classify_text_change(old, new).classes == {C.TYPOGRAPHY}


def test_a_correction_note_removed_in_the_first_hours_is_no_stealth_deletion():
    note = "Correction: an earlier version of this article gave the wrong date."
    old, new = f"The fire began in a garage.\n{note}", "The fire began in a garage."
    early = ex(old, new, old_meta={"published": T0}, new_meta={"seen": T0 + timedelta(hours=3)})
    assert early.classes == {C.CORRECTION}
    late = ex(old, new, old_meta={"published": T0}, new_meta={"seen": T0 + timedelta(hours=20)})
    assert late.classes == {C.CORRECTION, C.STEALTH_DELETION}


def test_french_wire_correction_tag():
    e = ex(
        "La victime, âgée de 17 ans, est décédée.",
        "(Corrige l'âge de la victime)\nLa victime, âgée de 19 ans, est décédée.",
    )
    assert C.CORRECTION in e.classes and C.FACT_UPDATE in e.classes


def test_detail_is_what_the_sentence_gained_on_balance():
    # rewritten with as many words: a rewording
    assert classify_text_change(
        "The festival was called off because of high winds.",
        "Organisers cancelled the festival due to strong winds.",
    ).classes == {C.REWORDING}
    # a word replaced by a clause of four or more: new detail
    assert classify_text_change(
        "Shares rose after the results.",
        "Shares rose after the company raised its full-year guidance.",
    ).classes == {C.CONTENT_ADDED}


def test_reported_speech_changed_after_its_verb():
    change = classify_text_change(
        "The mayor said he would resign at the end of the month.",
        "The mayor said he would not seek re-election at the end of his term.",
    )
    assert change.classes == {C.QUOTE_CHANGED}
    # a word only inserted, or words moved, shade the wording
    assert classify_text_change(
        "The company said it had no plans to cut jobs.",
        "The company said it had no immediate plans to cut jobs.",
    ).classes == {C.REWORDING}


def test_words_a_quotation_replaced_are_dropped_detail():
    change = classify_text_change(
        "The White House did not immediately respond to a request for comment.",
        'A White House spokesperson said the president was "closely monitoring the situation".',
    )
    assert change.classes == {C.QUOTE_ADDED, C.CONTENT_REMOVED}


def test_names_in_headlines_after_elision_and_first_names():
    e = ex(
        "Body.",
        "Body.",
        old_meta={"headline": "Djokovic beats Alcaraz to reach final"},
        new_meta={"headline": "Sinner beats Alcaraz to reach final"},
    )
    assert e.classes == {C.HEADLINE, C.NAMES}
    change = classify_text_change(
        "Le défenseur, formé à l'Olympique lyonnais, rejoint Chelsea.",
        "Le défenseur rejoint Chelsea.",
    )
    assert change.classes == {C.NAMES}
    change = classify_text_change(
        "Councillor Mark Reed opened the library.", "Councillor Martin Reed opened the library."
    )
    assert change.names == (ValueChange("Councillor Mark Reed", "Councillor Martin Reed"),)


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("The works will last 10 jours.", "The works will last 21 jours.", False),
        ("Il a signé pour cinq ans.", "Il a signé pour sept ans.", False),
        ("Traffic stopped for twenty-four hours.", "Traffic stopped for a day.", True),
        ("It reached 40C in Seville.", "It reached 40 degrees Celsius in Seville.", True),
    ],
)
def test_units_of_time_and_temperature_belong_to_the_value(old, new, same):
    assert (value_changes(old, new) == []) == same
    if not same:
        (pair,) = value_changes(old, new)
        assert pair[0] is not None and pair[0].text.split()[-1] in ("jours", "ans")


def test_filler_taken_out_is_a_rewording():
    assert classify_text_change(
        "Il convient de noter que la décision a été prise à l'unanimité.",
        "La décision a été prise à l'unanimité.",
    ).classes == {C.REWORDING}
    assert classify_text_change(
        "It is understood that the talks will resume next week.",
        "The talks will resume next week.",
    ).classes == {C.REWORDING}
    # a clause of information taken out is dropped detail
    assert classify_text_change(
        "The library, which opened in the old market hall, closed on Friday.",
        "The library closed on Friday.",
    ).classes == {C.CONTENT_REMOVED}


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        (
            "Le trafic ferroviaire est interrompu entre les deux villes.",
            "La circulation des trains restera interrompue au moins jusqu'à jeudi.",
            [(None, "jeudi")],
        ),
        ("The last train left on Sunday.", "Two trains were cancelled.", [("Sunday", None)]),
        ("Several people were hurt.", "11 people were hurt.", [("Several", "11")]),
        ("The vote is on Tuesday.", "The vote is on Thursday.", [("Tuesday", "Thursday")]),
    ],
)
def test_a_spelled_amount_is_never_an_earlier_day_or_date(
    old: str, new: str, shown: list[tuple[str | None, str | None]]
) -> None:
    """A spelled or vague amount may stand for a figure ("several" → "11"),
    but not for a day, a date or a time: "les deux villes" was no earlier value
    of "jeudi", so no "deux → jeudi" fact update is reported."""
    pairs = value_changes(old, new)
    assert [(a.text if a else None, b.text if b else None) for a, b in pairs] == shown


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a capitalised number inside a sentence is a name
        ("Les Vingt-Sept ont adopté un plan de 50 milliards.", ["50 milliards"]),
        ("The Big Four firms hired seven graduates.", ["seven"]),
        # a number that opens the sentence, a quotation or a clause is one
        ("Quarante personnes ont été évacuées.", ["Quarante"]),
        ("He said: “Forty people were trapped.”", ["Forty"]),
        ("Il a dit : « Trente agents sont là ».", ["Trente"]),
        # in a headline written in title case, a capital says nothing
        ("Storm Kills Twenty-Five In Cornwall", ["Twenty-Five"]),
    ],
)
def test_a_capitalised_number_inside_a_sentence_is_a_name(text: str, found: list[str]) -> None:
    """The EU's "Vingt-Sept" are no figure: an edit of their sentence must not
    report "figures changed: Vingt-Sept → 50 milliards"."""
    assert [q.text for q in quantities(text)] == found
    pairs = value_changes(
        "Les Vingt-Sept ont trouvé un accord.",
        "Les Vingt-Sept ont trouvé un accord de 50 milliards d'euros.",
    )
    assert [(a.text if a else None, b.text if b else None) for a, b in pairs] == [
        (None, "50 milliards d'euros")
    ]


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        # a spelled or vague amount stands only for a count ...
        ("Thousands of troops took part.", "18,000 troops took part.", [("Thousands", "18,000")]),
        # ... never for a sum, a span, a share or a rank
        ("The fee was £45m.", "He signed a five-year deal.", [("£45m", None)]),
        ("Dozens of homes were damaged.", "Winds reached 150 mph.", [(None, "150 mph")]),
        ("Marsh beat the seventh seed.", "Marsh saved two match points.", []),
        # a fraction written as an ordinal, and money in words
        ("It leaves a fifth of the crop.", "It leaves 20% of the crop.", []),
        (
            "They raised twenty thousand pounds.",
            "They raised £23,400.",
            [("twenty thousand pounds", "£23,400")],
        ),
    ],
)
def test_a_spelled_amount_is_paired_only_with_a_figure_of_its_kind(
    old: str, new: str, shown: list[tuple[str | None, str | None]]
) -> None:
    """No "£45m → five-year", "Dozens → 150 mph" or "seventh → two": a figure
    changed only into one that measures the same thing."""
    pairs = value_changes(old, new)
    assert [(a.text if a else None, b.text if b else None) for a, b in pairs] == shown
