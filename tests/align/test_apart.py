"""Two sentences alike in words but stating different facts are not linked: a
story turn (talks → signed, denies → convicted) and a sentence of another
incident written in the same template."""

from __future__ import annotations

import pytest
from tests.align.test_relinking import _mirrored, _ops

import redline
from redline.align.apart import asides
from redline.align.turns import turned


@pytest.mark.parametrize(
    ("pending", "outcome"),
    [
        (
            "United are in talks with Porto over a deal for Silva.",
            "United have signed Silva from Porto.",
        ),
        (
            "Jones, 41, denies two counts of theft.",
            "Jones, 41, was convicted of two counts of theft.",
        ),
        ("Police are searching for a missing climber.", "A missing climber has been found safe."),
        ("Leeds lead Hull 1-0 at half-time.", "Leeds beat Hull 2-0."),
        ("The service is down for thousands of users.", "The service has been restored."),
        ("The library is closed to visitors.", "The library will reopen on Monday."),
        ("Le parquet a requis deux ans de prison.", "Le tribunal a condamné le prévenu à un an."),
        ("Le club est en négociation avec Nantes.", "Le club a signé avec Nantes."),
        ("Le PSG mène 2-0 à la pause.", "Le PSG a remporté le match 3-1."),
        # terms that overlap: "been found" (a search) and "found guilty" (a trial)
        (
            "A jury has been sent out to consider its verdicts.",
            "A builder has been found guilty of fraud.",
        ),
        ("The judge sent the jurors out on Wednesday.", "The jury convicted him on Friday."),
        ("The council will vote on the plan on Tuesday.", "The council voted to back the plan."),
        (
            "Le conseil d'État doit se prononcer sur le projet.",
            "Le conseil d'État a validé le projet.",
        ),
        ("Tests are under way on a suspected case of bird flu.", "Bird flu has been confirmed."),
        ("Un cas suspect de rougeole est signalé.", "Le cas a été confirmé par l'ARS."),
        ("The gunman is still at large.", "The gunman was arrested on Friday."),
        ("Le détenu évadé est toujours recherché.", "Le détenu évadé a été interpellé."),
        ("Rivet is in talks to buy Lowe.", "Rivet said it had agreed to buy Lowe."),
        ("A search is under way for a walker.", "A walker has been found safe."),
        (
            "Jones was treated for a suspected broken wrist.",
            "Scans confirmed that he had broken it.",
        ),
        ("The mayor said it was too early to comment.", "The mayor conceded defeat."),
        ("Party X is on course to win.", "Party X has become the largest party."),
        # a prospect and what happened
        ("The plant is set to be sold.", "The plant has been sold to Rivet."),
        (
            "Le groupe envisagerait de fermer l'usine.",
            "Le groupe a annoncé la fermeture de l'usine.",
        ),
        ("Le pont pourrait être fermé.", "Le pont a été fermé."),
        (
            "Les syndicats doivent se réunir lundi pour décider de la suite.",
            "Les syndicats ont annoncé lundi une nouvelle grève.",
        ),
        # a report and its confirmation
        ("Rivet is reportedly closing its Leeds plant.", "Rivet has confirmed it will close."),
        ("L'usine fermerait, selon nos informations.", "La direction a confirmé la fermeture."),
    ],
)
def test_a_pending_state_and_its_outcome_are_a_turn(pending: str, outcome: str) -> None:
    assert turned(pending, outcome)
    assert turned(outcome, pending)  # read either way


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same state, reworded or with a new figure
        ("United are in talks with Porto.", "United are in advanced talks with Porto."),
        ("Jones was convicted of theft.", "Jones, 41, was convicted of two counts of theft."),
        # the pending state restated beside its outcome: the same fact, grown
        ("Jones denies theft.", "Jones, who denied theft, was cleared on Friday."),
        (
            "Un prévenu est poursuivi pour vol.",
            "Le prévenu, qui était poursuivi pour vol, a été relaxé.",
        ),
        ("The council will vote on the plan.", "The council will vote on the plan on Tuesday."),
        # no frame at all, or two different frames
        ("The council met on Monday.", "The council met on Tuesday."),
        ("The road is closed.", "Jones was convicted of theft."),
        # a word put inside a phrase is an edit, not a report and its confirmation
        (
            "Nobody was hurt, the fire service confirmed on Wednesday.",
            "Nobody was hurt, the fire service confirmed reportedly on Wednesday.",
        ),
        # a prospect restated beside what happened, or still a prospect
        ("The plant is set to be sold.", "The plant, which is set to be sold, has been valued."),
        ("The plant is set to be sold.", "The plant is expected to be sold in May."),
    ],
)
def test_other_pairs_are_not_a_turn(a: str, b: str) -> None:
    assert not turned(a, b)
    assert not turned(b, a)


