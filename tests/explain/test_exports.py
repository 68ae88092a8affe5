"""The public surface of redline.explain stays curated and honest."""

from __future__ import annotations

import redline.explain as ex


def test_all_lists_exactly_the_public_names():
    public = sorted(
        name
        for name, value in vars(ex).items()
        if not name.startswith("_")
        and not getattr(value, "__name__", "").startswith("redline.")
        and name not in ("annotations",)
    )
    assert sorted(ex.__all__) == public


def test_every_class_has_a_weight_and_a_filter_group():
    from redline.explain import CLASS_ORDER, GROUPS, WEIGHTS

    assert set(WEIGHTS) == set(CLASS_ORDER)
    grouped = set().union(*GROUPS.values())
    assert grouped == set(CLASS_ORDER)
