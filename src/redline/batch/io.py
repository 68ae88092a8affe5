"""Corpus files in, output tables out.

Input: Parquet files (or folders of them) and JSON Lines files (``.jsonl``,
``.ndjson``, ``.json``, optionally gzipped). Output: one folder per table holding
``part-*.parquet`` files, the layout Spark writes too, so either engine's output
reads the same way (:func:`read_table`).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from redline.batch.records import ALIASES, from_batch, from_json_lines, resolve_columns, to_batch
from redline.batch.schema import INPUT, OUTPUT_SCHEMAS, SORT_KEYS
from redline.errors import InputError

__all__ = [
    "JSONL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "corpus_files",
    "iter_corpus",
    "read_corpus",
    "read_table",
    "sorted_table",
    "write_part",
]

PARQUET_SUFFIXES = (".parquet", ".pq")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
BATCH_ROWS = 4096


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def corpus_files(paths: Sequence[str | Path]) -> list[tuple[str, Path]]:
    """``(kind, path)`` of every corpus file named or inside a named folder."""
    found: list[tuple[str, Path]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not p.name.startswith(("_", ".")) and _kind(p)
            )
            if not inside:
                raise InputError(f"{path}: no Parquet or JSON Lines files in this folder")
            found.extend((_kind(p) or "", p) for p in inside)
        else:
            kind = _kind(path)
            if kind is None:
                raise InputError(f"{path}: not a corpus file (expected .parquet or .jsonl)")
            found.append((kind, path))
    return found


def _check_parquet_columns(path: Path, names: Iterable[str]) -> list[str]:
    columns = resolve_columns(names)
    for needed in ("article", "text"):
        if needed not in columns:
            raise InputError(
                f"{path}: no {needed} column (looked for: {', '.join(ALIASES[needed])})"
            )
    if "version" not in columns and "time" not in columns:
        raise InputError(
            f"{path}: no version or time column (looked for: "
            f"{', '.join(ALIASES['version'] + ALIASES['time'])})"
        )
    return list(columns.values())


def _open_text(path: Path) -> io.BufferedIOBase:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def iter_corpus(paths: Sequence[str | Path]) -> Iterator[pa.RecordBatch]:
    """The corpus as normalised :data:`~redline.batch.schema.INPUT` batches."""
    for kind, path in corpus_files(paths):
        if kind == "parquet":
            try:
                pf = pq.ParquetFile(path)
            except (pa.ArrowInvalid, OSError) as exc:
                raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
            columns = _check_parquet_columns(path, pf.schema_arrow.names)
            for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=columns):
                yield to_batch(from_batch(batch))
        else:
            with _open_text(path) as fh:
                records: list[dict[str, Any]] = []
                for rec in from_json_lines(fh):
                    records.append(rec)
                    if len(records) >= BATCH_ROWS:
                        yield to_batch(records)
                        records = []
                if records:
                    yield to_batch(records)


def read_corpus(paths: Sequence[str | Path]) -> pa.Table:
    """The whole corpus, normalised, sorted by article and version."""
    batches = list(iter_corpus(paths))
    table = pa.Table.from_batches(batches, schema=INPUT)
    return table.sort_by(
        [("article", "ascending"), ("version", "ascending"), ("time", "ascending")]
    )


def write_part(out: Path, name: str, table: pa.Table, part: str) -> Path:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{part}.parquet"
    pq.write_table(table, path, compression="zstd")
    return path


def read_table(out: str | Path, name: str, *, sort: bool = True) -> pa.Table:
    """One output table of a batch run (either engine), in canonical order."""
    schema = OUTPUT_SCHEMAS[name]
    folder = Path(out) / name
    if not folder.is_dir():
        raise InputError(f"{folder}: no such table in the batch output")
    files = sorted(str(p) for p in folder.glob("*.parquet"))
    if not files:
        return schema.empty_table()
    parts = [pq.read_table(f) for f in files]
    table = pa.concat_tables([_conform(t, schema) for t in parts])
    return sorted_table(table, name) if sort else table


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """*table* with exactly *schema*'s columns and types (Spark names list items differently)."""
    arrays = [table.column(f.name).cast(f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def sorted_table(table: pa.Table, name: str) -> pa.Table:
    keys: list[tuple[str, Literal["ascending", "descending"]]] = [
        (k, "ascending") for k in SORT_KEYS[name]
    ]
    return table.sort_by(keys) if table.num_rows else table


def dataset(out: str | Path, name: str) -> ds.Dataset:
    """A lazily scanned output table, for corpora too large to load at once."""
    return ds.dataset(Path(out) / name, format="parquet", schema=OUTPUT_SCHEMAS[name])
