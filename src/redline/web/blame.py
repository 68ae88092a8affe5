"""Blame: which version introduced each sentence of the latest text.

Walks the chain of consecutive comparisons: a sentence that is unchanged (or
moved without edits) keeps the version it had; an edited, added, split or
merged sentence is credited to the version that made it so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from redline.comparison import Comparison

__all__ = ["BlamePart", "blame_chain", "blame_paragraphs"]


@dataclass(frozen=True, slots=True)
class BlamePart:
    index: int  # sentence index in the latest version
    version: int  # version number that introduced it
    text: str
    paragraph: int
    anchor: str  # anchor of this sentence in the diff that introduced it


def blame_chain(comparisons: Sequence[Comparison], first: int = 1) -> list[tuple[int, str]]:
    """For consecutive comparisons v1→v2, v2→v3…: (version, anchor) of each latest sentence.

    With no comparison there is nothing to blame; callers handle one-version stories.
    """
    if not comparisons:
        return []
    owner: list[tuple[int, str]] = [
        (first, f"n{i + 1}") for i in range(len(comparisons[0].old.sentences))
    ]
    for k, c in enumerate(comparisons, start=first + 1):
        new_owner: list[tuple[int, str]] = [(k, f"n{j + 1}") for j in range(len(c.new.sentences))]
        for link in c.links:
            if not link.new:
                continue
            keeps = link.op == "unchanged" or (link.op == "moved" and not link.text_changed)
            if keeps and link.relation == "one" and link.old:
                for j in link.new:
                    new_owner[j] = owner[link.old[0]] if link.old[0] < len(owner) else (k, "")
            else:
                for j in link.new:
                    new_owner[j] = (k, f"n{link.new[0] + 1}")
        owner = new_owner
    return owner


def blame_paragraphs(latest: Comparison, owners: list[tuple[int, str]]) -> list[list[BlamePart]]:
    """The latest version's sentences grouped by paragraph, each with its version."""
    doc = latest.new
    paragraphs: list[list[BlamePart]] = []
    current = -1
    for s in doc.sentences:
        version, anchor = owners[s.index] if s.index < len(owners) else (0, "")
        if s.paragraph != current:
            paragraphs.append([])
            current = s.paragraph
        paragraphs[-1].append(BlamePart(s.index, version, s.text, s.paragraph, anchor))
    return paragraphs
