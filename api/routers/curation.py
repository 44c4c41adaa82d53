"""Curation: analysts' confirmations, rejections, renames, type fixes, merges and splits.

Actions are stored as data and take effect at the next build (they are re-applied on every
build, so they survive new documents).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import State
from api.errors import ApiError
from api.schemas import ERRORS, CurationIn, CurationOut
from api.security import ReadAccess, WriteAccess
from graphmap.curation import record_curation

#: Ids are SQLite integers: a larger number in the path is a 422, not an overflow in the driver.
SQLITE_MAX_INT = 2**63 - 1

router = APIRouter(prefix="/api/curation", tags=["curation"], responses=ERRORS)


@router.get("", response_model=list[CurationOut], dependencies=[ReadAccess],
            summary="The curation log")
def list_curation(state: State) -> list[CurationOut]:
    with state.reading() as ws:
        return [CurationOut(**item) for item in ws.curations()]


@router.post("", response_model=CurationOut, status_code=201, dependencies=[WriteAccess],
             summary="Record a curation action")
def add_curation(state: State, item: CurationIn) -> CurationOut:
    """Store one action; it applies at the next build (``POST /api/builds``)."""
    with state.writing() as ws:
        action_id = record_curation(ws, item.action, item.target, item.payload, item.note)
        stored = next(c for c in ws.curations() if c["id"] == action_id)
    return CurationOut(**stored)


@router.delete("/{curation_id}", status_code=204, dependencies=[WriteAccess],
               summary="Take a curation out of the log")
def undo_curation(
    state: State,
    curation_id: Annotated[int, Path(ge=1, le=SQLITE_MAX_INT, description="The curation's id.")],
) -> None:
    """The next build no longer applies it."""
    with state.writing() as ws:
        if not ws.delete_curation(curation_id):
            raise ApiError(404, f"no curation #{curation_id}", "list them: GET /api/curation")
