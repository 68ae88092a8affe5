"""Step 6 of the aligner: the leftovers paired on meaning.

After the exact and fuzzy steps, sentences that are still unmatched on both
sides are compared on what they say rather than how: a heavy rewording ("no
injuries were reported" → "nobody was hurt, the fire service said") keeps few
words, but keeps the facts and the concepts.

The terms of a sentence come from :mod:`redline.align.lexicon`:

* **Content words, stemmed** by the Snowball stemmer (PyStemmer) of the document's language
  (English or French, told apart by their stop words), so *objected* meets
  *objections* and *blessés* meets *blessé*; the words of the reporting frame
  ("said", "according to", "a déclaré") do not count.
* **Concepts**: a small lexicon of news paraphrase groups (*injured / hurt /
  wounded / blessé*, *begin / start / débuter*, *inquiry / investigation /
  probe / enquête*) maps each member to one concept.
* **Anchors**: numbers (digits, or number words up to twenty) and names
  (capitalised words inside a sentence) weigh double.
* Every word is weighted by its rarity among the leftover sentences of both
  versions (inverse document frequency), and a pair scores the weighted Dice
  overlap of its two sets.

Only the leftovers are scored (all pairs when there are few, else the pairs
sharing a rare word), so this costs nothing when the earlier steps matched
everything, which is most version pairs. Pairs are taken greedily by score,
mutually; a pair that keeps its place between the in-order links is ``edited``,
otherwise ``moved`` and edited. The first sentence after the headline on both
sides (the lede or standfirst: the same slot) needs less. Nothing depends on
which version is called old.

With the optional ``meaning`` extra installed, a sentence-embedding model
(:mod:`redline.align.embedding`) is asked about the pairs the rules find
plausible but not enough: two sentences that are each other's clear nearest
leftover and close enough are linked. It also lets a weak in-order link give
way when both its sentences match leftovers elsewhere
(:mod:`redline.align.repartner`). See ``docs/alignment.md``.
"""

from __future__ import annotations

import math
import zlib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from redline.align.embedding import Embed, cosines
from redline.align.lexicon import language, meaning_terms
from redline.align.options import AlignOptions
from redline.align.similarity import line_label
from redline.align.slots import reads_as_headline
from redline.text.document import Document, Sentence
from redline.text.tokens import tokenize

__all__ = [
    "InOrderChain",
    "Terms",
    "in_order_bounds",
    "judged_by_model",
    "lede_index",
    "meaning_links",
    "score_leftovers",
]

_ANCHOR_WEIGHT = 2.0


def lede_index(doc: Document) -> int:
    """Index of the first sentence after a headline (a first paragraph of one
    sentence that reads as one: :func:`redline.align.slots.reads_as_headline`),
    or of the first sentence when there is none; -1 when empty."""
    s = doc.sentences
    if not s:
        return -1
    if doc.paragraphs and doc.paragraphs[0] == (0, 1) and reads_as_headline(doc):
        return 1 if len(s) > 1 else -1
    return 0


def in_order_bounds(
    new_of: list[int], old_of: list[int], kind: list[str], m: int
) -> tuple[list[int], list[int]]:
    """For each old index, the new index of the nearest in-order link before and
    after it (-1 and m when there is none). Only a link's own pair counts (the
    other parts of a split or merge carry no kind of their own)."""
    n = len(new_of)
    before = [-1] * n
    after = [m] * n
    last = -1
    for i in range(n):
        before[i] = last
        j = new_of[i]
        if j >= 0 and old_of[j] == i and kind[i] in ("unchanged", "edited"):
            last = j
    nxt = m
    for i in range(n - 1, -1, -1):
        after[i] = nxt
        j = new_of[i]
        if j >= 0 and old_of[j] == i and kind[i] in ("unchanged", "edited"):
            nxt = j
    return before, after


