"""The aligner's output: links in reading order, with word diffs of changed
sentences."""

from __future__ import annotations

from rapidfuzz.distance import Indel

from redline.align.model import Link
from redline.align.worddiff import word_diff
from redline.text.document import Document

__all__ = ["links"]


def links(
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
            # moved as a split is: by the mark of the merge's own pair
            op = "moved" if kind[i].startswith("moved") else "edited"
            if op == "edited":
                for x in merged:
                    in_order_new[x] = j
            append(((j, 0), make(Link, (op, merged, (j,), sim, "merge", True, words))))
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
    """:func:`links` when there is no split or merge (most pairs): one link per
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
