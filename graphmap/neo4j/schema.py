"""How graphmap's graph looks in Neo4j: labels, types, properties, constraints, statements.

Labels are the :class:`~graphmap.model.NodeKind` values and relationship types the
:class:`~graphmap.model.EdgeKind` values, nothing else: every label or type spliced into a
statement comes from those enums (Cypher cannot take a label as a parameter), every value
travels as a parameter.

Properties of a node: ``id`` (the entity id, unique per label), ``name``, ``status``,
``aliases`` (string array), the kind's own fields (``org_type``, ``stage``, ``titles`` ...),
``evidence`` (the evidence list as JSON text), ``evidence_docs`` (the distinct document ids,
a string array), ``evidence_count`` and ``graphmap_hash`` (a digest of all of the above, which
makes a re-push of an unchanged element a no-op on the server). A relationship carries ``id``,
``status``, the evidence properties, the hash and its own attributes; an attribute that is not a
scalar or a list of one scalar type is stored as JSON text and its name listed in
``graphmap_json``. ``None`` is no property, as Neo4j has no null property.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

import networkx as nx

from graphmap.graph import edge_attributes, node_attributes
from graphmap.model import (
    EDGE_ENDPOINTS,
    ENTITY_CLASSES,
    EdgeKind,
    Entity,
    Evidence,
    NodeKind,
    Relation,
    Status,
    entity_from_parts,
)

#: Properties graphmap adds on top of the graph view's attributes.
HASH = "graphmap_hash"
JSON_KEYS = "graphmap_json"
DERIVED = frozenset({HASH, JSON_KEYS, "evidence_docs", "evidence_count"})

#: Fields that belong to every entity (the rest of a node's properties are its kind's fields).
_BASE_FIELDS = frozenset(f.name for f in fields(Entity))


def label(kind: NodeKind | str) -> str:
    """The node label for a kind; only the model's kinds pass.

    Examples
    --------
    >>> label("Organization")
    'Organization'
    """
    return NodeKind(kind).value


def rel_type(kind: EdgeKind | str) -> str:
    """The relationship type for an edge kind; only the model's kinds pass."""
    return EdgeKind(kind).value


def _scalar(value: Any) -> bool:
    return isinstance(value, str | bool | int | float)


def _neo4j_value(value: Any) -> bool:
    """Whether Neo4j can hold ``value`` as a property as it is (a scalar or a uniform list)."""
    if _scalar(value):
        return True
    if isinstance(value, list) and value:
        first = type(value[0])
        return _scalar(value[0]) and all(type(v) is first for v in value)
    return isinstance(value, list)


