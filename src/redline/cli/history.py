"""``redline history``: the versions of one article, each with a one-line change summary."""

from __future__ import annotations

import json
from typing import Any

import click

from redline import changes
from redline.cli.console import translate_errors
from redline.cli.options import format_option
from redline.cli.storeopts import db_option, format_time, open_store
from redline.errors import NotFoundError, printable

__all__ = ["history"]


@click.command()
@click.argument("words", nargs=-1, required=True, metavar="ARTICLE...")
@db_option
@format_option(help="json: stable fields, see docs/data-model.md.")
@click.option(
    "--only",
    default=None,
    metavar="CLASSES",
    help="Only versions whose change has these classes: facts, quotes, corrections, "
    "names, headlines, breaking, sections, deletions… (see docs/edits.md).",
)
@click.option(
    "--min-significance",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Only versions whose change scores at least this (0–1).",
)
@translate_errors
def history(
    words: tuple[str, ...], db: str | None, fmt: str, only: str | None, min_significance: float
) -> None:
    """List the versions of ARTICLE (an id, URL, external id, story name or search words).

    \b
    Example:
        redline history kerr ingebrigtsen
        redline history https://www.bbc.co.uk/sport/athletics/66596506 --format json
    """
    article = " ".join(words)
    with open_store(db) as store:
        try:
            info = store.article(article)
        except NotFoundError as exc:
            raise NotFoundError(_tracked_note(store, article) or str(exc)) from exc
        versions = changes.history(store, info)
    if only or min_significance:
        from redline.explain import classes_match, parse_only

        wanted = parse_only(only)
        versions = [v for v in versions if classes_match(v.classes, wanted, min_significance)]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "article": info.to_dict(),
                    "versions": [{**v.to_dict(), "url": info.url} for v in versions],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    name = info.url or info.story or info.external_id or info.key
    click.echo(f"article {info.id}: {name}")
    if info.title:
        title = info.title if len(info.title) <= 100 else info.title[:99].rstrip() + "…"
        click.echo(f"  {title}")
    if info.order_method and info.order_method not in ("time", "single"):
        click.echo(
            f"  versions ordered by {info.order_method}, confidence "
            f"{info.order_confidence or 0:.2f}"
        )
    if info.flipflops:
        click.echo(f"  {info.flipflops} flip-flops back to earlier texts (recorded, not versions)")
    for v in versions:
        seen = f" (seen {v.seen_count}×)" if v.seen_count > 1 else ""
        click.echo(f"  v{v.number:<3} {format_time(v.time):<21} {v.summary or ''}{seen}")


def _tracked_note(store: Any, url: str) -> str | None:
    """Why a tracked URL has no versions yet: its state and last error (None: not tracked)."""
    if not url.startswith(("http://", "https://")):
        return None
    from redline.store.tracking import TrackingRepo

    try:
        state = TrackingRepo(store.engine).url_state(url)
    except NotFoundError:
        return None
    error = state.get("last_error")
    since = state.get("failing_since")
    when = f" since {format_time(since)}" if since else ""
    what = f"{state.get('state')}{when}" + (f": {printable(error, 300)}" if error else "")
    return f"{url} is tracked but has no version yet ({what}); see: redline health"
