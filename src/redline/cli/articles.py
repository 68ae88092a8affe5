"""``redline articles``: list or search the articles in the store."""

from __future__ import annotations

import json

import click

from redline.cli.console import translate_errors
from redline.cli.options import format_option
from redline.cli.storeopts import db_option, format_time, open_store

__all__ = ["articles"]


@click.command()
@click.argument("words", nargs=-1)
@db_option
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--source", default=None, help="Only articles of this outlet.")
@format_option(help="json: stable fields, see docs/data-model.md.")
@translate_errors
def articles(
    words: tuple[str, ...], db: str | None, limit: int, source: str | None, fmt: str
) -> None:
    """List articles, most recently seen first, or those matching WORDS.

    \b
    Example:
        redline articles ingebrigtsen --format json
    """
    with open_store(db) as store:
        if words:
            found = store.search(" ".join(words), limit=limit)
        else:
            found = store.articles(limit=limit, source=source)
    if fmt == "json":
        click.echo(json.dumps([a.to_dict() for a in found], ensure_ascii=False, indent=2))
        return
    for a in found:
        name = a.url or a.story or a.external_id or a.key
        click.echo(
            f"{a.id:>6}  {a.version_count:>3} versions  {format_time(a.last_seen):<21} {name}"
        )
