"""Helpers shared by CLI commands: reading inputs and turning errors into messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import click

from redline.errors import RedlineError
from redline.text.decode import MAX_INPUT_BYTES, Decoded, decode_bytes

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_TROUBLE",
    "broken_pipe",
    "fail",
    "read_text_input",
    "silence_stdout",
    "translate_errors",
]

EXIT_TROUBLE = 2
EXIT_BROKEN_PIPE = 141
P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, status: int = EXIT_TROUBLE) -> NoReturn:
    click.echo(f"redline: {message}", err=True)
    sys.exit(status)


def translate_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn Redline, database and file errors into a one-line message and exit status 2;
    a reader that went away (``redline … | head``) ends the command quietly."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except RedlineError as exc:
            fail(str(exc))
        except BrokenPipeError:
            broken_pipe()
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        except Exception as exc:
            from redline.store.dberrors import describe, is_database_error

            if not is_database_error(exc):
                raise
            fail(f"store error: {describe(exc)}")

    return wrapper


def broken_pipe() -> NoReturn:
    """Whoever read standard output stopped reading: exit quietly, as a Unix tool
    stopped by SIGPIPE does (status 141 = 128 + SIGPIPE, as a shell reports it)."""
    silence_stdout()
    sys.exit(EXIT_BROKEN_PIPE)


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that nothing more fails writing to it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (tests)
        pass


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
