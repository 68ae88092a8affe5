"""Steps 3 and 4 of the aligner: similar sentences in order, gap by gap, then
out of order (see :mod:`redline.align.match`)."""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict

from rapidfuzz.distance import Indel

from redline.align.anchors import longest_increasing
from redline.align.options import AlignOptions
from redline.align.similarity import (
    CHAR_FLOOR,
    Features,
    Vocabulary,
    features,
    shared_stems,
    similarity,
)
from redline.text.document import Document

__all__ = ["LazyFeatures", "Scores", "gaps", "match_gap", "match_moves"]


class LazyFeatures:
    """``features(sentence)`` by index, computed on first use."""

    __slots__ = ("_cache", "_sentences", "_vocabulary", "sentences")

    def __init__(self, doc: Document, vocabulary: Vocabulary) -> None:
        self._sentences = self.sentences = doc.sentences
        self._vocabulary = vocabulary
        self._cache: dict[int, Features] = {}

    def __getitem__(self, index: int) -> Features:
        f = self._cache.get(index)
        if f is None:
            f = self._cache[index] = features(self._sentences[index], self._vocabulary)
        return f


class Scores:
    """``similarity`` of old sentence i and new sentence j, computed once per pair
    (the in-order and out-of-order steps may look at the same pairs)."""

    __slots__ = ("_cache", "_fn", "_fo")

    def __init__(self, fo: LazyFeatures, fn: LazyFeatures) -> None:
        self._fo, self._fn = fo, fn
        self._cache: dict[tuple[int, int], float] = {}

    def __call__(self, i: int, j: int) -> float:
        s = self._cache.get((i, j))
        if s is None:
            s = self._cache[(i, j)] = similarity(self._fo[i], self._fn[j])
        return s


# ---------------------------------------------------------------------------
# gaps and in-order fuzzy matching


def gaps(
    anchors: list[tuple[int, int]], n: int, m: int, new_of: list[int], old_of: list[int]
) -> list[tuple[list[int], list[int]]]:
    out = []
    prev_i, prev_j = -1, -1
    for i, j in [*anchors, (n, m)]:
        if i == prev_i + 1 or j == prev_j + 1:  # nothing between on one side
            prev_i, prev_j = i, j
            continue
        gap_old = [x for x in range(prev_i + 1, i) if new_of[x] < 0]
        gap_new = [y for y in range(prev_j + 1, j) if old_of[y] < 0]
        if gap_old and gap_new:
            out.append((gap_old, gap_new))
        prev_i, prev_j = i, j
    return out


def _threshold(x: Features, y: Features, base: float, options: AlignOptions) -> float:
    if x.heading != y.heading:
        return max(base, options.heading_threshold)
    return base


def _in_gap_weight(x: Features, y: Features, s: float, base: float, options: AlignOptions) -> float:
    """Similarity *s* of an in-order pair, or 0 when it is not evidence enough to link."""
    if s >= _threshold(x, y, base, options):
        return s
    if x.heading != y.heading:
        return 0.0
    shared = shared_stems(x, y)
    if x.heading:
        return s if s >= options.heading_pair_threshold and shared >= 1 else 0.0
    if s >= options.paraphrase_threshold and shared >= options.paraphrase_shared:
        return s
    return 0.0


def match_gap(
    gap_old: list[int],
    gap_new: list[int],
    fo: LazyFeatures,
    fn: LazyFeatures,
    score: Scores,
    options: AlignOptions,
) -> list[tuple[int, int, float]]:
    k, l_ = len(gap_old), len(gap_new)
    base = options.lone_pair_threshold if k == 1 and l_ == 1 else options.edit_threshold
    if k * l_ > options.max_gap_cells:
        return _match_large_gap(gap_old, gap_new, fo, fn, score, options)
    if k == 1 and l_ == 1:  # the common case: one sentence edited in place
        i, j = gap_old[0], gap_new[0]
        s = _close_in_characters(fo.sentences[i].key, fn.sentences[j].key, base, options)
        if s:
            return [(i, j, s)]
        s = _in_gap_weight(fo[i], fn[j], score(i, j), base, options)
        return [(i, j, s)] if s > 0.0 else []
    # weights of admissible pairs: similarity, then symmetric tie-breakers, as
    # integers so that sums are exact and ties are decided the same way whichever
    # version is called old
    sims: list[list[float]] = []
    w: list[list[int]] = []
    for x, i in enumerate(gap_old):
        x_f = fo[i]
        srow = [_in_gap_weight(x_f, fn[j], score(i, j), base, options) for j in gap_new]
        sims.append(srow)
        w.append(
            [
                _tie_weight(s, fo[i], fn[j], abs(x / k - y / l_)) if s > 0.0 else 0
                for y, j in enumerate(gap_new)
                for s in (srow[y],)
            ]
        )
    # order-preserving maximum-weight matching (Needleman–Wunsch, no gap cost)
    table = [[0] * (l_ + 1) for _ in range(k + 1)]
    for x in range(k - 1, -1, -1):
        row, below, wx = table[x], table[x + 1], w[x]
        for y in range(l_ - 1, -1, -1):
            best = below[y] if below[y] > row[y + 1] else row[y + 1]
            if wx[y] and wx[y] + below[y + 1] > best:
                best = wx[y] + below[y + 1]
            row[y] = best
    out = []
    x = y = 0
    while x < k and y < l_:
        if w[x][y] and table[x][y] == w[x][y] + table[x + 1][y + 1]:
            out.append((gap_old[x], gap_new[y], sims[x][y]))
            x += 1
            y += 1
        elif table[x + 1][y] >= table[x][y + 1]:
            x += 1
        else:
            y += 1
    return out


