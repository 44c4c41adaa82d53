"""The ``graphmap`` command line: a thin shell over graphmap's functions.

Each topic lives in its own module exposing ``register(app)``; this module assembles them
and turns :class:`graphmap.errors.GraphmapError` into one clear line and a non-zero exit.
"""

from __future__ import annotations

import importlib
import sys

import typer

from graphmap.cli.common import err_console
from graphmap.errors import GraphmapError

#: Command modules under graphmap/cli/, registered in this order (help lists them so).
COMMAND_MODULES: tuple[str, ...] = (
    "core", "eval", "serve", "recommend", "chains", "neo4j", "curate", "maps",
)

app = typer.Typer(
    name="graphmap",
    help="Industry maps (产业图谱) and talent maps (人才图谱) from programme paperwork.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)



@app.callback()
def _options(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
) -> None:
    """Industry maps (产业图谱) and talent maps (人才图谱) from programme paperwork."""


for _module in COMMAND_MODULES:
    importlib.import_module(f"graphmap.cli.{_module}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; user errors print one line plus the fix, no traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        app(args, standalone_mode=False)
    except GraphmapError as exc:
        if debug:
            raise
        err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False)
        if exc.fix:
            err_console.print(f"[bold]fix:[/] {exc.fix}", highlight=False)
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("aborted")
        sys.exit(130)
    except Exception as exc:
        if debug:
            raise
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        err_console.print(
            f"[bold red]error:[/] unexpected {type(exc).__name__}: {exc}", highlight=False
        )
        err_console.print("[bold]fix:[/] rerun with --debug and report the traceback")
        sys.exit(2)
