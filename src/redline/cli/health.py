"""``redline health``: suspect captures and disputed versions in the store, and the
tracker's failing, blocked and gone URLs and sources (:mod:`redline.cli.health_tracking`)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from redline.cli.common import format_option, translate_errors
from redline.cli.storeopts import db_option, format_time, open_store

__all__ = ["health", "version_trust"]


@click.command()
@click.argument("words", nargs=-1, metavar="[ARTICLE...]")
@db_option
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="Without ARTICLE: how many of the most recently seen articles to audit.",
)
@format_option(
    help="json: with ARTICLE, a list (one object per article with its items); without, "
    "an object with 'articles' (that list), 'tracking' (failing URLs and sources, "
    "counts by kind) and 'notifications' (channels and archiving)."
)
@click.option(
    "--evidence",
    is_flag=True,
    help="Also show, for each capture, the extraction artefacts that were reconciled "
    "(sentences a template moved in or out of the body) and why.",
)
@translate_errors
def health(words: tuple[str, ...], db: str | None, limit: int, fmt: str, evidence: bool) -> None:
    """Audit stored captures: re-extract each one's raw HTML alike and replay the
    decisions. Lists suspect captures (degraded extraction: kept, never versions)
    and disputed versions (a version the replay would not record), then the
    tracker's failing, blocked and gone URLs and failing sources with their last
    error and since when, and the notification channels (failing ones listed) and
    archiving. Exit status 1 when something is listed.

    \b
    Example:
        redline health
        redline health https://www.bbc.co.uk/sport/athletics/66596506 --format json
    """
    from redline.cli.health_notify import notifications_section, print_notifications
    from redline.cli.health_tracking import print_tracking, tracking_section
    from redline.extract import StoredCapture, audit_captures

    out = []
    with open_store(db) as store:
        tracking = tracking_section(store) if not words else None
        notifications = notifications_section(store) if not words else None
        articles = [store.article(" ".join(words))] if words else store.articles(limit=limit)
        for info in articles:
            versions = {v.number: v for v in store.history(info)}
            captures = []
            for c in store.captures(info):
                if not c.raw_blob:
                    continue
                captures.append(
                    StoredCapture(
                        raw=store.raw(c.raw_blob),
                        version=c.version,
                        creates_version=c.kind == "version" and c.version in versions,
                        seen_at=c.seen_at,
                        origin=c.origin,
                    )
                )
            items = (
                audit_captures(captures, url=info.url or "", evidence=evidence) if captures else []
            )
            out.append((info, len(captures), items))
    listed = sum(1 for _, _, items in out for i in items if i.kind != "reconciled")
    if tracking is not None:
        listed += len(tracking["urls"]) + len(tracking["sources"])
    if notifications is not None:
        listed += len(notifications["failing"])
    if fmt == "json":
        doc: dict[str, Any] = {"articles": [
            {"article": info.to_dict(), "captures_checked": n,
             "items": [i.to_dict() for i in items]}
            for info, n, items in out
        ]}  # fmt: skip
        if tracking is None:  # an audit of named articles: the list alone, as before
            click.echo(json.dumps(doc["articles"], ensure_ascii=False, indent=2))
        else:
            doc["tracking"] = tracking
            doc["notifications"] = notifications
            click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for info, n, items in out:
            title = (info.title or info.url or str(info.id))[:70]
            problems = sum(1 for i in items if i.kind != "reconciled")
            state = "ok" if not problems else f"{problems} to look at"
            click.echo(f"{info.id:>6}  {title}  ({n} capture(s) with raw HTML): {state}")
            for item in items:
                click.echo(
                    f"        {item.kind:<10} v{item.version} {format_time(item.seen_at)}"
                    f"  {item.origin or ''}"
                )
                for r in item.reasons:
                    click.echo(f"                   - {r}")
        if tracking is not None:
            print_tracking(tracking)
        if notifications is not None:
            print_notifications(notifications)
        click.echo(f"{len(out)} article(s) audited, {listed} item(s) listed")
    sys.exit(1 if listed else 0)


def version_trust(store: Any, info: Any, version: Any) -> dict[str, Any] | None:
    """The decision behind stored *version*, recomputed from the raw pages of it and
    the version before it (extracted alike): reasons and reconciled artefacts.
    ``None`` when a raw page is missing."""
    from redline.errors import RedlineError
    from redline.extract import decide_version, extract_article

    if not version.raw_blob:
        return None
    url = info.url or ""
    try:
        new = extract_article(store.raw(version.raw_blob), url=url)
        previous = None
        if version.number > 1:
            before = store.version(info, version.number - 1)
            if not before.raw_blob:
                return None
            previous = extract_article(store.raw(before.raw_blob), url=url)
    except RedlineError:
        return None
    return decide_version(previous, new).to_dict()
