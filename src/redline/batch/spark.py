"""The Spark engine: the same per-article alignment, on any Spark cluster.

Pipeline (all Arrow, no pandas)::

    read (Parquet columns / JSON Lines as bytes)
      └ mapInArrow: normalise records           (redline.batch.records, as locally)
      └ repartition by article, sort within partitions
      └ mapInArrow: align each article          (redline.batch.partition, as locally)
             and write the part files of every table with Arrow, as local
             workers do; only row counts go back to the driver

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
from redline.batch.schema import INPUT, TABLES, arrow_schema
from redline.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["run_spark", "spark_session"]

FLUSH_PAIRS = 500


def spark_session(
    master: str | None = None, *, app: str = "redline batch", conf: dict[str, str] | None = None
) -> SparkSession:
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
    settings = {
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.execution.arrow.maxRecordsPerBatch": "2000",
        "spark.sql.parquet.compression.codec": "zstd",
        **(conf or {}),
    }
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


COUNTS = arrow_schema(("table", pa.string()), ("rows", pa.int64()))


def _output_fs(out: str) -> tuple[Any, str]:
    """The Arrow filesystem and base path of *out* (a local path, ``hdfs://``, ``s3://`` …)."""
    import pyarrow.fs as pafs

    uri = out if "://" in out else str(Path(out).resolve())
    return pafs.FileSystem.from_uri(uri)


def _writer(out: str) -> Any:
    """The alignment task: align a partition's articles and write their part files.

    Files are named after the partition and a sequence number, and written under a
    temporary name then renamed, so a retried task rewrites the same files.
    """

    def align_and_write(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow.parquet as pq
        from pyspark import TaskContext

        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        fs, base = _output_fs(out)
        counts = dict.fromkeys(TABLES, 0)
        stream = align_stream(_records(batches), flush_pairs=FLUSH_PAIRS)
        for seq, (tables, _pairs) in enumerate(stream):
            for name, table in tables.items():
                if not table.num_rows:
                    continue
                final = f"{base}/{name}/part-{part:05d}-{seq:05d}.parquet"
                tmp = f"{base}/{name}/_tmp-{part:05d}-{seq:05d}.parquet"
                pq.write_table(table, tmp, filesystem=fs, compression="zstd")
                fs.move(tmp, final)
                counts[name] += table.num_rows
        yield pa.RecordBatch.from_pydict(
            {"table": list(counts), "rows": list(counts.values())}, schema=COUNTS
        )

    return align_and_write


def _parquet_groups(paths: list[Path]) -> dict[tuple[tuple[str, str, str], ...], list[str]]:
    """Parquet files grouped by their schema, each read with its own column names."""
    import pyarrow.parquet as pq

    groups: dict[tuple[tuple[str, str, str], ...], list[str]] = {}
    for path in paths:
        try:
            schema = pq.read_schema(path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
        columns = resolve_columns(schema.names)
        for needed in ("article", "text"):
            if needed not in columns:
                raise InputError(
                    f"{path}: no {needed} column (looked for: {', '.join(ALIASES[needed])})"
                )
        if "version" not in columns and "time" not in columns:
            raise InputError(f"{path}: no version or time column")
        key = tuple((f, columns[f], str(schema.field(columns[f]).type)) for f in sorted(columns))
        groups.setdefault(key, []).append(str(path))
    return groups


def _read_input(spark: SparkSession, inputs: Sequence[str | Path]) -> DataFrame:
    from pyspark.sql import functions as F

    files = corpus_files(inputs)
    schema = _spark_schema(INPUT)
    frames = []
    for key, paths in _parquet_groups([p for kind, p in files if kind == "parquet"]).items():
        mapping = {field: name for field, name, _type in key}
        raw = spark.read.parquet(*paths).select(
            *[F.col(f"`{name}`").alias(field) for field, name in mapping.items()]
        )
        frames.append(raw.mapInArrow(_normalise_columns, schema))
    jsonl = [str(p) for kind, p in files if kind == "jsonl"]
    if jsonl:
        lines = spark.read.text(jsonl, lineSep="\n").select(
            F.col("value").cast("binary").alias("value")
        )
        frames.append(lines.mapInArrow(_normalise_lines, schema))
    df = frames[0]
    for other in frames[1:]:
        df = df.unionByName(other)
    return df


def run_spark(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    master: str | None = None,
    spark: SparkSession | None = None,
    partitions: int | None = None,
    overwrite: bool = False,
) -> BatchResult:
    """Align every consecutive version pair of the corpus *inputs* into *out* with Spark.

    Spark reads, normalises and partitions the corpus by article; each task aligns
    its articles with the same code as the local engine and writes its own Parquet
    part files with Arrow (no row conversion in the JVM, one pass over the data).
    *out* must be reachable from every executor: a local path in local mode, a
    shared, HDFS or S3 path on a cluster.
    """
    out_str = str(out)
    out_path = Path(out)
    if "://" not in out_str:
        prepare_output(out_path, overwrite=overwrite)
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    owned = spark is None and SparkSession.getActiveSession() is None
    session = spark or spark_session(master)
    try:
        df = _read_input(session, inputs)
        n = partitions or max(session.sparkContext.defaultParallelism * 4, 2)
        fs, base = _output_fs(out_str)
        for name in TABLES:
            fs.create_dir(f"{base}/{name}")
        grouped = df.repartition(n, "article").sortWithinPartitions("article", "version", "time")
        counts = dict.fromkeys(TABLES, 0)
        for row in grouped.mapInArrow(_writer(out_str), _spark_schema(COUNTS)).collect():
            counts[row["table"]] += row["rows"]
        result = BatchResult(
            out=out_str,
            engine="spark",
            inputs=[str(p) for p in inputs],
            versions=counts["versions"],
            pairs=counts["pairs"],
            errors=counts["errors"],
            master=session.sparkContext.master,
            workers=session.sparkContext.defaultParallelism,
        )
    finally:
        if owned:  # a session we started; one that was already running is left running
            session.stop()
    result.seconds = time.perf_counter() - started
    if "://" not in out_str:
        write_manifest(result)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point for ``spark-submit``: the cluster comes from spark-submit's options.

    spark-submit --master yarn --py-files redline.zip \\
        "$(python -c 'import redline.batch.spark as m; print(m.__file__)')" corpus/ -o out/
    """
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="redline-batch-spark", description=main.__doc__)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("-o", "--out", required=True)
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    result = run_spark(args.inputs, args.out, partitions=args.partitions, overwrite=args.overwrite)
    print(json.dumps(result.to_dict(), indent=2))


if __name__ == "__main__":  # pragma: no cover - run by spark-submit
    main()
