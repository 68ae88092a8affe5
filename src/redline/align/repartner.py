"""Links the in-order step made on weak evidence, undone when one link blocked two.

When two sections swap places and are both rewritten, or a story grows around
its old sentences, the in-order step (:mod:`redline.align.match`) may pair a
sentence with the one that took its place. A weak link ``(i, j)`` gives way when
*i* says the same as a leftover new sentence *k* and *j* the same as a leftover
old sentence *h*: by the rules' meaning score (:func:`repartner_by_meaning`) or,
with the optional model, by the embedding's cosines (:func:`repartner_weak_links`).
Both return ``(i, j, h, k)``: link *i* with *k* and *h* with *j*.
"""

from __future__ import annotations

from redline.align.embedding import Embed, cosines
from redline.align.meaning import Terms, judged_by_model, score_leftovers
from redline.align.options import AlignOptions
from redline.text.document import Document, Sentence

__all__ = ["repartner_by_meaning", "repartner_weak_links"]


def repartner_by_meaning(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    held: list[tuple[int, int]],
    options: AlignOptions,
) -> list[tuple[int, int, int, int]]:
    """Weak links ``(i, j)`` to undo, by the rules' meaning score: a leftover
    new sentence *k* says the same as *i* and a leftover old sentence *h* the
    same as *j* (each of them has it as its best partner, scoring at least
    ``meaning_threshold``), and the two pairs together score more than the
    link by ``repartner_meaning_margin``: one link blocked two. In a grown
    story the in-order step may pair a sentence with a neighbour of its true
    rewrite ("Thieves have stolen … Roman coins from a
    museum in North Yorkshire" with "The thieves struck at the Harrowby Museum …",
    where "A hoard of Roman coins … taken from a museum in North Yorkshire" is
    its rewrite). Returns ``(i, j, h, k)``: link *i* with *k* and *h* with *j*."""
    if not held:
        return []
    no, oo = new_of[:], old_of[:]
    for i, j in held:
        no[i] = oo[j] = -1
    # each sentence's best partner; ties go to the nearer pair, then the
    # smaller pair sum (symmetric in the two versions)
    best_o: dict[int, tuple[float, int, int, int]] = {}
    best_n: dict[int, tuple[float, int, int, int]] = {}
    score: dict[tuple[int, int], float] = {}
    for i, j, s, _, _, shared, _ in score_leftovers(old, new, no, oo, kind, options):
        if shared < options.repartner_shared:
            continue
        score[i, j] = s
        rank = (s, -abs(i - j), -i - j)
        if i not in best_o or rank > best_o[i][:3]:
            best_o[i] = (*rank, j)
        if j not in best_n or rank > best_n[j][:3]:
            best_n[j] = (*rank, i)
    heldset = {i for i, _ in held}, {j for _, j in held}
    out = []
    used_o: set[int] = set()
    used_n: set[int] = set()
    for i, j in sorted(held, key=lambda p: (score.get(p, 0.0), p[0] + p[1])):
        own = score.get((i, j), 0.0)
        # the leftover new sentence whose best partner is i, and the leftover
        # old one whose best partner is j (the best-scoring such, if several)
        k = max(
            (y for y, b in best_n.items() if b[3] == i and y not in heldset[1] and y not in used_n),
            key=lambda y: best_n[y][:3],
            default=-1,
        )
        h = max(
            (x for x, b in best_o.items() if b[3] == j and x not in heldset[0] and x not in used_o),
            key=lambda x: best_o[x][:3],
            default=-1,
        )
        if k < 0 or h < 0:
            continue
        if old.sentences[i].heading != new.sentences[k].heading:
            continue  # a heading pairs with a heading (a standfirst keeps its slot)
        if old.sentences[h].heading != new.sentences[j].heading:
            continue
        if min(score[i, k], score[h, j]) < options.meaning_threshold:
            continue
        if score[i, k] + score[h, j] < own + options.repartner_meaning_margin:
            continue
        used_n.add(k)
        used_o.add(h)
        out.append((i, j, h, k))
    return out


def repartner_weak_links(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    held: list[tuple[int, int]],
    embed: Embed,
    options: AlignOptions,
) -> list[tuple[int, int, int, int]]:
    """Weak links ``(i, j)`` (linked in order below the edit threshold) to undo
    because *i* says the same as a leftover new sentence *k* and *j* as a
    leftover old sentence *h*, by the embedding model: each of those pairs is
    the other's nearest, reaches ``embed_threshold`` and beats the weak link's
    cosine by ``repartner_margin``. When two sections swap places and are both
    rewritten, the in-order step pairs a sentence with the one that took its
    place. Returns ``(i, j, h, k)``: link *i* with *k* and *h* with *j*."""
    olds = [i for i, j in enumerate(new_of) if j < 0]
    news = [j for j, i in enumerate(old_of) if i < 0]
    so, sn = old.sentences, new.sentences
    to, tn = Terms(old), Terms(new)

    def judged(sentence: Sentence, terms: dict[str, float]) -> bool:
        return judged_by_model(sentence, terms, options)

    held = [(i, j) for i, j in held if judged(so[i], to[i]) and judged(sn[j], tn[j])]
    olds = [i for i in olds if judged(so[i], to[i])]
    news = [j for j in news if judged(sn[j], tn[j])]
    if not held or not olds or not news:
        return []
    cand_o = sorted({*olds, *(i for i, _ in held)})
    cand_n = sorted({*news, *(j for _, j in held)})
    if len(cand_o) + len(cand_n) > options.embed_max_sentences:
        return []
    table = cosines(embed, [so[i].text for i in cand_o], [sn[j].text for j in cand_n])
    row = {i: r for r, i in enumerate(cand_o)}
    col = {j: c for c, j in enumerate(cand_n)}

    def cos(i: int, j: int) -> float:
        return table[row[i]][col[j]]

    out = []
    used: set[tuple[str, int]] = set()
    for i, j in sorted(held, key=lambda p: (cos(*p), p[0] + p[1])):
        need = max(cos(i, j) + options.repartner_margin, options.embed_threshold)
        k = max(news, key=lambda y: (cos(i, y), -y))
        h = max(olds, key=lambda x: (cos(x, j), -x))
        if cos(i, k) < need or cos(h, j) < need:
            continue
        if max(cand_o, key=lambda x: (cos(x, k), -x)) != i:
            continue
        if max(cand_n, key=lambda y: (cos(h, y), -y)) != j:
            continue
        if {("o", i), ("o", h), ("n", j), ("n", k)} & used:
            continue
        used.update({("o", i), ("o", h), ("n", j), ("n", k)})
        out.append((i, j, h, k))
    return out
