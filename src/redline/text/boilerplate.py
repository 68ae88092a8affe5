"""Recognise page furniture that extractors leave in article text.

A line is furniture when it is a timestamp/section stamp ("Last updated on …",
"From the section …"), a share or subscribe prompt, an image credit, or similar.
Only whole lines are dropped, and the generic patterns apply to short lines only,
so a real sentence that merely mentions "share" or "comments" is never removed.
"""

from __future__ import annotations

import re

__all__ = ["is_boilerplate"]

_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
# Stamps that open a (short) line.
_STAMP_START = re.compile(
    rf"""
    date\s+\d{{4}}-\d{{2}}-\d{{2}}\b            # "date 2023-08-23 …" metadata line
    | (?:Published|Updated|Last\ updated|Page\ last\ updated|Posted|Modified)
      \s*(?:on|at)?\s*:?\s*(?:\d|\w+day\b|{_MONTH}\s+\d)
    | (?:Publié|Mis\ à\ jour)\s+le\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Stamps anywhere in a (short) line, as written by the site (capitals included), so
# "the page was last updated on Monday" or "read from the section on tax" are kept.
_STAMP_ANYWHERE = re.compile(
    rf"""
    \bLast\ updated\ on\b\s*(?:[^\w\s]|\d|$|{_MONTH}|\w+day\b)
    | \bFrom\ the\ section(?:\s+[A-Z][\w&'’-]*){{1,3}}\s*$
    """,
    re.VERBOSE,
)
# Prompts that make up a whole short line.
_PROMPTS = re.compile(
    r"""
    ^\W*(?:
        share(?:\ this(?:\ (?:article|story|page))?|\ on\ \w+|\ page)?
      | copy\ link | bookmark\ with\b.* | follow\ us\b.* | sign\ up\b.* | subscribe\b.*
      | advertisement | comments? | \d+\ comments? | read\ more\b.*
      | related\ (?:topics|stories|articles|content)
      | more\ on\ this\ story | image\ (?:source|caption)\b.* | media\ caption\b.*
      | skip\ to\ (?:content|main\ content)
      | (?:photo|image|picture)\s*:\s*.*
      | (?:getty\ images|reuters|afp|ap|pa\ media|epa)(?:\s*/\s*\w+)*
      | top\ stories | most\ read | you\ may\ also\ like
      | print | email | facebook | twitter | whatsapp | x
      | partager | lire\ aussi\b.* | publicité
      | the\ [\w\ ]{1,40}\ (?:is|are)\ not\ responsible\ for\ the\ content\ of\ external\b.*
      | e-?mail\ this\ to\ a\ friend\b.* | printable\ version
    )\W*$
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TABLE_PIPES = re.compile(r"^\s*\|(?:\s*\|)+\s*$")
_SHORT_LINE_WORDS = 14


# Every stamp and prompt above opens with one of these words (in any case), so a
# line whose first word is another plain-ASCII word is none of them: one dict
# lookup instead of the patterns. Stamps may run into what follows
# ("Updated5 May"), so for them a first word that starts so is enough.
_FIRST_WORD = re.compile(r"\W*(\w+)")
_OPENERS = frozenset({
    "date", "last", "page", "mis", "share", "copy", "bookmark", "follow", "sign", "subscribe",
    "advertisement", "comment", "comments", "read", "related", "more", "image", "media", "skip",
    "photo", "picture", "getty", "reuters", "afp", "ap", "pa", "epa", "top", "most", "you",
    "print", "email", "e", "facebook", "twitter", "whatsapp", "x", "partager", "lire", "the",
    "printable",
})  # fmt: skip
_RUN_ON_OPENERS = ("published", "updated", "posted", "modified")


def is_boilerplate(line: str) -> bool:
    """True when *line* is page furniture rather than article text."""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped[0] == "|" and _TABLE_PIPES.match(stripped):
        return True
    if stripped.count(" ") >= _SHORT_LINE_WORDS and "  " not in stripped:
        return False  # more than _SHORT_LINE_WORDS words (fast test): article text
    first = _FIRST_WORD.match(stripped)
    word = first.group(1) if first else ""
    may_open = (
        first is None
        or not word.isascii()  # "Publié le …" (and IGNORECASE's non-ASCII matches)
        or word.isdigit()  # "12 comments"
        or (word := word.lower()).startswith(_RUN_ON_OPENERS)
        or (
            word in _OPENERS
            # "The … is not responsible for the content of external sites"
            and (word != "the" or not stripped.isascii() or "responsible" in stripped.lower())
        )
    )
    # _STAMP_ANYWHERE is case-sensitive and starts with one of these phrases: a
    # substring test rules most lines out much faster than the search
    may_stamp = "Last updated on" in stripped or "From the section" in stripped
    if not may_open and not may_stamp:
        return False
    # with single spaces as the only white space, the count above is the word count
    if ("  " in stripped or not stripped.isprintable()) and len(
        stripped.split(None, _SHORT_LINE_WORDS)
    ) > _SHORT_LINE_WORDS:
        return False
    if may_open and (_STAMP_START.match(stripped) or _PROMPTS.match(stripped)):
        return True
    return may_stamp and bool(_STAMP_ANYWHERE.search(stripped))
