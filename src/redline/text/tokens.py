"""Word tokens for word-level diffs and similarity.

Numbers, times, scores and money stay whole (``3:29.65``, ``5,000m``, ``£4.5bn``,
``2-1``), as do words with inner apostrophes or hyphens (``Britain’s``, ``team-mate``),
so a diff replaces whole tokens instead of scattering characters.
"""

from __future__ import annotations

import re

from redline.text.normalize import normalize

__all__ = ["STOPWORDS", "content_words", "tokenize", "tokens_and_spans", "word_spans"]

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


_FINDALL = _TOKEN.findall


def tokenize(text: str) -> list[str]:
    """Tokens of *text* without white space, in order.

    No token spans white space, so the text is cut at white space first and the
    pattern runs only on words that are not plain letters and digits (most
    words are, and are one token each): the same tokens, found faster.
    """
    out: list[str] = []
    append, extend = out.append, out.extend
    for word in text.split():
        if word.isalnum():
            append(word)
        else:
            extend(_FINDALL(word))
    return out


def tokens_and_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The tokens of *text* and their ``(start, end)`` offsets.

    Every character is in a token or is white space, so each token starts at
    its first occurrence after the end of the one before.
    """
    tokens = tokenize(text)
    spans = []
    find = text.find
    pos = 0
    for token in tokens:
        start = find(token, pos)
        pos = start + len(token)
        spans.append((start, pos))
    return tokens, spans


def word_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each token of *text*."""
    return tokens_and_spans(text)[1]


def content_words(text: str) -> frozenset[str]:
    """Case-folded, typography-free words of *text* that carry meaning."""
    words = _TOKEN.findall(normalize(text).casefold())
    return frozenset(w for w in words if w[0].isalnum() and w not in STOPWORDS)
