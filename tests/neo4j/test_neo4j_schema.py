"""Properties and statements: the graph survives the trip through Neo4j's property model."""

from __future__ import annotations

import re

import pytest
from neo4j_sample import DOC, comparable, sample_graph

from graphmap.model import EdgeKind, NodeKind
from graphmap.neo4j import analyses, schema


def test_rows_read_back_as_the_same_graph() -> None:
    graph = sample_graph()
    nodes = [(r.label, r.props) for r in schema.node_rows(graph)]
    rels = [(r.type, r.source, r.target, r.props) for r in schema.relationship_rows(graph)]
    assert comparable(schema.graph_from_rows(nodes, rels)) == comparable(graph)


def test_properties_are_values_neo4j_can_store() -> None:
    graph = sample_graph()
    rows = [r.props for r in schema.node_rows(graph)]
    rows += [r.props for r in schema.relationship_rows(graph)]
    for props in rows:
        for key, value in props.items():
            assert value is not None, key
            if isinstance(value, list):
                assert len({type(v) for v in value}) <= 1, (key, value)
            else:
                assert isinstance(value, str | int | float | bool), (key, value)


def test_evidence_and_status_are_properties_on_nodes_and_relationships() -> None:
    graph = sample_graph()
    org = next(r for r in schema.node_rows(graph) if r.props["name"] == "丁有限公司")
    assert org.props["status"] == "confirmed"
    assert org.props["evidence_count"] == 1
    assert org.props["evidence_docs"] == [DOC]
    rel = next(r for r in schema.relationship_rows(graph) if r.type == "COOPERATES_WITH")
    assert rel.props["status"] == "uncertain"
    assert rel.props[schema.JSON_KEYS] == ["meta"]


def test_hash_changes_with_content_only() -> None:
    first = {r.id: r.props[schema.HASH] for r in schema.node_rows(sample_graph())}
    again = {r.id: r.props[schema.HASH] for r in schema.node_rows(sample_graph())}
    assert first == again
    graph = sample_graph()
    node = next(n for n, d in graph.nodes(data=True) if d["name"] == "乙研究院")
    graph.nodes[node]["status"] = "rejected"
    changed = {r.id: r.props[schema.HASH] for r in schema.node_rows(graph)}
    assert [k for k in first if first[k] != changed[k]] == [node]


def test_labels_and_types_come_only_from_the_model() -> None:
    with pytest.raises(ValueError):
        schema.label("Organization) DETACH DELETE (n")
    with pytest.raises(ValueError):
        schema.upsert_relationships_statement("KNOWS", "Person", "Person")
    allowed = {k.value for k in NodeKind} | {k.value for k in EdgeKind}
    for _, statement in schema.statements() + analyses.statements():
        for name in re.findall(r"[(\[|]\w*:(\w+)", statement):
            assert name in allowed, (name, statement)


def test_statements_take_values_as_parameters() -> None:
    for _, statement in schema.statements() + analyses.statements():
        # every literal in a statement is a fixed word of graphmap's, never data
        for literal in re.findall(r"'([^']*)'", statement):
            assert literal in {"rejected", "", " ", "cjk", analyses.FULLTEXT_INDEX}, statement
