"""Two sentences that state different facts, however alike they read.

**Story turns** (:mod:`redline.align.turns`): one sentence states a pending
state of a story and the other its outcome ("Arsenal are in advanced talks
with Brighton …" / "Arsenal have signed …"). Such a pair is not linked: the
old sentence is deleted and the new one added.

**Another incident.** A paragraph that opens "In a separate incident, police
arrested a 19-year-old woman …" tells of another event in the same template
("The man's injuries are not thought to be life-threatening"): its sentences
are not linked to sentences outside such a paragraph.

**Another quote** (:mod:`redline.align.quotes`) and **another place**
(:mod:`redline.align.places`): two quotations that say different things, and
sentences of paragraphs opening on different places.

These tests apply to similar links only (identical text is the same fact), and
never to the headline and standfirst slots, which are always linked.
"""

from __future__ import annotations

import re
from functools import lru_cache

from redline.align.places import opening_place
from redline.align.quotes import other_quote
from redline.align.turns import frame_states, turn_frames
from redline.text.document import Document

__all__ = ["Apart", "asides", "unlink_apart"]


# Openings of a sentence telling of another event than the story's own.
_ASIDE = re.compile(
    r"^(?:[^,]{0,40},\s*)?(?:in|during)\s+(?:a\s+separate|an\s+unrelated|another|a\s+different)\s+"
    r"(?:incident|case|attack|accident|crash|investigation|trial|hearing|raid|shooting)\b"
    r"|^(?:[^,]{0,40},\s*)?dans\s+une?\s+(?:autre\s+(?:affaire|incident|accident|dossier)"
    r"|(?:affaire|incident|accident)\s+(?:distinct|distincte|séparé|séparée|sans\s+lien))"
    r"|^in\s+an\s+unrelated\b",
    re.IGNORECASE,
)


def asides(doc: Document) -> frozenset[int]:
    """Indices of sentences that tell of another event: one opening with "In a
    separate incident", "In another case", "Dans une autre affaire" and the
    like, and the sentences after it in its paragraph.

    >>> from redline.text.segment import segment
    >>> sorted(asides(segment("A man was hurt. Police arrested a man.\\n"
    ...     "In a separate incident, a woman was arrested. She was bailed.\\nMore to follow.")))
    [2, 3]
    """
    facts = _Facts(doc)
    return frozenset(x for x in range(len(doc.sentences)) if facts.read(x)[1])


class _Facts:
    """What the checks read of one version's sentences: ``(frame states, in an
    aside, the paragraph's opening place, comparison key)``, found for a
    sentence when it is first asked about (a paragraph's opening and asides
    are read once) and kept for the comparison."""

    __slots__ = ("_known", "_paragraph", "_paragraphs", "_sentences")

    def __init__(self, doc: Document) -> None:
        self._sentences = doc.sentences
        self._paragraphs = doc.paragraphs
        self._paragraph: dict[int, tuple[int, str]] = {}  # -> first aside sentence, place
        self._known: dict[int, tuple[int, bool, str, str]] = {}

    def read(self, x: int) -> tuple[int, bool, str, str]:
        got = self._known.get(x)
        if got is None:
            sentences = self._sentences
            sentence = sentences[x]
            p = sentence.paragraph
            paragraph = self._paragraph.get(p)
            if paragraph is None:
                start, first = self._paragraphs[p]
                for k in range(start, first):
                    if _opens_aside(sentences[k].key):
                        first = k
                        break
                paragraph = self._paragraph[p] = (first, opening_place(sentences[start].text))
            key = sentence.key
            got = self._known[x] = (frame_states(key), x >= paragraph[0], paragraph[1], key)
        return got


# words every opening of an aside holds near its start: a cheap test first
_ASIDE_WORDS = (
    "separate",
    "another",
    "unrelated",
    "different",
    "autre",
    "distinct",
    "séparé",
    "sans lien",
)


@lru_cache(maxsize=16384)
def _opens_aside(key: str) -> bool:
    head = key[:100].lower()
    return any(w in head for w in _ASIDE_WORDS) and _ASIDE.search(key) is not None


