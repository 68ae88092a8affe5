"""``redline stats``: how often and how the stored stories change, as tables or charts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import click

from redline import changes
from redline.cli.console import translate_errors
from redline.cli.options import format_option
from redline.cli.storeopts import db_option, open_store

__all__ = ["collect", "stats", "write_charts"]

_PAGE = 500


def collect(
    store: Any,
    *,
    source: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[Any]:
    """Article records (``redline.explain.stats.ArticleRecord``) from *store*."""
    from redline.explain.stats import ArticleRecord, VersionRecord

    out = []
    offset = 0
    while True:
        page = store.articles(limit=_PAGE, offset=offset, source=source, since=since)
        if not page:
            break
        for info in page:
            history = changes.history(store, info)
            versions = tuple(VersionRecord(v.number, v.time, tuple(v.classes)) for v in history)
            published = next((v.published for v in history if v.published), None)
            out.append(ArticleRecord(info.id, info.source, info.title, published, versions))
            if limit is not None and len(out) >= limit:
                return out
        offset += len(page)
    return out


def _delay(d: timedelta | None) -> str:
    if d is None:
        return "-"
    minutes = d.total_seconds() / 60
    return f"{minutes:.0f} min" if minutes < 120 else f"{minutes / 60:.1f} h"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def _print_report(title: str, r: Any) -> None:
    v = r.versions
    click.echo(title)
    if not r.articles:
        click.echo("  no articles")
        return
    click.echo(f"  articles                    {r.articles}")
    click.echo(
        f"  versions per article        mean {v['mean']:.2f}, median {v['median']}, max {v['max']}"
    )
    click.echo(f"  edited after publication    {_pct(r.edited_share)}")
    click.echo(f"  median time to first edit   {_delay(r.median_first_edit)}")
    if r.edits_by_class:
        click.echo("  edits by class")
        for cls, n in r.edits_by_class.items():
            click.echo(f"    {cls:<22} {n:>6}")
    if r.most_edited:
        click.echo("  most edited")
        for a in r.most_edited:
            click.echo(f"    {a.version_count:>3} versions  #{a.id}  {(a.title or '')[:70]}")


def write_charts(report: Any, periods: dict[Any, Any], directory: Path, fmt: str) -> list[Path]:
    """Write PNG or SVG charts of *report* (and of *periods*, if any) into *directory*."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    written = []

    def save(fig: Any, name: str) -> None:
        path = directory / f"{name}.{fmt}"
        fig.tight_layout()
        fig.savefig(path, format=fmt)
        plt.close(fig)
        written.append(path)

    dist = report.versions.get("distribution") or {}
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.bar([str(k) for k in dist], list(dist.values()), color="#b22")
    ax.set_xlabel("versions")
    ax.set_ylabel("articles")
    ax.set_title("Versions per article")
    save(fig, "versions-per-article")

    classes = report.edits_by_class
    fig, ax = plt.subplots(figsize=(6, max(2.5, 0.3 * len(classes) + 1)))
    names = list(classes)[::-1]
    ax.barh(names, [classes[n] for n in names], color="#247")
    ax.set_xlabel("version changes")
    ax.set_title("Edits by class")
    save(fig, "edits-by-class")

    if periods:
        keys = list(periods)
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot(keys, [periods[k].articles for k in keys], marker="o", label="articles")
        edited = [round((periods[k].edited_share or 0) * periods[k].articles) for k in keys]
        ax.plot(keys, edited, marker="o", label="edited after publication")
        ax.set_title("Articles over time")
        ax.legend()
        fig.autofmt_xdate()
        save(fig, "articles-over-time")
    return written


@click.command()
@db_option
@click.option("--source", default=None, help="Only the articles of this source.")
@click.option(
    "--since", type=click.DateTime(), default=None, help="Only articles seen since this date (UTC)."
)
@click.option(
    "--by",
    "group",
    type=click.Choice(["source", "day", "week", "month", "none"]),
    default="source",
    show_default=True,
    help="Break the figures down.",
)
@click.option(
    "--top",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="How many most-edited stories to list.",
)
@format_option()
@click.option(
    "--charts",
    "charts",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write charts into this directory.",
)
@click.option("--chart-format", type=click.Choice(["png", "svg"]), default="png", show_default=True)
@translate_errors
def stats(
    db: str | None,
    source: str | None,
    since: datetime | None,
    group: Literal["source", "day", "week", "month", "none"],
    top: int,
    fmt: str,
    charts: Path | None,
    chart_format: str,
) -> None:
    """Statistics of the stored stories: versions per article, share edited after
    publication, edits by class, median time to first edit, most-edited stories.

    \b
    Example:
        redline stats
        redline stats --by week --charts reports/ --chart-format svg
        redline stats --source bbc.co.uk --format json
    """
    from redline.explain.stats import by_period, by_source, report

    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    with open_store(db) as store:
        records = collect(store, source=source, since=since)
    overall = report(records, top=top)
    groups: dict[Any, Any] = {}
    if group == "source":
        groups = by_source(records, top=min(top, 5))
    elif group in ("day", "week", "month"):
        groups = by_period(records, group)
    written: list[Path] = []
    if charts is not None:
        periods = groups if group in ("day", "week", "month") else by_period(records, "week")
        written = write_charts(overall, periods, charts, chart_format)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "overall": overall.to_dict(),
                    "by": group,
                    "groups": {str(k): g.to_dict() for k, g in groups.items()},
                    "charts": [str(p) for p in written],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    _print_report("all stories", overall)
    for key, g in groups.items():
        click.echo("")
        _print_report(f"{group} {key}", g)
    for p in written:
        click.echo(f"chart written: {p}")
