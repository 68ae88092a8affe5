"""``redline diff``: compare two versions of an article."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from redline.cli.console import broken_pipe, read_text_input, translate_errors
from redline.comparison import Comparison, compare
from redline.text.segment import segment

__all__ = ["diff", "emit_comparison"]

FORMATS = ("text", "json", "html")
EXPLAIN_CHANGES = 20_000
"""Comparisons with more changed items than this are shown without edit classes."""


def emit_comparison(
    comparison: Comparison,
    fmt: str,
    *,
    context: int,
    color: bool | None,
    title: str | None,
    summary: str | None = None,
    explanation: Any | None = None,
) -> None:
    """Write *comparison* to standard output in *fmt* (shared with the store commands).

    An *explanation* (``redline.explain.explain``) adds its one-line summary
    under the counts in the text and HTML views (the JSON contract is unchanged).
    """
    if explanation is not None and fmt != "json" and explanation.changed:
        summary = f"{summary or comparison.summary()}\n{explanation.summary}"
    if fmt == "json":
        data = comparison.to_dict()
        if summary:
            data["summary"] = summary
        # written as it is encoded: the same text as json.dumps, without holding it whole
        _write(json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data))
    elif fmt == "html":
        from redline.render.html import iter_html

        _write(iter_html(comparison, title=title or "Redline diff", summary=summary))
    else:
        from redline.render.terminal import render_terminal

        console = _Console(
            file=sys.stdout,
            force_terminal=color,
            no_color=color is False,
            highlight=False,
            soft_wrap=False,
        )
        render_terminal(comparison, console, context=context, title=title, summary=summary)


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader stopped reading: exit as every other command does (status 141)."""
        self.quiet = True
        broken_pipe()


def _write(chunks: Iterable[str], size: int = 1 << 16) -> None:
    """Write *chunks* to standard output in pieces of about *size* characters,
    then a line break (as ``click.echo`` of the whole text would)."""
    buffer: list[str] = []
    held = 0
    for chunk in chunks:
        buffer.append(chunk)
        held += len(chunk)
        if held >= size:
            click.echo("".join(buffer), nl=False)
            buffer.clear()
            held = 0
    click.echo("".join(buffer))


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW", required=False)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: coloured terminal view; json: the alignment contract; html: a standalone page.",
)
@click.option(
    "-C",
    "--context",
    default=1,
    show_default=True,
    type=click.IntRange(0),
    help="Unchanged sentences shown around each change (text format).",
)
@click.option(
    "--color/--no-color", default=None, help="Force colour on or off (default: when a terminal)."
)
@click.option(
    "--from",
    "from_",
    type=click.IntRange(1),
    default=None,
    metavar="N",
    help="With an ARTICLE from the store: the older version number.",
)
@click.option(
    "--to",
    type=click.IntRange(1),
    default=None,
    metavar="M",
    help="With an ARTICLE from the store: the newer version number.",
)
@click.option(
    "--db",
    "db",
    metavar="URL|PATH",
    envvar="REDLINE_DATABASE_URL",
    default=None,
    help="Store database, for ARTICLE (see redline ingest --help).",
)
@translate_errors
def diff(
    old: str,
    new: str | None,
    fmt: str,
    context: int,
    color: bool | None,
    from_: int | None,
    to: int | None,
    db: str | None,
) -> None:
    """Compare two versions of an article, sentence by sentence.

    OLD and NEW are text files (one paragraph per line), HTML pages (their article
    text is extracted, and stderr says so) or - for standard input.
    Or, with --from N and --to M and no NEW, OLD is an article in the store (an
    id, URL, external id, story name or search words) and its stored versions N
    and M are compared.
    Exit status is like diff(1): 0 when there is no meaningful change, 1 when
    there are changes, 2 on trouble (unreadable or binary input, too large).

    \b
    Example:
        redline diff examples/seed/001_288681e85a897712.txt examples/seed/000_72713660520ad913.txt
        redline diff kerr --from 1 --to 2
    """
    if new is None or from_ is not None or to is not None:
        if new is not None:
            raise click.UsageError("give either OLD and NEW files, or ARTICLE with --from/--to")
        if from_ is None and to is None and (old == "-" or Path(old).is_file()):
            raise click.UsageError("missing NEW (or give an ARTICLE with --from N --to M)")
        _diff_stored(old, from_, to, db, fmt, context, color)
        return
    if old == "-" and new == "-":
        raise click.UsageError("only one of OLD and NEW can be standard input")
    old_text = _article_text(old)
    new_text = _article_text(new)
    # each text is let go once segmented (large inputs: memory)
    old_doc = segment(old_text)
    del old_text
    new_doc = segment(new_text)
    del new_text
    comparison = compare(old_doc, new_doc)
    explanation = None
    # the edit classes of a huge change (no article's: a book, a data dump
    # rewritten) are left out, to keep its time small; the counts are shown
    changes = sum(1 for link in comparison.links if link.op != "unchanged")
    if fmt != "json" and changes <= EXPLAIN_CHANGES:
        from redline.explain import explain

        explanation = explain(comparison)
    emit_comparison(
        comparison, fmt, context=context, color=color, title=None, explanation=explanation
    )
    sys.exit(1 if comparison.changed else 0)


_HTML_START = re.compile(
    r"^\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def _article_text(path: str) -> str:
    """A file's text; an HTML page (by its markup) is extracted first, and stderr says so:
    comparing raw markup would report every tag as a change."""
    text = read_text_input(path).text
    if not _HTML_START.match(text[:4096]):
        return text
    from redline.extract import article_paragraphs, extract_article

    name = "standard input" if path == "-" else path
    e = extract_article(text.encode("utf-8"), url="", content_type="text/html; charset=utf-8")
    click.echo(
        f"redline: {name}: an HTML page; comparing the article text extracted from it "
        f"(headline {e.headline!r}, {len(e.paragraphs)} paragraphs)",
        err=True,
    )
    for reason in e.health.reasons:
        click.echo(f"redline: warning: {name}: {reason}", err=True)
    return "\n".join(article_paragraphs(e))


def _diff_stored(
    article: str,
    from_: int | None,
    to: int | None,
    db: str | None,
    fmt: str,
    context: int,
    color: bool | None,
) -> None:
    from redline import changes
    from redline.store import Store

    with Store.open(db) as store:
        info = store.article(article)
        old_n = from_ if from_ is not None else max((to or info.version_count) - 1, 1)
        new_n = to if to is not None else min(old_n + 1, info.version_count)
        stored = changes.comparison(store, info, old_n, new_n)
        comparison = store.compare_versions(info, old_n, new_n)
    name = info.url or info.story or info.external_id or f"article {info.id}"
    title = f"{name}: version {old_n} → {new_n}"
    emit_comparison(
        comparison, fmt, context=context, color=color, title=title, summary=stored.summary
    )
    sys.exit(1 if comparison.changed or old_n != new_n else 0)
