"""Turn a :class:`~redline.comparison.Comparison` into rows ready for the diff templates.

The templates only loop and print; every decision (labels, anchors, where a
moved sentence used to stand, which unchanged stretches fold away) is made
here, in plain data, so it can be tested without HTML.

Anchors: ``n<j>`` is sentence *j* (1-based) of the newer version, ``o<i>``
sentence *i* of the older one when it has no place in the newer (deleted, or
the old place of a moved sentence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from redline.align.model import Link
from redline.align.worddiff import shown_deletion
from redline.comparison import Comparison
from redline.text.document import Sentence

__all__ = ["Block", "DiffView", "Piece", "Row", "build_view"]

PieceKind = Literal["text", "ins", "del"]


class Piece(NamedTuple):
    kind: PieceKind
    text: str


class Row(NamedTuple):
    """One line of the diff in reading order (an immutable named tuple: a diff page
    builds one per sentence)."""

    op: str  # unchanged | edited | moved | added | deleted | moved-away
    label: str  # readable without colour: "edited", "moved, edited", "split"...
    anchor: str  # id of the row
    extra_anchors: tuple[str, ...]  # further new sentences of a split
    old_number: str  # "12" or "12–13" (merge) or ""
    new_number: str
    inline: tuple[Piece, ...]
    old: tuple[Piece, ...]
    new: tuple[Piece, ...]
    link_href: str = ""  # moved: where the sentence went / came from
    link_text: str = ""
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """Rows shown together; ``folded`` blocks are a long unchanged stretch."""

    rows: tuple[Row, ...]
    folded: bool = False


@dataclass(frozen=True, slots=True)
class DiffView:
    blocks: tuple[Block, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> list[Row]:
        return [row for block in self.blocks for row in block.rows]

    @property
    def changed(self) -> int:
        """Rows that are not unchanged sentences (the stops of next/previous change)."""
        return sum(1 for block in self.blocks for row in block.rows if row.op != "unchanged")


def _numbers(indices: tuple[int, ...]) -> str:
    if not indices:
        return ""
    if len(indices) == 1:
        return str(indices[0] + 1)
    return f"{indices[0] + 1}–{indices[-1] + 1}"


def _word_pieces(link: Link) -> tuple[tuple[Piece, ...], tuple[Piece, ...], tuple[Piece, ...]]:
    inline: list[Piece] = []
    old: list[Piece] = []
    new: list[Piece] = []
    for k, w in enumerate(link.words):
        if w.op == "equal":
            inline.append(Piece("text", w.new))
            old.append(Piece("text", w.old))
            new.append(Piece("text", w.new))
        elif w.op == "insert":
            inline.append(Piece("ins", w.new))
            new.append(Piece("ins", w.new))
        elif w.op == "delete":
            inline.append(Piece("del", shown_deletion(link.words, k)))
            old.append(Piece("del", w.old))
        else:
            inline += [Piece("del", w.old), Piece("text", " "), Piece("ins", w.new)]
            old.append(Piece("del", w.old))
            new.append(Piece("ins", w.new))
    return tuple(inline), tuple(old), tuple(new)


def _label(link: Link) -> str:
    if link.relation == "split":
        return "split, moved" if link.op == "moved" else "split"
    if link.relation == "merge":
        return "merged, moved" if link.op == "moved" else "merged"
    if link.op == "moved":
        return "moved, edited" if link.text_changed else "moved"
    return link.op


def _text(sentences: tuple[Sentence, ...], indices: tuple[int, ...]) -> str:
    if len(indices) == 1:
        return sentences[indices[0]].text
    return " ".join(sentences[i].text for i in indices)


def _row(c: Comparison, link: Link) -> Row:
    old_s, new_s = c.old.sentences, c.new.sentences
    lo, ln = link.old, link.new
    anchor = f"n{ln[0] + 1}" if ln else f"o{lo[0] + 1}"
    extra = tuple(f"n{j + 1}" for j in ln[1:]) if len(ln) > 1 else ()
    heading = any(new_s[j].heading for j in ln) if ln else any(old_s[i].heading for i in lo)
    old_number, new_number = _numbers(lo), _numbers(ln)
    op = link.op
    if op == "added":
        p = (Piece("ins", _text(new_s, ln)),)
        return Row(
            "added", "added", anchor, extra, old_number, new_number, p, (), p, "", "", heading
        )
    if op == "deleted":
        p = (Piece("del", _text(old_s, lo)),)
        return Row(
            "deleted", "deleted", anchor, extra, old_number, new_number, p, p, (), "", "", heading
        )
    if link.words:
        inline, old, new = _word_pieces(link)
    else:
        new = (Piece("text", _text(new_s, ln)),)
        old = (Piece("text", _text(old_s, lo)),)
        inline = new
    if op == "unchanged":
        label, href, note = "unchanged", "", ""
    elif op == "moved":
        label, href, note = _label(link), f"#o{lo[0] + 1}", f"moved from old sentence {old_number}"
    else:
        op, label, href, note = "edited", _label(link), "", ""
    return Row(
        op, label, anchor, extra, old_number, new_number, inline, old, new, href, note, heading
    )


def _moved_away(c: Comparison, link: Link) -> Row:
    old_text = " ".join(c.old.sentences[i].text for i in link.old)
    return Row(
        "moved-away",
        "moved away",
        anchor=f"o{link.old[0] + 1}",
        extra_anchors=(),
        old_number=_numbers(link.old),
        new_number="",
        inline=(Piece("text", old_text),),
        old=(Piece("text", old_text),),
        new=(),
        link_href=f"#n{link.new[0] + 1}",
        link_text=f"moved to sentence {_numbers(link.new)}",
    )


def _reading_order(c: Comparison) -> list[Row]:
    """Rows in the newer version's order, with a marker where each moved sentence stood."""
    rows = [_row(c, link) for link in c.links]
    moved = [link for link in c.links if link.op == "moved" and link.old and link.new]
    if not moved:
        return rows
    # Where does old sentence i stand in reading order? Just before the first
    # non-moved row whose old index is larger.
    out: list[Row] = []
    pending = sorted(moved, key=lambda link: link.old[0])
    for link, row in zip(c.links, rows, strict=True):
        if link.op != "moved" and link.old:
            while pending and pending[0].old[0] < link.old[0]:
                out.append(_moved_away(c, pending.pop(0)))
        out.append(row)
    out.extend(_moved_away(c, link) for link in pending)
    return out


