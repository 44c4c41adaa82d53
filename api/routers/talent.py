"""The talent map (人才图谱) and expert panels for salon topics."""

from __future__ import annotations

import math
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import State
from api.errors import ApiError
from api.schemas import ERRORS
from api.security import ReadAccess
from graphmap.errors import InputError
from graphmap.matchmaking import ExpertIndex, recommend_experts, recommend_partners
from graphmap.matchmaking.partners import resolve_organization
from graphmap.talent import talent_summary

router = APIRouter(prefix="/api", tags=["talent"], dependencies=[ReadAccess], responses=ERRORS)

Cell = str | int | float | bool | None


class TalentMap(BaseModel):
    experts: int = Field(description="Distinct experts in the map.")
    rows: int = Field(description="Rows of the facts table (expert x field x org x segment).")
    tables: dict[str, list[dict[str, Cell]]] = Field(
        description="by_field_orgtype_level_segment, youth_by_field, youth_by_sector, "
        "top_organizations (one dict per row)."
    )


class PickOut(BaseModel):
    expert_id: str
    name: str
    organization: str | None
    sector: str
    title_level: str
    birth_year: int | None
    young: bool
    relevance: float
    score: float
    matched_terms: list[str]
    expanded_terms: list[str]
    quotes: list[str]
    diversity: list[str]
    explanation: str


class PanelOut(BaseModel):
    topic: str
    picks: list[PickOut]
    query_terms: dict[str, float]
    expansions: list[str]
    excluded: dict[str, int]
    notes: list[str]


class PathOut(BaseModel):
    nodes: list[str]
    names: list[str]
    edges: list[str]
    forward: list[bool]
    description: str


class PartnerReasonOut(BaseModel):
    kind: str
    text: str
    weight: float
    path: PathOut


class PartnerOut(BaseModel):
    organization_id: str
    name: str
    org_type: str
    sector: str
    score: float
    reasons: list[PartnerReasonOut]


def _cell(value: Any) -> Cell:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return value if isinstance(value, str | int | float | bool) else str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Cell]]:
    return [
        {str(k): _cell(v) for k, v in row.items()} for row in frame.to_dict("records")
    ]


@router.get("/talent/map", response_model=TalentMap, summary="The talent map's tables")
def talent_map_tables(
    state: State,
    reference_year: Annotated[
        int | None, Query(ge=1900, le=2200, description="Year ages count from (default: now).")
    ] = None,
    top: Annotated[int, Query(ge=1, le=50, description="Top organizations per field.")] = 5,
) -> TalentMap:
    """Experts by field, organization type, title level and chain segment, youth shares and
    the leading organizations per field."""
    if reference_year is None and top == 5:
        tables = state.derived("talent_summary", talent_summary)
    else:
        tables = talent_summary(state.graph(), reference_year=reference_year, top=top)
    facts = tables["facts"]
    return TalentMap(
        experts=int(facts["expert_id"].nunique()) if not facts.empty else 0,
        rows=len(facts),
        tables={name: _records(frame) for name, frame in tables.items() if name != "facts"},
    )


@router.get("/recommend/experts", response_model=PanelOut, summary="An expert panel for a topic")
def recommend_expert_panel(
    state: State,
    topic: Annotated[str, Query(min_length=1, max_length=500, description="Salon topic.")],
    k: Annotated[int, Query(ge=1, le=50, description="Panel size.")] = 8,
    exclude: Annotated[
        list[str], Query(max_length=100, description="Expert ids or names not to invite.")
    ] = [],  # noqa: B006 - FastAPI copies query defaults per request
    max_per_org: Annotated[
        int | None, Query(ge=1, le=50, description="Cap per organization (omit: 1).")
    ] = 1,
    host_org: Annotated[
        str | None, Query(max_length=200, description="Host organization (conflict of interest).")
    ] = None,
    not_spoken_months: Annotated[
        int | None, Query(ge=1, le=240, description="Skip experts who spoke this recently.")
    ] = None,
    youth_quota: Annotated[int, Query(ge=0, le=50)] = 0,
    diversity: Annotated[float, Query(ge=0.0, le=1.0)] = 0.3,
) -> PanelOut:
    """Experts ranked by relevance to ``topic`` (BM25 over their evidence, technology
    expansion), then chosen for diversity under the constraints; each pick explained."""
    index = state.derived("expert_index", ExpertIndex.build)
    panel = recommend_experts(
        index, topic, k, exclude=exclude, max_per_org=max_per_org, host_org=host_org,
        not_spoken_months=not_spoken_months, youth_quota=youth_quota, diversity=diversity,
    )
    return PanelOut.model_validate(panel.to_dict())


@router.get("/recommend/partners", response_model=list[PartnerOut],
            summary="Partner organizations for an organization")
def recommend_partner_organizations(
    state: State,
    org: Annotated[
        str, Query(min_length=1, max_length=200, description="Organization id, name or alias.")
    ],
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    include_existing: Annotated[
        bool, Query(description="Also list organizations it already cooperates with.")
    ] = False,
) -> list[PartnerOut]:
    """Complementary organizations (adjacent chain segments, shared technologies, shared
    experts and events, university <-> enterprise), each explained by a path in the graph."""
    graph = state.graph()
    try:
        org_id = resolve_organization(graph, org)
    except InputError as exc:
        raise ApiError(404, exc.message, exc.fix) from None
    suggestions = recommend_partners(graph, org_id, k, include_existing=include_existing)
    return [
        PartnerOut(
            organization_id=s.organization_id, name=s.name, org_type=s.org_type,
            sector=s.sector, score=s.score,
            reasons=[
                PartnerReasonOut(
                    kind=r.kind, text=r.text, weight=r.weight,
                    path=PathOut(nodes=list(r.path.nodes), names=list(r.path.names),
                                 edges=list(r.path.edges), forward=list(r.path.forward),
                                 description=r.path.describe()),
                )
                for r in s.reasons
            ],
        )
        for s in suggestions
    ]
