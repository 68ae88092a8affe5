"""``redline health``: the store file's integrity, suspect captures, disputed versions and
the tracker's failing URLs and sources."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from redline.cli.console import EXIT_TROUBLE, translate_errors
from redline.cli.options import format_option
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
    help="json: an object with the store's 'integrity', 'articles' (one object per "
    "article with its items) and, without ARTICLE, 'tracking' (failing URLs and sources, "
    "counts by kind) and 'notifications' (channels and archiving)."
)
@click.option(
    "--evidence",
    is_flag=True,
    help="Also show, for each capture, the extraction artefacts that were reconciled "
    "(sentences a template moved in or out of the body) and why.",
)
@click.option(
    "--full-check",
    is_flag=True,
    help="Check the store file fully (SQLite integrity_check, which also compares every "
    "index with its table) instead of the quick page check.",
)
@translate_errors
def health(
    words: tuple[str, ...],
    db: str | None,
    limit: int,
    fmt: str,
    evidence: bool,
    full_check: bool,
) -> None:
    """Check the store file (SQLite's quick check, or the full one with --full-check),
    then audit stored captures: re-extract each one's raw HTML alike and replay the
    decisions. Lists suspect captures (degraded extraction: kept, never versions)
    and disputed versions (a version the replay would not record), then the
    tracker's failing, blocked and gone URLs and failing sources with their last
    error and since when, and the notification channels (failing ones listed) and
    archiving. Exit status 1 when something is listed, 2 when the store file is damaged.

    \b
    Example:
        redline health
        redline health --full-check
        redline health https://www.bbc.co.uk/sport/athletics/66596506 --format json
    """
    integrity = check_store_integrity(db, full=full_check)
    if fmt == "text":
        print_integrity(integrity)
    try:
        out, tracking, notifications = _audit(db, words, limit, evidence)
    except Exception as exc:
        if integrity.ok:
            raise
        # The damage found above is the likely cause: report both, not a traceback.
        from redline.errors import RedlineError
        from redline.store.dberrors import describe, is_database_error

        if not isinstance(exc, RedlineError) and not is_database_error(exc):
            raise
        message = str(exc) if isinstance(exc, RedlineError) else describe(exc)
        if fmt == "json":
            click.echo(json.dumps(
                {"integrity": integrity.to_dict(), "articles": [], "error": message},
                ensure_ascii=False, indent=2,
            ))  # fmt: skip
        else:
            click.echo(f"redline: cannot audit the captures: {message}", err=True)
        sys.exit(EXIT_TROUBLE)
    from redline.cli.health_notify import print_notifications
    from redline.cli.health_tracking import print_tracking

    listed = sum(1 for _, _, items in out for i in items if i.kind != "reconciled")
    if tracking is not None:
        listed += len(tracking["urls"]) + len(tracking["sources"])
    if notifications is not None:
        listed += len(notifications["failing"])
    if fmt == "json":
        doc: dict[str, Any] = {
            "integrity": integrity.to_dict(),
            "articles": [
                {"article": info.to_dict(), "captures_checked": n,
                 "items": [i.to_dict() for i in items]}
                for info, n, items in out
            ],
        }  # fmt: skip
        if tracking is not None:
            doc["tracking"] = tracking
        if notifications is not None:
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
    if not integrity.ok:
        sys.exit(EXIT_TROUBLE)
    sys.exit(1 if listed else 0)


def check_store_integrity(db: str | None, *, full: bool) -> Any:
    """SQLite's own check of the store file (see ``redline.store.integrity``)."""
    from redline.store.integrity import check_integrity

    return check_integrity(db, full=full)


def print_integrity(report: Any) -> None:
    """The integrity section of the text output: one line, then each problem."""
    check = "full check" if report.mode == "full" else "quick check"
    if not report.checked:
        click.echo(f"store integrity: not checked ({report.note})")
        return
    if report.ok:
        click.echo(f"store integrity ({check}): ok")
        return
    click.echo(f"store integrity ({check}): DAMAGED, {len(report.problems)} problem(s)")
    for problem in report.problems:
        click.echo(f"        - {problem}")
    click.echo("        restore the store from a backup; see docs/operations.md")


def _audit(
    db: str | None, words: tuple[str, ...], limit: int, evidence: bool
) -> tuple[list[tuple[Any, int, list[Any]]], dict[str, Any] | None, dict[str, Any] | None]:
    from redline.cli.health_notify import notifications_section
    from redline.cli.health_tracking import tracking_section
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
    return out, tracking, notifications


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
