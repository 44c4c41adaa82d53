"""Graph view -> response models (no analysis here, only shape)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from api.errors import ApiError
from api.schemas import EdgeOut, EntitySummary, EvidenceOut, NodeOut, Subgraph


def require_node(graph: nx.MultiDiGraph, entity_id: str) -> dict[str, Any]:
    if entity_id not in graph:
        raise ApiError(
            404, f"no entity with id {entity_id!r}",
            "search with GET /api/entities?q=NAME and use an id it returns",
        )
    return graph.nodes[entity_id]


def summary(graph: nx.MultiDiGraph, node: str) -> EntitySummary:
    data = graph.nodes[node]
    return EntitySummary(
        id=node, kind=data.get("kind", ""), name=data.get("name", ""),
        status=data.get("status", ""),
    )


def evidence(graph: nx.MultiDiGraph, items: list[dict[str, Any]]) -> list[EvidenceOut]:
    out = []
    for item in items:
        doc = graph.nodes.get(item["doc_id"])
        out.append(EvidenceOut(document=doc.get("name") if doc else None, **item))
    return out


def subgraph(graph: nx.MultiDiGraph, truncated: bool = False) -> Subgraph:
    nodes = [
        NodeOut(
            id=node, kind=data.get("kind", ""), name=data.get("name", ""),
            status=data.get("status", ""), depth=data.get("depth"),
        )
        for node, data in graph.nodes(data=True)
    ]
    edges = [
        EdgeOut(
            id=data.get("id", f"{source}|{key}|{target}"), source=source, target=target,
            kind=key, status=data.get("status", ""),
        )
        for source, target, key, data in graph.edges(keys=True, data=True)
    ]
    return Subgraph(nodes=nodes, edges=edges, truncated=truncated)
