"""``redline demo-site``: the scripted test newsroom, for trying Redline offline."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import TYPE_CHECKING

import click

from redline.cli.console import translate_errors
from redline.cli.options import seconds_option

if TYPE_CHECKING:
    from redline.newsroom.script import Script

__all__ = ["demo_script", "demo_site"]


def demo_script(articles: int, change_every: int, now: datetime) -> Script:
    """The demo's script, its clock starting at *now*: its stories are fresh on any
    date (a watcher stops checking an article a week after it appeared)."""
    from redline.newsroom import SyntheticScript, editorial_script

    epoch = now.replace(second=0, microsecond=0)
    if articles:
        return SyntheticScript(articles, change_every=change_every, epoch=epoch)
    return editorial_script(epoch)


@click.command("demo-site")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--articles",
    type=click.IntRange(0, 1_000_000),
    default=0,
    show_default=True,
    help="Serve this many generated articles instead of the hand-written stories.",
)
@click.option(
    "--change-every",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="With --articles: article i changes at steps s where s %% N == i %% N.",
)
@click.option(
    "--step",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Start at this step of the script.",
)
@seconds_option(
    "--advance-every",
    minimum=0,
    default=0.0,
    show_default=False,
    help="Advance one step every SECONDS (default: only on POST /_control/step).",
)
@translate_errors
def demo_site(port: int, articles: int, change_every: int, step: int, advance_every: float) -> None:
    """Serve a small news site on 127.0.0.1 whose stories change on cue.

    It has an RSS feed, a news sitemap, robots.txt and article pages (the seed
    BBC article among them). Time moves only when told to:

    \b
        curl -X POST 'http://127.0.0.1:8765/_control/step?n=3'
        curl -X POST 'http://127.0.0.1:8765/_control/fault?path=/news/museum-reopens&kind=error&count=2'
        redline source add http://127.0.0.1:8765/feed.xml --allow-private --min-interval 5
        redline watch
    """
    from datetime import UTC, datetime

    from redline.newsroom import Newsroom

    script = demo_script(articles, change_every, datetime.now(UTC))
    room = Newsroom(script, port=port)
    room.set_step(step)
    base = room.base_url
    click.echo(f"demo newsroom at {base}/  (step {step})")
    click.echo(f"  feed     {base}/feed.xml")
    click.echo(f"  sitemap  {base}/sitemap.xml")
    click.echo(
        f"  control  POST {base}/_control/step?n=N | /_control/fault?path=P&kind=K "
        "| /_control/clear | GET /_control/stats"
    )
    stop = threading.Event()
    if advance_every > 0:

        def tick() -> None:
            while not stop.wait(advance_every):
                room.set_step(room.step + 1)
                click.echo(f"step {room.step}")

        threading.Thread(target=tick, daemon=True).start()
    try:
        room.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        room.stop_serving()