class Apart:
    """Which pairs of sentences of two versions state different facts: a story
    turn, or an aside on one side only. Built once per comparison; the pairs
    in *slots* (headline and standfirst) are never apart (another part joined
    to a slot's link by a split or a merge may be).

    A sentence unlinked as one side of a story turn states a fact the other
    version no longer has (or does not have yet): from then on it may be linked
    only to a sentence that states the same state of that story (the new
    version's "the prosecution had asked for three years" restating the old
    "the prosecution asked for three years"), so that later steps do not pair
    it with a neighbour of its turned partner.
    """

    def __init__(self, old: Document, new: Document, slots: set[tuple[int, int]]) -> None:
        self._slots = slots
        # what the checks need of a sentence is read when it is first asked
        # about (most comparisons ask about a few edited sentences of long versions)
        self._old, self._new = _Facts(old), _Facts(new)
        self._spent_old: dict[int, int] = {}  # sentence -> the frame states it may still meet
        self._spent_new: dict[int, int] = {}

    def __call__(self, i: int, j: int) -> bool:
        if (i, j) in self._slots:
            return False
        x, aside_x, place_x, key_x = self._old.read(i)
        y, aside_y, place_y, key_y = self._new.read(j)
        if x and y and turn_frames(x, y):
            return True
        spent = self._spent_old.get(i)
        if spent is not None and not spent & y:
            return True
        spent = self._spent_new.get(j)
        if spent is not None and not spent & x:
            return True
        if aside_x != aside_y:
            return True
        if place_x and place_y and place_x != place_y:
            return True  # paragraphs opening on other places (:mod:`redline.align.places`)
        return other_quote(key_x, key_y)

    def turn(self, i: int, j: int) -> None:
        """Old sentence *i* and new sentence *j*, just unlinked, are a story turn
        when they are not asides: keep each from sentences that do not state
        its own state of the turned story."""
        if (i, j) in self._slots:
            return
        x, aside_x, _, _ = self._old.read(i)
        y, aside_y, _, _ = self._new.read(j)
        if aside_x != aside_y:
            return
        frames = turn_frames(x, y)
        if frames:
            self._spent_old[i] = x & frames
            self._spent_new[j] = y & frames


def unlink_apart(
    apart: Apart,
    pairs: list[tuple[int, int]],
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    splits: dict[int, list[int]] | None = None,
    merges: dict[int, list[int]] | None = None,
) -> bool:
    """Undo those of the similar links *pairs* (old, new) still in place whose
    two sentences are *apart*, in place: the old sentence becomes deleted and
    the new one added. Every split in *splits* and merge in *merges* loses the
    parts that are apart. Whether any link was undone."""
    undone = False
    splits = splits or {}
    merges = merges or {}
    if not pairs and not splits and not merges:
        return False
    for i, j in pairs:
        if (
            new_of[i] == j
            and old_of[j] == i
            and kind[i] in _SIMILAR
            and i not in splits
            and j not in merges
            and apart(i, j)
        ):
            new_of[i] = old_of[j] = -1
            undone = True
            apart.turn(i, j)
    for i in list(splits):
        parts = [y for y in splits[i] if not apart(i, y)]
        undone = _shrink(splits, i, parts, old_of, new_of) or undone
    for j in list(merges):
        first = old_of[j]
        parts = [x for x in merges[j] if not apart(x, j)]
        if _shrink(merges, j, parts, new_of, old_of):
            undone = True
            if parts:
                kind[old_of[j]] = kind[first]  # the merge's own pair is its first part now
    return undone


_SIMILAR = ("edited", "moved-edited")


def _shrink(
    groups: dict[int, list[int]], one: int, parts: list[int], of_part: list[int], of_one: list[int]
) -> bool:
    """Keep only *parts* of the group of *one* (a split's old index with its
    new parts, or a merge's new index with its old parts): the others are
    unlinked, the group's own 1:1 pair becomes its first remaining part, and a
    group of one part is a plain link. *of_part* maps a part to *one*'s side,
    *of_one* the reverse."""
    before = groups[one]
    if len(parts) == len(before):
        return False
    for p in before:
        if p not in parts:
            of_part[p] = -1
    if parts:
        of_one[one] = parts[0]
    else:
        of_one[one] = -1
    if len(parts) > 1:
        groups[one] = parts
    else:
        del groups[one]
    return True