def _close_in_characters(x: str, y: str, base: float, options: AlignOptions) -> float:
    """The characters' similarity of two keys when it alone links them, else 0.

    :func:`~redline.align.similarity.similarity` is at least the characters'
    similarity once that reaches ``CHAR_FLOOR``, so such a pair is linked whatever
    the other views say, unless it is two "label: value" lines (whose labels can
    cap the score; they have a colon): a small edit is linked without the
    sentences' features.
    """
    if (
        ":" in x
        or ":" in y
        or max(base, options.heading_threshold, options.edit_threshold) > CHAR_FLOOR
    ):
        return 0.0
    return Indel.normalized_similarity(x.casefold(), y.casefold(), score_cutoff=CHAR_FLOOR)


def _tie_weight(s: float, x: Features, y: Features, offset: float = 0.0) -> int:
    """Integer weight of a pair: similarity first; among equals, pairs at the same
    relative place, then an arbitrary but symmetric function of the two texts."""
    lo, hi = (x.folded, y.folded) if x.folded <= y.folded else (y.folded, x.folded)
    text_tie = zlib.crc32(f"{lo}\x00{hi}".encode()) % 1000
    return round(s * 1_000_000) * 1_000_000 + round((1.0 - offset) * 999) * 1000 + text_tie


def _candidates(
    olds: list[int], news: list[int], fo: LazyFeatures, fn: LazyFeatures, options: AlignOptions
) -> dict[int, list[int]]:
    """For each old sentence, the few new ones sharing most of its rarest content words.

    Only content words in at most ``candidate_df`` new sentences count, only the
    ``candidate_words`` rarest of them per sentence, and at most ``candidate_limit``
    candidates are kept, so the cost is linear in the number of sentences.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for j in news:
        for word in fn[j].stems:
            index[word].append(j)
    df, words, limit = options.candidate_df, options.candidate_words, options.candidate_limit
    cands: dict[int, list[int]] = {}
    for i in olds:
        postings = sorted(
            (len(js), word) for word in fo[i].stems if (js := index.get(word)) and len(js) <= df
        )
        if not postings:
            continue
        counts: Counter[int] = Counter()
        for _, word in postings[:words]:
            counts.update(index[word])
        cands[i] = [j for j, _ in counts.most_common(limit)]
    return cands


def _match_large_gap(
    gap_old: list[int],
    gap_new: list[int],
    fo: LazyFeatures,
    fn: LazyFeatures,
    score: Scores,
    options: AlignOptions,
) -> list[tuple[int, int, float]]:
    """Best candidate per old sentence, then the longest in-order chain of them.

    Candidates are the new sentences sharing a rare content word, plus a band of
    ``2 * band + 1`` new sentences around the old sentence's proportional position
    (which finds long runs of look-alike lines, whose words are not rare). Ties go
    to the candidate nearest that position.
    """
    k, l_ = len(gap_old), len(gap_new)
    rare = _candidates(gap_old, gap_new, fo, fn, options)
    pairs = []
    for x, i in enumerate(gap_old):
        centre = x * l_ // k
        band = gap_new[max(0, centre - options.band) : centre + options.band + 1]
        js = set(rare.get(i, ())).union(band)
        x_f = fo[i]
        best_j, best_s, best_d = -1, 0.0, 0
        for j in sorted(js):
            y_f = fn[j]
            s = score(i, j)
            if s < _threshold(x_f, y_f, options.edit_threshold, options):
                continue
            d = abs(j - gap_new[min(centre, l_ - 1)])
            if s > best_s or (s == best_s and d < best_d):
                best_j, best_s, best_d = j, s, d
        if best_j >= 0:
            pairs.append((i, best_j, best_s))
    pairs.sort()
    ij = [(i, j) for i, j, _ in pairs]
    chain = set(longest_increasing(ij))
    taken: set[int] = set()
    out = []
    for i, j, s in pairs:
        if (i, j) in chain and j not in taken:
            taken.add(j)
            out.append((i, j, s))
    return out


def match_moves(
    new_of: list[int],
    old_of: list[int],
    fo: LazyFeatures,
    fn: LazyFeatures,
    score: Scores,
    options: AlignOptions,
) -> list[tuple[int, int, float]]:
    olds = [i for i, j in enumerate(new_of) if j < 0]
    news = [j for j, i in enumerate(old_of) if i < 0]
    if not olds or not news:
        return []
    if len(olds) * len(news) <= options.max_move_cells:
        pairs = [(i, j) for i in olds for j in news]
    else:
        # candidates found from either side, so that the set is the same whichever
        # version is old
        found = {(i, j) for i, js in _candidates(olds, news, fo, fn, options).items() for j in js}
        found.update(
            (i, j) for j, is_ in _candidates(news, olds, fn, fo, options).items() for i in is_
        )
        pairs = sorted(found)
    scored = []
    for i, j in pairs:
        x, y = fo[i], fn[j]
        s = score(i, j)
        if s >= _threshold(x, y, options.move_threshold, options):
            scored.append((s, i, j, _tie_weight(s, x, y)))
    scored.sort(key=lambda t: (-t[3], t[1] + t[2]))
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for s, i, j, _ in scored:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.append((i, j, s))
    return out
