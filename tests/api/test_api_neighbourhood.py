"""graphmap.neighbourhood: the walks behind the neighbours and paths endpoints."""

from __future__ import annotations

import networkx as nx
import pytest

from graphmap.errors import InputError
from graphmap.neighbourhood import ego_subgraph, path_subgraph, shortest_paths


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node in "abcdef":
        g.add_node(node, kind="Organization", name=node.upper(), status="confirmed")
    g.add_node("doc", kind="Document", name="news", status="confirmed")
    g.add_node("gone", kind="Organization", name="GONE", status="rejected")
    g.add_edge("a", "b", key="COOPERATES_WITH", status="confirmed")
    g.add_edge("c", "b", key="COOPERATES_WITH", status="uncertain")
    g.add_edge("c", "d", key="COOPERATES_WITH", status="confirmed")
    g.add_edge("a", "e", key="COOPERATES_WITH", status="rejected")
    g.add_edge("a", "gone", key="COOPERATES_WITH", status="confirmed")
    for node in "af":
        g.add_edge("doc", node, key="MENTIONS", status="confirmed")
    return g


def test_ego_walks_both_directions_and_records_depth(graph: nx.MultiDiGraph) -> None:
    sub, truncated = ego_subgraph(graph, "a", 2)
    assert set(sub) == {"a", "b", "c"} and not truncated
    assert [sub.nodes[n]["depth"] for n in ("a", "b", "c")] == [0, 1, 2]
    assert set(sub.edges(keys=True)) == {("a", "b", "COOPERATES_WITH"),
                                          ("c", "b", "COOPERATES_WITH")}


def test_ego_skips_rejected_nodes_and_edges_and_documents(graph: nx.MultiDiGraph) -> None:
    sub, _ = ego_subgraph(graph, "a", 3)
    assert not {"e", "gone", "doc", "f"} & set(sub)
    through_docs, _ = ego_subgraph(graph, "a", 2, skip_kinds=())
    assert {"doc", "f"} <= set(through_docs)


def test_ego_stops_at_max_nodes(graph: nx.MultiDiGraph) -> None:
    sub, truncated = ego_subgraph(graph, "a", 3, max_nodes=2)
    assert len(sub) == 2 and truncated


def test_ego_of_an_unknown_node_is_an_input_error(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(InputError, match="zzz"):
        ego_subgraph(graph, "zzz")


def test_paths_respect_length_and_skipped_kinds(graph: nx.MultiDiGraph) -> None:
    assert shortest_paths(graph, "a", "d") == [["a", "b", "c", "d"]]
    assert shortest_paths(graph, "a", "d", max_length=2) == []
    assert shortest_paths(graph, "a", "f") == []  # only a document links them
    assert shortest_paths(graph, "a", "f", skip_kinds=()) == [["a", "doc", "f"]]
    assert shortest_paths(graph, "a", "a") == [["a"]]


def test_path_subgraph_keeps_the_edges_along_the_path(graph: nx.MultiDiGraph) -> None:
    sub = path_subgraph(graph, [["a", "b", "c"]])
    assert set(sub.edges()) == {("a", "b"), ("c", "b")}
