"""``redline ingest``: read files, HTML pages, JSON Lines and WARC archives into the store."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from redline.cli.console import translate_errors
from redline.cli.options import format_option
from redline.cli.storeopts import db_option, open_store
from redline.errors import printable

if TYPE_CHECKING:  # the ingest stage is loaded only when the command runs
    from redline.ingest import IngestReport

__all__ = ["ingest"]


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option(
    "--story",
    default=None,
    metavar="NAME",
    help="Put every document into this one story (a URL a page names is kept, not used "
    "to tell articles apart). Without it, documents without a URL or id are grouped.",
)
@click.option(
    "--order",
    type=click.Choice(["auto", "evidence", "time", "name", "given"]),
    default="auto",
    show_default=True,
    help="How to order the versions of a story without ids: auto (times if every "
    "document has one, else evidence), evidence, time, name (file name), given "
    "(command-line order).",
)
@click.option(
    "--source",
    default=None,
    metavar="NAME",
    help="Outlet name for documents without a URL (default: files).",
)
@click.option("--no-raw", is_flag=True, help="Do not keep the raw HTML of pages.")
@click.option(
    "--no-compare",
    is_flag=True,
    help="Do not compute change summaries now (they are computed on first use).",
)
@format_option(help="Form of the summary printed at the end.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10000),
    default=200,
    show_default=True,
    help="Documents per transaction (an interruption loses at most one batch).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when standard error is a terminal).",
)
@translate_errors
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    story: str | None,
    order: str,
    source: str | None,
    no_raw: bool,
    no_compare: bool,
    fmt: str,
    batch_size: int,
    progress: bool | None,
) -> None:
    """Record the versions found in PATH... (files or directories).

    Plain text (one paragraph per line), HTML pages, JSON Lines (url, fetched_at,
    title, text or html, optional id) and WARC files. Ingesting the same input
    twice changes nothing. Documents without a URL or id are grouped into
    stories and ordered (see --order); the confidence is reported.

    Exit status: 0 when every input was read, 1 when some inputs failed (each
    is reported with file and line), 2 on trouble with the store.

    \b
    Example:
        redline ingest examples/seed --db /tmp/redline.sqlite3
    """
    from redline.ingest import IngestOptions
    from redline.ingest import ingest as run

    options = IngestOptions(
        story=story,
        order=order,
        source=source,
        keep_raw=not no_raw,
        compare=not no_compare,
        batch_size=batch_size,
    )
    show = sys.stderr.isatty() if progress is None else progress
    with open_store(db, write=True) as store:
        if show:
            from rich.console import Console
            from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            ) as bar:
                task = bar.add_task("ingesting", total=None)

                def tick(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                report = run(store, paths, options, progress=tick)
        else:
            report = run(store, paths, options)
    for problem in report.problems:
        click.echo(f"redline: {problem}", err=True)
    if fmt == "json":
        # ASCII: file names and reasons from the input cannot reach the terminal raw
        click.echo(json.dumps(report.to_dict(), ensure_ascii=True, indent=2))
    else:
        _print_summary(report)
    sys.exit(0 if report.ok else 1)


def _print_summary(report: IngestReport) -> None:
    d = report.to_dict()
    click.echo(
        f"{d['files']} files, {d['records']} documents: {d['versions_created']} new versions, "
        f"{d['seen']} seen again, {d['flipflops']} flip-flops, "
        f"{d['already_recorded']} already recorded; {d['articles']} articles "
        f"({d['new_articles']} new)."
    )
    for s in d["stories"]:
        click.echo(
            f"story {printable(s['story'])} (article {s['article_id']}): "
            f"{len(s['documents'])} versions, "
            f"ordered by {s['order_method']}, confidence {s['confidence']:.2f}"
        )
        for n, doc in enumerate(s["documents"], 1):
            click.echo(f"  v{n}: {printable(doc)}")
        for reason in s["reasons"]:
            click.echo(f"  - {printable(reason)}")
    if d["problems"]:
        click.echo(f"{len(d['problems'])} inputs failed (see messages above).")
