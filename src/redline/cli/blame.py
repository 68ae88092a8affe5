"""``redline blame``: which version introduced each sentence of a stored article."""

from __future__ import annotations

import json
from typing import Any

import click

from redline.cli.console import translate_errors
from redline.cli.options import format_option
from redline.cli.storeopts import db_option, open_store

__all__ = ["blame"]


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    return f"{hours}h" if hours < 48 else f"{hours // 24}d"


def _marked(sentence: Any) -> str:
    """The sentence with ``[vN]`` after each word written later than the sentence."""
    from redline.text.tokens import word_spans

    out, pos = [], 0
    for (_, end), word in zip(word_spans(sentence.text), sentence.words, strict=False):
        out.append(sentence.text[pos:end])
        if word.introduced != sentence.introduced:
            out.append(f"[v{word.introduced}]")
        pos = end
    out.append(sentence.text[pos:])
    return "".join(out)


@click.command()
@click.argument("words", nargs=-1, required=True, metavar="ARTICLE...")
@click.option(
    "-n",
    "--version",
    "number",
    type=int,
    default=None,
    help="Version to blame (default: the latest).",
)
@db_option
@format_option(help="json: see docs/edits.md (Provenance).")
@click.option(
    "--words",
    "show_words",
    is_flag=True,
    help="Mark each word with the version that wrote it (text format).",
)
@translate_errors
def blame(
    words: tuple[str, ...], number: int | None, db: str | None, fmt: str, show_words: bool
) -> None:
    """Show which version introduced each sentence (and word) of ARTICLE.

    A sentence removed and later restored keeps the version that first
    introduced it; the restoration is shown. Sentences that were added and
    removed again are listed at the end.

    \b
    Example:
        redline blame kerr ingebrigtsen
        redline blame 12 --version 3 --format json
    """
    from redline.explain.blame import blame as compute

    with open_store(db) as store:
        info = store.article(" ".join(words))
        versions = store.versions(info)
    result = compute(
        [v.text for v in versions], version=number, times=[v.info.time for v in versions]
    )
    if fmt == "json":
        click.echo(
            json.dumps(
                {"article": info.to_dict(), **result.to_dict()}, ensure_ascii=False, indent=2
            )
        )
        return
    name = info.url or info.story or info.external_id or info.key
    click.echo(f"article {info.id}: {name}")
    click.echo(f"blame of version {result.version} of {result.versions}")
    for s in result.sentences:
        tag = f"v{s.introduced}" + (f"~v{s.changed}" if s.changed != s.introduced else "")
        age = _duration(s.age_seconds)
        text = s.text
        if show_words:
            text = _marked(s)
        click.echo(f"  {tag:<8} {age:>4}  {text}")
        for r in s.restorations:
            click.echo(
                f"  {'':<8} {'':>4}  (removed in v{r.removed_in}, restored in v{r.restored_in})"
            )
    if result.removed:
        click.echo("added then removed:")
        for gone in result.removed:
            life = _duration(gone.lifetime_seconds)
            life = f", lived {life}" if life else ""
            click.echo(f"  v{gone.introduced}-v{gone.removed_in - 1}{life}: {gone.text}")
