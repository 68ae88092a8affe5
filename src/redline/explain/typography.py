"""Typography of a change: what tells a restyled text from a changed one.

Straight quotes turned curly, a hyphen in a range turned into an en dash, spaces
around a mark: the words are the same, and a change made only of these is
typography (see :func:`redline.explain.textchange.classify_text_change`).
"""

from __future__ import annotations

import re

from redline.text.normalize import normalize

__all__ = ["EN_RANGE", "fold_ranges", "restyled_marks", "retyped", "squeeze", "typography_evidence"]


def typography_evidence(old: str, new: str) -> str:
    changed = sorted({ch for ch in set(old) ^ set(new) if not ch.isalnum() and not ch.isspace()})
    if not changed:
        return "white space"
    return "characters " + " ".join(changed)


# the digit before the dash is part of the match (a pattern opening with a
# look-behind is tried at every position, one opening with a digit is not)
_RANGE_DASH = re.compile(r"(\d) ?- ?(?=\d)")


_AROUND_MARKS = re.compile(r" ?([^\w ]) ?")


def squeeze(key: str) -> str:
    """*key* without the spaces around its marks (dashes written "-" or " - ")."""
    return _AROUND_MARKS.sub(r"\1", key)


#: families of typographic characters: one restyled into another of its family
#: (straight quotes into curly ones) besides another change is typography as well
_TYPO_FAMILIES = tuple(re.compile(f"[{f}]") for f in ('"“”«»„‟', "'‘’‛", "\\-–—‒―"))


def restyled_marks(old: str, new: str) -> str:
    """The family of quotation marks, apostrophes or dashes restyled between *old*
    and *new* (as many of them on both sides, written otherwise), else ``""``."""
    if old.isascii() and new.isascii():
        return ""  # one mark of each family in ASCII: nothing restyled
    for family in _TYPO_FAMILIES:
        a = family.findall(old)
        if a:
            b = family.findall(new)
            if len(a) == len(b) and a != b:
                return "".join(sorted(set(a) ^ set(b)))
    return ""


# an en dash between figures: a range ("1990–95", "£20–£45", "10%–15%")
EN_RANGE = re.compile(r"(?<=[\d%])\u2013(?=[\d£$€¥])")


def fold_ranges(key: str) -> str:
    """*key* with the dash of a range or score written one way ("1990-1995", "2 - 1")."""
    return _RANGE_DASH.sub(r"\1-", key) if "-" in key else key


def retyped(o: str, n: str) -> bool:
    """True when a changed piece differs only in typography."""
    if not o or not n or o.replace(" ", "") == n.replace(" ", ""):
        return False  # spaces between words are words joined or split
    if any(ch.isalnum() for ch in set(o) ^ set(n)):
        return False  # a letter or digit changed (the cheap test)
    return squeeze(normalize(o)) == squeeze(normalize(n))
