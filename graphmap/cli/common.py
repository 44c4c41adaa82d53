"""What every CLI command shares: the workspace option, the console, opening the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True, soft_wrap=True)

DEFAULT_WORKSPACE = "graphmap-workspace"

WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        envvar="GRAPHMAP_WORKSPACE",
        help="Workspace folder (holds graphmap.sqlite).",
        show_default=True,
    ),
]

