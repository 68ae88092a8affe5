"""Paragraphs that open on a place set it for their sentences: a round-up's
sentence about one place is not an edit of one about another."""

from __future__ import annotations

from tests.align.test_relinking import _mirrored, _ops

from redline.align.places import opening_place

OLD = (
    "Grève : des milliers de manifestants dans les rues\n"
    "La mobilisation contre la réforme a rassemblé des milliers de personnes jeudi.\n"
    "À Rennes, la police a compté 9 000 manifestants. "
    "Des enseignants et des agents hospitaliers étaient en tête du cortège.\n"
    "Le gouvernement n'a pas réagi."
)
NEW = (
    "Grève : des milliers de manifestants dans les rues\n"
    "La mobilisation contre la réforme a rassemblé des milliers de personnes jeudi.\n"
    "À Nantes, 12 000 personnes ont défilé selon la préfecture. "
    "Des cheminots et des agents hospitaliers ouvraient la marche du cortège.\n"
    "Le gouvernement n'a pas réagi."
)


def test_sentences_of_paragraphs_opening_on_other_places_are_not_linked() -> None:
    ops = _ops(OLD, NEW)
    kept = "Des enseignants et des agents hospitaliers étaient en tête du cortège."
    other = "Des cheminots et des agents hospitaliers ouvraient la marche du cortège."
    assert ("deleted", [kept], []) in ops
    assert ("added", [], [other]) in ops
    _mirrored(OLD, NEW)


def test_the_same_place_keeps_its_sentences_linked() -> None:
    new = NEW.replace("À Nantes, 12 000", "À Rennes, 12 000")
    ops = _ops(OLD, new)
    assert (
        "edited",
        ["Des enseignants et des agents hospitaliers étaient en tête du cortège."],
        ["Des cheminots et des agents hospitaliers ouvraient la marche du cortège."],
    ) in ops


def test_opening_place() -> None:
    assert opening_place("À Rennes, la police a compté 9 000 manifestants.") == "rennes"
    assert opening_place("Au Havre, le port est fermé.") == "havre"
    assert opening_place("En 2023, la ville a voté.") == ""
    assert opening_place("En Bretagne, les écoles ferment.") == "bretagne"
    assert opening_place("À Rennes la police a compté.") == ""  # no comma: not an opening
