"""``graphmap serve``: the API and the analysts' web page over a workspace."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from graphmap.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, console, err_console

#: Where ``graphmap demo`` puts its workspace (used when the default workspace is absent).
DEMO_WORKSPACE = Path("graphmap-output") / "workspace"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    api_keys_file: Annotated[
        Path | None,
        typer.Option(help="File with one API key per line (adds to $GRAPHMAP_API_KEYS)."),
    ] = None,
    public_read: Annotated[
        bool,
        typer.Option("--public-read/--no-public-read",
                     help="Let anyone read without a key (writes always need one)."),
    ] = True,
    max_upload_mb: Annotated[
        float, typer.Option(min=0.1, help="Largest upload request, in MiB.")
    ] = 50.0,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(help="Allow browser calls from this origin (repeatable; none by default)."),
    ] = None,
) -> None:
    """Serve the API and the web page (search, evidence, graph, chain coverage, expert panels).

    Writes and uploads need an API key (X-API-Key) from $GRAPHMAP_API_KEYS (comma-separated)
    or --api-keys-file; without keys the service is read-only.
    """
    import uvicorn

    from api import Settings, create_app, load_api_keys

    if workspace == Path(DEFAULT_WORKSPACE) and not (workspace / "graphmap.sqlite").exists() and (
        DEMO_WORKSPACE / "graphmap.sqlite"
    ).exists():
        workspace = DEMO_WORKSPACE
        console.print(f"using the demo workspace {workspace} (pass --workspace to choose)")
    keys = load_api_keys(api_keys_file)
    settings = Settings(
        api_keys=keys,
        public_read=public_read,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        cors_origins=tuple(cors_origin or ()),
    )
    app = create_app(workspace, settings)
    if not _is_loopback(host) and public_read:
        err_console.print(
            f"[bold yellow]warning:[/] listening on {host} with public read access: anyone "
            "who can reach it can read the graph (use --no-public-read)"
        )
    writes = f"{len(keys)} API key(s): writes enabled" if keys else "no API keys: read-only"
    console.print(
        f"graphmap serving [bold]{workspace}[/] at http://{host}:{port}/ ({writes})",
        highlight=False,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    app.command()(serve)
