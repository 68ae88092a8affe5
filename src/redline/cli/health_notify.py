"""The notifications section of ``redline health``: channels (URLs masked) with the last
day's deliveries, failing ones first, and the archive queue."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["notifications_section", "print_notifications"]


def notifications_section(store: Any) -> dict[str, Any]:
    """JSON-ready data (empty lists when no channel is set up)."""
    from redline.notify.health import notifications_report

    return notifications_report(store.engine)


def _when(iso: str | None) -> str:
    return iso[:16].replace("T", " ") + " UTC" if iso else "-"


def print_notifications(section: dict[str, Any]) -> None:
    chans = section["channels"]
    archive = section["archive"]
    if not chans and not any(archive[k] for k in ("pending", "done", "failed")):
        return
    click.echo(f"notifications: {len(chans)} channel(s), {len(section['failing'])} failing")
    for c in sorted(chans, key=lambda c: (not c["failing"], c["name"])):
        state = "FAILING" if c["failing"] else "ok"
        click.echo(
            f"  {c['name']:<16} {state:<8} last 24 h: {c['sent_24h']} sent, "
            f"{c['failed_24h']} failed, {c['skipped_24h']} skipped; {c['pending']} waiting; "
            f"last post {_when(c['last_sent_at'])}"
        )
        click.echo(f"                   {c['url']}")
        if c["failing"] and c["last_error"]:
            click.echo(f"                   - {c['last_error'][:200]}")
    if any(archive[k] for k in ("pending", "done", "failed")):
        click.echo(
            f"archive: {archive['done']} version(s) archived, {archive['pending']} waiting, "
            f"{archive['failed']} failed; last {_when(archive['last_archived_at'])}"
        )
        last = archive["last_failure"]
        if last:
            click.echo(f"  last failure: {last['url']}: {last['error']}")
