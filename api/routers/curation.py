"""Curation: analysts' confirmations, rejections, renames, type fixes and merges.

Actions are stored as data and take effect at the next build (they are re-applied on every
build, so they survive new documents).
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import State
from api.errors import ApiError
from api.schemas import ERRORS, CurationIn, CurationOut
from api.security import ReadAccess, WriteAccess
from graphmap.curation import ACTIONS
from graphmap.model import OrgType
from graphmap.store import Workspace

router = APIRouter(prefix="/api/curation", tags=["curation"], responses=ERRORS)


def _exists(ws: Workspace, element_id: str) -> bool:
    return ws.db.execute(
        "SELECT 1 FROM entities WHERE id = ?1 UNION SELECT 1 FROM relations WHERE id = ?1",
        (element_id,),
    ).fetchone() is not None


def _check(ws: Workspace, item: CurationIn) -> None:
    if item.action not in ACTIONS:
        raise ApiError(400, f"unknown curation action {item.action!r}",
                       f"use one of: {', '.join(ACTIONS)}")
    if not _exists(ws, item.target):
        raise ApiError(404, f"no entity or relation with id {item.target!r}",
                       "search for it first and use the id it returns")
    payload = item.payload
    if item.action == "rename":
        name = payload.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ApiError(400, "rename needs payload.name (the new name)",
                           'send {"payload": {"name": "新名称"}}')
    elif item.action == "set_type":
        if payload.get("org_type") not in {t.value for t in OrgType}:
            raise ApiError(400, f"set_type needs payload.org_type, got {payload.get('org_type')!r}",
                           f"use one of: {', '.join(t.value for t in OrgType)}")
    elif item.action == "merge":
        other = payload.get("other")
        if not isinstance(other, str) or other == item.target or not _exists(ws, other):
            raise ApiError(400, "merge needs payload.other: the id of another existing entity",
                           'send {"payload": {"other": "org-..."}} (it is folded into target)')


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
        _check(ws, item)
        action_id = ws.add_curation(item.action, item.target, item.payload, item.note)
        stored = next(c for c in ws.curations() if c["id"] == action_id)
    return CurationOut(**stored)
