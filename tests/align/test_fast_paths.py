"""Shortcuts of the aligner must give what the plain steps give.

Each shortcut skips work in the common case (no repeated sentence, a small
in-place edit, a moved block); here each is switched off, or compared with the
plain definition, and the results must be the same.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import redline
from redline.align import anchors, fuzzy, match
from redline.align.similarity import CHAR_FLOOR, features, similarity

GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "gold"


def _gold_pairs() -> list[tuple[str, str]]:
    out = []
    for case in sorted(p for p in GOLD.iterdir() if p.is_dir()):
        old = (case / "old.txt").read_text(encoding="utf-8")
        new = (case / "new.txt").read_text(encoding="utf-8")
        out += [(old, new), (new, old)]
    return out


def test_the_gold_set_is_there():
    assert len(_gold_pairs()) >= 2 * 25


_KEYS = st.lists(st.integers(0, 12), max_size=25) | st.lists(
    st.integers(0, 30), unique=True, max_size=25
)


@given(_KEYS, _KEYS)
def test_exact_diff_without_repeats_shortcut_is_the_same(a, b):
    fast = anchors.common_subsequence(a, b)
    saved = anchors._distinct_keys
    anchors._distinct_keys = lambda *args: None
    try:
        plain = anchors.common_subsequence(a, b)
    finally:
        anchors._distinct_keys = saved
    assert fast == plain


def _choose_chain_quadratic(pairs, a, alo, n, blo, m):
    """The plain definition: every earlier pair considered as predecessor."""
    offsets = [abs((i - alo) / n - (j - blo) / m) for i, j in pairs]
    js = [j for _, j in pairs]
    keys = [a[i] for i, _ in pairs]
    length, cost, back = [1] * len(pairs), list(offsets), [-1] * len(pairs)
    for k, jk in enumerate(js):
        best = None
        for p in range(k):
            if js[p] < jk:
                cand = (length[p], -cost[p], -keys[p])
                if best is None or cand > best[0]:
                    best = (cand, p)
        if best is not None:
            p = best[1]
            back[k], length[k], cost[k] = p, length[p] + 1, cost[p] + offsets[k]
    end = max(range(len(pairs)), key=lambda k: (length[k], -cost[k], -keys[k]))
    chain = []
    while end >= 0:
        chain.append(pairs[end])
        end = back[end]
    return chain[::-1]


@pytest.mark.parametrize("seed", range(200))
def test_choice_among_longest_chains_is_the_plain_one(seed):
    rng = random.Random(seed)
    k = rng.randint(1, 40)
    js = rng.sample(range(60), k)
    if rng.random() < 0.5:  # a moved block, the usual case
        cut, size = rng.randrange(k), rng.randint(1, 8)
        js = sorted(js)
        block = js[cut : cut + size]
        rest = js[:cut] + js[cut + size :]
        at = rng.randint(0, len(rest))
        js = rest[:at] + block + rest[at:]
    pairs = [(i, j) for i, j in enumerate(js)]
    a = rng.sample(range(1000), k)  # distinct keys, as for unique-key anchors
    assert anchors._choose_chain(pairs, a, 0, k, 0, 60) == _choose_chain_quadratic(
        pairs, a, 0, k, 0, 60
    )


def test_small_edits_linked_on_characters_align_as_without_the_shortcut(monkeypatch):
    pairs = _gold_pairs()
    fast = [redline.compare(old, new).to_dict() for old, new in pairs]
    monkeypatch.setattr(fuzzy, "_close_in_characters", lambda *args: 0.0)
    plain = [redline.compare(old, new).to_dict() for old, new in pairs]
    assert fast == plain


def test_a_pair_linked_on_characters_would_score_at_least_as_much():
    # the shortcut's premise: characters at least CHAR_FLOOR alike (and no
    # "label:" line) means a similarity of at least CHAR_FLOOR
    rng = random.Random(7)
    sentences = [
        s for old, _ in _gold_pairs() for s in redline.segment(old).sentences if len(s.text) > 3
    ]
    words = ["also", "not", "the", "12", "police", "said", "on", "Monday", "more", "than"]
    checked = 0
    for x in rng.sample(sentences, 400):
        toks = x.text.split()
        for _ in range(3):
            edited = list(toks)
            for _ in range(rng.randint(1, 4)):
                k = rng.randrange(len(edited))
                edited[k] = rng.choice(words) if rng.random() < 0.7 else edited[k][::-1]
            y = redline.segment(" ".join(edited)).sentences
            if len(y) != 1:
                continue
            s = fuzzy._close_in_characters(x.key, y[0].key, 0.5, match.AlignOptions())
            if s:
                checked += 1
                vocabulary: dict = {}
                assert similarity(features(x, vocabulary), features(y[0], vocabulary)) >= CHAR_FLOOR
    assert checked > 100


def test_long_sentence_word_diff_past_the_matcher_limit():
    """A changed middle too long for SequenceMatcher is diffed by the bit-parallel LCS."""
    from redline.align import worddiff

    words = [f"w{i}" for i in range(2000)]
    old = " ".join(words)
    words[5] = "changed"
    del words[1990]
    words.insert(1000, "extra")
    new = " ".join(words)
    # the middle between the first and the last change is past the matcher's limit
    assert worddiff._MAX_MATCHER_TOKENS < 2 * (1990 - 5)
    ops = worddiff.word_diff(old, new)
    assert "".join(o.old for o in ops) == old
    assert "".join(o.new for o in ops) == new
    assert [tuple(o) for o in ops if o.op != "equal"] == [
        ("replace", "w5", "changed"),
        ("insert", "", "extra"),
        ("delete", "w1990", ""),
    ]
