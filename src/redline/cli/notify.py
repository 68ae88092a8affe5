"""``redline notify``: post changes to Mastodon, Bluesky, chat and e-mail through Apprise."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from redline.cli.console import translate_errors
from redline.cli.options import allow_origin_option, base_url_option, format_option
from redline.cli.storeopts import db_option, format_time, open_store

__all__ = ["notify"]


base_url = base_url_option(
    help="Public address of the Redline web app, for links to diffs in posts "
    "(default: $REDLINE_BASE_URL; without it posts link to the article)."
)


@click.group()
def notify() -> None:
    """Channels that changes are posted to (Mastodon, Bluesky, Slack, Discord, Matrix,
    Telegram, ntfy, e-mail… any Apprise URL), and their delivery log.

    The watcher queues each new change for every channel whose rules it passes
    and posts it after each pass; `redline notify send` does so on demand.
    """


@notify.command("add")
@click.argument("url")
@db_option
@click.option("--name", default="", help="A short name (default: the service's name).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    help="Only changes of stories from this source (repeatable; default: all).",
)
@click.option(
    "--only",
    default=None,
    metavar="CLASSES",
    help="Only changes with these classes: facts, quotes, corrections, headlines, "
    "breaking, deletions… (as in `redline history --only`).",
)
@click.option(
    "--min-significance",
    default=None,
    metavar="X",
    help="Only changes at least this significant: 0–1, or minor, moderate, major.",
)
@click.option(
    "--max-per-hour",
    type=click.IntRange(1, 10_000),
    default=None,
    help="Post at most this many times an hour; more wait their turn (24 h at most).",
)
@allow_origin_option(
    help="A non-public origin (exact scheme://host:port) this channel may reach, "
    "e.g. a server on your network (repeatable)."
)
@translate_errors
def add(
    url: str,
    db: str | None,
    name: str,
    sources: tuple[str, ...],
    only: str | None,
    min_significance: str | None,
    max_per_hour: int | None,
    allow_origins: tuple[str, ...],
) -> None:
    """Post changes to the Apprise URL (quote it: it holds secrets; it is never shown
    again unmasked).

    \b
    Examples:
        redline notify add 'mastodons://ACCESS_TOKEN@mastodon.social' --name bot \\
            --min-significance moderate --max-per-hour 6
        redline notify add 'bluesky://handle@app-password' --only facts,corrections
        redline notify add 'slack://TokenA/TokenB/TokenC/#news' --source bbc
    """
    from redline.notify.channels import add_channel

    with open_store(db) as store:
        ch = add_channel(
            store.engine,
            url,
            name=name,
            sources=sources,
            only=only,
            min_significance=min_significance,
            max_per_hour=max_per_hour,
            allow_origins=allow_origins,
        )
        click.echo(f"added channel {ch.name}: {ch.masked()}")


def _rules(ch: Any) -> str:
    parts = []
    if ch.sources:
        parts.append("sources " + ",".join(ch.sources))
    if ch.classes:
        parts.append("only " + ",".join(ch.classes))
    if ch.min_significance is not None:
        parts.append(f"significance ≥ {ch.min_significance:.2f}")
    if ch.max_per_hour:
        parts.append(f"≤ {ch.max_per_hour}/hour")
    return "; ".join(parts) or "every change"


@notify.command("list")
@db_option
@format_option(help="json: one object per channel (URLs masked), with its counts.")
@translate_errors
def list_(db: str | None, fmt: str) -> None:
    """List the channels (secrets masked), their rules and the last day's deliveries."""
    from redline.notify.health import notifications_report

    with open_store(db) as store:
        from redline.notify.channels import list_channels

        chans = list_channels(store.engine)
        report = {c["name"]: c for c in notifications_report(store.engine)["channels"]}
        if fmt == "json":
            click.echo(
                json.dumps(
                    [{**c.to_dict(), **report.get(c.name, {})} for c in chans],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not chans:
            click.echo("no channels yet (add one: redline notify add APPRISE_URL)")
        for c in chans:
            r = report.get(c.name, {})
            state = "FAILING: " + (r.get("last_error") or "")[:80] if r.get("failing") else "ok"
            click.echo(
                f"{c.id:>4}  {c.name:<16} {_rules(c)}\n      {c.masked()}\n"
                f"      last 24 h: {r.get('sent_24h', 0)} sent, {r.get('failed_24h', 0)} failed, "
                f"{r.get('skipped_24h', 0)} skipped; {r.get('pending', 0)} waiting; "
                f"last post {format_time(_parse(r.get('last_sent_at')))}; {state}"
            )


def _parse(iso: str | None) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(iso.replace("Z", "+00:00")) if iso else None


@notify.command("remove")
@click.argument("name")
@db_option
@translate_errors
def remove(name: str, db: str | None) -> None:
    """Remove the channel NAME (or id); its waiting deliveries are dropped."""
    from redline.notify.channels import remove_channel

    with open_store(db) as store:
        ch, dropped = remove_channel(store.engine, name)
    click.echo(f"removed channel {ch.name}; {dropped} waiting delivery(ies) dropped")


@notify.command("test")
@click.argument("name")
@db_option
@base_url
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send nothing.")
@translate_errors
def try_channel(name: str, db: str | None, base_url: str, dry_run: bool) -> None:
    """Send the newest stored change (or a made-up one) to the channel NAME now.

    Exit status 1 when the service does not take it.
    """
    from redline.notify.channels import get_channel
    from redline.notify.queue import latest_change, sample_change
    from redline.notify.sender import Sender
    from redline.notify.services import deliver, load

    with open_store(db) as store:
        ch = get_channel(store.engine, name)
        service = load(ch.url)
        change = latest_change(store.engine, base_url)
        comparison = None
        if change is None:
            change, comparison = sample_change(base_url)
        sender = Sender(store, base_url=base_url)
        _, snapshot = sender.archive_of(change)
        msg = sender.message(change, service, snapshot, comparison)
    click.echo(f"channel {ch.name}: {service.service}, {service.masked}")
    limits = f"text ≤ {service.body_limit} characters"
    limits += f", title ≤ {service.title_limit}" if service.title_limit else ", no title"
    limits += ", images" if service.images else ", no images"
    limits += ", replies (threads)" if service.replies else ""
    click.echo(f"takes: {limits}")
    if msg.title:
        click.echo(f"title: {msg.title}")
    click.echo("text:\n  " + msg.body.replace("\n", "\n  "))
    if msg.image is not None:
        click.echo(f"image: share card, PNG, {len(msg.image):,} bytes")
        click.echo(f"alt text: {msg.alt}")
    if dry_run:
        click.echo("(dry run: nothing sent)")
        return
    outcome = deliver(
        service,
        title=msg.title,
        body=msg.body,
        image=msg.image,
        alt=msg.alt,
        allow=ch.allowed(),
    )
    if outcome.ok:
        click.echo("sent" + (f" (post id {outcome.remote_id})" if outcome.remote_id else ""))
        return
    click.echo(f"not sent: {outcome.detail}", err=True)
    sys.exit(1)


@notify.command("send")
@db_option
@base_url
@click.option("-q", "--quiet", is_flag=True, help="Only the totals.")
@translate_errors
def send(db: str | None, base_url: str, quiet: bool) -> None:
    """Index new versions, queue their changes, archive them where asked, and post
    everything due (a backlog too), as the watcher does after each pass."""
    from redline.notify.outbox import Outbox
    from redline.notify.sender import Sender

    with open_store(db) as store:
        outbox = Outbox(store, base_url=base_url, sender=Sender(store, base_url=base_url))
        try:
            total = outbox.run_once()
            lines = list(total.sent.details)
            for _ in range(100):  # a backlog: until nothing more goes out
                if not (total.sent.sent or total.sent.failed or total.sent.retried):
                    break
                more = outbox.sender.run_once()
                if not (more.sent or more.failed or more.retried):
                    break
                total.sent.sent += more.sent
                total.sent.failed += more.failed
                total.sent.retried += more.retried
                total.sent.waiting = more.waiting
                lines.extend(more.details)
        finally:
            outbox.close()
    if not quiet:
        for line in lines:
            click.echo(line)
        for err in total.errors:
            click.echo(f"error: {err}", err=True)
    click.echo(total.line())


@notify.command("log")
@db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=30, show_default=True)
@click.option("--channel", default=None, help="Only this channel's deliveries.")
@format_option(help="json: one object per delivery.")
@translate_errors
def log(db: str | None, limit: int, channel: str | None, fmt: str) -> None:
    """The newest deliveries: sent, failed, skipped (by which rule) or waiting."""
    from redline.notify.channels import get_channel, list_channels
    from redline.notify.queue import recent_deliveries

    with open_store(db) as store:
        names = {c.id: c.name for c in list_channels(store.engine)}
        only = get_channel(store.engine, channel).id if channel else None
        rows = [
            r
            for r in recent_deliveries(store.engine, limit if only is None else limit * 20)
            if only is None or r.channel_id == only
        ][:limit]
    items = [
        {
            "id": r.id,
            "channel": names.get(r.channel_id, f"#{r.channel_id} (removed)"),
            "state": r.state,
            "story": r.article_id,
            "change": r.change_id,
            "attempts": r.attempts,
            "result": r.last_result,
            "created_at": r.created_at.isoformat() if r.created_at else None,
            "sent_at": r.sent_at.isoformat() if r.sent_at else None,
            "remote_id": r.remote_id,
        }
        for r in rows
    ]
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("no deliveries yet")
    for r, item in zip(rows, items, strict=True):
        click.echo(
            f"{item['id']:>6}  {format_time(r.created_at)}  {item['channel']:<16} "
            f"{item['state']:<8} story {item['story']}  {item['result'] or ''}"
        )
