"""``redline source``: the feeds and sitemaps the watcher reads."""

from __future__ import annotations

import json

import click

from redline.cli.console import translate_errors
from redline.cli.options import allow_origin_option, format_option, seconds_option
from redline.cli.storeopts import db_option, format_time, open_store

__all__ = ["source"]


@click.group()
def source() -> None:
    """Add, list and remove the sources (RSS/Atom feeds, news sitemaps) to watch."""


@source.command("add")
@click.argument("url")
@db_option
@click.option("--name", default="", help="A short name (default: the host name).")
@click.option(
    "--kind",
    type=click.Choice(["feed", "sitemap"]),
    default=None,
    help="Default: found out by reading the source.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="REGEX",
    help="Only article URLs matching this pattern (repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="REGEX",
    help="Skip article URLs matching this pattern (repeatable).",
)
@allow_origin_option(
    help="A non-public origin (exact scheme://host:port) this source may reach, "
    "redirects included (repeatable). Link-local addresses are never allowed."
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Shorthand for --allow-origin with the origin of URL itself.",
)
@seconds_option(
    "--min-interval",
    minimum=1,
    default=None,
    help="Never re-check an article more often (default 300).",
)
@seconds_option(
    "--max-interval",
    minimum=1,
    default=None,
    help="Never wait longer between checks (default 21600).",
)
@seconds_option(
    "--stop-after",
    minimum=1,
    default=None,
    help="Stop checking articles this long after they appeared (default 604800).",
)
@seconds_option(
    "--source-interval",
    minimum=1,
    default=None,
    help="How often to read the feed or sitemap (default 300).",
)
@click.option(
    "--archive",
    is_flag=True,
    help="Ask the Internet Archive's Save Page Now to capture each new version "
    "(the snapshot is linked from feeds, API and posts; see docs/operations.md).",
)
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="Read the source once before adding it.",
)
@translate_errors
def add(
    url: str,
    db: str | None,
    name: str,
    kind: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    allow_origins: tuple[str, ...],
    allow_private: bool,
    min_interval: float | None,
    max_interval: float | None,
    stop_after: float | None,
    source_interval: float | None,
    archive: bool,
    check: bool,
) -> None:
    """Watch the feed or news sitemap at URL.

    \b
    Example:
        redline source add https://feeds.example.com/news/rss.xml --name example \\
            --exclude '/live/' --min-interval 600
        redline source add http://10.0.0.5:8080/rss.xml --allow-origin http://10.0.0.5:8080
    """
    from redline.store.tracking import TrackingRepo
    from redline.track.schedule import RecheckPolicy
    from redline.track.source_admin import add_source
    from redline.track.sources import SourceSpec

    overrides = {
        k: v
        for k, v in (
            ("min_interval", min_interval),
            ("max_interval", max_interval),
            ("stop_after", stop_after),
            ("source_interval", source_interval),
        )
        if v is not None
    }
    try:
        policy = RecheckPolicy.from_dict(overrides)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    spec = SourceSpec(
        url=url,
        name=name,
        kind=kind,
        policy=policy,
        include=include,
        exclude=exclude,
        allow_origins=allow_origins,
        allow_private=allow_private,
        archive=archive,
    )
    with open_store(db, write=True) as store:
        added = add_source(TrackingRepo(store.engine), spec, check=check)
    row, found = added.source, added.discovery
    extra = ""
    if found is not None:
        extra = f": {len(found.found)} article link(s)"
        if found.rejected:
            extra += f", {found.rejected} left out by the URL patterns"
        for note in (*found.notes, *found.problems):
            extra += f"\n  note: {note}"
    archived = "; new versions archived by Save Page Now" if archive else ""
    click.echo(
        f"added source {row.name} ({row.kind or 'kind unknown yet'}) {row.url}{archived}{extra}"
    )


@source.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@db_option
@translate_errors
def load(path: str, db: str | None) -> None:
    """Add (or update) the [[source]] tables of a TOML file.

    \b
    Example file:
        [[source]]
        url = "https://www.example.com/sitemap-news.xml"
        name = "example"
        exclude = ["/live/"]
        [source.policy]
        min_interval = 600
    """
    from redline.store.tracking import TrackingRepo
    from redline.track.source_admin import load_sources
    from redline.track.sources import load_sources_file

    specs = load_sources_file(path)
    with open_store(db, write=True) as store:
        n_added, n_updated = load_sources(TrackingRepo(store.engine), specs)
    click.echo(f"{n_added} source(s) added, {n_updated} updated, from {path}")


@source.command("list")
@db_option
@format_option()
@translate_errors
def list_(db: str | None, fmt: str) -> None:
    """List the sources, with how many article URLs each has given."""
    from redline.store.tracking import TrackingRepo

    with open_store(db) as store:
        rows = TrackingRepo(store.engine).sources()
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no sources yet (add one: redline source add URL)")
    for r in rows:
        state = f"failing: {r.last_error[:60]}" if r.failures and r.last_error else "ok"
        if r.options.get("archive"):
            state += ", archived"
        click.echo(
            f"{r.id:>4}  {r.name:<20} {r.kind or '?':<8} {r.urls:>6} URLs ({r.active} active)  "
            f"read {format_time(r.last_checked_at)}  {state}\n      {r.url}"
        )


@source.command("remove")
@click.argument("name")
@db_option
@translate_errors
def remove(name: str, db: str | None) -> None:
    """Stop watching the source NAME (or id); versions already recorded are kept."""
    from redline.store.tracking import TrackingRepo

    with open_store(db, write=True) as store:
        row, n = TrackingRepo(store.engine).remove_source(name)
    click.echo(f"removed source {row.name}; {n} URL(s) no longer watched (versions kept)")
