"""Helpers shared by CLI commands: reading inputs and turning errors into messages."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from redline.errors import RedlineError
from redline.text.decode import MAX_INPUT_BYTES, Decoded, decode_bytes

__all__ = ["EXIT_TROUBLE", "fail", "format_option", "read_text_input", "translate_errors"]

EXIT_TROUBLE = 2
F = TypeVar("F", bound=Callable[..., Any])
P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, status: int = EXIT_TROUBLE) -> NoReturn:
    click.echo(f"redline: {message}", err=True)
    sys.exit(status)


def format_option(help: str) -> Callable[[F], F]:
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


def translate_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn Redline errors into a one-line message and exit status 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except RedlineError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))

    return wrapper


def read_text_input(path: str) -> Decoded:
    """Read a file path or ``-`` (standard input) as text, refusing oversize or binary data."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "standard input"
    else:
        p = Path(path)
        if p.is_dir():
            raise IsADirectoryError(21, "is a directory", path)
        with p.open("rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
        name = path
    decoded = decode_bytes(data, name=name)
    for warning in decoded.warnings:
        click.echo(f"redline: warning: {warning}", err=True)
    return decoded
