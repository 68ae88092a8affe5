"""Explain edits: classes with evidence, significance, summaries, provenance and statistics.

Pure functions over plain data::

    >>> import redline
    >>> from redline.explain import explain
    >>> explain(redline.compare("Five people died.", "Seven people died.")).summary
    '1 fact updated (Five → Seven)'
"""

from __future__ import annotations

from redline.explain.classify import explain
from redline.explain.filters import (
    GROUPS,
    classes_match,
    edit_matches,
    filter_edits,
    matches,
    parse_only,
)
from redline.explain.model import CLASS_ORDER, Classes, Edit, Explanation, Meta, ValueChange
from redline.explain.options import ExplainOptions
from redline.explain.significance import WEIGHTS
from redline.explain.textchange import classify_text_change

#: version of the classification rules; bump it when classes, evidence or
#: summaries change, so that caches of explained changes are recomputed
RULES_VERSION = "2026.12.08"

__all__ = [
    "CLASS_ORDER",
    "GROUPS",
    "RULES_VERSION",
    "WEIGHTS",
    "Classes",
    "Edit",
    "ExplainOptions",
    "Explanation",
    "Meta",
    "ValueChange",
    "classes_match",
    "classify_text_change",
    "edit_matches",
    "explain",
    "filter_edits",
    "matches",
    "parse_only",
]
