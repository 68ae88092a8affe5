"""Plain data produced by the aligner."""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = ["OPS", "Link", "Op", "WordOp"]

Op = Literal["unchanged", "edited", "moved", "added", "deleted"]
OPS: tuple[Op, ...] = ("unchanged", "edited", "moved", "added", "deleted")


class WordOp(NamedTuple):
    """One piece of a word-level diff.

    ``op`` is ``equal``, ``insert``, ``delete`` or ``replace``; ``old`` and ``new`` are
    the pieces of original text on each side (empty where absent).
    """

    op: Literal["equal", "insert", "delete", "replace"]
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        """The piece in the JSON contract: an ``equal`` piece gives its new text as
        ``text``, and its old text as ``old`` where that differs (typography only:
        quotes, dashes, spaces), so that joining the pieces rebuilds both sides."""
        if self.op == "equal":
            if self.old != self.new:
                return {"op": "equal", "text": self.new, "old": self.old}
            return {"op": "equal", "text": self.new}
        if self.op == "insert":
            return {"op": "insert", "new": self.new}
        if self.op == "delete":
            return {"op": "delete", "old": self.old}
        return {"op": "replace", "old": self.old, "new": self.new}


class Link(NamedTuple):
    """One item of an alignment.

    ``old`` and ``new`` are sentence indices. ``added`` items have no ``old``,
    ``deleted`` items no ``new``. A split links one old sentence to several new
    ones (``relation == "split"``), a merge several old to one new (``"merge"``).
    ``moved`` items whose text changed too have ``text_changed`` set and carry a
    word diff. ``similarity`` is 1.0 for identical normalised text.

    Links and word pieces are immutable named tuples: an alignment builds many.
    """

    op: Op
    old: tuple[int, ...]
    new: tuple[int, ...]
    similarity: float = 1.0
    relation: Literal["one", "split", "merge"] = "one"
    text_changed: bool = False
    words: tuple[WordOp, ...] = ()

    @property
    def changed(self) -> bool:
        return self.op != "unchanged"
