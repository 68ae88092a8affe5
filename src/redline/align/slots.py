"""Slots of an article: the headline, and the standfirst under it.

A headline rewritten from news to service ("X to begin on Friday for N
customers" → "X: what you can and cannot do") keeps its slot and role but
hardly a word, so slots are paired before any similarity:

* the **headline**: the first line of each version, when both are a paragraph
  of one sentence and one of them is not ended like a sentence (no final
  ``. ! ? …``): a headline may grow past the length of a heading, but it still
  heads the story;
* the **standfirst**: under linked headlines, the second line of each version,
  when both are a paragraph of one sentence and neither is ended like a
  sentence (a summary line, however long).

A standfirst or lede written as a sentence gets a prior in the meaning step
instead (:func:`redline.align.meaning.lede_index`).
"""

from __future__ import annotations

import re

from redline.text.document import Document

__all__ = ["ENDED", "slot_pairs"]

ENDED = re.compile(r"[.!?…][\"'”’»)\]\s]*$")
"""The end of a line ended like a sentence."""


def _line(doc: Document, index: int) -> bool:
    """Sentence *index* is the whole of paragraph *index*."""
    return len(doc.sentences) > index and (
        len(doc.paragraphs) > index and doc.paragraphs[index] == (index, index + 1)
    )


def _unended(doc: Document, index: int) -> bool:
    return ENDED.search(doc.sentences[index].text) is None


def slot_pairs(
    old: Document, new: Document, new_of: list[int], old_of: list[int]
) -> list[tuple[int, int]]:
    """Headline and standfirst pairs ``(old, new)`` among sentences still unmatched."""
    if not (_line(old, 0) and _line(new, 0) and (_unended(old, 0) or _unended(new, 0))):
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
