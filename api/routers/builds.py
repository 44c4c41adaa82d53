"""Builds run as background jobs; clients poll their progress."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import Jobs
from api.errors import ApiError
from api.jobs import BuildJob, BuildRunning
from api.schemas import ERRORS, BuildJobOut
from api.security import ReadAccess, WriteAccess

router = APIRouter(prefix="/api/builds", tags=["builds"], responses=ERRORS)


def _out(job: BuildJob) -> BuildJobOut:
    return BuildJobOut.model_validate(asdict(job))


@router.post(
    "", response_model=BuildJobOut, status_code=202, dependencies=[WriteAccess],
    responses={409: {"description": "A build is already running."}},
    summary="Start a build",
)
def start_build(jobs: Jobs) -> BuildJobOut:
    """Extract new or changed documents and rebuild the graph in the background.

    Poll ``GET /api/builds/{id}`` for progress. Readers keep the previous graph until the
    build commits.
    """
    try:
        job = jobs.start()
    except BuildRunning as running:
        raise ApiError(
            409, f"build {running.job_id} is already running",
            f"wait for it: GET /api/builds/{running.job_id}",
        ) from None
    return _out(job)


@router.get("", response_model=list[BuildJobOut], dependencies=[ReadAccess],
            summary="Recent builds")
def list_builds(jobs: Jobs) -> list[BuildJobOut]:
    return [_out(job) for job in jobs.all()]


@router.get("/{job_id}", response_model=BuildJobOut, dependencies=[ReadAccess],
            summary="A build's progress")
def build_status(jobs: Jobs, job_id: Annotated[str, Path(max_length=64)]) -> BuildJobOut:
    job = jobs.snapshot(job_id)
    if job is None:
        raise ApiError(404, f"no build job {job_id!r}", "list recent builds: GET /api/builds")
    return _out(job)
