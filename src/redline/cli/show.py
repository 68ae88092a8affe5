"""``redline show``: print one stored version of an article."""

from __future__ import annotations

import json

import click

from redline.cli.console import translate_errors
from redline.cli.options import format_option
from redline.cli.storeopts import db_option, format_time, open_store

__all__ = ["show"]


@click.command()
@click.argument("words", nargs=-1, required=True, metavar="ARTICLE...")
@click.option(
    "-n",
    "--version",
    "number",
    type=click.IntRange(1),
    default=None,
    help="Version number (default: the latest).",
)
@db_option
@format_option()
@click.option(
    "--evidence",
    is_flag=True,
    help="Also show why this is a version: the decision recomputed from the raw pages, "
    "with the extraction artefacts that were reconciled (see docs/trust.md).",
)
@translate_errors
def show(
    words: tuple[str, ...], number: int | None, db: str | None, fmt: str, evidence: bool = False
) -> None:
    """Print version N of ARTICLE (an id, URL, external id, story name or search words).

    \b
    Example:
        redline show kerr --version 1
    """
    article = " ".join(words)
    with open_store(db) as store:
        info = store.article(article)
        version = store.version(info, number)
        trust = None
        if evidence:
            from redline.cli.health import version_trust

            trust = version_trust(store, info, version)
    if fmt == "json":
        data = {
            **version.info.to_dict(),
            "url": info.url,
            "standfirst": version.standfirst,
            "byline": version.info.byline,
            "paragraphs": list(version.paragraphs),
        }
        if evidence:
            data["trust"] = trust
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    v = version.info
    click.echo(
        f"article {info.id} version {v.number} of {info.version_count} · {format_time(v.time)}"
    )
    if version.headline:
        click.echo(f"\n{version.headline}")
    if version.standfirst:
        click.echo(f"\n{version.standfirst}")
    click.echo()
    click.echo(version.text)
    if evidence:
        click.echo("\nWhy this is a version:")
        if trust is None:
            click.echo("  (no raw page stored for this version or the one before)")
        else:
            for reason in trust["reasons"]:
                click.echo(f"  - {reason}")
            for item in trust.get("reconciled", []):
                text = item["old_text"] or item["new_text"]
                click.echo(f"  reconciled {item['op']}: {text!r}: {item['reason']}")
