"""Arrow schemas of the batch input and of every output table.

Both engines build their output from these schemas, so a table written by the
local engine and one written by Spark hold the same columns with the same types.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = [
    "ALIGNMENTS",
    "EDITS",
    "ERRORS",
    "INPUT",
    "OUTPUT_SCHEMAS",
    "PAIRS",
    "SENTENCES",
    "SORT_KEYS",
    "TABLES",
    "VERSIONS",
    "arrow_schema",
]


def arrow_schema(*columns: tuple[str, pa.DataType]) -> pa.Schema:
    """An Arrow schema of ``(name, type)`` columns, in order."""
    return pa.schema(columns)


#: A version of an article after its input record was read and checked.
#: ``reason`` is set (and the other fields are best effort) for a record that could
#: not be read at all, e.g. a malformed JSON line; such records go to ``errors``.
INPUT = arrow_schema(
    ("article", pa.string()),
    ("version", pa.int64()),
    ("time", pa.string()),
    ("source", pa.string()),
    ("text", pa.string()),
    ("reason", pa.string()),
)

VERSIONS = arrow_schema(
    ("article", pa.string()),
    ("version", pa.int64()),
    ("time", pa.string()),
    ("source", pa.string()),
    ("sentences", pa.int32()),
    ("paragraphs", pa.int32()),
    ("chars", pa.int64()),
    ("dropped", pa.list_(pa.string())),
)

SENTENCES = arrow_schema(
    ("article", pa.string()),
    ("version", pa.int64()),
    ("index", pa.int32()),
    ("text", pa.string()),
    ("paragraph", pa.int32()),
    ("heading", pa.bool_()),
)

WORD = pa.struct([("op", pa.string()), ("old", pa.string()), ("new", pa.string())])

#: One row per sentence pair of a link: a split or merge link spreads over several
#: rows that share ``link``; ``words`` (the word diff) is on the link's first row.
ALIGNMENTS = arrow_schema(
    ("article", pa.string()),
    ("old_version", pa.int64()),
    ("new_version", pa.int64()),
    ("link", pa.int32()),
    ("op", pa.string()),
    ("relation", pa.string()),
    ("old_index", pa.int32()),
    ("new_index", pa.int32()),
    ("similarity", pa.float64()),
    ("edited", pa.bool_()),
    ("words", pa.list_(WORD)),
)

#: One row per explained edit (:class:`redline.explain.model.Edit`): ``class`` is its
#: first (most newsworthy) class, ``classes`` all of them. Where the explain stage is
#: not available the table holds one row per changed link with the labels null.
EDITS = arrow_schema(
    ("article", pa.string()),
    ("old_version", pa.int64()),
    ("new_version", pa.int64()),
    ("edit", pa.int32()),
    ("link", pa.int32()),
    ("field", pa.string()),
    ("op", pa.string()),
    ("relation", pa.string()),
    ("old_indices", pa.list_(pa.int32())),
    ("new_indices", pa.list_(pa.int32())),
    ("class", pa.string()),
    ("classes", pa.list_(pa.string())),
    ("evidence", pa.list_(pa.string())),
    ("significance", pa.float64()),
)

PAIRS = arrow_schema(
    ("article", pa.string()),
    ("old_version", pa.int64()),
    ("new_version", pa.int64()),
    ("old_time", pa.string()),
    ("new_time", pa.string()),
    ("source", pa.string()),
    ("old_sentences", pa.int32()),
    ("new_sentences", pa.int32()),
    ("changed", pa.bool_()),
    ("unchanged", pa.int32()),
    ("edited", pa.int32()),
    ("moved", pa.int32()),
    ("added", pa.int32()),
    ("deleted", pa.int32()),
    ("split", pa.int32()),
    ("merge", pa.int32()),
    ("summary", pa.string()),
    ("explanation", pa.string()),
    ("significance", pa.float64()),
)

#: Input records left out of the alignment, with the reason. ``text`` keeps what
#: the record held (or the raw line when it could not be parsed), so nothing is lost.
ERRORS = arrow_schema(
    ("article", pa.string()),
    ("version", pa.int64()),
    ("time", pa.string()),
    ("stage", pa.string()),
    ("reason", pa.string()),
    ("text", pa.string()),
)

OUTPUT_SCHEMAS: dict[str, pa.Schema] = {
    "versions": VERSIONS,
    "sentences": SENTENCES,
    "alignments": ALIGNMENTS,
    "edits": EDITS,
    "pairs": PAIRS,
    "errors": ERRORS,
}
TABLES: tuple[str, ...] = tuple(OUTPUT_SCHEMAS)

#: Columns that order each table canonically (engines may write rows in any order).
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "versions": ("article", "version"),
    "sentences": ("article", "version", "index"),
    "alignments": ("article", "old_version", "link", "old_index", "new_index"),
    "edits": ("article", "old_version", "edit"),
    "pairs": ("article", "old_version"),
    "errors": ("article", "version", "stage", "reason", "time", "text"),
}
