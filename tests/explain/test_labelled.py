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
