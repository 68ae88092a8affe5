"""Slots of an article: the headline, and the standfirst under it.

A headline rewritten from news to service ("X to begin on Friday for N
customers" → "X: what you can and cannot do") keeps its slot and role but
hardly a word, so slots are paired before any similarity:

* the **headline**: the first line of each version, when both are a paragraph
  of one sentence and one of them reads as a headline: not ended like a
  sentence (no final ``. ! ? …``), or a short question or exclamation ("Who
  can get the new jab?"); a headline may grow past the length of a heading,
  but it still heads the story;
* the **standfirst**: under linked headlines, the second line of each version,
  when both are a paragraph of one sentence and neither is ended like a
  sentence (a summary line, however long).

A standfirst or lede written as a sentence gets a prior in the meaning step
instead (:func:`redline.align.meaning.lede_index`), and keeps its slot at the
end (:func:`standfirst_slot`): when, after every other step, the second lines of
both versions are still unmatched, each a paragraph of one sentence under
headlines linked to each other, and set apart from a body whose paragraphs
hold several sentences (in either version), they are the standfirsts and are
linked, whatever they say (a re-angled standfirst, the turn of a story told in
its summary line), rather than shown as one deleted and one added. In an
article of one-sentence paragraphs (wire and BBC style) the second line is
just the first paragraph, the lede, and a lede stating another fact ("Police
are appealing for help to find …" / "… has been found safe") is not linked.
"""

from __future__ import annotations

import re

from redline.text.document import Document

__all__ = ["ENDED", "reads_as_headline", "slot_pairs", "standfirst_slot"]

_HEADLINE_WORDS = 20  # a longer question or exclamation is a sentence of the text
ENDED = re.compile(r"[.!?…][\"'”’»)\]\s]*$")
"""The end of a line ended like a sentence."""


def _line(doc: Document, index: int) -> bool:
    """Sentence *index* is the whole of paragraph *index*."""
    return len(doc.sentences) > index and (
        len(doc.paragraphs) > index and doc.paragraphs[index] == (index, index + 1)
    )


def _unended(doc: Document, index: int) -> bool:
    return ENDED.search(doc.sentences[index].text) is None


def reads_as_headline(doc: Document) -> bool:
    """The first line reads as a headline: not ended like a sentence, or a short
    question or exclamation ("Who can get the new jab?", "Gold at last!")."""
    text = doc.sentences[0].text
    if ENDED.search(text) is None:
        return True
    return text.rstrip("\"'”’»)] ")[-1:] in "?!" and len(text.split()) <= _HEADLINE_WORDS


def slot_pairs(
    old: Document, new: Document, new_of: list[int], old_of: list[int]
) -> list[tuple[int, int]]:
    """Headline and standfirst pairs ``(old, new)`` among sentences still unmatched."""
    if not _headlines(old, new):
        return []
    out = []
    if new_of[0] < 0 and old_of[0] < 0:
        out.append((0, 0))
    if (
        (new_of[0] == 0 or out)
        and _line(old, 1)
        and _line(new, 1)
        and _unended(old, 1)
        and _unended(new, 1)
        and new_of[1] < 0
        and old_of[1] < 0
    ):
        out.append((1, 1))
    return out


def _headlines(old: Document, new: Document) -> bool:
    """The first lines are paragraphs of one sentence, and one reads as a headline."""
    return _line(old, 0) and _line(new, 0) and (reads_as_headline(old) or reads_as_headline(new))


def standfirst_slot(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    splits: dict[int, list[int]],
    merges: dict[int, list[int]],
) -> bool:
    """Whether the second lines of *old* and *new*, both still unmatched (and no
    part of a split or merge), keep their slot: each a paragraph of one sentence
    under headlines linked to each other, set apart from a body of longer
    paragraphs."""
    return (
        len(new_of) > 1
        and len(old_of) > 1
        and new_of[0] == 0
        and old_of[0] == 0
        and new_of[1] < 0
        and old_of[1] < 0
        and _headlines(old, new)
        and _line(old, 1)
        and _line(new, 1)
        and (_longer_body(old) or _longer_body(new))
        and all(1 not in parts for parts in splits.values())
        and all(1 not in parts for parts in merges.values())
    )


def _longer_body(doc: Document) -> bool:
    """A paragraph after the second holds several sentences."""
    return any(end - start > 1 for start, end in doc.paragraphs[2:])
