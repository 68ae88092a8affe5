"""The aligner's large-document path: exact steps everywhere, similarity only
where it is bounded (small gaps, within a budget, few sentences left for moves).

The thresholds are options, so the rules are checked on small documents with
small thresholds, and once on documents past the default threshold.
"""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from tests.align.test_properties import SETTINGS, _check_cover, _texts, version_pair

import redline
from redline.align.match import align
from redline.align.options import AlignOptions
from redline.text.segment import segment

SMALL = AlignOptions(
    large_document=4, large_gap_cells=4, large_budget_cells=6, large_move_sentences=4
)


def _ops(links: tuple[redline.Link, ...] | list[redline.Link]) -> Counter[str]:
    return Counter(link.op for link in links)


def _sentences(count: int, seed: int) -> list[str]:
    """Distinct, ordinary-looking sentences."""
    rng = random.Random(seed)
    words = ["council", "bridge", "river", "plans", "homes", "budget", "mayor", "school"]
    verbs = ["approved", "rejected", "delayed", "praised", "reviewed", "funded"]
    return [
        f"The {rng.choice(words)} committee {rng.choice(verbs)} item {k} "
        f"after {rng.randint(2, 90)} minutes of debate in ward {k % 97}."
        for k in range(count)
    ]


def test_small_gaps_are_still_matched_by_similarity() -> None:
    old = "\n".join(["Anchor one is here.", "The toll rose to 12 on Monday.", "Anchor two."] * 3)
    new = old.replace("rose to 12", "rose to 15")
    links = align(segment(old), segment(new), SMALL)
    assert _ops(links)["edited"] == 3
    assert _ops(links)["added"] == _ops(links)["deleted"] == 0


def test_gaps_larger_than_the_limit_are_exact_only() -> None:
    # one gap of 3 old x 3 new sentences (9 cells > 4): edits become deletions and additions
    head = "Anchor one is here.\nAnchor two is here too."
    old = head + "\nThe toll rose to 12.\nFire crews left at noon.\nRoads reopened later."
    new = head + "\nThe toll rose to 15.\nFire crews left at one.\nRoads reopened much later."
    links = align(segment(old), segment(new), SMALL)
    assert _ops(links) == Counter({"unchanged": 2, "added": 3, "deleted": 3})
    # the same pair under the default options (a small document) is three edits
    assert _ops(redline.compare(old, new).links)["edited"] == 3


def test_the_budget_bounds_the_gaps_matched() -> None:
    # four gaps of one old and one new sentence, a budget of two cells: the first
    # two gaps in reading order are matched, the others left to the exact steps
    anchors = [f"Anchor sentence number {k} stays put." for k in range(5)]
    olds = [f"The toll rose to {k} on Monday." for k in range(4)]
    news = [f"The toll rose to {k + 10} on Monday." for k in range(4)]
    old = "\n".join(x for k in range(4) for x in (anchors[k], olds[k])) + "\n" + anchors[4]
    new = "\n".join(x for k in range(4) for x in (anchors[k], news[k])) + "\n" + anchors[4]
    options = AlignOptions(
        large_document=4, large_gap_cells=4, large_budget_cells=2, large_move_sentences=0
    )
    links = align(segment(old), segment(new), options)
    assert sorted(link.old[0] for link in links if link.op == "edited") == [1, 3]
    assert sorted(link.old[0] for link in links if link.op == "deleted") == [5, 7]
    assert sorted(link.new[0] for link in links if link.op == "added") == [5, 7]
    # with room for the moves step (four sentences left), it links the two left
    roomy = AlignOptions(large_document=4, large_gap_cells=4, large_budget_cells=2)
    linked = [link for link in align(segment(old), segment(new), roomy) if link.op == "moved"]
    assert sorted(link.old[0] for link in linked) == [5, 7]
    assert all(link.text_changed for link in linked)


def test_exact_moves_are_found_whatever_the_size() -> None:
    sentences = _sentences(12, seed=1)
    old = "\n".join(sentences)
    new = "\n".join(reversed(sentences))
    links = align(segment(old), segment(new), SMALL)
    assert _ops(links)["moved"] == 11 and _ops(links)["unchanged"] == 1


@SETTINGS
@given(version_pair())
def test_large_path_covers_every_sentence_once(pair: tuple[str, str]) -> None:
    old, new = (segment(t) for t in pair)
    _check_cover(redline.Comparison(old, new, align(old, new, SMALL)))


@SETTINGS
@given(version_pair())
def test_large_path_mirrors_when_versions_are_swapped(pair: tuple[str, str]) -> None:
    old, new = (segment(t) for t in pair)
    forward = redline.Comparison(old, new, align(old, new, SMALL))
    backward = redline.Comparison(new, old, align(new, old, SMALL))
    f_added, f_deleted, f_pairs = _texts(forward)
    b_added, b_deleted, b_pairs = _texts(backward)
    assert f_added == b_deleted
    assert f_deleted == b_added
    assert f_pairs == Counter({(n, o): k for (o, n), k in b_pairs.items()})


def test_default_threshold_one_edit_in_a_huge_document() -> None:
    sentences = _sentences(AlignOptions().large_document + 1000, seed=2)
    edited = list(sentences)
    edited[5000] = edited[5000].replace("committee", "committee chair")
    c = redline.compare("\n".join(sentences), "\n".join(edited))
    ops = _ops(c.links)
    assert ops["edited"] == 1 and ops["unchanged"] == len(sentences) - 1
    (link,) = [link for link in c.links if link.op == "edited"]
    assert link.old == link.new == (5000,)


def test_default_threshold_reversed_huge_document_is_all_moves() -> None:
    sentences = _sentences(AlignOptions().large_document + 1000, seed=3)
    c = redline.compare("\n".join(sentences), "\n".join(reversed(sentences)))
    ops = _ops(c.links)
    assert ops["moved"] == len(sentences) - 1 and ops["unchanged"] == 1
    assert not ops["added"] and not ops["deleted"]
