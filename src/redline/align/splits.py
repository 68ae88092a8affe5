"""Step 5 of the aligner: a linked sentence absorbs adjacent unmatched ones
that continue its text on the other side (splits and merges)."""

from __future__ import annotations

from collections import Counter

from rapidfuzz.distance import LCSseq

from redline.align.similarity import line_label, stem
from redline.text.document import Document
from redline.text.tokens import STOPWORDS, tokenize

__all__ = ["splits_and_merges"]


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


_FRAGMENT_TOKENS = 8
_SUBHEAD_WORDS = 8
_CLOSING = "\"'”’»)] \u00a0"  # stripped before looking for a question mark


def standalone(doc: Document, index: int) -> bool:
    """A heading, or a short question standing alone as a paragraph ("What is
    Halcyon for?", "Et les examens ?"): a subhead of its own, never a part of a
    split or merge."""
    s = doc.sentences[index]
    if s.heading:
        return True
    start, stop = doc.paragraphs[s.paragraph]
    text = s.text.rstrip(_CLOSING)
    return stop - start == 1 and text.endswith("?") and len(text.split()) <= _SUBHEAD_WORDS


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
    # punctuation matched in order counts on both views, so that the two are
    # comparable (a reordered part would otherwise lose its commas and stops)
    punct = int(
        LCSseq.similarity(
            [w for w in target if not w[0].isalnum()], [w for w in parts if not w[0].isalnum()]
        )
    )
    bag_total = sum(bag.values()) + punct
    any_order = bag_total
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


def splits_and_merges(
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

    def extend(
        target: str, linked: int, free: list[int], texts: _Folded, doc: Document
    ) -> tuple[list[int], int]:
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
                if 0 <= cand < len(texts) and free[cand] < 0 and not standalone(doc, cand):
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
        split_run, split_gain = extend(old_s[i], j, old_of, new_s, new)
        merge_run, merge_gain = extend(new_s[j], i, new_of, old_s, old)
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