def _digest(props: dict[str, Any]) -> str:
    text = json.dumps(props, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _evidence_props(evidence: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "evidence": json.dumps(evidence, ensure_ascii=False, separators=(",", ":")),
        "evidence_docs": sorted({ev["doc_id"] for ev in evidence}),
        "evidence_count": len(evidence),
    }


def node_properties(attributes: dict[str, Any], node_id: str) -> dict[str, Any]:
    """The Neo4j properties of a node, from its graph-view attributes (``kind`` excluded)."""
    props: dict[str, Any] = {"id": node_id}
    props.update(_storable({k: v for k, v in attributes.items() if k != "kind"}))
    props[HASH] = _digest(props)
    return props


def relationship_properties(attributes: dict[str, Any]) -> dict[str, Any]:
    """The Neo4j properties of a relationship, from its graph-view attributes."""
    props = _storable({k: v for k, v in attributes.items() if k != "kind"})
    props[HASH] = _digest(props)
    return props


def _storable(attributes: dict[str, Any]) -> dict[str, Any]:
    """Attributes as Neo4j properties: ``None`` dropped, sets and tuples as lists, values Neo4j
    cannot hold (maps, lists of maps, mixed lists) as JSON text named in ``graphmap_json``,
    evidence as its properties."""
    props: dict[str, Any] = {}
    json_keys: list[str] = []
    for key, value in attributes.items():
        if key == "evidence" or value is None:
            continue
        if isinstance(value, tuple | set):
            value = sorted(value) if isinstance(value, set) else list(value)
        if _neo4j_value(value):
            props[key] = value
        else:
            props[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            json_keys.append(key)
    if json_keys:
        props[JSON_KEYS] = sorted(json_keys)
    props.update(_evidence_props(attributes.get("evidence", [])))
    return props


@dataclass(frozen=True, slots=True)
class NodeRow:
    label: str
    id: str
    props: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RelationshipRow:
    type: str
    id: str
    source: str
    target: str
    source_label: str
    target_label: str
    props: dict[str, Any]


def node_rows(graph: nx.MultiDiGraph) -> Iterator[NodeRow]:
    """One row per node of the graph view, ready to load."""
    for node_id, data in graph.nodes(data=True):
        yield NodeRow(label(data["kind"]), node_id, node_properties(data, node_id))


def relationship_rows(graph: nx.MultiDiGraph) -> Iterator[RelationshipRow]:
    """One row per edge of the graph view, ready to load (endpoint labels included)."""
    for source, target, key, data in graph.edges(keys=True, data=True):
        yield RelationshipRow(
            rel_type(key),
            data["id"],
            source,
            target,
            label(graph.nodes[source]["kind"]),
            label(graph.nodes[target]["kind"]),
            relationship_properties(data),
        )


# -- reading back ------------------------------------------------------------------------------


def entity_from_node(node_label: str, props: dict[str, Any]) -> Entity:
    """Rebuild the typed entity a node was pushed from (extra properties are ignored)."""
    kind = NodeKind(node_label)
    own = {f.name for f in fields(ENTITY_CLASSES[kind])} - _BASE_FIELDS | {"merged_from"}
    json_keys = set(props.get(JSON_KEYS) or ())
    return entity_from_parts(
        kind,
        props["name"],
        {k: json.loads(v) if k in json_keys else v for k, v in props.items() if k in own},
        aliases=set(props.get("aliases") or ()),
        status=props.get("status", Status.UNCERTAIN.value),
        evidence=[Evidence.from_dict(ev) for ev in json.loads(props.get("evidence") or "[]")],
        fixed_id=props["id"],
    )


def relation_from_relationship(
    type_: str, source: str, target: str, props: dict[str, Any]
) -> Relation:
    """Rebuild the relation a relationship was pushed from."""
    json_keys = set(props.get(JSON_KEYS) or ())
    attributes = {
        k: json.loads(v) if k in json_keys else v
        for k, v in props.items()
        if k not in DERIVED and k not in ("id", "status", "evidence")
    }
    return Relation(
        kind=EdgeKind(type_),
        source=source,
        target=target,
        attributes=attributes,
        status=Status(props.get("status", Status.UNCERTAIN.value)),
        evidence=[Evidence.from_dict(ev) for ev in json.loads(props.get("evidence") or "[]")],
    )


def graph_from_rows(
    nodes: Iterable[tuple[str, dict[str, Any]]],
    relationships: Iterable[tuple[str, str, str, dict[str, Any]]],
) -> nx.MultiDiGraph:
    """The graph view from ``(label, props)`` nodes and ``(type, source, target, props)``
    relationships, as read from Neo4j or from import CSVs."""
    graph = nx.MultiDiGraph()
    for node_label, props in nodes:
        entity = entity_from_node(node_label, props)
        graph.add_node(entity.id, **node_attributes(entity))
    for type_, source, target, props in relationships:
        relation = relation_from_relationship(type_, source, target, props)
        graph.add_edge(source, target, key=relation.kind.value, **edge_attributes(relation))
    return graph


# -- statements ------------------------------------------------------------------------------


def schema_statements() -> list[str]:
    """Constraints and indexes, Neo4j 5 syntax, idempotent (``IF NOT EXISTS``).

    A uniqueness constraint on ``id`` per label (it backs every MERGE and MATCH by id),
    indexes on ``name`` and ``status`` per label, and an index on ``id`` per relationship
    type (deleting a removed relationship finds it by id).
    """
    statements = []
    for kind in NodeKind:
        name = label(kind)
        statements.append(
            f"CREATE CONSTRAINT graphmap_{name}_id IF NOT EXISTS "
            f"FOR (n:{name}) REQUIRE n.id IS UNIQUE"
        )
        for prop in ("name", "status"):
            statements.append(
                f"CREATE INDEX graphmap_{name}_{prop} IF NOT EXISTS FOR (n:{name}) ON (n.{prop})"
            )
    for kind in EdgeKind:
        type_ = rel_type(kind)
        statements.append(
            f"CREATE INDEX graphmap_{type_}_id IF NOT EXISTS FOR ()-[r:{type_}]-() ON (r.id)"
        )
    return statements


def upsert_nodes_statement(node_label: str) -> str:
    """``$rows``: ``[{id, props}]``. Creates or replaces; an unchanged node is not written."""
    node_label = label(node_label)
    return (
        f"UNWIND $rows AS row MERGE (n:{node_label} {{id: row.id}}) "
        f"WITH n, row WHERE n.{HASH} IS NULL OR n.{HASH} <> row.props.{HASH} "
        "SET n = row.props"
    )


def upsert_relationships_statement(type_: str, source_label: str, target_label: str) -> str:
    """``$rows``: ``[{id, source, target, props}]``; both endpoints must already exist."""
    type_, source_label, target_label = (
        rel_type(type_),
        label(source_label),
        label(target_label),
    )
    return (
        f"UNWIND $rows AS row MATCH (a:{source_label} {{id: row.source}}) "
        f"MATCH (b:{target_label} {{id: row.target}}) "
        f"MERGE (a)-[r:{type_} {{id: row.id}}]->(b) "
        f"WITH r, row WHERE r.{HASH} IS NULL OR r.{HASH} <> row.props.{HASH} "
        "SET r = row.props"
    )


def upsert_node_statement(node_label: str) -> str:
    """One node per statement (``$id``, ``$props``): the row-by-row path, for comparison."""
    node_label = label(node_label)
    return (
        f"MERGE (n:{node_label} {{id: $id}}) "
        f"WITH n WHERE n.{HASH} IS NULL OR n.{HASH} <> $props.{HASH} SET n = $props"
    )


def upsert_relationship_statement(type_: str, source_label: str, target_label: str) -> str:
    """One relationship per statement (``$id``, ``$source``, ``$target``, ``$props``)."""
    type_, source_label, target_label = (
        rel_type(type_),
        label(source_label),
        label(target_label),
    )
    return (
        f"MATCH (a:{source_label} {{id: $source}}) MATCH (b:{target_label} {{id: $target}}) "
        f"MERGE (a)-[r:{type_} {{id: $id}}]->(b) "
        f"WITH r WHERE r.{HASH} IS NULL OR r.{HASH} <> $props.{HASH} SET r = $props"
    )


def delete_nodes_statement(node_label: str) -> str:
    """``$ids``: node ids to remove with their relationships."""
    return f"UNWIND $ids AS id MATCH (n:{label(node_label)} {{id: id}}) DETACH DELETE n"


def delete_relationships_statement(type_: str) -> str:
    """``$ids``: relationship ids to remove."""
    return f"UNWIND $ids AS id MATCH ()-[r:{rel_type(type_)} {{id: id}}]->() DELETE r"


def count_nodes_statement(node_label: str) -> str:
    return f"MATCH (n:{label(node_label)}) RETURN count(n) AS count"


def count_relationships_statement(type_: str) -> str:
    return f"MATCH ()-[r:{rel_type(type_)}]->() RETURN count(r) AS count"


def node_hashes_statement(node_label: str) -> str:
    """Ids and hashes of the nodes graphmap pushed under one label."""
    return (
        f"MATCH (n:{label(node_label)}) WHERE n.{HASH} IS NOT NULL "
        f"RETURN n.id AS id, n.{HASH} AS hash"
    )


def relationship_hashes_statement(type_: str) -> str:
    """Ids and hashes of the relationships graphmap pushed under one type."""
    return (
        f"MATCH ()-[r:{rel_type(type_)}]->() WHERE r.{HASH} IS NOT NULL "
        f"RETURN r.id AS id, r.{HASH} AS hash"
    )


def read_nodes_statement(node_label: str) -> str:
    """The properties of the nodes graphmap pushed under one label."""
    return (
        f"MATCH (n:{label(node_label)}) WHERE n.{HASH} IS NOT NULL "
        "RETURN properties(n) AS props"
    )


def read_relationships_statement(type_: str) -> str:
    """Endpoints and properties of the relationships graphmap pushed under one type."""
    return (
        f"MATCH (a)-[r:{rel_type(type_)}]->(b) WHERE r.{HASH} IS NOT NULL "
        "RETURN a.id AS source, b.id AS target, properties(r) AS props"
    )


def statements() -> list[tuple[str, str]]:
    """Every statement this module can emit, named, for validation with Neo4j's parser."""
    out = [(f"schema {i}", s) for i, s in enumerate(schema_statements())]
    for kind in NodeKind:
        out += [
            (f"upsert {kind}", upsert_nodes_statement(kind)),
            (f"upsert one {kind}", upsert_node_statement(kind)),
            (f"delete {kind}", delete_nodes_statement(kind)),
            (f"count {kind}", count_nodes_statement(kind)),
            (f"hashes {kind}", node_hashes_statement(kind)),
            (f"read {kind}", read_nodes_statement(kind)),
        ]
    for kind, (sources, targets) in EDGE_ENDPOINTS.items():
        for source in sorted(sources):
            for target in sorted(targets):
                out += [
                    (f"upsert {kind} {source}->{target}",
                     upsert_relationships_statement(kind, source, target)),
                    (f"upsert one {kind} {source}->{target}",
                     upsert_relationship_statement(kind, source, target)),
                ]
        out += [
            (f"delete {kind}", delete_relationships_statement(kind)),
            (f"count {kind}", count_relationships_statement(kind)),
            (f"hashes {kind}", relationship_hashes_statement(kind)),
            (f"read {kind}", read_relationships_statement(kind)),
        ]
    return out
