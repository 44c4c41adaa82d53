"""Health (open to all, for monitors) and workspace statistics."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from api.deps import CurrentSettings, State
from api.schemas import ERRORS, Health, Stats
from api.security import ReadAccess

router = APIRouter(prefix="/api", tags=["health"])


def service_version() -> str:
    try:
        return version("graphmap")
    except PackageNotFoundError:
        return "unknown"


@router.get("/health", response_model=Health, summary="Is the service up")
def health(state: State, settings: CurrentSettings) -> Health:
    """Liveness plus what a client needs to know before calling: read and write access."""
    with state.reading() as ws:
        row = ws.db.execute("SELECT finished_at FROM builds ORDER BY id DESC LIMIT 1").fetchone()
    return Health(
        status="ok", version=service_version(), workspace=state.root.name,
        last_build=row[0] if row else None, public_read=settings.public_read,
        writes_enabled=bool(settings.api_keys),
    )


@router.get(
    "/stats", response_model=Stats, summary="Workspace counts", dependencies=[ReadAccess],
    responses=ERRORS,
)
def stats(state: State) -> Stats:
    """Documents, list rows, entities by kind (with evidence), relations by kind."""
    with state.reading() as ws:
        return Stats(**ws.stats())
