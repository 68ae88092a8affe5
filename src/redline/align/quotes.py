"""Two quotations that say different things are two facts, not one edited.

When a story moves on, a speaker's old quote is often replaced by a new one
built on the same frame: "The chief executive said the team was "ready and
excited"." → "… was "disappointed but not surprised"."; "« Nous demandons que
tous les moyens soient mobilisés … », a déclaré …" → "« Nous demandons que
toute la lumière soit faite … », …". The frame (speaker, reporting verb,
setting) is most of the sentence, so the two look alike to any similarity of
the whole; but what was said is new. A quote trimmed, extended, corrected by
a word or moved into reported speech keeps most of its words.

:func:`other_quote` tells such pairs: both sentences quote (a closed quotation
of at least two content words on each side), and the quoted words overlap
little: less than :data:`QUOTE_OVERLAP` of either one's quoted words (stems)
is found anywhere in the other sentence. Pure
function of two comparison keys (typography already normalised: every
quotation mark is ``"``).
"""

from __future__ import annotations

import functools
import re

from redline.align.lexicon import language, meaning_terms
from redline.text.tokens import tokenize

__all__ = ["QUOTE_OVERLAP", "other_quote", "quoted_terms"]

QUOTE_OVERLAP = 0.3
"""Below this share of its quoted words (stems) found in the other sentence, a
quotation is not in it."""
_MIN_TERMS = 2
"""Least content words of a quotation for its words to be judged."""
_QUOTED = re.compile(r'"([^"]{4,})"')
_DENIAL = "~none"  # the concept term of "no", "nobody", "aucun" (redline.align.lexicon)


@functools.lru_cache(maxsize=4096)
def _language(key: str) -> str:
    return language([[t.casefold() for t in tokenize(key)]])


@functools.lru_cache(maxsize=4096)
def quoted_terms(key: str) -> frozenset[str]:
    """Stemmed content words inside the closed quotations of a comparison key
    (none when an odd number of marks leaves a quotation's bounds unknown).

    >>> sorted(quoted_terms('He said the team was "ready and excited".'))
    ['excit', 'readi']
    """
    marks = key.count('"')
    if marks < 2 or marks % 2:
        return frozenset()  # most sentences: no tokenizing at all
    lang = _language(key)
    cache: dict[str, tuple[int, str]] = {}
    quoted: set[str] = set()
    for span in _QUOTED.findall(key):
        quoted |= meaning_terms(tokenize(span), lang, cache)[0]
    # a denial ("no", "aucun") is how a quote is said, not what it is about
    quoted.discard(_DENIAL)
    return frozenset(quoted)


@functools.lru_cache(maxsize=4096)
def _all_terms(key: str) -> frozenset[str]:
    return meaning_terms(key, _language(key), {})[0]


def other_quote(old_key: str, new_key: str) -> bool:
    """Whether the two sentences quote different words: each quotes at least two
    content words, and neither sentence says much of what the other quotes
    (less than :data:`QUOTE_OVERLAP` of the quoted words, in or out of
    quotation marks: a quote turned into reported speech is the same quote).

    >>> other_quote('He said the team was "ready and excited".',
    ...             'He said the team was "disappointed but not surprised".')
    True
    >>> other_quote('"Aucune piste ne sera négligée", a dit le procureur.',
    ...             '"Aucun élément ne laisse penser à un crime", a dit le procureur.')
    True
    >>> other_quote('"We will never price out our loyal fans," he added.',
    ...             '"We will always try not to price out our loyal fans," she added.')
    False
    >>> other_quote('"When we find three bottles, we keep them for babies," she said.',
    ...             'She spends "an hour a day on the phone" and keeps bottles for babies.')
    False
    """
    qa = quoted_terms(old_key)
    if len(qa) < _MIN_TERMS:
        return False
    qb = quoted_terms(new_key)
    if len(qb) < _MIN_TERMS:
        return False
    wa, wb = _all_terms(old_key), _all_terms(new_key)
    return len(qa & wb) < QUOTE_OVERLAP * len(qa) and len(qb & wa) < QUOTE_OVERLAP * len(qb)
