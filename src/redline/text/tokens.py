"""Word tokens for word-level diffs and similarity.

Numbers, times, scores and money stay whole (``3:29.65``, ``5,000m``, ``£4.5bn``,
``2-1``), as do words with inner apostrophes or hyphens (``Britain’s``, ``team-mate``),
so a diff replaces whole tokens instead of scattering characters.
"""

from __future__ import annotations

import re

from redline.text.normalize import normalize

__all__ = ["STOPWORDS", "content_words", "tokenize", "word_spans"]

_TOKEN = re.compile(r"[£$€¥]?\w+(?:[.,:'’/\-–]\w+)*%?|[^\w\s]", re.UNICODE)

_STOPWORDS_TEXT = """
    a an the and or but if of at by for with about against between into through during before
    after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only
    own same so than too very s t can will just don should now is are was were be been being
    have has had having do does did doing i me my we our you your he him his she her it its
    they them their what which who whom this that these those am would could also as said says
    le la les un une des du de d l et ou mais donc or ni car en au aux a à ce ces cet cette
    il elle ils elles on nous vous je tu se sa son ses leur leurs qui que quoi dont où est sont
    été être avait avaient ont a par pour dans sur avec sans sous plus ne pas y
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def tokenize(text: str) -> list[str]:
    """Tokens of *text* without white space, in order."""
    return _TOKEN.findall(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each token of *text*."""
    return [m.span() for m in _TOKEN.finditer(text)]


def content_words(text: str) -> frozenset[str]:
    """Case-folded, typography-free words of *text* that carry meaning."""
    words = _TOKEN.findall(normalize(text).casefold())
    return frozenset(w for w in words if w[0].isalnum() and w not in STOPWORDS)
