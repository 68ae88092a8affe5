"""Align the sentences of two versions.

Steps (see ``docs/alignment.md`` for the reasoning, thresholds and complexity):

1. **Exact, in order** — sentences whose typography-free text is identical are
   matched in order with a patience/histogram diff (:mod:`redline.align.anchors`).
   These are ``unchanged``; they also cut both versions into *gaps*.
2. **Exact, out of order** — identical sentences left over on both sides are
   ``moved``.
3. **Similar, in order** — inside each gap, old and new sentences are paired by
   an order-preserving maximum-weight matching over their similarity
   (:mod:`redline.align.similarity`); pairs similar enough are ``edited``. Two
   headings in the same gap (a rewritten headline) and rewordings sharing
   several content words need less similarity; such weak links are held back
   until step 4 and give way to a strong match out of order. Gaps too large to
   score in full use candidates (rare shared words, a band around the diagonal)
   and the longest in-order chain.
4. **Similar, out of order** — what is left is paired across gaps when it is very
   similar (``moved`` with ``text_changed``); candidates come from an inverted
   index of rare content words, so this stays near-linear.
5. **Splits and merges** — a linked sentence whose text continues in adjacent
   unmatched sentences on the other side absorbs them (one-to-many or
   many-to-one link), counting words in order or, for reordered parts, as a bag.
6. Everything else is ``added`` or ``deleted``.

Design rules: features are computed only for sentences that reach the fuzzy
steps; no step depends on which version is called old (key ids follow sort
order, ties are broken by integer weights symmetric in the two texts), so
swapping the versions mirrors the alignment; every step is bounded so that
10,000-sentence documents and thousands of identical lines align in seconds.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import Indel, LCSseq

from redline.align.anchors import common_subsequence, longest_increasing
from redline.align.model import Link
from redline.align.similarity import (
    CHAR_FLOOR,
    Features,
    Vocabulary,
    features,
    line_label,
    shared_stems,
    similarity,
    stem,
)
from redline.align.worddiff import word_diff
from redline.text.document import Document
from redline.text.tokens import STOPWORDS, tokenize

__all__ = ["AlignOptions", "align"]


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Thresholds of the aligner (similarities are on a 0–1 scale)."""

    edit_threshold: float = 0.5
    """Least similarity for an in-order pair to be one edited sentence."""
    lone_pair_threshold: float = 0.4
    """Least similarity when a gap holds exactly one old and one new sentence."""
    move_threshold: float = 0.7
    """Least similarity for an out-of-order pair (moved and edited)."""
    heading_threshold: float = 0.65
    """Least similarity to pair a heading with a body sentence."""
    heading_pair_threshold: float = 0.15
    """Least similarity for two headings in the same gap (the same slot: a headline
    or subheading rewritten); they must also share a content word."""
    paraphrase_threshold: float = 0.35
    """Least similarity for an in-order pair sharing ``paraphrase_shared`` content words."""
    paraphrase_shared: int = 3
    """Shared content words that make a rewording evidence enough on their own."""
    max_gap_cells: int = 250_000
    """Largest gap (old × new sentences) scored in full; larger gaps use candidates."""
    candidate_df: int = 40
    """Content words in more sentences than this do not generate candidates."""
    candidate_words: int = 4
    """Rarest content words of a sentence used to find candidates."""
    candidate_limit: int = 10
    """Candidates kept per sentence (those sharing most of those words)."""
    max_move_cells: int = 2_500
    """Unmatched old × new sentences up to which every pair is scored for moves."""
    band: int = 3
    """Half-width of the diagonal band of candidates in gaps too large to score in full."""


_DEFAULT = AlignOptions()


