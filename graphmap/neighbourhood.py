"""Walk the graph around entities: an ego subgraph by breadth-first search, paths between two.

Both ignore edge direction (an affiliation links a person and an organization whichever way it
points) and, by default, skip Document nodes: every document MENTIONS dozens of entities, so
through documents everything is two hops from everything and the answer says nothing. Rejected
nodes and edges are skipped too: an analyst removed them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from graphmap.errors import InputError
from graphmap.model import NodeKind, Status

#: Kinds left out of walks unless asked for (see the module docstring).
HUB_KINDS: frozenset[str] = frozenset({NodeKind.DOCUMENT.value})


def _require(graph: nx.MultiDiGraph, node: str) -> None:
    if node not in graph:
        raise InputError(
            f"no entity with id {node!r} in the graph",
            "search for the entity first and use the id it returns",
        )


def _usable_edge(data: dict[str, Any]) -> bool:
    return data.get("status") != Status.REJECTED.value


def _neighbours(
    graph: nx.MultiDiGraph, node: str, skip_kinds: Collection[str]
) -> Iterator[str]:
    """Distinct neighbours over usable edges in both directions, in a stable order."""
    seen: set[str] = set()
    for adjacency in (graph.succ[node], graph.pred[node]):
        for other, edges in adjacency.items():
            if other in seen or other == node:
                continue
            data = graph.nodes[other]
            if data.get("kind") in skip_kinds or data.get("status") == Status.REJECTED.value:
                continue
            if any(_usable_edge(attrs) for attrs in edges.values()):
                seen.add(other)
                yield other


def bounded_walk(
    center: str,
    radius: int,
    max_nodes: int,
    expand: Callable[[list[str]], Mapping[str, Iterable[str]]],
) -> tuple[dict[str, int], bool]:
    """Breadth-first from ``center``, ring by ring, stopping at ``max_nodes`` nodes.

    ``expand(frontier)`` maps each frontier node to its neighbours: one call per ring, so a
    database backend can fetch a whole ring in one query. Returns ``node -> depth`` (in the
    order reached) and whether ``max_nodes`` cut the walk short.
    """
    if radius < 0 or max_nodes < 1:
        raise InputError("radius must be >= 0 and max_nodes >= 1", "pass smaller-is-fine values")
    kept = {center: 0}
    frontier = [center]
    for depth in range(1, radius + 1):
        neighbours = expand(frontier)
        following: list[str] = []
        for node in frontier:
            for other in neighbours.get(node, ()):
                if other in kept:
                    continue
                if len(kept) >= max_nodes:
                    return kept, True
                kept[other] = depth
                following.append(other)
        if not following:
            break
        frontier = following
    return kept, False


def ego_subgraph(
    graph: nx.MultiDiGraph,
    center: str,
    radius: int = 1,
    *,
    max_nodes: int = 200,
    skip_kinds: Collection[str] = HUB_KINDS,
) -> tuple[nx.MultiDiGraph, bool]:
    """The entities within ``radius`` links of ``center`` and the edges among them.

    A breadth-first search with a cutoff that stops at ``max_nodes``: it touches only the
    neighbourhood (``nx.ego_graph`` copies the whole graph first).

    Parameters
    ----------
    graph : nx.MultiDiGraph
        The graph view (see :mod:`graphmap.graph`).
    center : str
        The entity id to start from (kept even when its kind is skipped).
    radius : int
        How many links away to go.
    max_nodes : int
        Stop adding nodes at this many (the centre included).
    skip_kinds : collection of str
        Node kinds not entered (Document by default).

    Returns
    -------
    (nx.MultiDiGraph, bool)
        The subgraph (a copy with every attribute) and whether ``max_nodes`` cut it short.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["a", "b", "c", "d"], kind="Organization")
    >>> g.add_edges_from([("a", "b", "X"), ("c", "b", "X"), ("c", "d", "X")])
    ['X', 'X', 'X']
    >>> sub, cut = ego_subgraph(g, "a", 2)
    >>> sorted(sub), cut
    (['a', 'b', 'c'], False)
    """
    _require(graph, center)
    kept, truncated = bounded_walk(
        center, radius, max_nodes,
        lambda frontier: {node: _neighbours(graph, node, skip_kinds) for node in frontier},
    )
    sub = nx.MultiDiGraph()
    for node, depth in kept.items():
        sub.add_node(node, **graph.nodes[node], depth=depth)
    for source in kept:
        for target, edges in graph.succ[source].items():
            if target in kept:
                for key, data in edges.items():
                    if _usable_edge(data):
                        sub.add_edge(source, target, key=key, **data)
    return sub, truncated


def _walk_view(graph: nx.MultiDiGraph, keep: set[str], skip_kinds: Collection[str]) -> nx.Graph:
    view = nx.Graph()
    for node, data in graph.nodes(data=True):
        if node in keep or (
            data.get("kind") not in skip_kinds and data.get("status") != Status.REJECTED.value
        ):
            view.add_node(node)
    for source, target, data in graph.edges(data=True):
        if source in view and target in view and source != target and _usable_edge(data):
            view.add_edge(source, target)
    return view


def shortest_paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    k: int = 3,
    max_length: int = 6,
    skip_kinds: Collection[str] = HUB_KINDS,
) -> list[list[str]]:
    """Up to ``k`` shortest simple paths from ``source`` to ``target``, shortest first.

    Paths longer than ``max_length`` links are not returned; an empty list means the two are
    not connected within that length (without passing through skipped kinds).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from("abcd", kind="Organization")
    >>> g.add_edges_from([("a", "b", "X"), ("c", "b", "X"), ("c", "d", "X"), ("a", "d", "X")])
    ['X', 'X', 'X', 'X']
    >>> shortest_paths(g, "a", "c", k=2)
    [['a', 'b', 'c'], ['a', 'd', 'c']]
    """
    _require(graph, source)
    _require(graph, target)
    if k < 1 or max_length < 1:
        raise InputError("k and max_length must be >= 1", "ask for at least one path")
    if source == target:
        return [[source]]
    view = _walk_view(graph, {source, target}, skip_kinds)
    if not nx.has_path(view, source, target):
        return []
    if nx.shortest_path_length(view, source, target) > max_length:
        return []
    paths = []
    for path in islice(nx.shortest_simple_paths(view, source, target), k):
        if len(path) - 1 > max_length:
            break
        paths.append(path)
    return paths


def path_subgraph(graph: nx.MultiDiGraph, paths: list[list[str]]) -> nx.MultiDiGraph:
    """The nodes of ``paths`` with every usable edge joining consecutive nodes."""
    sub = nx.MultiDiGraph()
    for path in paths:
        for node in path:
            sub.add_node(node, **graph.nodes[node])
        for a, b in pairwise(path):
            for source, target in ((a, b), (b, a)):
                for key, data in graph.get_edge_data(source, target, default={}).items():
                    if _usable_edge(data):
                        sub.add_edge(source, target, key=key, **data)
    return sub
