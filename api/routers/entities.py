"""Entities: search, detail with evidence, neighbourhood, paths between two."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import convert
from api.deps import State
from api.schemas import (
    ERRORS,
    EntityDetail,
    EntitySummary,
    Paths,
    RelationOut,
    SearchResults,
    Subgraph,
)
from api.security import ReadAccess
from graphmap.graph import nodes_of_kind
from graphmap.model import EdgeKind, NodeKind
from graphmap.neighbourhood import HUB_KINDS, ego_subgraph, path_subgraph, shortest_paths

router = APIRouter(prefix="/api", tags=["entities"], dependencies=[ReadAccess], responses=ERRORS)

EntityId = Annotated[str, Path(min_length=1, max_length=200, description="An entity id.")]


@router.get("/entities", response_model=SearchResults, summary="Search entities")
def search_entities(
    state: State,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Name, alias or any part of one (Chinese or English). "
              "Leave out to list entities of one kind."),
    ] = None,
    kind: Annotated[NodeKind | None, Query(description="Only this node kind.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> SearchResults:
    """Entities whose name or alias contains ``q`` after normalization (full-width,
    traditional Chinese and legal suffixes folded); exact matches first."""
    graph = state.graph()
    if q is None or not q.strip():
        found = [
            node for node, _ in sorted(
                nodes_of_kind(graph, kind) if kind else graph.nodes(data=True),
                key=lambda item: (item[1].get("name", ""), item[0]),
            )
        ][:limit]
        results = [convert.summary(graph, node) for node in found]
    else:
        with state.reading() as ws:
            hits = ws.find_entities(q, kind=kind, limit=limit)
        results = [
            convert.summary(graph, entity_id) if entity_id in graph
            else EntitySummary(id=entity_id, kind=hit_kind, name=name, status="")
            for entity_id, hit_kind, name in hits
        ]
    return SearchResults(query=q or "", kind=kind.value if kind else None, results=results)


@router.get("/entities/{entity_id}", response_model=EntityDetail, summary="One entity")
def entity_detail(
    state: State,
    entity_id: EntityId,
    evidence_limit: Annotated[int, Query(ge=0, le=500)] = 20,
    relation_limit: Annotated[int, Query(ge=0, le=2000)] = 200,
) -> EntityDetail:
    """An entity with its attributes, aliases, evidence quotes and relations."""
    graph = state.graph()
    data = convert.require_node(graph, entity_id)
    # Document nodes are hubs of MENTIONS edges: show those only on the document itself.
    show_mentions = data.get("kind") == NodeKind.DOCUMENT.value
    relations = []
    for direction, edges in (
        ("out", graph.out_edges(entity_id, keys=True, data=True)),
        ("in", graph.in_edges(entity_id, keys=True, data=True)),
    ):
        for source, target, key, attrs in edges:
            if key == EdgeKind.MENTIONS.value and not show_mentions:
                continue
            other = target if direction == "out" else source
            relations.append(
                RelationOut(
                    id=attrs.get("id", ""), kind=key, direction=direction,
                    other=convert.summary(graph, other), status=attrs.get("status", ""),
                    attributes={
                        k: v for k, v in attrs.items() if k not in ("id", "kind", "status",
                                                                    "evidence")
                    },
                    evidence=convert.evidence(graph, attrs.get("evidence", [])[:3]),
                )
            )
    relations.sort(key=lambda r: (r.kind, r.other.name, r.other.id))
    skip = {"kind", "name", "status", "aliases", "evidence"}
    items = data.get("evidence", [])
    return EntityDetail(
        id=entity_id, kind=data.get("kind", ""), name=data.get("name", ""),
        status=data.get("status", ""),
        aliases=list(data.get("aliases", [])),
        attributes={k: v for k, v in data.items() if k not in skip and v not in (None, "", [])},
        evidence=convert.evidence(graph, items[:evidence_limit]),
        evidence_total=len(items),
        relations=relations[:relation_limit],
        relations_total=len(relations),
    )


@router.get(
    "/entities/{entity_id}/neighbours", response_model=Subgraph, summary="Ego subgraph"
)
def neighbours(
    state: State,
    entity_id: EntityId,
    radius: Annotated[int, Query(ge=1, le=4, description="Links away from the entity.")] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=2000)] = 150,
    documents: Annotated[bool, Query(description="Walk through Document nodes too.")] = False,
) -> Subgraph:
    """The entities within ``radius`` links (either direction) and the edges among them."""
    graph = state.graph()
    convert.require_node(graph, entity_id)
    sub, truncated = ego_subgraph(
        graph, entity_id, radius, max_nodes=max_nodes,
        skip_kinds=() if documents else HUB_KINDS,
    )
    return convert.subgraph(sub, truncated)


@router.get("/paths", response_model=Paths, summary="Shortest paths between two entities")
def paths(
    state: State,
    source: Annotated[str, Query(min_length=1, max_length=200)],
    target: Annotated[str, Query(min_length=1, max_length=200)],
    k: Annotated[int, Query(ge=1, le=10, description="How many paths at most.")] = 3,
    max_length: Annotated[int, Query(ge=1, le=8, description="Most links per path.")] = 6,
) -> Paths:
    """Up to ``k`` shortest simple paths (ignoring edge direction and Document nodes)."""
    graph = state.graph()
    convert.require_node(graph, source)
    convert.require_node(graph, target)
    found = shortest_paths(graph, source, target, k=k, max_length=max_length)
    return Paths(
        source=source, target=target, paths=found,
        graph=convert.subgraph(path_subgraph(graph, found)),
    )
