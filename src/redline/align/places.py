"""Paragraphs that open on a place: "A Marseille, …" / "A Lyon, …".

A round-up tells the same kind of event in several places, a paragraph each,
and the paragraph's opening sets the place for all its sentences: "A
Marseille, la police a compté 16 000 manifestants. Des enseignants et des
agents hospitaliers étaient en tête du cortège." The second sentence names no
place, so a new version's "A Lyon, … Des cheminots et des agents hospitaliers
ouvraient la marche." reads as its edit. Two sentences of paragraphs opening
on different places are about different places: :class:`redline.align.apart.Apart`
reads each paragraph's opening with :func:`opening_place`.

An opening is "In", "At", "À", "A", "Au", "Aux" or "En" with one to four
capitalised words and a comma ("In New York,", "Au Havre,"); months, days and
years are times, not places ("In March,", "En 2023,").
"""

from __future__ import annotations

import re

__all__ = ["opening_place"]

_OPENING = re.compile(
    r"^(?:In|At|À|A|Au|Aux|En)\s+((?:[A-ZÀ-Ý][\w'’-]*)(?:\s+[A-ZÀ-Ý][\w'’-]*){0,3})\s*,"
)
_MONTHS_DAYS = (
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday "
    "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre lundi mardi mercredi jeudi vendredi samedi dimanche"
)
_TIMES = frozenset(_MONTHS_DAYS.split())


def opening_place(text: str) -> str:
    """The place a sentence opens on, lower case ("" when none).

    >>> opening_place("A Marseille, la police a compté 16 000 manifestants.")
    'marseille'
    >>> opening_place("In New York, officials said the line would reopen.")
    'new york'
    >>> opening_place("In March, the council voted."), opening_place("In a statement, it said.")
    ('', '')
    """
    m = _OPENING.match(text)
    if m is None:
        return ""
    place = " ".join(m.group(1).split()).casefold()
    return "" if place.split()[0] in _TIMES else place
