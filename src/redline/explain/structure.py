"""The layout of a version: section headings, photo captions, sections, the lead,
and which sentences are quotations.

Segmentation marks every short line without final punctuation as a heading.
Here such lines get a role:

* a run of heading-like lines that is followed by body text starts a section:
  its first line is the section's **heading**, the lines after it are **captions**
  (a sub-heading followed by the caption of the photo under it);
* a run at the very start of the text (before any body text) or at its very end
  (not followed by a section of its own) is made of **captions**.

A **section** is a heading and the body sentences up to the next heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from redline.explain.features import has_quote_marks, is_speech, quote_spans
from redline.text.document import Document

__all__ = ["Layout", "QuoteIndex", "joined_spans", "layout", "lead_of"]


@dataclass(frozen=True, slots=True)
class Layout:
    """Roles of the sentences of one version.

    ``role[i]`` is ``"heading"``, ``"caption"`` or ``"body"``; ``section[i]`` the
    index of the heading whose section sentence *i* is in (``-1`` before the first
    heading); ``lead`` the first body sentence (``-1`` if none).
    """

    role: tuple[str, ...]
    section: tuple[int, ...]
    lead: int


def layout(doc: Document) -> Layout:
    sents = doc.sentences
    n = len(sents)
    role = ["body"] * n
    i = 0
    while i < n:
        if not sents[i].heading:
            i += 1
            continue
        j = i
        while j < n and sents[j].heading:
            j += 1
        at_start, at_end = i == 0, j == n
        if at_start or at_end:
            for k in range(i, j):
                role[k] = "caption"
        else:
            role[i] = "heading"
            for k in range(i + 1, j):
                role[k] = "caption"
        i = j
    section = [-1] * n
    current = -1
    for k in range(n):
        if role[k] == "heading":
            current = k
        section[k] = current
    lead = next((k for k in range(n) if role[k] == "body"), -1)
    return Layout(tuple(role), tuple(section), lead)


def lead_of(doc: Document) -> int:
    """The lead: the first body sentence (``-1`` if none). Same as ``layout(doc).lead``."""
    return next((s.index for s in doc.sentences if not s.heading), -1)


class QuoteIndex:
    """Quotation spans of the sentences of a version, computed on demand.

    A quotation that runs over several sentences of a paragraph (opened in one,
    closed in a later one) covers the sentences in between.
    """

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._spans: dict[int, list[tuple[int, int]]] = {}
        self._quoted: dict[int, bool] = {}
        self._marks: dict[int, bool] = {}  # paragraph -> any quotation mark in it

    def spans(self, i: int) -> list[tuple[int, int]]:
        if i not in self._spans:
            self._paragraph(self._doc.sentences[i].paragraph)
        return self._spans[i]

    def _paragraph(self, p: int) -> None:
        start, stop = self._doc.paragraphs[p]
        still_open = False
        for k in range(start, stop):
            spans, still_open = quote_spans(self._doc.sentences[k].text, still_open)
            self._spans[k] = spans

    def quoted(self, i: int, words: frozenset[str] | None = None) -> bool:
        """True when sentence *i* holds a quotation (a few words in quotation marks
        count only when they make up a real part of it) or reports speech."""
        found = self._quoted.get(i)
        if found is None:
            text = self._doc.sentences[i].text
            covered = sum(e - s for s, e in self.spans(i)) if self._may_quote(i) else 0
            found = covered >= 0.3 * len(text) or covered >= 40 or is_speech(text, words)
            self._quoted[i] = found
        return found

    def marked(self, i: int) -> bool:
        """True when quotation marks cover a real part of sentence *i*."""
        if not self._may_quote(i):
            return False
        covered = sum(e - s for s, e in self.spans(i))
        return covered >= 0.3 * len(self._doc.sentences[i].text) or covered >= 40

    def _may_quote(self, i: int) -> bool:
        """False when no quotation can touch sentence *i*: no marks in its paragraph."""
        p = self._doc.sentences[i].paragraph
        found = self._marks.get(p)
        if found is None:
            start, stop = self._doc.paragraphs[p]
            sents = self._doc.sentences
            found = self._marks[p] = any(has_quote_marks(sents[k].text) for k in range(start, stop))
        return found


def joined_spans(index: QuoteIndex, doc: Document, ids: tuple[int, ...]) -> list[tuple[int, int]]:
    """Quotation spans over the texts of *ids* joined with single spaces."""
    out: list[tuple[int, int]] = []
    offset = 0
    for i in ids:
        out.extend((s + offset, e + offset) for s, e in index.spans(i))
        offset += len(doc.sentences[i].text) + 1
    return out