def test_an_aside_paragraph_is_found_by_its_opening() -> None:
    doc = redline.segment(
        "A man was stabbed in Croydon. Police arrested a man.\n"
        "In a separate incident, a woman was arrested in Norwood. Her injuries are minor.\n"
        "Dans une autre affaire, un homme a été interpellé.\n"
        # "Separately" opens another development of the same story as often as
        # another incident: not an aside
        "Separately, the council approved the budget.\n"
        "Anyone with information should call 101."
    )
    assert sorted(asides(doc)) == [2, 3, 4]


def test_a_story_turn_is_a_deletion_and_an_addition() -> None:
    old = (
        "Arsenal close in on Costa\n"
        "Arsenal are in advanced talks with Brighton over a deal for midfielder Rafael Costa.\n"
        "The 24-year-old has scored nine goals this season.\n"
        "Brighton paid £8m for him in 2022."
    )
    new = (
        "Arsenal sign Costa for £52m\n"
        "Arsenal have signed Brighton midfielder Rafael Costa for a fee of £52m.\n"
        "The 24-year-old has scored ten goals this season.\n"
        "Brighton paid £8m for him in 2022."
    )
    ops = _ops(old, new)
    assert ("deleted", [old.splitlines()[1]], []) in ops
    assert ("added", [], [new.splitlines()[1]]) in ops
    # the headline keeps its slot, whatever it says; other edits are edits
    assert ("edited", ["Arsenal close in on Costa"], ["Arsenal sign Costa for £52m"]) in ops
    assert ("edited", [old.splitlines()[2]], [new.splitlines()[2]]) in ops
    _mirrored(old, new)


def test_a_turned_sentence_meets_its_restatement_not_a_neighbour() -> None:
    # the verdict is a new fact; the prosecution's request, restated in the
    # past, is the old sentence edited
    old = (
        "Procès de l'effondrement de Rennes\n"
        "Le parquet a requis mardi trois ans d'emprisonnement, dont deux avec sursis, "
        "contre le promoteur.\n"
        "Le jugement sera rendu le 14 mai."
    )
    new = (
        "Procès de l'effondrement de Rennes : deux ans de prison pour le promoteur\n"
        "Le tribunal correctionnel de Rennes a condamné mardi le promoteur à deux ans "
        "d'emprisonnement, dont un avec sursis.\n"
        "Le parquet avait requis trois ans de prison, dont deux avec sursis."
    )
    ops = _ops(old, new)
    assert ("added", [], [new.splitlines()[1]]) in ops
    assert ("edited", [old.splitlines()[1]], [new.splitlines()[2]]) in ops
    _mirrored(old, new)


def test_a_sentence_of_another_incident_is_not_an_edit() -> None:
    old = (
        "Man stabbed outside nightclub\n"
        "A man in his twenties was stabbed outside a nightclub in Croydon.\n"
        "Police arrested a 32-year-old man at the scene on suspicion of grievous bodily harm. "
        "The victim's injuries are not thought to be life-threatening."
    )
    new = (
        "Man stabbed outside nightclub\n"
        "A man in his twenties was stabbed outside a nightclub in Croydon.\n"
        "Police arrested a 32-year-old man at the scene on suspicion of grievous bodily harm. "
        "The victim's injuries are not thought to be life-threatening.\n"
        "In a separate incident, police arrested a 19-year-old woman on suspicion of grievous "
        "bodily harm after a man was injured in Norwood. "
        "The man's injuries are not thought to be life-threatening."
    )
    ops = _ops(old, new)
    assert [op for op, *_ in ops].count("unchanged") == 4
    assert [op for op, *_ in ops].count("added") == 2
    _mirrored(old, new)
    # when the story's own sentence is reworded, the aside's sentence in
    # its old words does not take its place
    rewritten = new.replace(
        "The victim's injuries are not thought to be life-threatening.",
        "The 24-year-old's wounds are not life-threatening.",
    )
    ops = _ops(old, rewritten)
    aside = "The man's injuries are not thought to be life-threatening."
    assert ("added", [], [aside]) in ops
    assert not [op for op, o, n in ops if aside in n and o]
    _mirrored(old, rewritten)
