"""Industry chains (产业链): the taxonomies, a consortium's coverage, gaps and candidates."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import State
from api.errors import ApiError
from api.schemas import ERRORS
from api.security import ReadAccess
from graphmap.chains.coverage import chain_coverage, find_consortium, recruitment_candidates
from graphmap.chains.results import Candidate, Coverage, Placement, SegmentCoverage
from graphmap.chains.taxonomy import find_chain
from graphmap.errors import InputError

router = APIRouter(prefix="/api/chains", tags=["chains"], dependencies=[ReadAccess],
                   responses=ERRORS)


class ChainOut(BaseModel):
    id: str
    name: str
    name_en: str
    aliases: list[str]
    segments: int
    stages: dict[str, int]


class CoverageOut(BaseModel):
    consortium: str
    industry: str
    segments: list[SegmentCoverage]
    gaps: list[str]
    thin: list[str]
    balance: dict[str, int]
    unclassified: list[Placement]
    candidates: list[Candidate]
    consortium_id: str
    chain_id: str
    member_count: int
    stage_segments: dict[str, dict[str, int]]


Consortium = Annotated[
    str, Query(min_length=1, max_length=200, description="Consortium id, name or partial name.")
]
Industry = Annotated[
    str | None,
    Query(max_length=200, description="Chain id, name or alias (default: the consortium's)."),
]


@router.get("", response_model=list[ChainOut], summary="Industry chains")
def list_chains(state: State) -> list[ChainOut]:
    """The shipped chains plus those in the workspace's ``chains/`` folder."""
    out = []
    for chain in state.chains().values():
        stages: dict[str, int] = {}
        for segment in chain.segments:
            stages[segment.stage.value] = stages.get(segment.stage.value, 0) + 1
        out.append(ChainOut(id=chain.id, name=chain.name, name_en=chain.name_en,
                            aliases=list(chain.aliases), segments=len(chain.segments),
                            stages=stages))
    return out


def resolve_coverage(state: State, consortium: str, industry: str | None) -> tuple[str, str | None]:
    """The consortium's node id and the chain's id; a name that names nothing is a 404 (the
    request itself is well formed)."""
    try:
        consortium_id = find_consortium(state.graph(), consortium)
        chain_id = find_chain(state.chains(), industry).id if industry else None
    except InputError as exc:
        raise ApiError(404, exc.message, exc.fix) from None
    return consortium_id, chain_id


def coverage_of(
    state: State, consortium: str, industry: str | None, min_members: int, candidates: int
) -> Coverage:
    """The coverage for these parameters, computed once per build."""
    consortium_id, chain_id = resolve_coverage(state, consortium, industry)
    chains = state.chains()
    key = f"coverage\x1f{consortium_id}\x1f{chain_id}\x1f{min_members}\x1f{candidates}"
    return state.derived(
        f"{key}\x1f{id(chains)}",
        lambda graph: chain_coverage(graph, consortium_id, chain_id, chains=chains,
                                     min_members=min_members, candidates=candidates),
    )


@router.get("/coverage", response_model=CoverageOut, summary="A consortium's chain coverage")
def coverage(
    state: State,
    consortium: Consortium,
    industry: Industry = None,
    min_members: Annotated[
        int, Query(ge=1, le=20, description="Fewer confident members than this: thin.")
    ] = 2,
    candidates: Annotated[int, Query(ge=0, le=50, description="Candidates to rank.")] = 10,
) -> CoverageOut:
    """Members placed in the chain's segments with evidence; gaps, thin segments, the
    upstream / midstream / downstream balance, and non-members that would fill the gaps."""
    result = coverage_of(state, consortium, industry, min_members, candidates)
    return CoverageOut.model_validate(asdict(result))


@router.get("/candidates", response_model=list[Candidate], summary="Recruitment candidates")
def candidates(
    state: State,
    consortium: Consortium,
    industry: Industry = None,
    k: Annotated[int, Query(ge=1, le=100, description="How many candidates.")] = 10,
) -> list[Candidate]:
    """Non-members that would fill a gap or strengthen a thin segment, best first, each
    with its reasons and evidence."""
    result = coverage_of(state, consortium, industry, 2, 0)
    return recruitment_candidates(state.graph(), result, k=k, chains=state.chains())
