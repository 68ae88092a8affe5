"""``redline admin``: the single administrator of the web UI."""

from __future__ import annotations

import click

from redline.cli.console import translate_errors
from redline.cli.storeopts import db_option, open_store

__all__ = ["admin"]


@click.group()
def admin() -> None:
    """Set up who may manage sources and webhooks in the web UI."""


@admin.command("set-password")
@db_option
@click.option("--user", default="admin", show_default=True, help="User name to sign in with.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="REDLINE_ADMIN_PASSWORD",
    help="The password (prompted when not given; or $REDLINE_ADMIN_PASSWORD).",
)
@translate_errors
def set_password(db: str | None, user: str, password: str) -> None:
    """Set the admin user and password (stored as a salted scrypt hash).

    Signs out every open session.

    \b
    Example:
        redline admin set-password --user editor
    """
    from redline.web.accounts import set_admin_password

    with open_store(db, write=True) as store:
        set_admin_password(store.engine, user, password)
    click.echo(f"admin user {user!r} set; sign in at /login", err=True)