def meaning_links(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    options: AlignOptions,
    embed: Embed | None = None,
    apart: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int, float, bool]]:
    """Pairs ``(old, new, score, in_order)`` of leftover sentences that say the same.
    With *embed* (a sentence-embedding model, see :mod:`redline.align.embedding`),
    a pair whose embeddings are each other's clear nearest neighbours among the
    leftovers qualifies too. Pairs that *apart* names two facts
    (:mod:`redline.align.apart`) are left out."""
    scored = []
    so, sn = old.sentences, new.sentences
    leftovers = score_leftovers(old, new, new_of, old_of, kind, options, embed)
    for i, j, s, in_order, lede, shared, near in leftovers:
        need = _need(options, in_order, lede)
        if s < need or shared < options.meaning_shared:
            # the embeddings alone: close, and each other's nearest leftover
            close = options.embed_threshold if in_order or lede else options.embed_move_threshold
            if near < close:
                continue
            s = max(s, need)
        if apart is not None and apart(i, j):
            continue
        lo, hi = sorted((so[i].key, sn[j].key))
        tie = zlib.crc32(f"{lo}\x00{hi}".encode())
        scored.append((-round(s, 9), not in_order, i + j, tie, i, j, s, in_order, near))
    scored.sort()
    used_i: set[int] = set()
    used_j: set[int] = set()
    chosen = []
    chain = InOrderChain()
    for *_, i, j, s, in_order, near in scored:
        if i in used_i or j in used_j:
            continue
        if in_order:
            # in order only if it does not cross an in-order pair taken before
            # (taken by decreasing score, so the better pair keeps its place)
            in_order = chain.take(i, j)
            if not in_order and (
                s < options.meaning_move_threshold and near < options.embed_move_threshold
            ):
                continue
        used_i.add(i)
        used_j.add(j)
        chosen.append((i, j, s, in_order))
    return chosen


class InOrderChain:
    """The in-order pairs taken so far by a step, to tell whether the next one
    keeps its place: it does when it crosses none of them."""

    __slots__ = ("_i", "_j")

    def __init__(self) -> None:
        self._i: list[int] = []  # by old index; their new indices rise too
        self._j: list[int] = []

    def take(self, i: int, j: int) -> bool:
        """Take the pair ``(i, j)`` if it crosses no pair taken; whether it was."""
        k = bisect_left(self._i, i)
        if (k == 0 or self._j[k - 1] < j) and (k == len(self._i) or j < self._j[k]):
            self._i.insert(k, i)
            self._j.insert(k, j)
            return True
        return False


