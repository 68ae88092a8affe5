"""Slots of an article: the headline, and the standfirst under it.

A headline rewritten from news to service ("X to begin on Friday for N
customers" → "X: what you can and cannot do") keeps its slot and role but
hardly a word, so slots are paired before any similarity: the first line of
each version when both are a heading alone in the first paragraph, and the
second line when both are again a heading alone in its paragraph under such a
headline (a standfirst written as a heading). A standfirst or lede written as
a sentence gets a prior in the meaning step instead
(:func:`redline.align.meaning.lede_index`).
"""

from __future__ import annotations

from redline.text.document import Document

__all__ = ["slot_pairs"]


def _alone(doc: Document, index: int) -> bool:
    """Sentence *index* is a heading and the whole of paragraph *index*."""
    s = doc.sentences
    return (
        len(s) > index
        and s[index].heading
        and len(doc.paragraphs) > index
        and doc.paragraphs[index] == (index, index + 1)
    )


def slot_pairs(
    old: Document, new: Document, new_of: list[int], old_of: list[int]
) -> list[tuple[int, int]]:
    """Headline and standfirst pairs ``(old, new)`` among sentences still unmatched."""
    if not (_alone(old, 0) and _alone(new, 0)):
        return []
    out = []
    if new_of[0] < 0 and old_of[0] < 0:
        out.append((0, 0))
    headline_linked = new_of[0] == 0 or bool(out)
    if headline_linked and _alone(old, 1) and _alone(new, 1) and new_of[1] < 0 and old_of[1] < 0:
        out.append((1, 1))
    return out
