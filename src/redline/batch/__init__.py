"""Batch alignment of whole corpora, locally or on Spark, and dataset import/export.

* :func:`run_local` / :func:`run_spark` — align every consecutive version pair of a
  corpus (Parquet or JSON Lines) into Parquet tables (:data:`TABLES`).
* :func:`read_table`, :func:`pair_dict` — read the output back.
* :mod:`redline.batch.newsedits`, :mod:`redline.batch.diffengine` — import corpora;
  :mod:`redline.batch.datasheet` — describe an output.
* :mod:`redline.batch.synth` — synthetic corpora for benchmarks.

Spark is imported only by :func:`run_spark`.
"""

from __future__ import annotations

from typing import Any

from redline.batch.io import read_corpus, read_table
from redline.batch.local import run_local
from redline.batch.reader import pair_dict
from redline.batch.run import BatchResult
from redline.batch.schema import OUTPUT_SCHEMAS, TABLES

__all__ = [
    "OUTPUT_SCHEMAS",
    "TABLES",
    "BatchResult",
    "pair_dict",
    "read_corpus",
    "read_table",
    "run_local",
    "run_spark",
]


def run_spark(*args: Any, **kwargs: Any) -> BatchResult:
    """See :func:`redline.batch.spark.run_spark` (imports PySpark on first use)."""
    from redline.batch.spark import run_spark as _run

    return _run(*args, **kwargs)
