"""Step 6b of the aligner: leftovers that are each other's nearest sentence.

With the embedding model, two leftover sentences that are each other's
nearest sentence of the other version, linked ones included, by a margin are
linked whatever words they share: a rewording that keeps no word ("A decision
is expected within eight weeks." / "Ministers should give their answer in
about two months."). See :func:`global_nearest_links` and ``docs/alignment.md``.
"""

from __future__ import annotations

from collections.abc import Callable

from redline.align.embedding import Embed, cosines
from redline.align.lexicon import language
from redline.align.meaning import Terms, in_order_bounds, judged_by_model
from redline.align.options import AlignOptions
from redline.align.similarity import line_label
from redline.text.document import Document, Sentence
from redline.text.tokens import tokenize

__all__ = ["global_nearest_links", "judged", "other_items"]


def global_nearest_links(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    embed: Embed,
    options: AlignOptions,
    apart: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int, bool]]:
    """Pairs ``(old, new, in_order)`` of leftover sentences that are each other's
    nearest sentence by the embedding model, by ``embed_global_margin``, against
    the other version's sentences, linked ones included: a rewording that keeps
    no word ("A decision is expected within eight weeks." / "Ministers should
    give their answer in about two months."), with no kept sentence closer to
    either. A leftover whose nearest sentence is one already linked (the story
    tells it twice, or it is another item of the same kind) stays unlinked.

    Asked only when ``embed_global_min_leftovers`` leftovers (long enough to
    judge) remain: the leftovers are compared with each other first; a pair
    that is each other's nearest and reaches ``embed_global_floor`` is then
    compared with its rivals, the ``embed_global_rivals`` sentences of each
    version that share most terms with the pair's other sentence (the model's
    nearest sentence is, in practice, among them; embedding every sentence
    would cost 10 ms each). Pairs that *apart* names two facts, or that
    :func:`other_items` tells apart, are left out.
    """
    if options.embed_global_margin >= 1:
        return []
    left_o = [i for i, j in enumerate(new_of) if j < 0]
    left_n = [j for j, i in enumerate(old_of) if i < 0]
    if len(left_o) + len(left_n) < options.embed_global_min_leftovers:
        return []
    so, sn = old.sentences, new.sentences
    to, tn = Terms(old), Terms(new)
    olds = [i for i in left_o if judged(so[i], to[i], to.lang, options)]
    news = [j for j in left_n if judged(sn[j], tn[j], tn.lang, options)]
    if not olds or not news or len(olds) + len(news) < options.embed_global_min_leftovers:
        return []
    if len(olds) + len(news) > options.embed_max_sentences:
        return []
    table = cosines(embed, [so[i].text for i in olds], [sn[j].text for j in news])
    candidates = []
    for r, i in enumerate(olds):
        c = max(range(len(news)), key=lambda k: (table[r][k], -k))
        if max(range(len(olds)), key=lambda k: (table[k][c], -k)) != r:
            continue
        j = news[c]
        if table[r][c] < options.embed_global_floor:
            continue
        if (apart is not None and apart(i, j)) or other_items(so[i].key, sn[j].key):
            continue
        candidates.append((i, j))
    if not candidates:
        return []
    # the sentences that could come closer compete: those sharing most terms
    # with each of the two (a sentence the model finds nearer is, in practice,
    # one of them); only they are embedded besides the leftovers
    before, after = in_order_bounds(new_of, old_of, kind, len(sn))
    out = []
    k = options.embed_global_rivals
    for i, j in candidates:
        rivals_n = _closest(to[i], tn, len(sn), j, k)
        rivals_o = _closest(tn[j], to, len(so), i, k)
        near = cosines(
            embed, [so[x].text for x in [i, *rivals_o]], [sn[y].text for y in [j, *rivals_n]]
        )
        rival = max([*near[0][1:], *(row[0] for row in near[1:])], default=-1.0)
        if near[0][0] - rival >= options.embed_global_margin:
            out.append((i, j, before[i] < j < after[i]))
    return out


def judged(sentence: Sentence, terms: dict[str, float], lang: str, options: AlignOptions) -> bool:
    """Whether the model's judgement of *sentence* (of a version in *lang*)
    counts: a body sentence long enough to judge, in its version's language (a
    quotation left untranslated is nearest to any other such by language
    alone)."""
    return (
        not sentence.heading
        and judged_by_model(sentence, terms, options)
        and language([tokenize(sentence.key.casefold())], lang) == lang
    )


def _closest(terms: dict[str, float], other: Terms, size: int, skip: int, k: int) -> list[int]:
    """The *k* sentences of the other version sharing most of *terms* (weighted)."""
    scored = []
    for y in range(size):
        if y == skip:
            continue
        t = other[y]
        shared = terms.keys() & t.keys()
        scored.append((-sum(terms[w] + t[w] for w in shared) / (1 + len(t)), y))
    return [y for _, y in sorted(scored)[:k]]


def other_items(a: str, b: str) -> bool:
    """Two comparison keys about other items: their figures written in digits
    differ entirely, so do the names inside them (told by their first four
    letters: "Asia" meets "Asian", "Reading" "Reading-based"), their possessive
    subjects differ, or their "label: value" labels differ."""
    ra, rb = tokenize(a), tokenize(b)
    ia = {t[:4].casefold() for t in ra[1:] if t[:1].isupper()}
    ib = {t[:4].casefold() for t in rb[1:] if t[:1].isupper()}
    if ia and ib and ia.isdisjoint(ib):
        return True
    na = {t for t in ra if t[:1].isdigit()}
    nb = {t for t in rb if t[:1].isdigit()}
    if na and nb and na.isdisjoint(nb):
        return True
    pa = ra[0] if ra and ra[0][:1].isupper() and ra[0].endswith(("'s", "’s")) else ""
    pb = rb[0] if rb and rb[0][:1].isupper() and rb[0].endswith(("'s", "’s")) else ""
    if pa and pb and pa != pb:
        return True
    la, lb = line_label([t.casefold() for t in ra]), line_label([t.casefold() for t in rb])
    return bool(la and lb and la != lb)
