"""The application factory: one FastAPI app over one workspace."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.errors import (
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
    install_error_handlers,
    reject_unknown_query,
)
from api.jobs import BuildJobs
from api.routers import builds, chains, curation, documents, entities, exports, health, talent
from api.routers.health import service_version
from api.security import AuthThrottle
from api.settings import Settings
from api.state import WorkspaceState

STATIC = Path(__file__).resolve().parent / "static"
#: Non-upload request bodies (JSON) are small; anything bigger is refused.
JSON_BODY_LIMIT = 1 << 20

DESCRIPTION = """\
graphmap's API: search the evidence-backed graph of organizations, people, technologies,
chain segments, consortia and events; upload documents and lists; run builds; record curation;
download exports.

Reads are open or need an `X-API-Key` header, as the operator configured; every write and
upload needs one. Errors answer with `detail` (what is wrong) and `fix` (what to do).
"""


def vis_network_path() -> Path:
    """vis-network's standalone build as shipped inside the installed ``pyvis`` package."""
    return Path(str(resources.files("pyvis"))) / "templates/lib/vis-9.1.2/vis-network.min.js"


def create_app(workspace: Path, settings: Settings | None = None) -> FastAPI:
    """Create the service for the workspace folder ``workspace``.

    Raises :class:`graphmap.errors.WorkspaceError` when the folder is not a workspace.
    """
    settings = settings or Settings()
    state = WorkspaceState(workspace)
    jobs = BuildJobs(state.root)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="graphmap",
        version=service_version(),
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI loads from a CDN; the service works offline
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_query)],
    )
    app.state.settings = settings
    app.state.workspace = state
    app.state.jobs = jobs
    app.state.auth_throttle = AuthThrottle(settings.auth_failures, settings.auth_window_s)
    install_error_handlers(app)
    for module in (health, entities, chains, talent, documents, builds, curation, exports):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/vendor/vis-network.min.js", include_in_schema=False)
    def vis_network() -> FileResponse:
        return FileResponse(vis_network_path(), media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    app.add_middleware(
        BodyLimitMiddleware,
        upload_limit=settings.max_upload_bytes + (1 << 20),
        other_limit=JSON_BODY_LIMIT,
        upload_prefix="/api/documents",
    )
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"], allow_headers=["X-API-Key", "Content-Type"],
        )
    return app