def score_leftovers(
    old: Document,
    new: Document,
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    options: AlignOptions,
    embed: Embed | None = None,
) -> list[tuple[int, int, float, bool, bool, int, float]]:
    """Every scored pair of leftovers sharing a term or, with *embed*, close in
    meaning: ``(old, new, score, in_order, lede slot, shared terms, near)``, where
    *near* is the cosine of the two sentences' embeddings when they are each
    other's nearest leftover by a margin of ``embed_margin`` (else 0)."""

    olds = [i for i, j in enumerate(new_of) if j < 0]
    news = [j for j, i in enumerate(old_of) if i < 0]
    if not olds or not news or len(olds) + len(news) > options.meaning_max_sentences:
        return []
    so, sn = old.sentences, new.sentences
    raw_o = {i: tokenize(so[i].key) for i in olds}
    raw_n = {j: tokenize(sn[j].key) for j in news}
    tok_o = {i: [t.casefold() for t in ts] for i, ts in raw_o.items()}
    tok_n = {j: [t.casefold() for t in ts] for j, ts in raw_n.items()}
    lower = {t for ts in (*raw_o.values(), *raw_n.values()) for t in ts if t[0].islower()}
    lang_o = language(tok_o.values())
    lang_n = language(tok_n.values())
    cache_o: dict[str, tuple[int, str]] = {}
    cache_n = cache_o if lang_o == lang_n else {}
    fo = {i: meaning_terms(raw_o[i], lang_o, cache_o, lower) for i in olds}
    fn = {j: meaning_terms(raw_n[j], lang_n, cache_n, lower) for j in news}
    df: Counter[str] = Counter()
    for terms, _, _ in fo.values():
        df.update(terms)
    for terms, _, _ in fn.values():
        df.update(terms)
    total = len(olds) + len(news)

    def weights(
        terms: frozenset[str], anchors: frozenset[str], _names: frozenset[str]
    ) -> dict[str, float]:
        return {
            t: math.log(1.0 + total / df[t]) * (_ANCHOR_WEIGHT if t in anchors else 1.0)
            for t in terms
        }

    wo = {i: weights(*fo[i]) for i in olds}
    wn = {j: weights(*fn[j]) for j in news}
    so_w = {i: sum(w.values()) for i, w in wo.items()}
    sn_w = {j: sum(w.values()) for j, w in wn.items()}

    if len(olds) * len(news) <= options.max_meaning_cells:
        pairs: Iterable[tuple[int, int]] = [(i, j) for i in olds for j in news]
    else:
        index: dict[str, list[int]] = defaultdict(list)
        for j in news:
            for t in fn[j][0]:
                index[t].append(j)
        found: set[tuple[int, int]] = set()
        for i in olds:
            for t in fo[i][0]:
                js = index.get(t, ())
                if len(js) <= options.candidate_df:
                    found.update((i, j) for j in js)
        pairs = sorted(found)

    # the names that tell two sentences' subjects apart: those inside them,
    # and an opening one only when possessive ("Greece's minister" /
    # "Azerbaijan's ministry"); any word may open a sentence with a capital
    named_o = {i: _told_names(fo[i], raw_o[i]) for i in olds}
    named_n = {j: _told_names(fn[j], raw_n[j]) for j in news}
    # "label: value" lines with different labels are different items (two
    # constituencies, two days of a forecast), whatever their values share
    label_o = {i: line_label(t) for i, t in tok_o.items()}
    label_n = {j: line_label(t) for j, t in tok_n.items()}

    def other_items(i: int, j: int) -> bool:
        """Told apart by their labels, or about other people or places
        ("Greece's minister" / "Azerbaijan's ministry")."""
        a, b = label_o[i], label_n[j]
        if a and b and a != b:
            return True
        x, y = named_o[i], named_n[j]
        return bool(x and y and x.isdisjoint(y))

    before, after = in_order_bounds(new_of, old_of, kind, len(sn))
    lede_o, lede_n = lede_index(old), lede_index(new)
    out = []
    for i, j in pairs:
        x, y = wo[i], wn[j]
        if not x or not y:
            continue
        shared = x.keys() & y.keys()
        if not shared or other_items(i, j):
            continue
        s = sum(x[t] + y[t] for t in shared) / (so_w[i] + sn_w[j])
        in_order = before[i] < j < after[i]
        out.append((i, j, s, in_order, i == lede_o and j == lede_n, len(shared), 0.0))
    if embed is None:
        return out
    # the model is asked only about pairs that share enough to be plausible
    # (and long enough to judge: "13:20" carries too little), and only when
    # one of them falls short of the rules
    judged_o = [i for i in olds if len(wo[i]) >= options.embed_min_terms]
    judged_n = [j for j in news if len(wn[j]) >= options.embed_min_terms]
    settled = {
        (i, j)
        for i, j, s, in_order, lede, shared, _ in out
        if shared >= options.meaning_shared and s >= _need(options, in_order, lede)
    }
    # a rewrite (several leftovers on both sides) is asked about every pair,
    # however few words they share; a light update only about pairs the rules
    # find plausible (a model call costs more than the rest of the comparison)
    # (and never past the model's bound: its pairs are not even listed then)
    rewrite = (
        min(len(judged_o), len(judged_n)) >= options.embed_rewrite
        and len(judged_o) + len(judged_n) <= options.embed_max_sentences
    )
    if rewrite:
        candidates = [(i, j) for i in judged_o for j in judged_n]
    else:
        long_o, long_n = set(judged_o), set(judged_n)
        candidates = [
            (i, j) for i, j, s, *_ in out if s >= options.embed_gate and i in long_o and j in long_n
        ]
    asked = [(i, j) for i, j in candidates if not other_items(i, j)]
    if not set(asked) - settled:
        return out
    if len({i for i, _ in asked}) + len({j for _, j in asked}) > options.embed_max_sentences:
        return out
    near = _nearest(embed, so, sn, asked, options)
    # the pairs the rules scored carry their cosine; the others the model
    # found (sharing no term) join with a rules score of 0
    scored = {(e[0], e[1]) for e in out}
    out = [(*e[:6], near.get((e[0], e[1]), 0.0)) for e in out]
    for (i, j), c in sorted(near.items()):
        if (i, j) not in scored:
            out.append((i, j, 0.0, before[i] < j < after[i], i == lede_o and j == lede_n, 0, c))
    return out


