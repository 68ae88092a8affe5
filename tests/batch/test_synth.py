"""The synthetic corpus generator: seeded, any size, a newsroom-like edit mix."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import redline
from redline.batch.synth import SynthOptions, generate, generate_pairs


def test_seeded_and_independent_of_size():
    a = list(generate(20, SynthOptions(seed=7)))
    b = list(generate(30, SynthOptions(seed=7)))
    assert a == b[: len(a)]
    assert a != list(generate(20, SynthOptions(seed=8)))
    assert list(generate(5, SynthOptions(seed=7), start=10)) == [
        r for r in b if "synth-00000010" <= r["article"] <= "synth-00000014"
    ]


def test_chains_look_like_newsroom_histories():
    records = list(generate(150))
    chains: dict[str, list[dict]] = {}
    for r in records:
        chains.setdefault(r["article"], []).append(r)
    per_article = len(records) / len(chains)
    assert 3.2 < per_article < 4.4  # NewsEdits: 4.6M / 1.2M = 3.8
    assert all(r["version"] == k + 1 for c in chains.values() for k, r in enumerate(c))
    assert all(a["time"] < b["time"] for c in chains.values() for a, b in pairwise(c))
    ops: Counter[str] = Counter()
    for chain in chains.values():
        for old, new in pairwise(chain):
            counts = redline.compare(old["text"], new["text"]).counts()
            ops.update({k: v for k, v in counts.items() if k != "unchanged"})
    # additions most common, then edits, then deletions, then moves
    assert ops["added"] > ops["edited"] > ops["deleted"] > 0
    assert ops["moved"] > 0


def test_generate_pairs_reaches_the_target():
    records = list(generate_pairs(100))
    articles = {r["article"] for r in records}
    assert 100 <= len(records) - len(articles) < 100 + 25
