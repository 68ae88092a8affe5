"""``redline diff``: compare two versions of an article."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console

from redline.cli.common import read_text_input, translate_errors
from redline.comparison import Comparison, compare

__all__ = ["diff", "emit_comparison"]

FORMATS = ("text", "json", "html")


def emit_comparison(
    comparison: Comparison, fmt: str, *, context: int, color: bool | None, title: str | None,
    summary: str | None = None,
) -> None:
    """Write *comparison* to standard output in *fmt* (shared with the store commands)."""
    if fmt == "json":
        data = comparison.to_dict()
        if summary:
            data["summary"] = summary
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "html":
        from redline.render.html import render_html

        click.echo(render_html(comparison, title=title or "Redline diff", summary=summary))
    else:
        from redline.render.terminal import render_terminal

        console = Console(
            file=sys.stdout, force_terminal=color, no_color=color is False, highlight=False,
            soft_wrap=False,
        )
        render_terminal(comparison, console, context=context, title=title, summary=summary)


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: coloured terminal view; json: the alignment contract; html: a standalone page.")
@click.option("-C", "--context", default=1, show_default=True, type=click.IntRange(0),
              help="Unchanged sentences shown around each change (text format).")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: when a terminal).")
@translate_errors
def diff(old: str, new: str, fmt: str, context: int, color: bool | None) -> None:
    """Compare two versions of an article, sentence by sentence.

    OLD and NEW are text files (one paragraph per line) or - for standard input.
    Exit status is like diff(1): 0 when there is no meaningful change, 1 when
    there are changes, 2 on trouble (unreadable or binary input, too large).

    \b
    Example:
        redline diff examples/seed/001_288681e85a897712.txt examples/seed/000_72713660520ad913.txt
    """
    if old == "-" and new == "-":
        raise click.UsageError("only one of OLD and NEW can be standard input")
    old_text = read_text_input(old).text
    new_text = read_text_input(new).text
    comparison = compare(old_text, new_text)
    emit_comparison(comparison, fmt, context=context, color=color, title=None)
    sys.exit(1 if comparison.changed else 0)