def _told_names(
    terms: tuple[frozenset[str], frozenset[str], frozenset[str]], tokens: list[str]
) -> frozenset[str]:
    """The names of a sentence that tell its subject: names inside it (anchors),
    and its opening word when that is a name in the possessive."""
    _, anchors, names = terms
    inner = anchors & names
    if tokens and tokens[0][:1].isupper() and tokens[0].endswith(("'s", "’s")):
        return inner | (names - anchors)
    return inner


def _need(options: AlignOptions, in_order: bool, lede: bool) -> float:
    """Least meaning score of a pair by the rules."""
    if lede:
        return options.lede_meaning_threshold
    return options.meaning_threshold if in_order else options.meaning_move_threshold


def _nearest(
    embed: Embed,
    so: tuple[Sentence, ...] | list[Sentence],
    sn: tuple[Sentence, ...] | list[Sentence],
    pairs: list[tuple[int, int]],
    options: AlignOptions,
) -> dict[tuple[int, int], float]:
    """Of *pairs*, those whose embeddings are each other's nearest (among
    *pairs*) by at least ``embed_margin``, with their cosine."""
    if not pairs:
        return {}
    olds = sorted({i for i, _ in pairs})
    news = sorted({j for _, j in pairs})
    table = cosines(embed, [so[i].text for i in olds], [sn[j].text for j in news])
    row_of = {i: r for r, i in enumerate(olds)}
    col_of = {j: c for c, j in enumerate(news)}
    cos = {(i, j): table[row_of[i]][col_of[j]] for i, j in pairs}
    # the two best partners of each sentence, to find its best other one
    top_o: dict[int, list[tuple[float, int]]] = defaultdict(list)
    top_n: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), c in cos.items():
        top_o[i] = sorted([*top_o[i], (c, j)], reverse=True)[:2]
        top_n[j] = sorted([*top_n[j], (c, i)], reverse=True)[:2]
    out = {}
    for (i, j), c in cos.items():
        rival = max(
            max((v for v, k in top_o[i] if k != j), default=-1.0),
            max((v for v, k in top_n[j] if k != i), default=-1.0),
        )
        if c - rival >= options.embed_margin:
            out[(i, j)] = c
    return out


def judged_by_model(sentence: Sentence, terms: dict[str, float], options: AlignOptions) -> bool:
    """Whether the model's judgement of *sentence* counts: long enough
    (``embed_min_terms`` of its *terms*), and not a "label: value" line (a
    forecast day, a table row: told apart by their labels, not their meaning)."""
    return len(terms) >= options.embed_min_terms and not line_label(
        tokenize(sentence.key.casefold())
    )


class Terms:
    """Meaning terms of a document's sentences, computed on first use; the
    language is judged on the document's first sentences."""

    def __init__(self, doc: Document, sample: Iterable[int] = ()) -> None:
        self._s = doc.sentences
        self._sample = sorted(set(sample))
        self._lang = ""
        self._cache: dict[str, tuple[int, str]] = {}
        self._terms: dict[int, dict[str, float]] = {}

    @property
    def lang(self) -> str:
        """The document's language (judged on its first sentences)."""
        if not self._lang:
            sample = self._sample or range(min(30, len(self._s)))
            self._lang = language(tokenize(self._s[k].key.casefold()) for k in sample)
        return self._lang

    def __getitem__(self, index: int) -> dict[str, float]:
        got = self._terms.get(index)
        if got is None:
            terms, anchors, _ = meaning_terms(self._s[index].key, self.lang, self._cache)
            got = self._terms[index] = {t: _ANCHOR_WEIGHT if t in anchors else 1.0 for t in terms}
        return got
