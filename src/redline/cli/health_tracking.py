"""The tracking section of ``redline health`` as text (the data: :mod:`redline.track.health`)."""

from __future__ import annotations

from typing import Any

import click

from redline.track.health import error_kind, tracking_section

__all__ = ["error_kind", "print_tracking", "tracking_section"]


def format_time(iso: str | None) -> str:
    return iso[:16].replace("T", " ") + " UTC" if iso else "-"


def print_tracking(section: dict[str, Any]) -> None:
    click.echo("tracking:")
    if not section["urls"] and not section["sources"]:
        click.echo("  no failing, blocked or gone URLs or sources")
        return
    for s in section["sources"]:
        click.echo(
            f"  source {s['name']}: failing since {format_time(s['failing_since'])} "
            f"({s['failures']} read(s)), {s['kind']}: {(s['last_error'] or '')[:160]}"
        )
    for u in section["urls"]:
        since = f" since {format_time(u['failing_since'])}" if u["failing_since"] else ""
        what = u["state"] if u["state"] != "active" else f"failing{since}"
        if not u["last_error"] and u["flipflops"]:
            what = f"alternates between texts ({u['flipflops']} flip-flops)"
        click.echo(f"  {u['url']}  [{u['source']}] {what}")
        if u["last_error"]:
            click.echo(f"      {u['kind']}: {u['last_error'][:160]}")
    shown = len(section["urls"])
    if section["urls_total"] > shown:
        click.echo(f"  … and {section['urls_total'] - shown} more URL(s)")
    counts = ", ".join(f"{k} {v}" for k, v in section["counts"].items())
    click.echo(f"  by kind: {counts}")