def align(old: Document, new: Document, options: AlignOptions = _DEFAULT) -> tuple[Link, ...]:
    """Align *old* to *new*; every sentence appears in exactly one link per side,
    except sentences linked to several others by a split or a merge."""
    a, b, lo, hi = _key_ids(old, new)
    n, m = len(a), len(b)

    old_of: list[int] = [-1] * m  # new index -> old index (1:1 links)
    new_of: list[int] = [-1] * n

    # the common prefix and suffix are matched pair by pair (as the exact diff
    # would do first), the diff runs on what lies between
    middle = common_subsequence(a, b, lo, n - hi, lo, m - hi)
    new_of[:lo] = old_of[:lo] = range(lo)
    new_of[n - hi :] = range(m - hi, m)
    old_of[m - hi :] = range(n - hi, n)
    for i, j in middle:
        new_of[i] = j
        old_of[j] = i
    linked = lo + len(middle) + hi
    # old index -> unchanged / edited / moved / moved-edited (read for linked ones only)
    kind = ["unchanged"] * n

    # 2. identical text, out of order (only when both sides have sentences left)
    if linked < n and linked < m:
        free_new: dict[int, list[int]] = {}
        for j in [j for j, i in enumerate(old_of) if i < 0]:
            free_new.setdefault(b[j], []).append(j)
        for i in [i for i, j in enumerate(new_of) if j < 0]:
            js = free_new.get(a[i])
            if js:
                j = js.pop(0)
                new_of[i], old_of[j] = j, i
                kind[i] = "moved"

    if -1 in new_of and -1 in old_of:
        # features only of sentences still unmatched: the fuzzy steps see no others
        vocabulary: Vocabulary = {}
        fo = _LazyFeatures(old, vocabulary)
        fn = _LazyFeatures(new, vocabulary)
        score = _Scores(fo, fn)
        # 3. similar, in order, gap by gap; pairs linked on weak evidence (below
        # the edit threshold) give way to a strong match out of order. Between
        # the anchors of the common prefix (or suffix) lie no gaps: only its
        # last (or first) anchor bounds one.
        anchors = [(lo - 1, lo - 1)] if lo else []
        anchors += middle
        if hi:
            anchors.append((n - hi, m - hi))
        weak: list[tuple[int, int, float]] = []
        for gap_old, gap_new in _gaps(anchors, n, m, new_of, old_of):
            for i, j, s in _match_gap(gap_old, gap_new, fo, fn, score, options):
                if s < options.edit_threshold:
                    weak.append((i, j, s))
                    continue
                new_of[i], old_of[j] = j, i
                kind[i] = "edited"
        # 4. similar, out of order
        for i, j, _ in _match_moves(new_of, old_of, fo, fn, score, options):
            new_of[i], old_of[j] = j, i
            kind[i] = "moved-edited"
        for i, j, _ in weak:
            if new_of[i] < 0 and old_of[j] < 0:
                new_of[i], old_of[j] = j, i
                kind[i] = "edited"
        # 5. splits and merges
        splits, merges = _splits_and_merges(old, new, new_of, old_of, kind)
    else:
        splits, merges = {}, {}

    return _links(old, new, new_of, old_of, kind, splits, merges)


def _key_ids(old: Document, new: Document) -> tuple[list[int], list[int], int, int]:
    """Sentence keys as integers, equal where the keys are equal, and the lengths
    of the common prefix and suffix of the two key sequences.

    Ids follow the keys' sort order, so that nothing depends on which version is
    called old (swapping the versions mirrors the alignment): only their relative
    order is ever used, to break ties. Only the keys between the common prefix
    and suffix get ids; those of the prefix and suffix are matched pair by pair
    and never read again (they are left at -1), which spares sorting the keys
    that most versions share.
    """
    ka = [s.key for s in old.sentences]
    kb = [s.key for s in new.sentences]
    n, m = len(ka), len(kb)
    lo = 0
    while lo < n and lo < m and ka[lo] == kb[lo]:
        lo += 1
    hi = 0
    while hi < n - lo and hi < m - lo and ka[n - 1 - hi] == kb[m - 1 - hi]:
        hi += 1
    mid_old, mid_new = ka[lo : n - hi], kb[lo : m - hi]
    ids = {k: x for x, k in enumerate(sorted(set(mid_old).union(mid_new)))}
    head, tail = [-1] * lo, [-1] * hi
    return (
        head + [ids[k] for k in mid_old] + tail,
        head + [ids[k] for k in mid_new] + tail,
        lo,
        hi,
    )


class _Folded:
    """Case-folded sentence keys by index, computed on first use."""

    __slots__ = ("_cache", "_sentences")

    def __init__(self, doc: Document) -> None:
        self._sentences = doc.sentences
        self._cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._sentences)

    def __getitem__(self, index: int) -> str:
        f = self._cache.get(index)
        if f is None:
            f = self._cache[index] = self._sentences[index].key.casefold()
        return f


