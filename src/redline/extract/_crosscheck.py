"""Cross-check an alignment against the raw pages.

Before a change is reported, every sentence the alignment calls *deleted* is
looked for in the new page's visible text, and every *added* sentence in the
old page's. A deleted sentence still on the new page (or an added one already on
the old page) is an extraction artefact: the template moved it into or out of
what the extractor took as the body. It is reconciled (left out of the reported
changes), and the evidence is kept. An *edited* pair whose two sides are each
still found on the other page is reconciled the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redline.align.model import Link
from redline.comparison import Comparison
from redline.extract._model import Extraction
from redline.extract._visible import same_template

__all__ = ["Evidence", "PageText", "Reconciled", "reconcile"]


class PageText:
    """A page's visible text, indexed for "is this sentence on the page?" look-ups.

    White space is ignored (inline markup and line breaks place it differently
    from the extractor), and text is compared in normalised, case-folded form
    (templates often capitalise labels, in HTML or in CSS).
    """

    __slots__ = ("_blocks", "_squashed")

    def __init__(self, blocks: tuple[str, ...], extra: tuple[str, ...] = ()) -> None:
        squashed = ["".join(b.casefold().split()) for b in (*blocks, *extra)]
        self._squashed = "\x00".join(squashed)
        self._blocks = frozenset(squashed)

    def __contains__(self, key: str) -> bool:
        squashed = "".join(key.casefold().split())
        if not squashed:
            return False
        if len(key.split()) < 2:
            # a single word is only "on the page" as a block of its own
            return squashed in self._blocks
        return squashed in self._squashed

    @classmethod
    def of(cls, extraction: Extraction, *, with_meta: bool = False) -> PageText:
        return cls(extraction.visible_text, extraction.meta_text if with_meta else ())


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reconciled alignment item and why it is not a change."""

    op: str
    old: tuple[int, ...]
    new: tuple[int, ...]
    old_text: str
    new_text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "old": list(self.old),
            "new": list(self.new),
            "old_text": self.old_text,
            "new_text": self.new_text,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Reconciled:
    """The comparison with extraction artefacts taken out, and the evidence for each."""

    comparison: Comparison
    evidence: tuple[Evidence, ...]

    @property
    def links(self) -> tuple[Link, ...]:
        return self.comparison.links

    @property
    def changed(self) -> bool:
        return self.comparison.changed

    def summary(self) -> str:
        s = self.comparison.summary()
        if self.evidence:
            n = len(self.evidence)
            s += f" ({n} extraction artefact{'s' if n != 1 else ''} reconciled)"
        return s

    def to_dict(self) -> dict[str, Any]:
        d = self.comparison.to_dict()
        d["reconciled"] = [e.to_dict() for e in self.evidence]
        return d


def _texts(comparison: Comparison, link: Link) -> tuple[str, str, list[str], list[str]]:
    old = [comparison.old.sentences[i] for i in link.old]
    new = [comparison.new.sentences[j] for j in link.new]
    return (
        " ".join(s.text for s in old),
        " ".join(s.text for s in new),
        [s.key for s in old],
        [s.key for s in new],
    )


def reconcile(old: Extraction, new: Extraction, comparison: Comparison) -> Reconciled:
    """Take extraction artefacts out of *comparison* (``compare(old.text, new.text)``).

    Pure: looks only at the two extractions' visible text.
    """
    old_page: PageText | None = None
    new_page: PageText | None = None
    kept: list[Link] = []
    evidence: list[Evidence] = []
    for link in comparison.links:
        if link.op not in ("added", "deleted", "edited"):
            kept.append(link)
            continue
        old_text, new_text, old_keys, new_keys = _texts(comparison, link)
        reason = None
        if link.op == "deleted":
            new_page = new_page or PageText.of(new)
            if old_keys and all(k in new_page for k in old_keys):
                reason = "still on the new page: the extractor left it out of the body"
        elif link.op == "added":
            old_page = old_page or PageText.of(old)
            if new_keys and all(k in old_page for k in new_keys):
                reason = "already on the old page: the extractor left it out of the old body"
        else:
            old_page = old_page or PageText.of(old)
            new_page = new_page or PageText.of(new)
            if (
                old_keys
                and new_keys
                and all(k in new_page for k in old_keys)
                and all(k in old_page for k in new_keys)
            ):
                reason = "both forms are on both pages: the extractor cut the text differently"
        if reason is None:
            kept.append(link)
        else:
            evidence.append(Evidence(link.op, link.old, link.new, old_text, new_text, reason))
    if not evidence and same_template(old.template, new.template) is not False:
        return Reconciled(comparison, ())
    kept = _reconcile_headings(comparison, kept, evidence)
    if same_template(old.template, new.template) is False:
        kept = _reconcile_labels(comparison, kept, evidence)
    filtered = Comparison(comparison.old, comparison.new, tuple(kept))
    return Reconciled(filtered, tuple(evidence))


def _reconcile_headings(
    comparison: Comparison, kept: list[Link], evidence: list[Evidence]
) -> list[Link]:
    """A heading added or deleted together with the block under it, when that block
    was an extraction artefact (a fact box title the templates word differently),
    is an artefact too."""
    gone_old = {i for e in evidence if e.op == "deleted" for i in e.old}
    gone_new = {j for e in evidence if e.op == "added" for j in e.new}
    out: list[Link] = []
    for link in kept:
        if link.op == "deleted" and len(link.old) == 1:
            i = link.old[0]
            s = comparison.old.sentences[i]
            if s.heading and i + 1 in gone_old:
                evidence.append(Evidence("deleted", link.old, (), s.text, "", _HEADING_REASON))
                continue
        elif link.op == "added" and len(link.new) == 1:
            j = link.new[0]
            s = comparison.new.sentences[j]
            if s.heading and j + 1 in gone_new:
                evidence.append(Evidence("added", (), link.new, "", s.text, _HEADING_REASON))
                continue
        out.append(link)
    return out


_HEADING_REASON = "heading of a block that is itself an extraction artefact"


def _reconcile_labels(
    comparison: Comparison, kept: list[Link], evidence: list[Evidence]
) -> list[Link]:
    """Across a redesign, labels and list lines (no sentence: short, without final
    punctuation) that come or go with the template, such as fact boxes and topic
    lists the new design dropped, are template changes, not edits."""
    out: list[Link] = []
    for link in kept:
        if link.op in ("added", "deleted"):
            old = [comparison.old.sentences[i] for i in link.old]
            new = [comparison.new.sentences[j] for j in link.new]
            if all(s.heading and _is_label(s.text) for s in (*old, *new)):
                evidence.append(
                    Evidence(
                        link.op,
                        link.old,
                        link.new,
                        " ".join(s.text for s in old),
                        " ".join(s.text for s in new),
                        _LABEL_REASON,
                    )
                )
                continue
        out.append(link)
    return out


_LABEL_WORDS = 6
_FIELD_WORDS = 10


def _is_label(text: str) -> bool:
    """A label ("Key facts", "Timeline") or a "name: value" field ("Cost: £26m"), not
    a list item that reads as a clause ("He is confident the deal will pass"): list
    bullets are article text, and the cross-check never sets them aside."""
    words = text.split()
    if len(words) <= _LABEL_WORDS:
        return True
    head, colon, _ = text.partition(":")
    return bool(colon) and len(head.split()) <= 4 and len(words) <= _FIELD_WORDS


_LABEL_REASON = "a label or list line (not a sentence) that came or went with a site redesign"
