"""Slots (headline, standfirst, lede) and the meaning step for leftover sentences."""

from __future__ import annotations

import redline
from redline.align.lexicon import meaning_terms
from redline.align.meaning import lede_index


def _ops(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    c = redline.compare(old, new)
    ot, nt = c.old.texts, c.new.texts
    return [(k.op, [ot[i] for i in k.old], [nt[j] for j in k.new]) for k in c.links]


def test_reangled_headline_and_standfirst_keep_their_slots() -> None:
    old = (
        "Rail strike to begin on Friday for 40,000 commuters\n"
        "Walkout by signal staff set to halt services across the region\n"
        "Signal workers will walk out for 48 hours from Friday morning.\n"
        "The union said talks had failed."
    )
    new = (
        "Rail strike: what you can and cannot do as services stop\n"
        "Your questions answered on refunds and replacement buses\n"
        "Signal workers will walk out for 48 hours from Friday morning.\n"
        "The union said talks had failed."
    )
    ops = _ops(old, new)
    assert (
        "edited",
        ["Rail strike to begin on Friday for 40,000 commuters"],
        ["Rail strike: what you can and cannot do as services stop"],
    ) in ops
    assert (
        "edited",
        ["Walkout by signal staff set to halt services across the region"],
        ["Your questions answered on refunds and replacement buses"],
    ) in ops
    assert not [op for op, _, _ in ops if op in ("added", "deleted")]


def test_reworded_sentence_moved_up_in_a_longer_follow_up_is_moved_and_edited() -> None:
    old = (
        "Fire at warehouse in Leeds\n"
        "Firefighters were called to a warehouse on Kirkstall Road at 2am.\n"
        "Twelve engines attended.\n"
        "No injuries were reported."
    )
    new = (
        "Fire at warehouse in Leeds\n"
        "Firefighters were called to a warehouse on Kirkstall Road at 2am.\n"
        "Nobody was hurt, the fire service said.\n"
        "Twelve engines attended.\n"
        "Nearby roads were closed for most of the morning.\n"
        "The cause of the blaze is being investigated.\n"
        "The owner of the building said the stock had been destroyed."
    )
    ops = _ops(old, new)
    moved = ("moved", ["No injuries were reported."], ["Nobody was hurt, the fire service said."])
    assert moved in ops
    assert ("deleted", ["No injuries were reported."], []) not in ops


def test_unrelated_new_section_is_not_linked_to_a_cut_one() -> None:
    old = (
        "Council approves budget\n"
        "The council approved its budget on Tuesday.\n"
        "Background\n"
        "The old library closed in 2019 after a leaking roof was found.\n"
        "Councillors voted 30 to 12."
    )
    new = (
        "Council approves budget\n"
        "The council approved its budget on Tuesday.\n"
        "What happens next\n"
        "Bin collections will move to fortnightly from April.\n"
        "Councillors voted 30 to 12."
    )
    ops = _ops(old, new)
    cut = "The old library closed in 2019 after a leaking roof was found."
    assert ("deleted", [cut], []) in ops
    assert ("added", [], ["Bin collections will move to fortnightly from April."]) in ops


def test_lede_slot_links_a_rewritten_first_sentence() -> None:
    old = (
        "Storm closes bridge\n"
        "The Severn bridge was shut on Sunday as gusts reached 70mph.\n"
        "Drivers were told to use the second crossing."
    )
    new = (
        "Storm closes bridge\n"
        "Winds of up to 70mph forced the closure of the Severn crossing.\n"
        "Drivers were told to use the second crossing."
    )
    assert _ops(old, new)[1][0] == "edited"


def test_meaning_terms_stem_map_concepts_and_keep_anchors() -> None:
    terms, anchors, names = meaning_terms(
        "No injuries were reported in Leeds on 12 March.", "en", {}
    )
    hurt, _, _ = meaning_terms("Nobody was hurt.", "en", {})
    assert terms & hurt  # injuries and hurt are one concept
    assert "#12" in anchors and any(a.startswith("leed") for a in names)
    fr, _, _ = meaning_terms("Trois personnes ont été blessées, selon les pompiers.", "fr", {})
    assert "#3" in fr and "said" not in fr


def test_lede_index() -> None:
    assert lede_index(redline.segment("Headline here\nFirst sentence.")) == 1
    assert lede_index(redline.segment("First sentence. Second one.")) == 0
    assert lede_index(redline.segment("")) == -1


def _rules(old: str, new: str) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    from redline.align.match import align
    from redline.text.segment import segment

    return [(k.op, k.old, k.new) for k in align(segment(old), segment(new)) if k.op != "unchanged"]


def test_a_capital_opening_a_sentence_tells_no_subject_apart() -> None:
    # "Plusieurs" / "Vingt-trois" open the two sentences with a capital: no
    # names, so nothing tells their subjects apart (the same fact, grown)
    old = (
        "Un car scolaire se renverse dans l'Ain\n"
        "Un car transportant des collégiens s'est renversé mardi matin près de Bourg.\n"
        "Plusieurs enfants ont été blessés, selon la préfecture.\n"
        "La route est coupée."
    )
    new = (
        "Vingt-trois collégiens blessés dans l'accident d'un car scolaire\n"
        "Un car transportant des collégiens s'est renversé mardi matin près de Bourg.\n"
        "Le chauffeur, âgé de 52 ans, a été entendu par les gendarmes dans l'après-midi.\n"
        "Une cellule d'aide psychologique a été ouverte au collège pour les familles.\n"
        "Vingt-trois élèves ont été blessés, dont trois grièvement, a indiqué mercredi "
        "la préfecture de l'Ain dans un communiqué.\n"
        "La route est coupée."
    )
    assert ("edited", (2,), (4,)) in _rules(old, new)


def test_names_that_tell_subjects_apart() -> None:
    from redline.align.meaning import _told_names
    from redline.text.tokens import tokenize

    def told(text: str, lang: str = "en") -> set[str]:
        return set(_told_names(meaning_terms(text, lang, {}), tokenize(text)))

    # a name in the possessive opening the sentence tells its subject
    assert told("Greece's foreign minister said rescue teams were ready.") == {"greec"}
    # names inside the sentence do; a capital opening it may be any word
    assert told("Plusieurs enfants ont été blessés à Bourg.", "fr") == {"bourg"}
    assert told("Forecasters said Hollis would pass Leeds.") == {"holli", "leed"}


_TURN_BODY = (
    "Crews from three stations were called to the site on Mill Lane at 2am. "
    "The fire was under control by dawn.\n"
    "The owner, Janet Ellis, said she was heartbroken. "
    "The business had traded on the site for forty years.\n"
)


def test_a_standfirst_set_apart_keeps_its_slot_when_the_story_turns() -> None:
    """A one-sentence second line above a body of longer paragraphs is the
    standfirst: it is linked to the other version's, whatever it says."""
    old = (
        "Fire destroys family bakery in Carlow\n"
        "Gardaí have launched an investigation into the cause of the blaze.\n" + _TURN_BODY
    )
    new = (
        "Man charged after fire destroys Carlow bakery\n"
        "A 27-year-old man appeared in court on Friday charged with arson.\n" + _TURN_BODY
    )
    ops = _ops(old, new)
    assert (
        "edited",
        ["Gardaí have launched an investigation into the cause of the blaze."],
        ["A 27-year-old man appeared in court on Friday charged with arson."],
    ) in ops
    assert not [op for op, _, _ in ops if op in ("added", "deleted")]
    # the same holds the other way round
    back = _ops(new, old)
    assert not [op for op, _, _ in back if op in ("added", "deleted")]


def test_a_lede_among_one_sentence_paragraphs_is_not_linked_by_its_slot() -> None:
    """In an article of one-sentence paragraphs the second line is the lede: a
    new lede stating another fact is added, the old one deleted."""
    body = "".join(s + "\n" for s in _TURN_BODY.replace(". ", ".\n").splitlines())
    old = (
        "Fire destroys family bakery in Carlow\n"
        "Gardaí have launched an investigation into the cause of the blaze.\n" + body
    )
    new = (
        "Man charged after fire destroys Carlow bakery\n"
        "A 27-year-old man appeared in court on Friday charged with arson.\n" + body
    )
    ops = _ops(old, new)
    assert (
        "deleted",
        ["Gardaí have launched an investigation into the cause of the blaze."],
        [],
    ) in ops
    assert (
        "added",
        [],
        ["A 27-year-old man appeared in court on Friday charged with arson."],
    ) in ops


def test_question_headlines_keep_their_slot() -> None:
    old = (
        "Who can get the new weight-loss jab?\n"
        "The drug will be offered to adults with a body mass index over 35.\n"
        "Doctors will prescribe it from March."
    )
    new = (
        "Is the slimming injection right for me?\n"
        "The drug will be offered to adults with a body mass index over 35.\n"
        "Doctors will prescribe it from March."
    )
    assert (
        "edited",
        ["Who can get the new weight-loss jab?"],
        ["Is the slimming injection right for me?"],
    ) in _ops(old, new)
