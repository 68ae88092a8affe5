"""Bounds on the work one page may cost, checked before extraction starts.

Extraction time grows with the number of elements and with their depth
(trafilatura and jusText walk every element's path to the root), so a hostile
or broken page (megabytes of boxes nested hundreds deep) could take minutes and
gigabytes. A page is refused with a clear :class:`~redline.errors.ExtractionError`
when it has more than :data:`MAX_ELEMENTS` elements, when the sum of all
elements' depths passes :data:`MAX_NESTING_WORK`, or when it is nested deeper
than :data:`MAX_DEPTH` (the HTML parser silently drops what lies deeper, so the
text would be incomplete). Real article pages stay far below all three;
``docs/benchmarks.md`` gives the time and memory at the limits.
"""

from __future__ import annotations

from lxml import etree

from redline.errors import ExtractionError

__all__ = ["MAX_DEPTH", "MAX_ELEMENTS", "MAX_NESTING_WORK", "check_markup", "check_tree"]

MAX_ELEMENTS = 30_000
MAX_NESTING_WORK = 600_000
MAX_DEPTH = 255  # lxml's HTML parser stops at 256 levels
_TAGS_PER_ELEMENT = 4  # before parsing: '<' per element, generously (end tags, scripts)


def check_markup(raw: bytes, name: str) -> None:
    """Refuse, before parsing, a page with far more tags than any article page."""
    tags = raw.count(b"<")
    if tags > MAX_ELEMENTS * _TAGS_PER_ELEMENT:
        raise ExtractionError(
            f"{name}: the page has {tags:,} tags, far more than an article page "
            f"(the limit is {MAX_ELEMENTS:,} elements); not extracted"
        )


def check_tree(root: etree._Element, name: str) -> None:
    """Refuse a parsed page too big or too deeply nested to extract in bounded time."""
    elements = work = depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        elements += 1
        work += depth
        deepest = max(deepest, depth)
        if elements > MAX_ELEMENTS:
            raise ExtractionError(
                f"{name}: the page has more than {MAX_ELEMENTS:,} elements, far more than "
                "an article page; not extracted"
            )
        if work > MAX_NESTING_WORK:
            raise ExtractionError(
                f"{name}: the page's elements are nested too deeply to extract in bounded "
                f"time (total depth over {MAX_NESTING_WORK:,}); not extracted"
            )
    if deepest > MAX_DEPTH:
        raise ExtractionError(
            f"{name}: the page is nested {deepest} levels deep; the HTML parser keeps only "
            f"{MAX_DEPTH} levels, so its text would be incomplete; not extracted"
        )
