"""The word pieces of a changed sentence, and the small tests on them that the
checks of a text change share (where a piece lies, its content words, whether
it is a respelling, a title of a work in quotation marks)."""

from __future__ import annotations

import re

from redline.explain import features as F
from redline.text.normalize import normalize
from redline.text.tokens import STOPWORDS, tokenize

__all__ = [
    "ALNUM",
    "WORD_RE",
    "Piece",
    "clip",
    "content_words",
    "function_word",
    "overlaps",
    "respelling",
    "short_insertion",
    "title_at",
    "touches",
]


#: a changed piece: old text, new text, old start and end, new start and end
def clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


Piece = tuple[str, str, int, int, int, int]


ALNUM = re.compile(r"[^\W_]")


def overlaps(ranges: list[tuple[int, int]], spans: list[tuple[int, int]]) -> bool:
    return any(s < e2 and s2 < e for s, e in ranges for s2, e2 in spans if e > s)


def title_at(text: str, s: int, e: int) -> bool:
    """True when ``text[s:e]``, in quotation marks, reads as the title of a work: a
    quotation set off by a colon ("Union: 'We are at breaking point'") is none."""
    colon = ":" in text[max(0, s - 3) : s] or ":" in text[e : e + 3]
    return not colon and F.title_like(text[s:e])


_FUNCTION_WORDS = STOPWORDS - {"said", "says"}


WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def touches(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return end > start and any(s < end and start < e for s, e in spans)


def content_words(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[str]:
    """Content words of ``text[start:end]`` outside *spans*."""
    if spans:
        spans = [(s, e) for s, e in spans if s < end and start < e]
    if not spans:
        words = WORD_RE.findall(text, start, end)
        return [w for w in words if not function_word(w)]
    out = []
    for m in WORD_RE.finditer(text, start, end):
        a, b = m.span()
        if any(s <= a and b <= e for s, e in spans):
            continue
        word = m.group(0)
        if not function_word(word):
            out.append(word)
    return out


_ELISION = re.compile(r"(?:[cdjlmnst]|qu)['’]", re.IGNORECASE)


def function_word(word: str) -> bool:
    """A stop word, also after an elided one ("s'est", "qu'il")."""
    low = word.casefold()
    if low in _FUNCTION_WORDS:
        return True
    if "'" not in low and "’" not in low:
        return False
    m = _ELISION.match(low)
    return m is not None and low[m.end() :] in _FUNCTION_WORDS


def short_insertion(name: str, pieces: list[Piece], limit: int) -> bool:
    parts = name.split()
    for _, n_piece, *_ in pieces:
        if any(p in n_piece for p in parts):
            words = n_piece.split()
            if len(words) <= limit:
                return True
            return len(words) <= limit + 3 and sum(1 for w in words if ALNUM.search(w)) <= limit
    return False


def respelling(old: str, new: str) -> bool:
    if len(old.split()) != len(new.split()):
        return False
    ow = [t for t in tokenize(normalize(old)) if t[0].isalnum()]
    nw = [t for t in tokenize(normalize(new)) if t[0].isalnum()]
    if len(ow) != len(nw):
        return False
    return all(F.similar_spelling(a, b) for a, b in zip(ow, nw, strict=True))
