"""``redline watch``: check the tracked articles and record their new versions."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import UTC, datetime

import click

from redline.cli.console import translate_errors
from redline.cli.options import base_url_option, seconds_option
from redline.cli.storeopts import db_option, open_store

__all__ = ["watch"]


@click.command()
@db_option
@click.option(
    "--once", is_flag=True, help="One pass (read due sources, check due articles), then exit."
)
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Add or update the sources of this TOML file first.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 512),
    default=16,
    show_default=True,
    help="Article checks in flight at once.",
)
@click.option(
    "--per-host",
    type=click.IntRange(1, 256),
    default=2,
    show_default=True,
    help="Concurrent requests to one host.",
)
@seconds_option(
    "--host-interval",
    minimum=0,
    default=1.0,
    help="Minimum time between two requests to one host.",
)
@seconds_option(
    "--timeout", minimum=0.1, default=15.0, help="Timeout for connecting and for each read."
)
@seconds_option(
    "--deadline",
    minimum=0.1,
    default=30.0,
    help="A whole request (redirects, headers, body) must finish within this; a host "
    "that misses it gets 5 s per request for the next 10 minutes.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1024),
    default=5 * 1024 * 1024,
    show_default=True,
    help="Largest page accepted (after decompression).",
)
@seconds_option(
    "--lease",
    "lease_seconds",
    minimum=1,
    default=300.0,
    help="How long a worker reserves the URLs it took; a dead worker's wait this long.",
)
@click.option(
    "--batch",
    "batch_size",
    type=click.IntRange(1, 10_000),
    default=50,
    show_default=True,
    help="URLs leased at a time.",
)
@click.option("--worker-id", default=None, help="Name of this worker (default host:pid:random).")
@click.option(
    "--notify/--no-notify",
    default=True,
    show_default=True,
    help="After each pass, explain new changes, post them to the notification channels, "
    "queue them for webhooks and archive new versions (in a thread of its own).",
)
@base_url_option(
    help="Public address of the Redline web app, for links in posts and webhooks "
    "(default: $REDLINE_BASE_URL)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress lines, only changes and failures.")
@translate_errors
def watch(
    db: str | None,
    once: bool,
    sources_file: str | None,
    concurrency: int,
    per_host: int,
    host_interval: float,
    timeout: float,
    deadline: float,
    max_bytes: int,
    lease_seconds: float,
    batch_size: int,
    worker_id: str | None,
    notify: bool,
    base_url: str,
    quiet: bool,
) -> None:
    """Watch the sources' articles until stopped (Ctrl-C or SIGTERM), recording each
    new version; one line per change.

    Several watchers may share one PostgreSQL database: work is leased, and a
    dead watcher's work is taken over when its lease expires.

    \b
    Example:
        redline source add https://www.example.com/rss.xml
        redline watch --db postgresql://postgres@127.0.0.1/redline
    """
    from redline.notify.outbox import Outbox, OutboxThread
    from redline.store.tracking import TrackingRepo
    from redline.track.fetch import Fetcher, FetchOptions
    from redline.track.source_admin import load_sources
    from redline.track.sources import load_sources_file
    from redline.track.worker import CheckEvent, PassStats, WatchOptions, Worker

    fetch_options = FetchOptions(
        timeout=timeout,
        deadline=deadline,
        slow_deadline=min(5.0, deadline),
        max_bytes=max_bytes,
        per_host_concurrency=per_host,
        per_host_interval=host_interval,
        total_concurrency=max(concurrency, per_host),
    )
    options = WatchOptions(
        lease_seconds=lease_seconds, batch_size=batch_size, concurrency=concurrency
    )
    if worker_id:
        options = WatchOptions(
            worker_id=worker_id,
            lease_seconds=lease_seconds,
            batch_size=batch_size,
            concurrency=concurrency,
        )

    def on_event(e: CheckEvent) -> None:
        stamp = datetime.now(UTC).strftime("%H:%M:%S")
        version = f" v{e.version}" if e.version is not None else ""
        line = f"{stamp} {e.kind:<10} {e.url}{version}" + (f": {e.message}" if e.message else "")
        click.echo(line, err=e.kind in ("failed", "suspect", "blocked", "gone", "notice"))

    passes = [0]
    outbox_thread: OutboxThread | None = None

    def on_pass(stats: PassStats) -> None:
        passes[0] += 1
        if not quiet and (stats.checked or stats.sources or once):
            click.echo(f"pass {passes[0]}: {stats.line()}", err=True)
        if outbox_thread is not None:
            outbox_thread.wake()

    with open_store(db, write=True) as store:
        repo = TrackingRepo(store.engine)
        if sources_file:
            added, updated = load_sources(repo, load_sources_file(sources_file))
            click.echo(f"sources: {added} added, {updated} updated from {sources_file}", err=True)
        if not repo.sources():
            raise click.UsageError("no sources to watch: add one with 'redline source add URL'")
        outbox = Outbox(store, base_url=base_url) if notify else None
        if outbox is not None and not once:
            outbox_thread = OutboxThread(outbox)
            outbox_thread.start()

        async def main() -> PassStats:
            async with Fetcher(fetch_options) as fetcher:
                worker = Worker(store, fetcher, options, on_event=on_event)
                loop = asyncio.get_running_loop()
                signals = [0]

                def stop() -> None:
                    signals[0] += 1
                    if signals[0] == 1:
                        click.echo(
                            "stopping: finishing the checks in flight (again to abandon)", err=True
                        )
                        worker.stop()
                    else:
                        for task in asyncio.all_tasks(loop):
                            if task is not asyncio.current_task(loop):
                                task.cancel()

                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(sig, stop)
                if once:
                    stats = await worker.run_once()
                    await asyncio.to_thread(repo.release, worker.owner)
                    on_pass(stats)
                    return stats
                if not quiet:
                    click.echo(f"watching as {worker.owner}; Ctrl-C to stop", err=True)
                return await worker.run(on_pass=on_pass)

        try:
            total = asyncio.run(main())
        except asyncio.CancelledError:
            click.echo("abandoned the checks in flight (nothing half-written)", err=True)
            sys.exit(130)
        finally:
            if outbox_thread is not None:
                outbox_thread.stop()
        if outbox is not None and once:
            try:
                result = outbox.run_once()
            finally:
                outbox.close()
            if not quiet or result.sent.sent or result.sent.failed:
                click.echo(f"notify: {result.line()}", err=True)
    if not once and not quiet:
        click.echo(f"stopped after {passes[0]} pass(es): {total.line()}", err=True)
