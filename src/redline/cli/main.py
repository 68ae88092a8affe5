"""Entry point of the ``redline`` command.

Commands are loaded lazily from :data:`COMMANDS` so that ``redline diff`` does
not import the web stack or Spark.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from redline import __version__

__all__ = ["COMMANDS", "cli", "main"]

#: command name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "source": "redline.cli.source:source",
    "watch": "redline.cli.watch:watch",
    "demo-site": "redline.cli.demo_site:demo_site",
    "diff": "redline.cli.diff:diff",
    "serve": "redline.cli.serve:serve",
    "admin": "redline.cli.admin:admin",
    "batch": "redline.cli.batch:batch",
    "ingest": "redline.cli.ingest:ingest",
    "history": "redline.cli.history:history",
    "show": "redline.cli.show:show",
    "articles": "redline.cli.articles:articles",
    "blame": "redline.cli.blame:blame",
    "stats": "redline.cli.stats:stats",
    "health": "redline.cli.health:health",
    "notify": "redline.cli.notify:notify",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Before click turns it into status 1: the reader stopped reading.
            from redline.cli.console import broken_pipe

            broken_pipe()
            raise  # unreachable: broken_pipe() exits


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redline")
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
def cli(verbose: int) -> None:
    """Redline records every version of news articles and shows how each story changed."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main() -> None:
    """The ``redline`` command. No traceback reaches the user: usage errors are
    shown as click shows them, a closed standard output (``redline … | head``)
    ends the command quietly with status 141, database errors and anything
    unexpected become one line on standard error and status 2 (``-vv`` adds the
    traceback)."""
    from redline.cli.console import EXIT_BROKEN_PIPE, EXIT_TROUBLE, silence_stdout

    try:
        cli.main(prog_name="redline", standalone_mode=True)
        status = 0
    except SystemExit as exc:
        status = _exit_status(exc.code)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        status = 130
    except BrokenPipeError:
        silence_stdout()
        status = EXIT_BROKEN_PIPE
    except Exception as exc:
        _report(exc)
        status = EXIT_TROUBLE
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        status = EXIT_BROKEN_PIPE
    except (OSError, ValueError):
        pass
    sys.exit(status)


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    click.echo(str(code), err=True)
    return 1


def _report(exc: Exception) -> None:
    from redline.errors import RedlineError
    from redline.store.dberrors import describe, is_database_error

    if isinstance(exc, RedlineError):
        message = str(exc)
    elif is_database_error(exc):
        message = f"store error: {describe(exc)}"
    elif isinstance(exc, OSError):
        message = f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    else:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        message = f"internal error: {type(exc).__name__}: {first} (run with -vv for details)"
    click.echo(f"redline: {message}", err=True)
    logging.getLogger("redline").debug("traceback", exc_info=exc)
