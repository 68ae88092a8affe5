"""The steps that revise links once all are known: which links moved (the
longest chain of all of them), template pairs that give way to partners
carrying their figures, and weak links that blocked two better pairs."""

from __future__ import annotations

from pathlib import Path

import redline
from redline.align.options import AlignOptions
from redline.align.order import settle_moves
from redline.align.repartner import repartner_by_meaning
from redline.align.splits import standalone


def _ops(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    c = redline.compare(old, new)
    ot, nt = c.old.texts, c.new.texts
    return [(k.op, [ot[i] for i in k.old], [nt[j] for j in k.new]) for k in c.links]


def _mirrored(old: str, new: str) -> None:
    """Swapping the versions swaps the sides of every link."""
    there = sorted((op, tuple(o), tuple(n)) for op, o, n in _ops(old, new))
    back = {"added": "deleted", "deleted": "added"}
    swapped = sorted((back.get(op, op), tuple(o), tuple(n)) for op, n, o in _ops(new, old))
    assert there == swapped


def test_the_longest_chain_of_all_links_decides_what_moved() -> None:
    # one unchanged sentence moved up past three that were edited in place:
    # the reader sees one move, not three
    old = (
        "Trade talks resume in Brasília\n"
        "Negotiators from both blocs met on Monday for a fresh round of talks.\n"
        "An EU official said the two sides were closer than ever to a deal.\n"
        "A Brazilian diplomat said differences remained over forest protection.\n"
        "Farmers in France have staged protests against the deal.\n"
        "Talks are expected to last until Friday."
    )
    new = (
        "Trade talks resume in Brasília\n"
        "Negotiators from both blocs met on Monday for a fresh round of talks.\n"
        "Talks are expected to last until Friday.\n"
        "An EU official said the two sides were closer than ever.\n"
        "Brazilian diplomats say differences remain over forest protection.\n"
        "Farmers in France have protested against the deal."
    )
    ops = _ops(old, new)
    moved = [(o, n) for op, o, n in ops if op == "moved"]
    assert moved == [
        (["Talks are expected to last until Friday."], ["Talks are expected to last until Friday."])
    ]
    assert [op for op, _, _ in ops].count("edited") == 3
    _mirrored(old, new)


def test_settle_moves_keeps_the_chain_with_more_links() -> None:
    # old 0..3 -> new: 0 stays, 3 moved to the front of 1 and 2
    new_of = [0, 2, 3, 1]
    old_of = [0, 3, 1, 2]
    kind = ["unchanged", "moved-edited", "moved-edited", "unchanged"]
    settle_moves(new_of, old_of, kind)
    assert kind == ["unchanged", "edited", "edited", "moved"]


def test_a_merge_is_moved_or_not_as_the_split_it_mirrors() -> None:
    # two sentences merged into one that moved down past an edited one: the
    # merge read one way is the split read the other, both moved or both not
    old = (
        "Council approves the budget\n"
        "The council approved its budget on Monday. It runs to £40m.\n"
        "Councillors argued for three hours before the vote was taken.\n"
        "Opposition members walked out of the chamber in protest."
    )
    new = (
        "Council approves the budget\n"
        "Councillors argued for three hours before the final vote was taken.\n"
        "Opposition members walked out of the chamber in protest at the cuts.\n"
        "The council approved its budget, which runs to £40m, on Monday."
    )
    there = _ops(old, new)
    back = _ops(new, old)
    merged = [op for op, o, n in there if len(o) == 2]
    split = [op for op, o, n in back if len(n) == 2]
    assert merged and merged == split
    _mirrored(old, new)


def test_a_template_pair_gives_way_to_partners_with_its_figures() -> None:
    old = (
        "Pump prices fall again\n"
        "The average price of a litre of petrol fell by 1.4p last week to 138.2p, the AA said.\n"
        "Motorists were urged to shop around.\n"
        "Diesel also fell, by 0.7p to 151.9p."
    )
    new = (
        "Diesel falls as pump prices drop again\n"
        "The average price of a litre of diesel fell by 0.7p last week to 151.9p, the AA said. "
        "Petrol dropped 1.4p to 138.2p.\n"
        "Motorists were urged to shop around."
    )
    ops = _ops(old, new)
    linked = {(o[0], n[0]) for op, o, n in ops if op in ("edited", "moved") and o and n}
    assert (
        "Diesel also fell, by 0.7p to 151.9p.",
        "The average price of a litre of diesel fell by 0.7p last week to 151.9p, the AA said.",
    ) in linked
    assert (
        "The average price of a litre of petrol fell by 1.4p last week to 138.2p, the AA said.",
        "Petrol dropped 1.4p to 138.2p.",
    ) in linked
    assert not [op for op, _, _ in ops if op in ("added", "deleted")]
    _mirrored(old, new)


def test_an_updated_figure_is_not_a_rival() -> None:
    # the toll changed: the pair shares no figure, but no leftover carries two
    # of its figures, so the edit stands
    old = "Quake kills 12 in the north\nAt least 12 people died and 40 were hurt, officials said."
    new = "Quake kills 19 in the north\nAt least 19 people died and 63 were hurt, officials said."
    ops = _ops(old, new)
    assert [op for op, _, _ in ops] == ["edited", "edited"]


def test_a_weak_link_that_blocked_two_rewrites_gives_way() -> None:
    # the state the in-order step leaves when it pairs the old lede with a
    # neighbour of its true rewrite: old 1 -> new 4 on weak evidence
    old = redline.segment(
        "Rare books stolen from Cumbria library\n"
        "Thieves have stolen a collection of rare medieval books from a library in Cumbria, "
        "police say.\n"
        "The break-in at the Ashworth Library in Kendal happened overnight.\n"
        "Officers are appealing for witnesses."
    )
    new = redline.segment(
        "Medieval books worth £2m stolen in library raid\n"
        "Police believe the raiders knew the building well.\n"
        "A set of medieval books valued at £2m has been taken from a library in Cumbria "
        "in what detectives called a planned raid.\n"
        "The books had been donated by a local family.\n"
        "The thieves struck at the Ashworth Library in the early hours of Tuesday, "
        "Cumbria Police said.\n"
        "Nothing else was taken."
    )
    new_of = [0, 4, -1, -1]
    old_of = [0, -1, -1, -1, 1, -1]
    kind = ["edited", "edited", "unchanged", "unchanged"]
    swaps = repartner_by_meaning(old, new, new_of, old_of, kind, [(1, 4)], AlignOptions())
    assert swaps == [(1, 4, 2, 2)]  # old 1 with new 2, old 2 with new 4
    # the same state seen from the other version gives the mirror image
    back = repartner_by_meaning(new, old, old_of, new_of, ["edited"] * 6, [(4, 1)], AlignOptions())
    assert back == [(4, 1, 2, 2)]


def test_a_weak_link_stands_when_the_leftovers_say_something_else() -> None:
    old = redline.segment(
        "Rare books stolen from Cumbria library\n"
        "Thieves have stolen a collection of rare medieval books from a library in Cumbria.\n"
        "Officers are appealing for witnesses."
    )
    new = redline.segment(
        "Medieval books stolen in library raid\n"
        "The thieves struck at a library in Cumbria in the early hours of Tuesday.\n"
        "The weather was mild for the time of year."
    )
    swaps = repartner_by_meaning(
        old, new, [0, 1, -1], [0, 1, -1], ["edited"] * 3, [(1, 1)], AlignOptions()
    )
    assert swaps == []


def test_every_gold_pair_mirrors_with_its_moves() -> None:
    """Swapping the versions of any gold pair swaps added and deleted and keeps
    every link's op, moved ones included (the moves step breaks ties with
    measures that do not depend on which version is old)."""
    gold = Path(__file__).resolve().parents[1] / "data" / "gold"
    back = {"added": "deleted", "deleted": "added"}
    differ = []
    for case in sorted(p for p in gold.iterdir() if p.is_dir()):
        old = (case / "old.txt").read_text(encoding="utf-8")
        new = (case / "new.txt").read_text(encoding="utf-8")
        there = sorted((op, tuple(o), tuple(n)) for op, o, n in _ops(old, new))
        swapped = sorted((back.get(op, op), tuple(o), tuple(n)) for op, n, o in _ops(new, old))
        if there != swapped:
            differ.append(case.name)
    assert differ == []


def test_a_question_standing_alone_as_a_subhead_is_no_part_of_a_split() -> None:
    # an explainer's subhead in question form names what the sentence before it
    # lost ("Halcyon"): still a subhead of its own, not the second half of a split
    old = (
        "Halcyon launch delayed again\n"
        "The launch of the Halcyon ocean satellite has been pushed back by a month.\n"
        '"Nobody likes a delay, but we will only fly Halcyon when we are completely ready,"'
        " said mission manager Ines Roth.\n"
        "The satellite will measure how much heat the oceans absorb."
    )
    new = (
        "Halcyon launch delayed again\n"
        "The launch of the Halcyon ocean satellite has been pushed back by a month.\n"
        '"Nobody likes a delay, but we will only fly when we are totally ready,"'
        " said Ines Roth, the mission manager.\n"
        "What is Halcyon for?\n"
        "The satellite will measure how much heat the oceans absorb."
    )
    ops = _ops(old, new)
    assert ("added", [], ["What is Halcyon for?"]) in ops
    assert all(len(n) == 1 for _, _, n in ops)
    _mirrored(old, new)
    # the same question inside a paragraph may still be part of one
    doc = redline.segment("Title\nIs it safe? Experts say it is.\nWhat is Halcyon for?")
    assert [standalone(doc, k) for k in range(len(doc))] == [True, False, False, True]
