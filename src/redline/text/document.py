"""Plain data for a segmented article version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["Document", "Sentence"]


class Sentence(NamedTuple):
    """One sentence (or heading) of a version.

    ``text`` is exactly as it appears in the version; ``key`` is its typography-free
    comparison form (:func:`redline.text.normalize.normalize`). An immutable named
    tuple: documents hold many of them and they are built on the hot path.
    """

    # A field may shadow tuple.index at run time, but typeshed types the method on
    # the base class; the public name stays.
    index: int  # type: ignore[assignment]
    text: str
    key: str
    paragraph: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """A version split into paragraphs and sentences.

    ``paragraphs[p]`` is the ``(start, stop)`` range of sentence indices of paragraph
    *p*. ``dropped`` holds lines that were recognised as page furniture (bylines,
    "Last updated" stamps, share prompts) and are not part of the story.
    """

    sentences: tuple[Sentence, ...]
    paragraphs: tuple[tuple[int, int], ...]
    dropped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]

    def paragraph_text(self, p: int) -> str:
        start, stop = self.paragraphs[p]
        return " ".join(s.text for s in self.sentences[start:stop])
