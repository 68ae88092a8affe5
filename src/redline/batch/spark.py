"""The Spark engine: the same per-article alignment, on any Spark cluster.

Pipeline (all Arrow, no pandas)::

    read (Parquet columns / JSON Lines as bytes)
      └ mapInArrow: normalise records           (redline.batch.records, as locally)
      └ repartition by article, sort within partitions
      └ mapInArrow: align each article          (redline.batch.partition, as locally)
             emits rows tagged with their table (one struct column per table),
             persisted once
      └ per table: filter, unnest, write Parquet folder (no Python)

Runs on ``local[*]`` by default and on any cluster given by ``master`` or by
``spark-submit``. Executors need Redline installed (``pip install redline[spark]``)
or shipped with ``--py-files``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from redline.batch.io import corpus_files
from redline.batch.partition import align_stream
from redline.batch.records import ALIASES, from_batch, from_json_lines, resolve_columns, to_batch
from redline.batch.run import BatchResult, prepare_output, write_manifest
from redline.batch.schema import INPUT, OUTPUT_SCHEMAS, TABLES
from redline.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["run_spark", "spark_session"]

#: What the alignment stage emits: a row of one output table, tagged with its name.
UNION = pa.schema([("table", pa.string())]
                  + [(name, pa.struct(list(OUTPUT_SCHEMAS[name]))) for name in TABLES])
FLUSH_PAIRS = 500


def spark_session(master: str | None = None, *, app: str = "redline batch",
                  conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session for batch runs; ``local[*]`` unless *master* or spark-submit says."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    # Python workers must be this interpreter (it has Redline and pyarrow).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    elif not SparkConf().contains("spark.master"):
        builder = builder.master("local[*]")
    settings = {"spark.sql.session.timeZone": "UTC",
                "spark.sql.execution.arrow.maxRecordsPerBatch": "2000",
                "spark.sql.parquet.compression.codec": "zstd",
                **(conf or {})}
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _normalise_columns(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield to_batch(from_batch(batch))


def _normalise_lines(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        records = list(from_json_lines(v for v in batch.column(0).to_pylist() if v is not None))
        if records:
            yield to_batch(records)


def _records(batches: Iterator[pa.RecordBatch]) -> Iterator[dict[str, Any]]:
    for batch in batches:
        yield from batch.to_pylist()


def _align(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Align the articles of a partition; each output batch holds rows of one table."""
    for tables, _pairs in align_stream(_records(batches), flush_pairs=FLUSH_PAIRS):
        for name in TABLES:
            table = tables[name]
            if table.num_rows:
                yield _tagged(name, table)


def _tagged(name: str, table: pa.Table) -> pa.RecordBatch:
    """*table*'s rows as :data:`UNION` rows: the table's own column set, the others null."""
    n = table.num_rows
    columns: list[pa.Array] = [pa.array([name] * n, pa.string())]
    for other in TABLES:
        struct = UNION.field(other).type
        if other == name:
            arrays = [table.column(f.name).combine_chunks() for f in OUTPUT_SCHEMAS[name]]
            columns.append(pa.StructArray.from_arrays(arrays, fields=list(struct)))
        else:
            columns.append(pa.nulls(n, struct))
    return pa.RecordBatch.from_arrays(columns, schema=UNION)


def _read_input(spark: SparkSession, inputs: Sequence[str | Path]) -> DataFrame:
    from pyspark.sql import functions as F

    files = corpus_files(inputs)
    frames = []
    parquet = [str(p) for kind, p in files if kind == "parquet"]
    jsonl = [str(p) for kind, p in files if kind == "jsonl"]
    schema = _spark_schema(INPUT)
    if parquet:
        raw = spark.read.parquet(*parquet)
        columns = resolve_columns(raw.columns)
        for needed in ("article", "text"):
            if needed not in columns:
                raise InputError(f"{parquet[0]}: no {needed} column (looked for: "
                                 f"{', '.join(ALIASES[needed])})")
        raw = raw.select(*[F.col(f"`{name}`").alias(field) for field, name in columns.items()])
        frames.append(raw.mapInArrow(_normalise_columns, schema))
    if jsonl:
        lines = spark.read.text(jsonl).select(F.col("value").cast("binary").alias("value"))
        frames.append(lines.mapInArrow(_normalise_lines, schema))
    df = frames[0]
    for other in frames[1:]:
        df = df.unionByName(other)
    return df


def run_spark(inputs: Sequence[str | Path], out: str | Path, *, master: str | None = None,
              spark: SparkSession | None = None, partitions: int | None = None,
              overwrite: bool = False) -> BatchResult:
    """Align every consecutive version pair of the corpus *inputs* into *out* with Spark."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    out_path = Path(out)
    prepare_output(out_path, overwrite=overwrite)
    started = time.perf_counter()
    session = spark or spark_session(master)
    df = _read_input(session, inputs)
    n = partitions or max(session.sparkContext.defaultParallelism * 4, 2)
    grouped = df.repartition(n, "article").sortWithinPartitions("article", "version", "time")
    rows = grouped.mapInArrow(_align, _spark_schema(UNION))
    # aligned once, written six times: keep the rows (on disk) between the writes
    rows = rows.persist(StorageLevel.DISK_ONLY)
    try:
        for name in TABLES:
            (rows.where(F.col("table") == name).select(f"{name}.*")
             .write.mode("overwrite").parquet(str(out_path / name)))
        counts = {r["table"]: r["count"] for r in rows.groupBy("table").count().collect()}
    finally:
        rows.unpersist()
    result = BatchResult(out=str(out_path), engine="spark", inputs=[str(p) for p in inputs],
                         versions=counts.get("versions", 0), pairs=counts.get("pairs", 0),
                         errors=counts.get("errors", 0), master=session.sparkContext.master,
                         workers=session.sparkContext.defaultParallelism)
    result.seconds = time.perf_counter() - started
    write_manifest(result)
    if spark is None:
        session.stop()
    return result
