"""In-order exact matching of sentence keys (a patience / histogram diff).

The result is a common subsequence of two integer sequences, found by:

1. trimming the common prefix and suffix;
2. taking as anchors the keys that occur least often in the region (once on each
   side in the common case, as in patience diff; the rarest shared key otherwise,
   as in git's histogram diff), keeping the longest increasing chain of them;
3. recursing between consecutive anchors.

Every step is O(n log n) in the region size, and a region is only ever split,
so the whole is O(n log n) in practice. Where a region has no key rarer than
``_MAX_OCCURRENCES`` on both sides (thousands of identical sentences), a greedy
in-order scan finishes it in O(n log n) instead of a quadratic search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

__all__ = ["common_subsequence", "crossing_pairs", "longest_increasing"]

_MAX_OCCURRENCES = 64


def common_subsequence(
    a: list[int],
    b: list[int],
    alo: int = 0,
    ahi: int | None = None,
    blo: int = 0,
    bhi: int | None = None,
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` with ``a[i] == b[j]``, strictly increasing in both, inside
    ``a[alo:ahi]`` and ``b[blo:bhi]`` (by default the whole sequences; nothing
    outside the region is read)."""
    ahi = len(a) if ahi is None else ahi
    bhi = len(b) if bhi is None else bhi
    distinct = _distinct_keys(a, b, alo, ahi, blo, bhi)
    if distinct is not None:
        return distinct
    out: list[tuple[int, int]] = []
    stack = [(alo, ahi, blo, bhi)]
    # An explicit stack keeps deep recursions (long documents) off Python's stack;
    # regions are pushed right-to-left so pairs come out in order.
    pending: list[tuple[int, int, int, int] | tuple[int, int]] = list(stack)
    while pending:
        item = pending.pop()
        if len(item) == 2:
            out.append(item)
            continue
        alo, ahi, blo, bhi = item
        pending.extend(reversed(_split_region(a, b, alo, ahi, blo, bhi)))
    return out


def _distinct_keys(
    a: list[int], b: list[int], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]] | None:
    """The answer at once when no key repeats inside the region on either side
    (most pairs of versions), else None.

    Every shared key is then unique, so the anchors of the first step are all
    the shared keys, and their chain is the answer: a shared key left out of
    the longest chain cannot fit between two of its links (the chain would be
    longer with it), so the regions between anchors share no key.
    """
    pos = {k: j for j, k in enumerate(b[blo:bhi], blo)}
    if len(pos) != bhi - blo or len(set(a[alo:ahi])) != ahi - alo:
        return None
    head, tail, alo, ahi, blo, bhi = _trim(a, b, alo, ahi, blo, bhi)
    if alo >= ahi or blo >= bhi:
        return head + tail
    pairs = [(i, j) for i in range(alo, ahi) if (j := pos.get(a[i], -1)) >= blo and j < bhi]
    if not pairs:
        return head + tail
    return head + _best_chain(pairs, a, alo, ahi - alo, blo, bhi - blo) + tail


def _split_region(
    a: list[int], b: list[int], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int, int, int] | tuple[int, int]]:
    """Work for one region: matched pairs and sub-regions, in order."""
    head, tail, alo, ahi, blo, bhi = _trim(a, b, alo, ahi, blo, bhi)
    if alo >= ahi or blo >= bhi:
        return [*head, *tail]

    anchors = _anchors(a, b, alo, ahi, blo, bhi)
    middle: list[tuple[int, int, int, int] | tuple[int, int]] = []
    if anchors is None:
        middle.extend(_greedy(a, b, alo, ahi, blo, bhi))
    else:
        i0, j0 = alo, blo
        for i, j in anchors:
            if i > i0 and j > j0:
                middle.append((i0, i, j0, j))
            middle.append((i, j))
            i0, j0 = i + 1, j + 1
        if ahi > i0 and bhi > j0:
            middle.append((i0, ahi, j0, bhi))
    return [*head, *middle, *tail]


def _trim(
    a: list[int], b: list[int], alo: int, ahi: int, blo: int, bhi: int
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int, int, int, int]:
    """The region's common prefix and suffix as pairs, and the region between."""
    head = []
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        head.append((alo, blo))
        alo += 1
        blo += 1
    tail = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi -= 1
        bhi -= 1
        tail.append((ahi, bhi))
    tail.reverse()
    return head, tail, alo, ahi, blo, bhi


def _anchors(
    a: list[int], b: list[int], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]] | None:
    count_a: dict[int, int] = defaultdict(int)
    for i in range(alo, ahi):
        count_a[a[i]] += 1
    pos_b: dict[int, list[int]] = defaultdict(list)
    for j in range(blo, bhi):
        if (a_count := count_a.get(b[j])) and a_count <= _MAX_OCCURRENCES:
            pos_b[b[j]].append(j)
    if not pos_b:
        return None
    unique = [k for k, js in pos_b.items() if len(js) == 1 and count_a[k] == 1]
    if unique:
        wanted = set(unique)
        pairs = [(i, pos_b[a[i]][0]) for i in range(alo, ahi) if a[i] in wanted]
        return _best_chain(pairs, a, alo, ahi - alo, blo, bhi - blo)
    # Histogram step: the rarest shared key, matched occurrence by occurrence
    # (ties go to the key whose occurrences come first on both sides together).
    first_a: dict[int, int] = {}
    for i in range(alo, ahi):
        if a[i] in pos_b:
            first_a.setdefault(a[i], i)
    rarest = min(pos_b, key=lambda k: (count_a[k] + len(pos_b[k]), first_a[k] + pos_b[k][0], k))
    i_list = [i for i in range(alo, ahi) if a[i] == rarest]
    j_list = pos_b[rarest]
    n = min(len(i_list), len(j_list))
    return list(zip(i_list[:n], j_list[:n], strict=True))


