"""Quality gate: alignment scores on the hand-checked gold set must not regress.

The floors sit a little below the figures measured when they were set
(``python bench/gold_alignment.py`` prints the full table); lowering one needs a reason.
Cases 39–73 were written after the aligner's rules were fixed, as a held-out
check, and kept in the set with their misses. Cases 74–146 (hard paraphrase,
re-angled headlines, grown items, distractors; 106–121 were held out until the
rules of 2026-12-04 were made on them, 122–146 were written after those rules)
have floors of their own, and the held-out part (``tests/data/gold_heldout``:
pairs of later writers, all held out) a gate on its totals only. Cases 147–171
were a held-out set scored twice, then looked at; cases 172–217 were held-out
sets A, B, E and F (scored five to nine times), then looked at.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "gold"
# set just under the figures measured when they were set (2026-12-05, after the
# former held-out sets A, B, E and F joined the tuning cases as 172-217, and the
# prospect frame of story turns): cases 74-217 measured 0.945 / 0.902 / 0.738 /
# 0.923 on the rules alone, 0.960 / 0.933 / 0.814 / 0.945 with the embedding
# model; the held-out part, 132 pairs (sets G to P and R), 0.933 / 0.869 /
# 0.734 / 0.919 and 0.946 / 0.898 / 0.790 / 0.940, far short of its targets
# (see docs/alignment.md). The floors hold without the model too. With the
# fresh sets T, U and V (heavier in paraphrase) the held-out part, 174 pairs,
# read 0.935 / 0.868 / 0.726 / 0.914 and 0.953 / 0.905 / 0.798 / 0.943; with
# the standfirst slot 0.941 / 0.880 / 0.749 / 0.923 and 0.958 / 0.917 / 0.825 / 0.951.
# With sets W to AF (250 pairs) and the grown-story step: 0.936 / 0.884 / 0.730 /
# 0.915 and 0.955 / 0.921 / 0.824 / 0.948. With sets AG to AJ (282 pairs): 0.932 /
# 0.882 / 0.718 / 0.910 and 0.952 / 0.920 / 0.818 / 0.946: without the model,
# deleted F1 is now just under its floor (the floors guard the model's path,
# which the suite runs). With AK and AL (298 pairs): 0.932 / 0.884 / 0.716 /
# 0.910 and 0.952 / 0.921 / 0.815 / 0.946. With AM, AN and AO (322 pairs): 0.931
# / 0.886 / 0.713 / 0.910 and 0.952 / 0.923 / 0.814 / 0.946. With AP and AQ (338
# pairs): 0.931 / 0.887 / 0.714 / 0.911 and 0.952 / 0.923 / 0.812 / 0.946.
NEW_FLOORS = {"links": 0.94, "added": 0.895, "deleted": 0.73, "ops": 0.915}
HELDOUT_FLOORS = {"links": 0.925, "added": 0.86, "deleted": 0.72, "ops": 0.91}


def _bench():
    path = ROOT / "bench" / "gold_alignment.py"
    spec = importlib.util.spec_from_file_location("gold_alignment", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gold_alignment", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored_all():
    bench = _bench()
    return bench.evaluate()


@pytest.fixture(scope="module")
def scored(scored_all):
    """Cases 1-73, whose floors predate the new cases."""
    bench = _bench()
    _, rows = scored_all
    rows = [r for r in rows if bench._case_number(r[0]) < bench.FIRST_NEW_CASE]
    return bench.subtotal(rows, new=False), rows


def test_gold_set_is_large_and_well_formed():
    cases = sorted(p for p in GOLD.iterdir() if p.is_dir())
    assert len(cases) >= 30
    for case in cases:
        exp = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        assert exp["description"]
        assert isinstance(exp["no_meaningful_change"], bool)
        assert exp["links"] or exp["no_meaningful_change"]
        for link in exp["links"]:
            assert link["op"] in ("unchanged", "edited", "moved", "added", "deleted")
            assert (link["op"] == "added") == (not link["old"])
            assert (link["op"] == "deleted") == (not link["new"])


def test_link_f1(scored):
    total, _ = scored
    assert total.counts["links"].f1 >= 0.98
    assert total.counts["changed_links"].f1 >= 0.96
    assert total.counts["links"].precision >= 0.99


def test_added_and_deleted_f1(scored):
    total, _ = scored
    assert total.counts["added"].f1 >= 0.97
    assert total.counts["deleted"].f1 >= 0.93
    assert total.counts["added_deleted"].f1 >= 0.96


def test_operation_label_accuracy(scored):
    total, _ = scored
    assert total.op_accuracy >= 0.98


def test_no_meaningful_change_is_reported_exactly_when_expected(scored):
    _total, rows = scored
    wrong = [case.name for case, s, _ in rows if not s.no_change_ok]
    assert wrong == []


def test_new_cases_floors(scored_all):
    bench = _bench()
    new = bench.subtotal(scored_all[1], new=True)
    assert new.cases >= 30
    assert _below(new, NEW_FLOORS) == []


def test_heldout_totals():
    """The held-out part, by its totals only (its cases are never looked at)."""
    bench = _bench()
    total, _ = bench.evaluate(cases=bench.load_cases(bench.HELDOUT_DIR))
    assert total.cases >= 338
    assert _below(total, HELDOUT_FLOORS) == []


def _below(score, floors: dict[str, float]) -> list[tuple[str, float]]:
    """The measures of *score* under their floor, with their figure."""
    figures = {k: score.counts[k].f1 for k in ("links", "added", "deleted")}
    figures["ops"] = score.op_accuracy
    return [(k, round(v, 3)) for k, v in figures.items() if v < floors[k]]


def test_no_case_collapses(scored_all):
    """A single pair scoring badly is a regression even if the totals hold. The
    hard cases from 74 on (paraphrase that keeps no word, which no step here can
    see) have a lower floor, and those from 122 on, added after the last rule
    change and never tuned on, a lower one still (two sections swapped and both
    rewritten, case 131, is at 0.57; a desk rewrite whose moves are read on
    another chain, case 146, at 0.56)."""
    bench = _bench()
    _, rows = scored_all
    bad = [
        (case.name, round(s.op_accuracy, 3))
        for case, s, _ in rows
        if s.op_accuracy < _case_floor(bench._case_number(case), bench.FIRST_NEW_CASE)
    ]
    assert bad == []


def _case_floor(number: int, first_new: int) -> float:
    if number >= 122:
        return 0.5
    return 0.75 if number >= first_new else 0.8


def test_second_hand_alignments_cover_their_pairs_exactly():
    """Each second alignment of a held-out pair (bench/gold_agreement.py) uses
    every sentence of both versions once, as the gold does, so the two can be
    compared link by link."""
    folders = json.loads((ROOT / "tests/data/gold_agreement/folders.json").read_text())
    assert len(folders) == 20 and len(set(folders.values())) == 20
    for folder, name in folders.items():
        second = json.loads(
            (ROOT / "tests/data/gold_agreement" / folder / "expected.json").read_text()
        )
        first = json.loads((ROOT / "tests/data/gold_heldout" / name / "expected.json").read_text())
        for side in ("old", "new"):
            used = sorted(t for link in second["links"] for t in link[side])
            assert used == sorted(t for link in first["links"] for t in link[side]), (folder, side)