def build_view(c: Comparison, *, context: int = 1, fold_min: int = 2) -> DiffView:
    """Rows grouped into blocks; unchanged runs of ``2*context + fold_min`` or more fold
    (``context`` rows stay shown beside each change).

    With ``context < 0`` nothing folds; ``context=0, fold_min=1`` shows changes only.
    """
    rows = _reading_order(c)
    blocks: list[Block] = []
    run: list[Row] = []

    def flush_run(at_start: bool, at_end: bool) -> None:
        if not run:
            return
        head = 0 if at_start else context
        tail = 0 if at_end else context
        if context < 0 or len(run) - head - tail < fold_min:
            blocks.append(Block(tuple(run)))
        else:
            if head:
                blocks.append(Block(tuple(run[:head])))
            blocks.append(Block(tuple(run[head : len(run) - tail]), folded=True))
            if tail:
                blocks.append(Block(tuple(run[len(run) - tail :])))
        run.clear()

    current: list[Row] = []
    for row in rows:
        if row.op == "unchanged":
            if current:
                blocks.append(Block(tuple(current)))
                current = []
            run.append(row)
        else:
            flush_run(at_start=not blocks, at_end=False)
            current.append(row)
    if current:
        blocks.append(Block(tuple(current)))
    flush_run(at_start=not blocks, at_end=True)
    return DiffView(tuple(blocks), c.counts())
