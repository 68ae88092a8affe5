"""Blame for the web: the latest text, word by word, with the version that introduced it.

Provenance comes from :func:`redline.explain.blame.blame` (sentences keep their
origin through edits and moves, words are tracked inside edited sentences,
restored sentences keep their first version). This module only lays it out:
each sentence's words are put back on its original text (spacing and
punctuation intact) and runs of words from the same version are merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from redline.explain.blame import Blame, blame
from redline.text.segment import segment

__all__ = ["BlameSentence", "Run", "blame_layout", "compute_blame"]


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    version: int


@dataclass(frozen=True, slots=True)
class BlameSentence:
    index: int
    introduced: int
    changed: int
    runs: tuple[Run, ...]


def compute_blame(texts: Sequence[str], times: Sequence[datetime | None] | None = None) -> Blame:
    return blame(list(texts), times=list(times) if times is not None else None)


def _runs(text: str, words: Sequence[tuple[str, int]], fallback: int) -> tuple[Run, ...]:
    """Lay *words* (token, version) back onto *text*; gaps join the run before them."""
    texts: list[str] = []  # runs of one version: their text …
    versions: list[int] = []  # … and that version
    pos = 0

    def add(piece: str, version: int) -> None:
        if versions and versions[-1] == version:
            texts[-1] += piece
        else:
            texts.append(piece)
            versions.append(version)

    for token, version in words:
        at = text.find(token, pos)
        if at < 0:
            continue
        if at > pos:
            add(text[pos:at], versions[-1] if versions else version)
        add(token, version)
        pos = at + len(token)
    if pos < len(text):
        add(text[pos:], versions[-1] if versions else fallback)
    return tuple(Run(t, v) for t, v in zip(texts, versions, strict=True))


def blame_layout(latest_text: str, result: Blame) -> list[list[BlameSentence]]:
    """Sentences of the latest version grouped by paragraph, each as runs of one version."""
    doc = segment(latest_text)
    paragraphs: list[list[BlameSentence]] = []
    current = -1
    for origin, sentence in zip(result.sentences, doc.sentences, strict=False):
        runs = _runs(
            sentence.text, [(w.text, w.introduced) for w in origin.words], origin.introduced
        )
        if sentence.paragraph != current:
            paragraphs.append([])
            current = sentence.paragraph
        paragraphs[-1].append(BlameSentence(origin.index, origin.introduced, origin.changed, runs))
    return paragraphs
