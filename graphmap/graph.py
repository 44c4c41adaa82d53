"""The networkx view of the graph: one MultiDiGraph, nodes keyed by entity id.

Node attributes: ``kind`` (NodeKind value), ``name``, ``status``, ``aliases`` (list),
``evidence`` (list of Evidence dicts) and the kind's own fields (``org_type``, ``stage``...).
Edges are keyed by their edge kind; attributes: ``id``, ``kind``, ``status``, ``evidence``
and the relation's own fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from graphmap.model import Entity, NodeKind, Relation, Status


def node_attributes(entity: Entity) -> dict[str, Any]:
    """The attribute dict a node carries in the graph view."""
    return {
        "kind": entity.kind.value,
        "name": entity.name,
        "status": entity.status.value,
        "aliases": sorted(entity.aliases),
        "evidence": [ev.to_dict() for ev in entity.evidence],
        **entity.attributes(),
    }


def edge_attributes(relation: Relation) -> dict[str, Any]:
    """The attribute dict an edge carries in the graph view."""
    return {
        "id": relation.id,
        "kind": relation.kind.value,
        "status": relation.status.value,
        "evidence": [ev.to_dict() for ev in relation.evidence],
        **relation.attributes,
    }


def graph_from(entities: Iterable[Entity], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """Build the graph view from typed entities and relations.

    Relations whose endpoints are not among ``entities`` are an error: the store never
    holds a dangling edge, and neither does the view.

    Examples
    --------
    >>> from graphmap.model import Organization, Technology, Relation, EdgeKind
    >>> org, tech = Organization(name="清华大学"), Technology(name="具身智能")
    >>> g = graph_from([org, tech], [Relation(kind=EdgeKind.WORKS_ON, source=org.id,
    ...                                       target=tech.id)])
    >>> g.nodes[org.id]["kind"], list(g.edges(keys=True))[0][2]
    ('Organization', 'WORKS_ON')
    """
    graph = nx.MultiDiGraph()
    for entity in entities:
        graph.add_node(entity.id, **node_attributes(entity))
    for relation in relations:
        for end in (relation.source, relation.target):
            if end not in graph:
                raise ValueError(f"relation {relation.kind} refers to unknown entity {end}")
        graph.add_edge(
            relation.source, relation.target, key=relation.kind.value, **edge_attributes(relation)
        )
    return graph


def nodes_of_kind(
    graph: nx.MultiDiGraph, kind: NodeKind, *, include_rejected: bool = False
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(id, attributes)`` of the nodes of one kind, skipping rejected ones by default."""
    for node_id, data in graph.nodes(data=True):
        if data.get("kind") != kind.value:
            continue
        if not include_rejected and data.get("status") == Status.REJECTED.value:
            continue
        yield node_id, data