class _LazyFeatures:
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


class _Scores:
    """``similarity`` of old sentence i and new sentence j, computed once per pair
    (the in-order and out-of-order steps may look at the same pairs)."""

    __slots__ = ("_cache", "_fn", "_fo")

    def __init__(self, fo: _LazyFeatures, fn: _LazyFeatures) -> None:
        self._fo, self._fn = fo, fn
        self._cache: dict[tuple[int, int], float] = {}

    def __call__(self, i: int, j: int) -> float:
        s = self._cache.get((i, j))
        if s is None:
            s = self._cache[(i, j)] = similarity(self._fo[i], self._fn[j])
        return s


# ---------------------------------------------------------------------------
# gaps and in-order fuzzy matching


def _gaps(
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


def _match_gap(
    gap_old: list[int],
    gap_new: list[int],
    fo: _LazyFeatures,
    fn: _LazyFeatures,
    score: _Scores,
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
    score = [[0] * (l_ + 1) for _ in range(k + 1)]
    for x in range(k - 1, -1, -1):
        row, below, wx = score[x], score[x + 1], w[x]
        for y in range(l_ - 1, -1, -1):
            best = below[y] if below[y] > row[y + 1] else row[y + 1]
            if wx[y] and wx[y] + below[y + 1] > best:
                best = wx[y] + below[y + 1]
            row[y] = best
    out = []
    x = y = 0
    while x < k and y < l_:
        if w[x][y] and score[x][y] == w[x][y] + score[x + 1][y + 1]:
            out.append((gap_old[x], gap_new[y], sims[x][y]))
            x += 1
            y += 1
        elif score[x + 1][y] >= score[x][y + 1]:
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
    olds: list[int], news: list[int], fo: _LazyFeatures, fn: _LazyFeatures, options: AlignOptions
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
    fo: _LazyFeatures,
    fn: _LazyFeatures,
    score: _Scores,
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


def _match_moves(
    new_of: list[int],
    old_of: list[int],
    fo: _LazyFeatures,
    fn: _LazyFeatures,
    score: _Scores,
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


# ---------------------------------------------------------------------------
# splits and merges


_FRAGMENT_TOKENS = 8


def _stems(tokens: list[str]) -> frozenset[str]:
    return frozenset(
        stem(w) if w.isalpha() else w for w in tokens if w[0].isalnum() and w not in STOPWORDS
    )


def _covered(target: list[str], parts: list[str]) -> int:
    """How many tokens of *target* are matched by *parts*: the larger of the
    in-order match (bit-parallel LCS) and, for parts whose order was changed
    ("Sales rose…" moved into the middle of the merged sentence), the shared bag
    of tokens, counted on words only so punctuation cannot tip it."""
    in_order = int(LCSseq.similarity(target, parts))
    bag = Counter(w for w in target if w[0].isalnum()) & Counter(w for w in parts if w[0].isalnum())
    any_order = sum(bag.values())
    return in_order if in_order >= any_order else any_order


def _grows(
    base: str,
    extra: str,
    neighbour_first: bool,
    coverage_base: int,
    extra_tokens: list[str],
    target_tokens: list[str],
) -> int:
    """Tokens of the target newly explained by adding *extra* next to *base*."""
    joined = extra_tokens + tokenize(base) if neighbour_first else tokenize(base) + extra_tokens
    return _covered(target_tokens, joined) - coverage_base


def _splits_and_merges(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Old index -> all new parts (splits); new index -> all old parts (merges).

    Each 1:1 link whose texts differ may grow into a split (absorbing adjacent
    added sentences) or a merge (absorbing adjacent deleted ones). Links are
    visited, and a link that could do both is decided, by rules that do not
    depend on which version is old, so swapping the versions mirrors the result.
    """
    splits: dict[int, list[int]] = {}
    merges: dict[int, list[int]] = {}
    # only fuzzy links join texts that differ (exact ones are unchanged or moved)
    pairs = [
        (i, j)
        for i, k in enumerate(kind)
        if (k == "edited" or k == "moved-edited")
        and (j := new_of[i]) >= 0
        and old_of[j] == i
        and old.sentences[i].key != new.sentences[j].key
    ]
    if not pairs:
        return splits, merges
    old_s = _Folded(old)
    new_s = _Folded(new)

    def extend(target: str, linked: int, free: list[int], texts: _Folded) -> tuple[list[int], int]:
        """Grow *linked* into a run of adjacent free sentences that explain *target*;
        returns the run and how many more target tokens it explains."""
        if not (
            (linked > 0 and free[linked - 1] < 0)
            or (linked + 1 < len(free) and free[linked + 1] < 0)
        ):
            return [linked], 0  # no unmatched neighbour to absorb
        t_tokens = tokenize(target)
        t_stems = _stems(t_tokens)
        t_label = line_label(t_tokens)
        run = [linked]
        start = cov = _covered(t_tokens, tokenize(texts[linked]))
        while True:
            base = " ".join(texts[x] for x in run)
            left_over = len(t_tokens) - cov
            best = None
            for cand, first in ((run[0] - 1, True), (run[-1] + 1, False)):
                if 0 <= cand < len(texts) and free[cand] < 0:
                    extra = tokenize(texts[cand])
                    if t_label and line_label(extra):
                        continue  # two "label: value" lines are two items, not one split
                    gain = _grows(base, texts[cand], first, cov, extra, t_tokens)
                    # the part must explain enough of what is left of the target,
                    # or be itself mostly made of the target's words (a 3-way split),
                    # or be a short fragment whose every content word is in the
                    # target, one of them not yet explained ("I panicked." joined)
                    ok = (
                        gain >= 3
                        and gain >= 0.2 * len(extra)
                        and (gain >= 0.5 * left_over or gain >= 0.6 * len(extra))
                    )
                    if not ok and gain >= 1 and len(extra) <= _FRAGMENT_TOKENS:
                        e_stems = _stems(extra)
                        ok = (
                            bool(e_stems)
                            and e_stems <= t_stems
                            and not e_stems <= _stems(tokenize(base))
                        )
                    if ok and (best is None or gain > best[1]):
                        best = (cand, gain, first)
            if best is None:
                return run, cov - start
            run = [best[0], *run] if best[2] else [*run, best[0]]
            cov += best[1]

    pairs.sort(key=lambda p: (p[0] + p[1], *sorted((old_s[p[0]], new_s[p[1]]))))
    for i, j in pairs:
        split_run, split_gain = extend(old_s[i], j, old_of, new_s)
        merge_run, merge_gain = extend(new_s[j], i, new_of, old_s)
        if len(split_run) > 1 and len(merge_run) > 1:
            # both possible: keep the one that explains more; on a tie, the one
            # whose first absorbed text sorts first
            extra_split = min(new_s[y] for y in split_run if y != j)
            extra_merge = min(old_s[x] for x in merge_run if x != i)
            if (merge_gain, extra_split) > (split_gain, extra_merge):
                split_run = [j]
            else:
                merge_run = [i]
        if len(split_run) > 1:
            splits[i] = split_run
            for y in split_run:
                old_of[y] = i
        elif len(merge_run) > 1:
            merges[j] = merge_run
            for x in merge_run:
                new_of[x] = j
    return splits, merges


# ---------------------------------------------------------------------------
# output


def _links(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    splits: dict[int, list[int]],
    merges: dict[int, list[int]],
) -> tuple[Link, ...]:
    if not splits and not merges:
        return _one_to_one_links(old, new, new_of, old_of, kind)
    olds, news = old.sentences, new.sentences
    # Links are built with tuple.__new__ (all fields given, in order), sparing the
    # Python-level __new__ of the named tuple: most links of a pair are unchanged.
    make = tuple.__new__
    items: list[tuple[tuple[float, int], Link]] = []
    append = items.append
    in_order_new: list[int] = [-1] * len(olds)  # for placing deletions
    done_old: set[int] = set()
    for j in range(len(news)):
        i = old_of[j]
        if i < 0:
            append(((j, 0), make(Link, ("added", (), (j,), 1.0, "one", False, ()))))
            continue
        if merges and j in merges:
            merged = tuple(merges[j])
            text_old = " ".join(olds[x].text for x in merged)
            key_old = " ".join(olds[x].key for x in merged)
            sim = _joined_similarity(key_old, news[j].key)
            words = word_diff(text_old, news[j].text)
            done_old.update(merged)
            for x in merged:
                in_order_new[x] = j
            append(((j, 0), make(Link, ("edited", merged, (j,), sim, "merge", True, words))))
            continue
        if i in done_old:
            continue
        done_old.add(i)
        k = kind[i]
        if k == "unchanged" and i not in splits:
            in_order_new[i] = j
            append(((j, 0), make(Link, ("unchanged", (i,), (j,), 1.0, "one", False, ()))))
            continue
        if i in splits:
            parts = tuple(splits[i])
            text_new = " ".join(news[y].text for y in parts)
            sim = _joined_similarity(olds[i].key, " ".join(news[y].key for y in parts))
            op = "moved" if k.startswith("moved") else "edited"
            words = word_diff(olds[i].text, text_new)
            link = make(Link, (op, (i,), parts, sim, "split", True, words))
        elif k == "moved":
            link = make(Link, ("moved", (i,), (j,), 1.0, "one", False, ()))
        else:
            words = word_diff(olds[i].text, news[j].text)
            op = "moved" if k == "moved-edited" else "edited"
            sim = _joined_similarity(olds[i].key, news[j].key)
            link = make(Link, (op, (i,), (j,), sim, "one", True, words))
        if link[0] != "moved":
            in_order_new[i] = j
        append(((j, 0), link))
    # linked and added sentences are already in new-version order: only deleted
    # ones need placing, where they stood
    deleted = False
    last_new = -1.0
    for i in range(len(olds)):
        if new_of[i] < 0:
            append(((last_new + 0.5, i), make(Link, ("deleted", (i,), (), 1.0, "one", False, ()))))
            deleted = True
        elif in_order_new[i] >= 0:
            last_new = in_order_new[i]
    if deleted:
        items.sort(key=_first)
    return tuple([link for _, link in items])


def _first(item: tuple[tuple[float, int], Link]) -> tuple[float, int]:
    return item[0]


def _one_to_one_links(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
) -> tuple[Link, ...]:
    """:func:`_links` when there is no split or merge (most pairs): one link per
    new sentence, in new-version order, then each deleted sentence placed after
    the link of the last sentence before it that stayed in order (ties in old
    order), as the general case does."""
    olds, news = old.sentences, new.sentences
    make = tuple.__new__
    links: list[Link] = []
    append = links.append
    in_order_new: list[int] = [-1] * len(olds)
    for j, i in enumerate(old_of):
        if i < 0:
            append(make(Link, ("added", (), (j,), 1.0, "one", False, ())))
            continue
        k = kind[i]
        if k == "unchanged":
            in_order_new[i] = j
            append(make(Link, ("unchanged", (i,), (j,), 1.0, "one", False, ())))
        elif k == "moved":
            append(make(Link, ("moved", (i,), (j,), 1.0, "one", False, ())))
        else:
            words = word_diff(olds[i].text, news[j].text)
            sim = _joined_similarity(olds[i].key, news[j].key)
            if k == "moved-edited":
                append(make(Link, ("moved", (i,), (j,), sim, "one", True, words)))
            else:
                in_order_new[i] = j
                append(make(Link, ("edited", (i,), (j,), sim, "one", True, words)))
    deleted: list[tuple[int, int, Link]] = []
    last_new = -1
    for i, j in enumerate(new_of):
        if j < 0:
            deleted.append((last_new, i, make(Link, ("deleted", (i,), (), 1.0, "one", False, ()))))
        elif in_order_new[i] >= 0:
            last_new = in_order_new[i]
    if not deleted:
        return tuple(links)
    deleted.sort(key=_placement)
    out: list[Link] = []
    done = 0  # links[:done] are in out
    for after, _, link in deleted:
        if after + 1 > done:
            out.extend(links[done : after + 1])
            done = after + 1
        out.append(link)
    out.extend(links[done:])
    return tuple(out)


def _placement(item: tuple[int, int, Link]) -> tuple[int, int]:
    return item[0], item[1]


def _joined_similarity(a: str, b: str) -> float:
    """Character similarity of two keys as reported in links (below 1 if they differ)."""
    if a == b:
        return 1.0
    sim = Indel.normalized_similarity(a.casefold(), b.casefold())
    return min(round(sim, 4), 0.9999)
