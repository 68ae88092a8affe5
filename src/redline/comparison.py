"""The public comparison API: :func:`compare` two versions of an article."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from redline.align.embedding import bundled_model
from redline.align.match import AlignOptions, align
from redline.align.model import Link
from redline.text.document import Document
from redline.text.segment import segment

__all__ = ["Comparison", "compare"]

_DEFAULT_OPTIONS = AlignOptions()

JSON_VERSION = 2
"""2: ``equal`` word pieces carry ``old`` where their old text differs (typography).
1: ``equal`` pieces gave the new text only."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two segmented versions and the alignment between them.

    ``links`` are in reading order: new-version order, with deleted sentences
    placed where they stood.
    """

    old: Document
    new: Document
    links: tuple[Link, ...]

    @property
    def changed(self) -> bool:
        """True when the versions differ in more than typography."""
        return any(link.op != "unchanged" for link in self.links)

    def counts(self) -> dict[str, int]:
        """Links per operation; a split or merge counts under ``split``/``merge`` only."""
        c: Counter[str] = Counter()
        for link in self.links:
            if link.relation == "one":
                c[link.op] += 1
            else:
                c[link.relation] += 1
                if link.op == "moved":
                    c["moved"] += 1
        keys = ("unchanged", "edited", "moved", "added", "deleted", "split", "merge")
        return {k: c.get(k, 0) for k in keys}

    def summary(self) -> str:
        """Plain counts in one line, e.g. ``"4 sentences edited, 15 added, 2 deleted, 1 split"``."""
        c = self.counts()
        if not self.changed:
            return "no meaningful change"
        parts = []
        for key in ("edited", "moved", "added", "deleted"):
            if c[key]:
                parts.append(f"{c[key]} {key}")
        if parts:
            first = parts[0].split(" ", 1)
            noun = "sentence" if first[0] == "1" else "sentences"
            parts[0] = f"{first[0]} {noun} {first[1]}"
        for key, word in (("split", "split"), ("merge", "merged")):
            if c[key]:
                parts.append(f"{c[key]} {word}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``redline diff --format json`` (see docs/alignment.md)."""
        return {
            "format_version": JSON_VERSION,
            "summary": self.summary(),
            "changed": self.changed,
            "counts": self.counts(),
            "old_sentences": [s.text for s in self.old.sentences],
            "new_sentences": [s.text for s in self.new.sentences],
            "old_paragraphs": [s.paragraph for s in self.old.sentences],
            "new_paragraphs": [s.paragraph for s in self.new.sentences],
            "old_dropped": list(self.old.dropped),
            "new_dropped": list(self.new.dropped),
            "alignment": [link_to_dict(link) for link in self.links],
        }


def link_to_dict(link: Link) -> dict[str, Any]:
    item: dict[str, Any] = {"op": link.op, "old": list(link.old), "new": list(link.new)}
    if link.op != "added" and link.op != "deleted":
        item["similarity"] = link.similarity
    if link.relation != "one":
        item["relation"] = link.relation
    if link.op == "moved":
        item["edited"] = link.text_changed
    if link.words:
        item["words"] = [w.to_dict() for w in link.words]
    return item


def compare(
    old: str | Document, new: str | Document, *, options: AlignOptions | None = None
) -> Comparison:
    """Compare two versions of an article.

    *old* and *new* are texts (one paragraph per line) or already segmented
    documents. Returns a :class:`Comparison`.

    >>> c = compare("The toll rose to 12. More to follow.", "The toll rose to 15.")
    >>> c.summary()
    '1 sentence edited, 1 deleted'
    """
    old_doc = old if isinstance(old, Document) else segment(old)
    new_doc = new if isinstance(new, Document) else segment(new)
    links = align(old_doc, new_doc, options or _DEFAULT_OPTIONS, bundled_model())
    return Comparison(old_doc, new_doc, links)
