"""A cached comparison is reused only by the code that computed it: the name
stored with it covers the package, the JSON layout, the alignment rules and
the explanation rules."""

from __future__ import annotations

from redline import __version__
from redline.align import ALIGN_VERSION
from redline.changes import EXPLAINED_BY, explained
from redline.comparison import JSON_VERSION
from redline.explain import RULES_VERSION


def test_the_cache_key_names_every_part_of_the_code_that_explains() -> None:
    name = explained._NAME
    for part in (__version__, f"json-{JSON_VERSION}", f"align-{ALIGN_VERSION}", RULES_VERSION):
        assert part in name
    # the stored value fits the column; a longer name is cut and carries a
    # hash of the whole, so versions cut alike still differ
    assert len(EXPLAINED_BY) <= 40
    if len(name) > 40:
        head, _, digest = EXPLAINED_BY.rpartition("~")
        assert name.startswith(head) and len(digest) == 8
