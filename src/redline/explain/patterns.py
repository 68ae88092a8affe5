"""Helpers for fast regular expressions over word lists.

Python's ``re`` tries the branches of an alternation one by one at every
position, and scans a text fast only when the pattern opens with a literal or a
character set. :func:`trie` writes a list of words as a trie (the same matches,
longest first, one branch per letter), which opens with a character set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["trie"]

_Tree = dict[str, "_Tree"]


def trie(words: Iterable[str]) -> str:
    """An expression matching any of *words*, the longest first, as a trie
    (``c(?:m)?|k(?:g|m)``): the same matches as the words joined with ``|``
    longest first, without trying every word at every position.

    >>> trie(["cm", "c", "kg", "km"])
    '(?:c(?:m)?|k(?:g|m))'
    """
    tree: _Tree = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Tree) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(tree)
