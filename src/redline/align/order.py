"""Which links moved: the longest chain of links that keep their order.

The steps of the aligner decide *which* sentences are linked in turn (exact
ones first, then similar ones, then meaning), and each marks its links as in
order or moved against what was linked before it. Once every link is known,
which of them moved is a property of all of them together: a link moved when it
lies outside the longest chain of links that increases on both sides. Deciding
it step by step can keep the wrong chain: an unchanged sentence anchored first
("Talks are expected to last until Friday.") makes three edited sentences that
crossed it look moved, where the reader sees one sentence moved up and three
edited in place.

Among chains of the same length, the one holding more exact (typography-only)
links is kept, then the one keeping more of the steps' own choice, then the one
closest to the diagonal; the remaining ties go to
the pair sums, which do not depend on which version is called old, so swapping
the versions mirrors the result.
"""

from __future__ import annotations

from redline.align.anchors import crossing_pairs

__all__ = ["settle_moves"]

_EXACT = ("unchanged", "moved")

_MAX_CROSSING = 400
"""Past this many links crossing others, the steps' own choice is kept (the
choice among chains costs quadratic time in them)."""


def settle_moves(new_of: list[int], old_of: list[int], kind: list[str]) -> None:
    """Re-mark, in *kind*, which links moved, from the longest chain of all
    links (a split or a merge by its own pair: its first parts)."""
    n, m = len(new_of), len(old_of)
    pairs = [(i, j) for i, j in enumerate(new_of) if j >= 0 and old_of[j] == i]
    # a pair in order with every other one is in every longest chain: only
    # the pairs that cross some other need choosing
    crossing = crossing_pairs(pairs)
    if len(crossing) > _MAX_CROSSING or all(kind[i] in _EXACT for i, _ in crossing):
        return  # too many to choose among, or only exact links: the exact step chose
    keep = set(_heaviest_chain(crossing, kind, n, m))
    for i, j in crossing:
        exact = kind[i] in _EXACT
        if (i, j) in keep:
            kind[i] = "unchanged" if exact else "edited"
        else:
            kind[i] = "moved" if exact else "moved-edited"


def _heaviest_chain(
    pairs: list[tuple[int, int]], kind: list[str], n: int, m: int
) -> list[tuple[int, int]]:
    """The chain of *pairs* (sorted by old index) increasing on both sides with
    the most links, then the most exact links, then the most links the steps
    had in order, then the least total offset from the diagonal, then the
    smallest pair sums."""
    size = len(pairs)
    exact = [1 if kind[i] in _EXACT else 0 for i, _ in pairs]
    kept = [0 if kind[i].startswith("moved") else 1 for i, _ in pairs]
    offset = [abs(i / max(n, 1) - j / max(m, 1)) for i, j in pairs]
    score: list[tuple[int, int, int, float, int]] = []
    back = [-1] * size
    for x, (_, jx) in enumerate(pairs):
        best: tuple[int, int, int, float, int] = (0, 0, 0, 0.0, 0)
        bp = -1
        for y in range(x):
            if pairs[y][1] < jx and (bp < 0 or score[y] > best):
                best, bp = score[y], y
        i, j = pairs[x]
        score.append(
            (
                best[0] + 1,
                best[1] + exact[x],
                best[2] + kept[x],
                best[3] - offset[x],
                best[4] - i - j,
            )
        )
        back[x] = bp
    end = max(range(size), key=score.__getitem__)
    chain = []
    while end >= 0:
        chain.append(pairs[end])
        end = back[end]
    return chain
