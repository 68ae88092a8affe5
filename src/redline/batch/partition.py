"""Run :func:`align_article` over a stream of input records and emit Arrow tables.

Shared by the engines: the local engine calls it on a slice of the sorted corpus,
Spark inside ``mapInArrow`` on each partition. Records must arrive grouped by
article (sorted, or at least contiguous).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from redline.batch.article import ArticleRows, Columns, align_article
from redline.batch.schema import OUTPUT_SCHEMAS, TABLES

__all__ = ["align_stream", "group_articles", "rows_to_tables"]

Record = dict[str, Any]


def group_articles(records: Iterable[Record]) -> Iterator[list[Record]]:
    """Runs of records with the same article; records without one come alone."""
    run: list[Record] = []
    for rec in records:
        if rec.get("article") is None:
            yield [rec]
            continue
        if run and run[0]["article"] != rec["article"]:
            yield run
            run = []
        run.append(rec)
    if run:
        yield run


def _orphan(rec: Record) -> ArticleRows:
    out = ArticleRows()
    out.errors.append(
        {
            "article": None,
            "version": rec.get("version"),
            "time": rec.get("time"),
            "stage": "input",
            "reason": rec.get("reason") or "no article id",
            "text": rec.get("text"),
        }
    )
    return out


def rows_to_tables(rows: ArticleRows) -> dict[str, pa.Table]:
    tables = {}
    for name in TABLES:
        value = getattr(rows, name)
        schema = OUTPUT_SCHEMAS[name]
        tables[name] = (
            value.to_table(schema)
            if isinstance(value, Columns)
            else pa.Table.from_pylist(value, schema=schema)
        )
    return tables


def align_stream(
    records: Iterable[Record],
    *,
    flush_pairs: int = 2000,
) -> Iterator[tuple[dict[str, pa.Table], int]]:
    """Yield ``(tables, pairs)`` every *flush_pairs* aligned pairs and at the end."""
    acc = ArticleRows()
    pending = 0
    for group in group_articles(records):
        rows = _orphan(group[0]) if group[0].get("article") is None else align_article(group)
        acc.extend(rows)
        pending += len(rows.pairs)
        if pending >= flush_pairs:
            yield rows_to_tables(acc), pending
            acc, pending = ArticleRows(), 0
    if any(len(getattr(acc, name)) for name in TABLES):
        yield rows_to_tables(acc), pending
