"""``redline serve``: the web UI, Atom feeds, JSON API and webhooks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from redline.cli.console import translate_errors
from redline.cli.storeopts import db_option, open_store

__all__ = ["serve"]


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--base-url",
    default="",
    metavar="URL",
    help="Public address, for absolute links in feeds and webhooks "
    "(default: the address of each request).",
)
@click.option(
    "--secure-cookies/--no-secure-cookies",
    default=False,
    help="Mark cookies Secure (when served over HTTPS).",
)
@click.option(
    "--interval",
    default=5.0,
    show_default=True,
    type=click.FloatRange(0.2, 3600),
    help="Seconds between indexing new versions and sending webhooks.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Processes answering requests (one per core is a good start).",
)
@translate_errors
def serve(
    db: str | None,
    host: str,
    port: int,
    base_url: str,
    secure_cookies: bool,
    interval: float,
    workers: int,
) -> None:
    """Serve the web UI, feeds and API.

    New versions recorded by `redline watch` or `redline ingest` are indexed in
    the background (summaries, classes, search) and sent to webhooks.

    \b
    Example:
        redline admin set-password        # once, to manage sources
        redline serve --port 8000 --workers 2
    """
    import uvicorn

    from redline.web.app import create_app
    from redline.web.context import WebSettings

    store = open_store(db)
    click.echo(f"Redline on http://{host}:{port}/ (store: {store.url})", err=True)
    if workers == 1:
        settings = WebSettings(
            base_url=base_url,
            secure_cookies=secure_cookies,
            background=True,
            index_interval=interval,
        )
        uvicorn.run(
            create_app(store, settings),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            timeout_keep_alive=5,
        )
        return
    # Several worker processes serve pages; this process indexes and sends webhooks.
    from redline.web.background import BackgroundWorker
    from redline.web.context import WebContext

    worker = BackgroundWorker(
        WebContext(store, WebSettings(base_url=base_url, index_interval=interval))
    )
    worker.start()
    # The workers learn the database URL from a file only this user can read: a
    # password in the environment would be visible to every child process.
    fd, url_file = tempfile.mkstemp(prefix="redline-db-", suffix=".url")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(store.engine.url.render_as_string(hide_password=False))
    os.environ["REDLINE_DATABASE_URL_FILE"] = url_file
    os.environ["REDLINE_BASE_URL"] = base_url
    os.environ["REDLINE_SECURE_COOKIES"] = "1" if secure_cookies else "0"
    try:
        # A busy worker may answer the supervisor's ping late; do not kill it for that.
        uvicorn.run(
            "redline.web.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
            timeout_keep_alive=5,
            timeout_worker_healthcheck=60,
        )
    finally:
        Path(url_file).unlink(missing_ok=True)
        worker.stop()
        store.close()
