"""Paragraphs that open on a place: "A Marseille, …" / "A Lyon, …".

A round-up tells the same kind of event in several places, a paragraph each,
and the paragraph's opening sets the place for all its sentences: "A
Marseille, la police a compté 16 000 manifestants. Des enseignants et des
agents hospitaliers étaient en tête du cortège." The second sentence names no
place, so a new version's "A Lyon, … Des cheminots et des agents hospitaliers
ouvraient la marche." reads as its edit. Two sentences of paragraphs opening
on different places are about different places (:class:`Places`).

An opening is "In", "At", "À", "A", "Au", "Aux" or "En" with one to four
capitalised words and a comma ("In New York,", "Au Havre,"); months, days and
years are times, not places ("In March,", "En 2023,").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from redline.text.document import Document

__all__ = ["Places", "opening_place", "other_places"]

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


class Places:
    """The opening place of each sentence's paragraph, found on demand (a
    paragraph's opening is read once, when one of its sentences is asked)."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._starts = [start for start, _ in doc.paragraphs]
        self._of: dict[int, str] = {}  # paragraph start -> its place

    def __getitem__(self, index: int) -> str:
        k = bisect_right(self._starts, index) - 1
        if k < 0 or index >= self._doc.paragraphs[k][1]:
            return ""
        start = self._starts[k]
        got = self._of.get(start)
        if got is None:
            got = self._of[start] = opening_place(self._doc.sentences[start].text)
        return got


def other_places(old: Places, new: Places, i: int, j: int) -> bool:
    """Old sentence *i* and new sentence *j* are in paragraphs opening on
    different places."""
    a = old[i]
    if not a:
        return False
    b = new[j]
    return bool(b) and a != b
