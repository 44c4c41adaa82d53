"""Dependencies the routers inject: the workspace state and the build jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.jobs import BuildJobs
from api.settings import Settings
from api.state import WorkspaceState


def get_state(request: Request) -> WorkspaceState:
    return request.app.state.workspace


def get_jobs(request: Request) -> BuildJobs:
    return request.app.state.jobs


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


State = Annotated[WorkspaceState, Depends(get_state)]
Jobs = Annotated[BuildJobs, Depends(get_jobs)]
CurrentSettings = Annotated[Settings, Depends(get_settings)]
