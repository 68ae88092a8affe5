"""Links that give way to partners sharing their figures.

The in-order similarity step pairs sentences by their words. Two sentences of
the same template ("The average price of petrol fell by 1.2p to 142.3p" and
"The average price of diesel fell by 0.9p to 149.8p") share most words and
none of their figures; when each of them has, among the sentences left
unmatched, a partner carrying its figures ("Petrol dropped 1.2p to 142.3p",
"Diesel also fell, by 0.9p to 149.8p."), the template pair was the wrong one:
the link gives way to the two pairs that keep the figures together. Figures are
tokens holding a digit (amounts, ages, scores, dates, times). A link whose two
sentences share a figure is never undone, and an updated figure ("12 dead",
once "10 dead") is not a rival: a partner must share at least two figures with
the sentence, more than the link's other sentence does.
"""

from __future__ import annotations

from redline.text.document import Document
from redline.text.tokens import tokenize

__all__ = ["figure_swaps"]

_MIN_SHARED = 2


def figure_swaps(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    changed: list[tuple[int, int]],
) -> list[tuple[int, int, int, int]]:
    """``(i, j, h, k)`` for links ``(i, j)`` among *changed* (fuzzy links) to
    undo: link *i* with leftover new *k* and leftover old *h* with *j* instead,
    each pair sharing at least two figures and more than the undone link."""
    olds = [i for i, j in enumerate(new_of) if j < 0]
    news = [j for j, i in enumerate(old_of) if i < 0]
    if not olds or not news or not changed:
        return []
    fo = {i: _figures(old.sentences[i].key) for i in {*olds, *(i for i, _ in changed)}}
    fn = {j: _figures(new.sentences[j].key) for j in {*news, *(j for _, j in changed)}}
    olds = [i for i in olds if len(fo[i]) >= _MIN_SHARED]
    news = [j for j in news if len(fn[j]) >= _MIN_SHARED]
    if not olds or not news:
        return []
    out = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for i, j in sorted(changed, key=lambda p: (p[0] + p[1], p[0])):
        own = len(fo[i] & fn[j])
        if own or len(fo[i]) < _MIN_SHARED or len(fn[j]) < _MIN_SHARED:
            continue
        k = _partner(fo[i], news, fn, used_new)
        h = _partner(fn[j], olds, fo, used_old)
        if k < 0 or h < 0:
            continue
        used_new.add(k)
        used_old.add(h)
        out.append((i, j, h, k))
    return out


def _partner(
    figures: frozenset[str], candidates: list[int], of: dict[int, frozenset[str]], used: set[int]
) -> int:
    """The candidate sharing the most figures with *figures* (two at least),
    when exactly one does; -1 otherwise."""
    best, best_shared, tie = -1, _MIN_SHARED - 1, False
    for c in candidates:
        if c in used:
            continue
        shared = len(figures & of[c])
        if shared > best_shared:
            best, best_shared, tie = c, shared, False
        elif shared == best_shared and best >= 0:
            tie = True
    return -1 if tie else best


def _figures(key: str) -> frozenset[str]:
    return frozenset(t for t in tokenize(key.casefold()) if any(c.isdigit() for c in t))
