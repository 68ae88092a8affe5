"""Changed links grown into merges or splits by the facts of a neighbour.

A desk rewrite often joins two sentences into one, or cuts one in two, with
new words: the exact and fuzzy split/merge steps (:mod:`redline.align.splits`)
miss it, and the leftover sentence would be shown as deleted or added. Here a
leftover sentence next to a changed link joins it when its facts are in the
linked text on the other side (:func:`absorb_by_meaning`).
"""

from __future__ import annotations

import zlib

from redline.align.meaning import Terms
from redline.align.options import AlignOptions
from redline.align.similarity import line_label
from redline.text.document import Document, Sentence
from redline.text.tokens import tokenize

__all__ = ["absorb_by_meaning"]


def absorb_by_meaning(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    splits: dict[int, list[int]],
    merges: dict[int, list[int]],
    options: AlignOptions,
) -> None:
    """Grow changed links into merges or splits with adjacent leftover sentences
    whose facts are in the linked text on the other side, however reworded
    ("… 12,877 votes." + "… was second with 9,467 votes" → "… took 12,877 votes
    to 9,467 for …"). Updates *new_of*, *old_of*, *splits* and *merges* in place.

    A leftover sentence joins when at least ``absorb_shared`` of its terms are in
    the other side's sentence, making up at least ``absorb_share`` of its own
    (anchors weigh double), and one of them is not already in the linked part.
    Candidates are decided by score (ties by text), so the result does not
    depend on which version is old.
    """
    n, m = len(new_of), len(old_of)
    if -1 not in new_of and -1 not in old_of:
        return
    if not splits and not merges and "edited" not in kind and "moved-edited" not in kind:
        return  # no changed link for a leftover sentence to join
    so, sn = old.sentences, new.sentences
    # cheap structural checks first: a leftover sentence next to a changed link
    # (or a merge or split) in the same paragraph
    cands: list[tuple[str, int, int, int]] = []  # what, leftover, its neighbour, partner
    for x in [x for x, j in enumerate(new_of) if j < 0]:
        for i in (x - 1, x + 1):
            if 0 <= i < n and so[x].paragraph == so[i].paragraph and i not in splits:
                j = new_of[i]
                if j < 0:
                    continue
                if j in merges or (old_of[j] == i and kind[i] != "unchanged"):
                    cands.append(("merge", x, i, j))
    for y in [y for y, i in enumerate(old_of) if i < 0]:
        for j in (y - 1, y + 1):
            if 0 <= j < m and sn[y].paragraph == sn[j].paragraph and j not in merges:
                i = old_of[j]
                if i < 0:
                    continue
                if i in splits or (new_of[i] == j and kind[i] != "unchanged"):
                    cands.append(("split", y, j, i))
    if not cands:
        return
    # the language of each side is judged on the sentences involved
    old_side = [c[1] if c[0] == "merge" else c[3] for c in cands]
    old_side += [c[2] for c in cands if c[0] == "merge"]
    new_side = [c[3] if c[0] == "merge" else c[1] for c in cands]
    new_side += [c[2] for c in cands if c[0] == "split"]
    to, tn = Terms(old, old_side), Terms(new, new_side)

    def score(x_terms: dict[str, float], target: dict[str, float], base: dict[str, float]) -> float:
        shared = x_terms.keys() & target.keys()
        if len(shared) < options.absorb_shared or not (shared - base.keys()):
            return 0.0
        share = sum(x_terms[t] for t in shared) / sum(x_terms.values())
        return share if share >= options.absorb_share else 0.0

    def labelled(sentence: Sentence) -> bool:
        return bool(line_label(tokenize(sentence.key.casefold())))

    found: list[tuple[float, int, str, int, int]] = []
    for what, x, k, partner in cands:
        if what == "merge":
            if labelled(so[x]) or labelled(so[k]):
                continue  # two "label: value" lines are two items
            s = score(to[x], tn[partner], _union(to, merges.get(partner, [k])))
            tie = zlib.crc32(so[x].key.encode())
        else:
            if labelled(sn[x]) or labelled(sn[k]):
                continue
            s = score(tn[x], to[partner], _union(tn, splits.get(partner, [k])))
            tie = zlib.crc32(sn[x].key.encode())
        if s:
            found.append((s, tie, what, x, partner))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    for _, _, what, x, target in found:
        if what == "merge":
            if new_of[x] >= 0 or old_of[target] in splits:
                continue
            i = old_of[target]
            run = merges.get(target, [i])
            if x != run[0] - 1 and x != run[-1] + 1:
                continue
            merges[target] = sorted([*run, x])
            new_of[x] = target
        else:
            if old_of[x] >= 0 or new_of[target] in merges:
                continue
            j = new_of[target]
            run = splits.get(target, [j])
            if x != run[0] - 1 and x != run[-1] + 1:
                continue
            splits[target] = sorted([*run, x])
            old_of[x] = target


def _union(terms: Terms, indices: list[int]) -> dict[str, float]:
    out: dict[str, float] = {}
    for k in indices:
        out.update(terms[k])
    return out
