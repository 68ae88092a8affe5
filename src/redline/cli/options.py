"""Click options shared by several commands (the store's ``--db`` is in ``storeopts``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["allow_origin_option", "base_url_option", "format_option", "seconds_option"]

F = TypeVar("F", bound=Callable[..., Any])


def format_option(help: str | None = None) -> Callable[[F], F]:
    """The ``-f/--format text|json`` option of listing commands (parameter ``fmt``)."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help,
    )


def seconds_option(
    *names: str, minimum: float, default: float | None, help: str, show_default: bool = True
) -> Callable[[F], F]:
    """An option giving a duration in seconds, at least *minimum*."""
    return click.option(
        *names,
        type=click.FloatRange(minimum),
        default=default,
        show_default=show_default,
        metavar="SECONDS",
        help=help,
    )


def base_url_option(help: str) -> Callable[[F], F]:
    """``--base-url``: the web app's public address for links (default ``$REDLINE_BASE_URL``)."""
    return click.option(
        "--base-url", default="", envvar="REDLINE_BASE_URL", metavar="URL", help=help
    )


def allow_origin_option(help: str) -> Callable[[F], F]:
    """``--allow-origin`` (repeatable; parameter ``allow_origins``): non-public origins."""
    return click.option(
        "--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN", help=help
    )