_MAX_CHAIN_DP = 1500


def _best_chain(
    pairs: list[tuple[int, int]], a: list[int], alo: int, n: int, blo: int, m: int
) -> list[tuple[int, int]]:
    """Longest chain of unique-key *pairs*, chosen the same way whichever side is old.

    When the pairs already increase on both sides (no sentence moved) they are
    the chain. Otherwise several longest chains may exist, and which one is kept
    decides which sentences are reported as moved: among the longest, keep the
    one closest to the diagonal (least total offset between relative positions),
    then the one whose last key sorts first. Past ``_MAX_CHAIN_DP`` pairs to
    choose among (where that choice may cost up to quadratic time), the plain
    patience chain is kept instead.
    """
    if all(pairs[x][1] < pairs[x + 1][1] for x in range(len(pairs) - 1)):
        return pairs
    # A pair in order with every other one is in every longest chain: only the
    # others (the moved block and what it crossed) need choosing.
    crossing = crossing_pairs(pairs)
    if len(crossing) > _MAX_CHAIN_DP:
        return longest_increasing(pairs)
    keep = set(_choose_chain(crossing, a, alo, n, blo, m))
    crossing_set = set(crossing)
    return [p for p in pairs if p not in crossing_set or p in keep]


def crossing_pairs(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The *pairs* (sorted by old index) whose new index is out of order with
    some other pair's: the others are in every longest increasing chain."""
    k = len(pairs)
    suffix_min = [0] * k
    low = 1 << 62
    for x in range(k - 1, -1, -1):
        suffix_min[x] = low
        low = min(low, pairs[x][1])
    high = -1
    crossing = []
    for x, (_, j) in enumerate(pairs):
        if not high < j < suffix_min[x]:
            crossing.append(pairs[x])
        high = max(high, j)
    return crossing


def _choose_chain(
    pairs: list[tuple[int, int]], a: list[int], alo: int, n: int, blo: int, m: int
) -> list[tuple[int, int]]:
    """The choice among longest chains described in :func:`_best_chain`.

    For each pair, the best predecessor is the one ending the longest chain,
    then the least total offset, then the smallest key (keys are distinct, so
    that order is total). As in a patience sort, the longest chain a pair can
    extend is found by bisection over the least ``j`` ending a chain of each
    length; only predecessors of that length are then compared, so most pairs
    look at a few others instead of all before them.
    """
    offsets = [abs((i - alo) / n - (j - blo) / m) for i, j in pairs]
    js = [j for _, j in pairs]
    keys = [a[i] for i, _ in pairs]
    length = [1] * len(pairs)
    cost = list(offsets)
    back = [-1] * len(pairs)
    tails: list[int] = []  # tails[L - 1]: least j ending a chain of length L
    ending: list[list[int]] = []  # ending[L - 1]: the pairs ending such chains
    for k, jk in enumerate(js):
        longest = bisect_left(tails, jk)
        if longest:
            bp, bc, bkey = -1, 0.0, 0
            for p in ending[longest - 1]:
                if js[p] < jk and (bp < 0 or cost[p] < bc or (cost[p] == bc and keys[p] < bkey)):
                    bp, bc, bkey = p, cost[p], keys[p]
            back[k] = bp
            length[k] = longest + 1
            cost[k] = bc + offsets[k]
        if longest == len(tails):
            tails.append(jk)
            ending.append([k])
        else:
            if jk < tails[longest]:
                tails[longest] = jk
            ending[longest].append(k)
    end = max(range(len(pairs)), key=lambda k: (length[k], -cost[k], -keys[k]))
    chain = []
    while end >= 0:
        chain.append(pairs[end])
        end = back[end]
    chain.reverse()
    return chain


def longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of *pairs* (sorted by i) whose j also increases."""
    tails: list[int] = []  # j of the last pair of the best chain of each length
    tail_idx: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        back.append(tail_idx[pos - 1] if pos else -1)
    chain: list[tuple[int, int]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    chain.reverse()
    return chain


def _greedy(
    a: list[int], b: list[int], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """In-order matching for regions made only of very frequent keys."""
    positions: dict[int, list[int]] = defaultdict(list)
    for j in range(blo, bhi):
        positions[b[j]].append(j)
    out: list[tuple[int, int]] = []
    j_min = blo
    for i in range(alo, ahi):
        js = positions.get(a[i])
        if not js:
            continue
        k = bisect_right(js, j_min - 1)
        if k < len(js):
            out.append((i, js[k]))
            j_min = js[k] + 1
    return out
