"""``redline batch``: align whole corpora (locally or on Spark), import and export datasets."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from redline.cli.console import translate_errors
from redline.cli.options import format_option

__all__ = ["batch"]


@click.group()
def batch() -> None:
    """Align every consecutive version pair of a corpus; import and export datasets.

    \b
    Example:
        redline batch synth corpus.parquet --articles 1000
        redline batch align corpus.parquet -o aligned/
        redline batch datasheet aligned/
    """


def _report(result_dict: dict[str, object], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(result_dict, indent=2))
        return
    r = result_dict
    click.echo(
        f"{r['pairs']:,} version pairs aligned from {r['versions']:,} versions "
        f"in {r['seconds']:.1f} s ({r['pairs_per_second']:,.0f} pairs/s, "
        f"engine {r['engine']}); {r['errors']:,} records in the errors table"
    )
    click.echo(f"output: {r['out']}")


@batch.command("align")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for the output tables (one sub-folder of Parquet files per table).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: all cores of this machine; spark: PySpark.",
)
@click.option(
    "--master", default=None, help="Spark master URL (default local[*], or what spark-submit sets)."
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Local engine processes (default: one per core).",
)
@click.option(
    "--partitions",
    type=click.IntRange(1),
    default=None,
    help="Spark partitions (default: 4 per core of the cluster).",
)
@click.option("--overwrite", is_flag=True, help="Replace a previous batch output in --out.")
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="Progress bar on standard error (local engine).",
)
@format_option()
@translate_errors
def align_command(
    inputs: tuple[str, ...],
    out: str,
    engine: str,
    master: str | None,
    workers: int | None,
    partitions: int | None,
    overwrite: bool,
    progress: bool,
    fmt: str,
) -> None:
    """Align a corpus of versions into Parquet tables.

    INPUTS are Parquet or JSON Lines files (or folders of them) with an article id,
    a version number or time, and the text; a source column is optional. Output
    tables: versions, sentences, alignments, edits, pairs, errors. Records that
    cannot be used (missing text, duplicate version numbers, versions out of
    order, malformed lines) go to the errors table with the reason.

    \b
    Example:
        redline batch align corpus.jsonl -o aligned/ --engine spark --master local[2]
    """
    if engine == "spark":
        from redline.batch.spark import run_spark

        result = run_spark(
            list(inputs), out, master=master, partitions=partitions, overwrite=overwrite
        )
    else:
        from redline.batch.local import run_local

        result = run_local(
            list(inputs), out, workers=workers, overwrite=overwrite, progress=progress
        )
    _report(result.to_dict(), fmt)


@batch.command("synth")
@click.argument("dest", type=click.Path(dir_okay=False))
@click.option("--articles", type=click.IntRange(1), default=None, help="Number of articles.")
@click.option(
    "--pairs",
    type=click.IntRange(1),
    default=None,
    help="Generate articles until at least this many version pairs.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@translate_errors
def synth_command(dest: str, articles: int | None, pairs: int | None, seed: int) -> None:
    """Write a synthetic corpus (DEST ending .parquet, else JSON Lines)."""
    from redline.batch.synth import SynthOptions, generate, generate_pairs, write_corpus

    opts = SynthOptions(seed=seed)
    records = generate_pairs(pairs, opts) if pairs is not None else generate(articles or 1000, opts)
    n = write_corpus(dest, records)
    click.echo(f"{n:,} versions written to {dest}")


def _file_reader(kind: str) -> Callable[[str], Iterator[dict[str, Any]]]:
    """The reader of one database file of an imported *kind* (loaded on demand)."""
    if kind == "newsedits":
        from redline.batch.newsedits import read_versions

        return read_versions
    from redline.batch.diffengine import read_versions as read_diffengine

    return read_diffengine


@batch.command("import")
@click.argument("kind", type=click.Choice(["newsedits", "diffengine", "store"]))
@click.argument("databases", nargs=-1)
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False),
    help="Corpus file to write (.parquet or .jsonl), ready for `batch align`.",
)
@click.option(
    "--agreement",
    is_flag=True,
    help="NewsEdits: also re-align its version pairs on its own sentences and print "
    "the agreement with its matched_sentences.",
)
@translate_errors
def import_command(kind: str, databases: tuple[str, ...], out: str, agreement: bool) -> None:
    """Import NewsEdits files (one SQLite per outlet), a diffengine database or the
    Redline store (DATABASES: store paths or URLs; none for the default store) as a
    corpus file for `batch align`.

    \b
    Example:
        redline batch import newsedits ap.db reuters.db -o corpus.parquet --agreement
        redline batch import store -o corpus.parquet
    """
    from itertools import chain

    from redline.batch.synth import write_corpus

    sources: list[str | None] = list(databases) or [None]
    if kind == "store":
        from redline.batch.store import read_versions as read_store

        records = chain.from_iterable(read_store(db) for db in sources)
    else:
        if not databases:
            raise click.UsageError(f"give at least one {kind} database file")
        read = _file_reader(kind)
        records = chain.from_iterable(read(db) for db in databases)
    n = write_corpus(out, records)
    click.echo(f"{n:,} versions from {len(sources)} {kind} database(s) written to {out}")
    if agreement and kind == "newsedits":
        from redline.batch.newsedits import agreement as score

        result = score(list(databases))
        d = result.to_dict()
        click.echo(
            f"agreement with NewsEdits matches on {d['pairs']:,} version pairs: "
            f"precision {d['precision']:.3f}, recall {d['recall']:.3f}, "
            f"F1 {d['f1']:.3f}; same fate for {d['fate_agreement']:.1%} of "
            f"{d['sentences']:,} sentences"
        )
        for outlet, o in result.per_outlet.items():
            click.echo(
                f"  {outlet}: {o['pairs']:,} pairs, F1 {o['f1']:.3f}, "
                f"same fate {o['fate_agreement']:.1%}"
            )


@batch.command("export")
@click.argument("batch_out", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["sqlite", "parquet"]),
    default="sqlite",
    show_default=True,
    help="sqlite: one NewsEdits-style file per source; parquet: the same two tables.",
)
@translate_errors
def export_command(batch_out: str, out: str, fmt: str) -> None:
    """Export batch output in the NewsEdits layout (split_sentences, matched_sentences)."""
    from redline.batch.datasheet import datasheet, to_markdown
    from redline.batch.newsedits import export

    paths = export(batch_out, out, fmt=fmt)
    sheet = datasheet(batch_out)
    Path(out, "datasheet.md").write_text(to_markdown(sheet), encoding="utf-8")
    Path(out, "datasheet.json").write_text(
        json.dumps(sheet, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    click.echo(f"{len(paths)} file(s) and a datasheet written to {out}")


@batch.command("datasheet")
@click.argument("batch_out", type=click.Path(exists=True, file_okay=False))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@translate_errors
def datasheet_command(batch_out: str, fmt: str) -> None:
    """Describe a batch output: counts, sources, time span, edit class distribution."""
    from redline.batch.datasheet import datasheet, to_markdown

    sheet = datasheet(batch_out)
    if fmt == "json":
        click.echo(json.dumps(sheet, indent=2, ensure_ascii=False))
    else:
        click.echo(to_markdown(sheet), nl=False)
