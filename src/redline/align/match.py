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
   With a sentence-embedding model (the ``meaning`` extra), an in-order link
   on weak evidence gives way when both its sentences clearly match leftovers
   elsewhere (sections swapped and rewritten).
   Then two corrections: a pair of one template sharing no figure gives way
   to leftovers carrying its figures (:mod:`redline.align.figures`), and a
   weak link gives way to the two meaning pairs it blocked.
5. **Splits and merges** — a linked sentence whose text continues in adjacent
   unmatched sentences on the other side absorbs them (one-to-many or
   many-to-one link), counting words in order or, for reordered parts, as a bag.
6. **Meaning** — sentences still unmatched on both sides are paired on stemmed
   content words, concepts, numbers and names (:mod:`redline.align.meaning`)
   and, with the model, on their embeddings.
7. **Story turns** — a similar link whose sentences state a pending state and
   its outcome ("are in talks" / "have signed", "denies" / "was convicted") is
   undone: two facts, not one edited (:mod:`redline.align.turns`); the headline
   and standfirst keep their slots.
8. **Which links moved** — those outside the longest chain of all links
   (:mod:`redline.align.order`).
9. Everything else is ``added`` or ``deleted``.

Design rules: features are computed only for sentences that reach the fuzzy
steps; no step depends on which version is called old (key ids follow sort
order, ties are broken by integer weights symmetric in the two texts), so
swapping the versions mirrors the alignment; every step is bounded so that
10,000-sentence documents and thousands of identical lines align in seconds.
Past ``AlignOptions.large_document`` sentences on a side, steps 3 and 4 are
bounded further (small gaps only, within a budget; moves only when few
sentences are left), so that a 20 MB text aligns in close to linear time.
"""

from __future__ import annotations

from redline.align.absorb import absorb_by_meaning
from redline.align.anchors import common_subsequence
from redline.align.apart import Apart, unlink_apart
from redline.align.embedding import Embed, remembering
from redline.align.figures import figure_swaps
from redline.align.fuzzy import LazyFeatures, Scores, gaps, match_gap, match_moves
from redline.align.grown import grown_links
from redline.align.links import links
from redline.align.meaning import in_order_bounds, meaning_links
from redline.align.model import Link
from redline.align.nearest import global_nearest_links
from redline.align.options import AlignOptions
from redline.align.order import settle_moves
from redline.align.repartner import repartner_by_meaning, repartner_weak_links
from redline.align.similarity import Vocabulary
from redline.align.slots import slot_pairs, standfirst_slot
from redline.align.splits import splits_and_merges
from redline.text.document import Document

__all__ = ["AlignOptions", "align"]

_DEFAULT = AlignOptions()
_FUZZY = ("edited", "moved-edited")


def align(
    old: Document, new: Document, options: AlignOptions = _DEFAULT, embed: Embed | None = None
) -> tuple[Link, ...]:
    """Align *old* to *new*; every sentence appears in exactly one link per side,
    except sentences linked to several others by a split or a merge. *embed*, a
    sentence-embedding model (:mod:`redline.align.embedding`), helps the meaning
    step when given."""
    if embed is not None:
        embed = remembering(embed)  # each sentence embedded once per comparison
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
        fo = LazyFeatures(old, vocabulary)
        fn = LazyFeatures(new, vocabulary)
        score = Scores(fo, fn)
        # 3. similar, in order, gap by gap; pairs linked on weak evidence (below
        # the edit threshold) give way to a strong match out of order. Between
        # the anchors of the common prefix (or suffix) lie no gaps: only its
        # last (or first) anchor bounds one.
        anchors = [(lo - 1, lo - 1)] if lo else []
        anchors += middle
        if hi:
            anchors.append((n - hi, m - hi))
        # headline and standfirst keep their slot, before any similarity
        slots = slot_pairs(old, new, new_of, old_of)
        if slots:
            for i, j in slots:
                new_of[i], old_of[j] = j, i
                kind[i] = "edited"
            anchors = sorted({*anchors, *slots})
        apart = Apart(old, new, set(slots))
        weak: list[tuple[int, int, float]] = []
        swapped = False  # links re-partnered: some may now cross others
        held: list[tuple[int, int]] = []  # in-order links on weak evidence
        made: list[tuple[int, int]] = []  # similar links of steps 3 and 4
        # large documents: similarity only in small gaps, within a budget (see options)
        large = n > options.large_document or m > options.large_document
        budget = options.large_budget_cells
        for gap_old, gap_new in gaps(anchors, n, m, new_of, old_of):
            if large:
                cells = len(gap_old) * len(gap_new)
                if cells > options.large_gap_cells or cells > budget:
                    continue
                budget -= cells
            for i, j, s in match_gap(gap_old, gap_new, fo, fn, score, options):
                if s < options.edit_threshold:
                    weak.append((i, j, s))
                    continue
                new_of[i], old_of[j] = j, i
                kind[i] = "edited"
                made.append((i, j))
                if s < options.repartner_below:
                    held.append((i, j))
        # 4. similar, out of order
        left = new_of.count(-1) + old_of.count(-1)
        if not large or left <= options.large_move_sentences:
            for i, j, _ in match_moves(new_of, old_of, fo, fn, score, options):
                new_of[i], old_of[j] = j, i
                kind[i] = "moved-edited"
                made.append((i, j))
        for i, j, _ in weak:
            if new_of[i] < 0 and old_of[j] < 0:
                new_of[i], old_of[j] = j, i
                kind[i] = "edited"
                held.append((i, j))
                made.append((i, j))
        # two facts, however alike (a story turn, another incident), are not
        # linked: their sentences are free for the steps below
        swapped = unlink_apart(apart, made, new_of, old_of, kind) or swapped
        relinked: list[tuple[int, int]] = []  # links made by the swaps below
        held = [(i, j) for i, j in held if new_of[i] == j]
        if held and -1 in new_of and -1 in old_of:
            # a weak link whose sentences each say more the same as a leftover
            # (a grown story: paired with a neighbour of its true rewrite)
            swaps = repartner_by_meaning(old, new, new_of, old_of, kind, held, options)
            swapped = _relink(swaps, new_of, old_of, kind, relinked) or swapped
            undone = {i for i, *_ in swaps} | {h for *_, h, _ in swaps}
            held = [(i, j) for i, j in held if i not in undone]
        if embed is not None and held and -1 in new_of and -1 in old_of:
            # a weak link whose sentences both say the same as leftovers
            # elsewhere (sections swapped and rewritten) gives way to them
            swaps = repartner_weak_links(old, new, new_of, old_of, held, embed, options)
            swapped = _relink(swaps, new_of, old_of, kind, relinked) or swapped
        # a template pair gives way to partners that carry its figures
        if -1 in new_of and -1 in old_of:
            fuzzy = [(i, j) for i, j in enumerate(new_of) if j >= 0 and kind[i] in _FUZZY]
            swaps = figure_swaps(old, new, new_of, old_of, fuzzy)
            swapped = _relink(swaps, new_of, old_of, kind, relinked) or swapped
        # 5. splits and merges
        splits, merges = splits_and_merges(old, new, new_of, old_of, kind)
        # 6. the leftovers, on meaning (in huge documents only within the moves bound)
        left = new_of.count(-1) + old_of.count(-1)
        meaning = not large or left <= options.large_move_sentences
        if meaning and -1 in new_of and -1 in old_of:
            for i, j, _, in_order in meaning_links(
                old, new, new_of, old_of, kind, options, embed, apart
            ):
                new_of[i], old_of[j] = j, i
                kind[i] = "edited" if in_order else "moved-edited"
            # with the model: a rewording with no word kept (nearest to each
            # other of all sentences), then, in a story grown several-fold, the
            # short version's leftovers at their nearest in the long one
            for model_step in (global_nearest_links, grown_links):
                if embed is None or -1 not in new_of or -1 not in old_of:
                    break
                for i, j, in_order in model_step(
                    old, new, new_of, old_of, kind, embed, options, apart
                ):
                    new_of[i], old_of[j] = j, i
                    kind[i] = "edited" if in_order else "moved-edited"
        if meaning and len(new_of) + len(old_of) <= options.meaning_max_sentences:
            absorb_by_meaning(old, new, new_of, old_of, kind, splits, merges, options)
        # the standfirsts, still unmatched: linked by their slot
        if standfirst_slot(old, new, new_of, old_of, splits, merges):
            new_of[1], old_of[1] = 1, 1
            kind[1] = "edited"
        # 7. two facts, however alike, linked by a swap, a split or a merge
        swapped = unlink_apart(apart, relinked, new_of, old_of, kind, splits, merges) or swapped
        # 8. which links moved, now that all are known: a similar link out of
        # order, or links re-partnered, may cross a chain longer than the one
        # the exact step kept (exact moves alone were chosen by that step)
        if swapped or "moved-edited" in kind:
            settle_moves(new_of, old_of, kind)
    else:
        splits, merges = {}, {}

    return links(old, new, new_of, old_of, kind, splits, merges)


def _relink(
    swaps: list[tuple[int, int, int, int]],
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    made: list[tuple[int, int]],
) -> bool:
    """Undo links ``(i, j)`` for ``(i, k)`` and ``(h, j)``, for each ``(i, j, h, k)``
    of *swaps*; each new link is edited when it lies between in-order links on
    both sides and does not cross the other, else moved (the final choice is
    :func:`settle_moves`': two crossing links read as in order would bound the
    gaps of later steps one way when the versions are read one way, and
    another way when they are swapped), and is appended to *made*. Whether any
    link changed."""
    m = len(old_of)
    for i, j, h, k in swaps:
        new_of[i], old_of[k] = k, i
        new_of[h], old_of[j] = j, h
        made += [(i, k), (h, j)]
        kind[i] = kind[h] = "moved-edited"
        if (i < h) != (k < j):
            continue  # the two cross each other: neither bounds an in-order gap
        before, after = in_order_bounds(new_of, old_of, kind, m)
        for x in (i, h):
            if before[x] < new_of[x] < after[x]:
                kind[x] = "edited"
    return bool(swaps)


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
