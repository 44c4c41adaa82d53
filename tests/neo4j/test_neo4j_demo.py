"""The Neo4j path on the bundled sample corpus: import files and push reproduce the workspace
graph, and the Cypher answers equal the in-memory ones."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from neo4j_sample import comparable

from graphmap.graph import nodes_of_kind
from graphmap.model import NodeKind
from graphmap.neo4j import analyses, files
from graphmap.neo4j.connection import Neo4jBackend
from graphmap.neo4j.push import push_workspace, read_graph
from graphmap.store import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(demo_workspace: Path, tmp_path: Path) -> Workspace:
    """A private copy: a push writes its push state into the workspace."""
    shutil.copytree(demo_workspace, tmp_path / "ws")
    return Workspace.open(tmp_path / "ws")


def test_import_csvs_of_the_demo_reproduce_its_graph(demo: Workspace, tmp_path: Path) -> None:
    graph = demo.graph()
    written = files.write_import_csv(graph, tmp_path / "import")
    assert written.rows == graph.number_of_nodes() + graph.number_of_edges() > 500
    assert files.check_import_csv(written.folder) == []
    assert comparable(files.read_import_csv(written.folder)) == comparable(graph)


@pytest.mark.server
def test_push_of_the_demo_reads_back_equal_and_answers_alike(
    demo: Workspace, backend: Neo4jBackend
) -> None:
    graph = demo.graph()
    first = push_workspace(demo, backend)
    assert first.counters["nodes_created"] == graph.number_of_nodes()
    assert not push_workspace(demo, backend).changed
    assert comparable(read_graph(backend)) == comparable(graph)

    [(consortium, _)] = nodes_of_kind(graph, NodeKind.CONSORTIUM)
    in_memory = analyses.chain_coverage(graph, consortium)
    assert asdict(analyses.chain_coverage(backend, consortium)) == asdict(in_memory)
    assert in_memory.candidates and in_memory.gaps

    sub, _ = analyses.ego_subgraph(graph, consortium, 2)
    sub_neo4j, _ = analyses.ego_subgraph(backend, consortium, 2)
    assert comparable(sub_neo4j) == comparable(sub)
