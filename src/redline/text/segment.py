"""Split an article version into paragraphs and sentences.

Paragraphs end at every line break (blank or not). A short line without final
punctuation is a heading (or a caption) and is kept whole. Inside a paragraph,
sentences end at ``.``, ``!``, ``?`` or an ellipsis, followed by optional closing
quotes or brackets, white space, and the start of a new sentence (a capital,
a digit, or an opening quote before one). Abbreviations (Mr., U.S., No. 1, M. Macron),
initials, decimals and times (3:29.38) do not end sentences; a quotation that
runs over several sentences is split at each of its sentences, and its closing
quote stays with the sentence it ends.

The rules were chosen against syntok and blingfire on a test set of tricky
English and French sentences (see ``docs/alignment.md`` and
``bench/segmentation.py``): they make fewer errors there and are several times
faster, which matters when millions of versions are aligned.
"""

from __future__ import annotations

import re

from redline.text.boilerplate import is_boilerplate
from redline.text.document import Document, Sentence
from redline.text.normalize import normalize

__all__ = ["segment", "split_sentences"]

# Titles and abbreviations after which a period never ends a sentence.
_NEVER_END = frozenset(
    """
    mr mrs ms mx dr prof sen rep gov gen col lt sgt capt cmdr adm maj rev hon pres
    st mt ft fig figs vol vols no nos pp p approx dept univ assn cf ca vs v al
    jan feb mar apr jun jul aug sep sept oct nov dec
    mme mlle mmes mm me pr mgr dr ste cie av bd éd réf
    """.split()
)
# Abbreviations that often end a sentence too ("… in the U.S. The …").
_MAY_END = frozenset("etc inc ltd co corp jr sr plc bros llc a.m p.m u.s u.k u.n e.u d.c".split())
# Words that start a sentence after an ambiguous abbreviation.
_STARTERS = frozenset(
    """
    the a an he she it they we i you his her its their our this that these those there
    but and so yet however meanwhile in on at after before when while if as mr mrs ms dr
    le la les il elle ils elles nous on mais et ce cette un une
    """.split()
)

_CANDIDATE = re.compile(r"(\.\.\.|…|[.!?]+)([\"'”’»)\]]*)(\s+)")
_NEXT_START = re.compile(r"[\"'“‘«(\[]?\s?([^\W_])", re.UNICODE)
_WORD_BEFORE = re.compile(r"(\S+)$")
_OPENERS = "\"'“‘«([¿¡"
_FINAL = ".!?…:;\"'”’»)]"
_HEADING_MAX_WORDS = 15


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    nxt = _NEXT_START.match(text, m.end())
    if nxt is None:
        return False
    first = nxt.group(1)
    if not (first.isupper() or first.isdigit()):
        return False
    if m.group(1) != ".":
        return True
    before = _WORD_BEFORE.search(text, 0, m.start())
    if before is None:
        return True
    word = before.group(1).lstrip(_OPENERS).lower()
    if not word:
        return True
    if word in _NEVER_END:
        return first.isupper() and first.isalpha() and word in ("no", "nos") and not _digit_follows(text, m)
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. K. Rowling", "M. Macron"
    if word in _MAY_END or ("." in word and word.replace(".", "").isalpha()):
        return _next_word(text, nxt.start(1)).lower() in _STARTERS
    return True


def _digit_follows(text: str, m: re.Match[str]) -> bool:
    return m.end() < len(text) and text[m.end()].isdigit()


def _next_word(text: str, start: int) -> str:
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "'’-"):
        end += 1
    return text[start:end]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences (original text, stripped)."""
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(paragraph):
        if _is_boundary(paragraph, m):
            piece = paragraph[start : m.start(3)].strip()
            if piece:
                out.append(piece)
            start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def _is_heading(line: str) -> bool:
    return line[-1] not in _FINAL and len(line.split()) <= _HEADING_MAX_WORDS


def segment(text: str, *, drop_boilerplate: bool = True) -> Document:
    """Segment a version's text into a :class:`Document`.

    Every line is a paragraph. Lines recognised as page furniture are set aside in
    ``Document.dropped`` when *drop_boilerplate* is true.
    """
    sentences: list[Sentence] = []
    paragraphs: list[tuple[int, int]] = []
    dropped: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if drop_boilerplate and is_boilerplate(line):
            dropped.append(line)
            continue
        heading = _is_heading(line)
        pieces = [line] if heading else split_sentences(line)
        p = len(paragraphs)
        start = len(sentences)
        for piece in pieces:
            key = normalize(piece)
            if key:
                sentences.append(Sentence(len(sentences), piece, key, p, heading))
        if len(sentences) > start:
            paragraphs.append((start, len(sentences)))
    return Document(tuple(sentences), tuple(paragraphs), tuple(dropped))
