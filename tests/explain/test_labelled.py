"""Quality gate: edit classes on the labelled set must not regress.

``python bench/classify.py`` prints the full table. Every class must keep
precision and recall of at least 0.9 on its labelled items; lowering a floor
needs a reason in docs/benchmarks.md.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from redline.explain import CLASS_ORDER
from tests.conftest import ROOT

FLOOR = 0.9


def _bench():
    path = ROOT / "bench" / "classify.py"
    spec = importlib.util.spec_from_file_location("bench_classify", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_classify", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return _bench()


@pytest.fixture(scope="module")
def scored(bench):
    return bench.evaluate()


def test_labelled_set_is_large_and_covers_every_class(bench):
    items = bench.load_items()
    pairs = [i for i in items if i["file"] == "sentences.jsonl"]
    assert len(pairs) >= 120
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    support = {c: 0 for c in CLASS_ORDER}
    for item in items:
        assert set(item["labels"]) <= set(CLASS_ORDER), item["id"]
        assert item["old"] != item["new"] or not item["labels"] or "old_meta" in item
        for c in item["labels"]:
            support[c] += 1
    assert all(n >= 5 for n in support.values()), support


@pytest.mark.parametrize("cls", CLASS_ORDER)
def test_precision_and_recall_floor(scored, cls):
    m = scored["per_class"][cls]
    assert m["precision"] >= FLOOR, m
    assert m["recall"] >= FLOOR, m


def test_fact_updates_name_old_and_new_values(scored):
    right, total = scored["values"]
    assert total >= 15
    assert right / total >= 0.9


# --- sets written apart from the rules, by someone who had not read them ----------------

UNSEEN_FLOORS = {"macro_f1": 0.95, "micro_f1": 0.95, "exact": 0.93, "fr_exact": 0.93}
"""A little under what the rules reach on the first tuning set (docs/edits.md)."""
HELDOUT_FLOORS = {"macro_f1": 0.92, "micro_f1": 0.91, "exact": 0.88, "fr_exact": 0.85}
"""A little under what the rules reach on the second tuning set, ``unseen_heldout``
(held out for two rounds, tuned on since; docs/edits.md)."""


@pytest.fixture(scope="module")
def unseen(bench):
    return bench.scores(bench.load_unseen(bench.UNSEEN_TUNE))


def test_unseen_tuning_set_floors(bench, unseen):
    items = bench.load_unseen(bench.UNSEEN_TUNE)
    assert len(items) >= 300
    assert all(set(i["labels"]) <= set(CLASS_ORDER) for i in items)
    a, fr = unseen["all"], unseen["fr"]
    assert a["macro_f1"] >= UNSEEN_FLOORS["macro_f1"], a
    assert a["micro_f1"] >= UNSEEN_FLOORS["micro_f1"], a
    assert a["exact"] / a["items"] >= UNSEEN_FLOORS["exact"]
    assert fr["exact"] / fr["items"] >= UNSEEN_FLOORS["fr_exact"]


def test_unseen_items_become_version_changes(bench):
    items = {i["id"]: i for i in bench.load_unseen(bench.UNSEEN_TUNE)}
    headlines = [i for i in items.values() if "old_meta" in i and "headline" in i["old_meta"]]
    timed = [i for i in items.values() if "old_meta" in i and "published" in i["old_meta"]]
    assert headlines and timed
    h = headlines[0]
    assert h["old"] == h["new"] and h["old_meta"]["headline"] != h["new_meta"]["headline"]
    t = timed[0]
    assert t["new_meta"]["seen"] and t["old_meta"]["published"] == t["new_meta"]["published"]


def test_second_tuning_set_floors(bench):
    result = bench.scores(bench.load_unseen(bench.UNSEEN_HELDOUT))
    a, fr = result["all"], result["fr"]
    assert a["items"] >= 150
    assert a["macro_f1"] >= HELDOUT_FLOORS["macro_f1"], a
    assert a["micro_f1"] >= HELDOUT_FLOORS["micro_f1"], a
    assert a["exact"] / a["items"] >= HELDOUT_FLOORS["exact"]
    assert fr["exact"] / fr["items"] >= HELDOUT_FLOORS["fr_exact"]


# --- the held-out set: written apart from the rules, never tuned on ----------------------

FRESH_TARGETS = {"macro_f1": 0.90, "class_f1": 0.80, "fr_exact": 0.85}
"""What the rules must reach on text they were not tuned on (docs/edits.md)."""


def test_fresh_heldout_set_meets_the_targets(bench):
    items = bench.load_unseen(bench.FRESH_HELDOUT)
    assert len(items) >= 200
    assert sum(i["lang"] == "fr" for i in items) >= len(items) // 4
    result = bench.scores(items)
    a, fr = result["all"], result["fr"]
    assert a["macro_f1"] >= FRESH_TARGETS["macro_f1"], a
    assert fr["exact"] / fr["items"] >= FRESH_TARGETS["fr_exact"], fr
    weak = {c: m["f1"] for c, m in a["per_class"].items() if m["f1"] < FRESH_TARGETS["class_f1"]}
    assert not weak, weak
