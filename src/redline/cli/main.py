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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redline")
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
def cli(verbose: int) -> None:
    """Redline records every version of news articles and shows how each story changed."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main() -> None:
    try:
        cli.main(prog_name="redline", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
