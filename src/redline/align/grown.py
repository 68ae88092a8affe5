"""Step 6c of the aligner: in a story grown several-fold, the shorter
version's leftovers find their place in the longer one.

A short item that grows into a full story keeps its facts: a sub-editor
rewrites each sentence of the first version into the longer one, scattered
and reworded ("Officers are appealing for witnesses." → "She urged anyone
who saw vehicles near the museum between midnight and 04:00 to contact the
force."), and cuts little. Such a rewrite is too far from its source for the
nearest-neighbour tests of the meaning step (a long sentence says more than
the short one it grew from, and several new sentences share its subject), so
here, when one version has at least ``grown_ratio`` times the sentences of
the other, each leftover sentence of the shorter version is linked to the
leftover of the longer one nearest to it under the embedding model, when that
is at least ``grown_floor`` close. Read backwards (a story cut down to a
short item) the rule is the same, so nothing depends on which version is old.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from redline.align.embedding import Embed, cosines
from redline.align.meaning import InOrderChain, Terms, in_order_bounds
from redline.align.nearest import judged, other_items
from redline.align.options import AlignOptions
from redline.text.document import Document

__all__ = ["grown_links"]


def grown_links(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    embed: Embed,
    options: AlignOptions,
    apart: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int, bool]]:
    """Pairs ``(old, new, in_order)``: in a story grown (or cut) ``grown_ratio``
    times or more, each leftover sentence of the shorter version with its
    nearest leftover of the longer one, at least ``grown_floor`` close, taken
    by decreasing cosine, each sentence once. Only sentences long enough to
    judge (:func:`redline.align.nearest.judged`) take part; pairs that *apart*
    names two facts, or that are about other items, are left out."""
    n, m = len(new_of), len(old_of)
    if options.grown_ratio <= 0 or not n or not m or max(n, m) < options.grown_ratio * min(n, m):
        return []
    so, sn = old.sentences, new.sentences
    to, tn = Terms(old), Terms(new)
    olds = [i for i, j in enumerate(new_of) if j < 0 and judged(so[i], to[i], to.lang, options)]
    news = [j for j, i in enumerate(old_of) if i < 0 and judged(sn[j], tn[j], tn.lang, options)]
    if not olds or not news or len(olds) + len(news) > options.embed_max_sentences:
        return []
    table = cosines(embed, [so[i].text for i in olds], [sn[j].text for j in news])
    if n > m:  # the new version is the shorter: read the table by its columns
        table = [list(col) for col in zip(*table, strict=True)]
        short, long_ = news, olds
    else:
        short, long_ = olds, news
    found = []
    for r, x in enumerate(short):
        row = table[r]
        c = max(range(len(long_)), key=lambda k: (row[k], -k))
        y = long_[c]
        i, j = (x, y) if n <= m else (y, x)
        if row[c] < options.grown_floor:
            continue
        if (apart is not None and apart(i, j)) or other_items(so[i].key, sn[j].key):
            continue
        tie = zlib.crc32(f"{so[i].key}\x00{sn[j].key}".encode())
        found.append((-round(row[c], 9), tie, i, j))
    found.sort()
    before, after = in_order_bounds(new_of, old_of, kind, m)
    used_o: set[int] = set()
    used_n: set[int] = set()
    chain = InOrderChain()
    out = []
    for *_, i, j in found:
        if i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        # in order only between the links around it and without crossing an
        # in-order pair taken before (a closer one)
        out.append((i, j, before[i] < j < after[i] and chain.take(i, j)))
    return out
