"""The interactive graph page: one self-contained HTML file that works with no network at all.

vis-network's standalone build is read from the installed ``pyvis`` package and inlined; the
page template, script and style are our own (pyvis's template links Bootstrap from a CDN).
Small graphs settle with physics and then freeze; large ones get a precomputed community layout
with physics off, because vis-network's physics does not settle in useful time past a few
hundred nodes (2,000 nodes: 486 s measured). Graphs above ``max_nodes`` are reduced and the
page says how.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import networkx as nx
import numpy as np

from graphmap.errors import GraphmapError, InputError
from graphmap.model import EdgeKind, NodeKind, Status
from viz.style import (
    ATTR_LABELS,
    COMMUNITY_COLOURS,
    EDGE_COLOURS,
    EDGE_LABELS,
    KIND_STYLE,
    STAGE_LABELS,
    STATUS_LABELS,
    org_type_label,
)

if TYPE_CHECKING:
    from graphmap.chains.results import Coverage

#: vis-network physics settles quickly up to about this many nodes (200 measured fine).
PHYSICS_NODE_LIMIT = 300
#: Default ceiling on drawn nodes; past it the graph is reduced (see :func:`reduce_graph`).
DEFAULT_MAX_NODES = 1500
#: Evidence items embedded per node or edge; the page says how many more exist.
EVIDENCE_PER_ITEM = 5
#: Kinds that give a map its structure; all kept when a graph is reduced (they are few).
STRUCTURAL_KINDS = frozenset({NodeKind.CONSORTIUM, NodeKind.INDUSTRY, NodeKind.CHAIN_SEGMENT})
#: Share of a reduced view each kind gets at least (if it has that many nodes): experts,
#: organizations and technologies all appear even when one kind outnumbers the others.
KIND_FLOOR = {NodeKind.PERSON: 0.3, NodeKind.ORGANIZATION: 0.3, NodeKind.TECHNOLOGY: 0.15}
#: Share a reduced view gives at most to kinds that link many people to one node (an event
#: with 40 attendees): drawn, they are hubs that say little about who works with whom.
KIND_CEILING = {NodeKind.EVENT: 0.06, NodeKind.ACHIEVEMENT: 0.06}
_VIS_JS = "templates/lib/vis-9.1.2/vis-network.min.js"
#: Templates, script and style of the pages (package data next to this module).
ASSETS = Path(__file__).resolve().parent / "assets"
_SKIPPED_ATTRS = frozenset({"kind", "name", "status", "aliases", "evidence", "id"})


def ego_nodes(graph: nx.MultiDiGraph, center: str, hops: int = 2) -> set[str]:
    """Nodes within ``hops`` links of ``center``, ignoring edge direction.

    A breadth-first search with a cutoff over the adjacency dicts: it touches only the
    neighbourhood, unlike ``nx.ego_graph`` which copies the graph (~11 s on 100k nodes).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(ego_nodes(g, "a", 2))
    ['a', 'b', 'c']
    """
    if center not in graph:
        raise InputError(
            f"node {center!r} is not in the graph",
            "pass a node id from `graphmap` output (or search the page for the name)",
        )
    seen = {center}
    frontier = [center]
    succ, pred = graph.succ, graph.pred
    for _ in range(hops):
        nxt: list[str] = []
        for node in frontier:
            for neighbour in (*succ[node], *pred[node]):
                if neighbour not in seen:
                    seen.add(neighbour)
                    nxt.append(neighbour)
        if not nxt:
            break
        frontier = nxt
    return seen


def reduce_graph(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int = DEFAULT_MAX_NODES,
    include_documents: bool = False,
    include_rejected: bool = False,
) -> tuple[nx.MultiDiGraph, str]:
    """Choose what the page draws and describe the choice in one sentence.

    Document nodes (their MENTIONS links would bury everything) and rejected nodes are left
    out unless asked for, and so are nodes left without any link; ``focus`` keeps the
    ``hops`` neighbourhood of one node; past ``max_nodes`` the consortia, industries and
    segments and then the best-connected nodes of each kind, linked to one another, are kept
    (see :func:`important_nodes`).

    Returns
    -------
    (graph, note)
        ``graph`` itself when nothing is left out, else a copy of the chosen subgraph; and
        the sentence the page shows.
    """
    notes: list[str] = []
    total = graph.number_of_nodes()
    keep: Iterable[str] = graph.nodes
    if focus is not None:
        keep = ego_nodes(graph, focus, hops)
        name = graph.nodes[focus].get("name", focus)
        notes.append(f"以“{name}”为中心 {hops} 跳邻域 (ego view of {name}, {hops} hops)")
    dropped_kinds: set[str] = set()
    chosen: list[str] = []
    for node in keep:
        data = graph.nodes[node]
        if not include_documents and data.get("kind") == NodeKind.DOCUMENT:
            dropped_kinds.add("文档 documents")
            continue
        if not include_rejected and data.get("status") == Status.REJECTED:
            dropped_kinds.add("已否决 rejected")
            continue
        if not str(data.get("name", "")).strip():
            dropped_kinds.add("无名称 unnamed")
            continue
        chosen.append(node)
    kept = set(chosen)
    linked = {n for n in chosen if any(m in kept and m != n for m in (*graph.succ[n],
                                                                         *graph.pred[n]))}
    if 0 < len(linked) < len(chosen):
        # nodes whose only links were to hidden documents float around and shrink the view
        dropped_kinds.add(f"无连线节点 isolated ({len(chosen) - len(linked)})")
        chosen = [n for n in chosen if n in linked]
    if dropped_kinds:
        notes.append("未显示 hidden: " + "、".join(sorted(dropped_kinds)))
    if len(chosen) > max_nodes:
        chosen = important_nodes(graph, chosen, max_nodes)
        notes.append(
            f"节点过多，按连线数（每类设名额）选出最重要且彼此相连的 {max_nodes:,} 个节点，"
            "含全部联合体、产业与产业链环节"
            f" (reduced to the {max_nodes:,} best-connected nodes, a quota per kind)"
        )
    # A real (copied) graph, not a subgraph view: every later pass over a view re-filters
    # the whole adjacency (counting a 20,000-node view's edges took 3 s).
    view = graph if len(chosen) == total else graph.subgraph(chosen).copy()
    head = (
        f"显示 {view.number_of_nodes():,} / {total:,} 个节点，"
        f"{view.number_of_edges():,} / {graph.number_of_edges():,} 条连线"
    )
    return view, "；".join([head, *notes])


def important_nodes(graph: nx.MultiDiGraph, candidates: list[str], budget: int) -> list[str]:
    """The ``budget`` most important of ``candidates``, each kind given its share, linked up.

    Importance is weighted degree among the candidates (parallel relations count each).
    Every consortium, industry and chain segment is kept; persons, organizations and
    technologies get about their :data:`KIND_FLOOR` share at least, events and achievements
    their :data:`KIND_CEILING` share at most (shares are then scaled to fill the budget).
    The view grows from the structural nodes (or the most important node) by always adding
    the most important candidate linked to what is already chosen, so the chosen nodes stay
    connected; a new seed is taken only when the chosen part of a component is exhausted,
    and quotas are lifted when no kind has room.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("hub", f"p{i}") for i in range(5)] + [("p0", "p1"), ("x", "y")])
    >>> nx.set_node_attributes(g, "Person", "kind")
    >>> important_nodes(g, list(g), 3)
    ['hub', 'p0', 'p1']
    """
    members = set(candidates)
    score: dict[str, int] = dict.fromkeys(candidates, 0)
    for u, v in graph.edges():
        if u != v and u in members and v in members:
            score[u] += 1
            score[v] += 1
    kind_of = {n: graph.nodes[n].get("kind", "") for n in candidates}
    counts: dict[str, int] = {}
    for kind in kind_of.values():
        counts[kind] = counts.get(kind, 0) + 1
    structural = sorted((n for n in candidates if kind_of[n] in STRUCTURAL_KINDS),
                        key=lambda n: (-score[n], n))[:budget]
    rest = budget - len(structural)
    others = len(candidates) - len(structural) or 1
    share = {kind: min(max(count / others, KIND_FLOOR.get(kind, 0.0)),
                       KIND_CEILING.get(kind, 1.0))
             for kind, count in counts.items() if kind not in STRUCTURAL_KINDS}
    total_share = sum(share.values()) or 1.0
    quota = {kind: min(counts[kind], math.ceil(rest * s / total_share))
             for kind, s in share.items()}
    quota.update({kind: counts[kind] for kind in counts if kind in STRUCTURAL_KINDS})
    ranked = sorted(candidates, key=lambda n: (-score[n], n))
    chosen: list[str] = []
    taken: set[str] = set()
    used = dict.fromkeys(counts, 0)
    frontier: list[tuple[int, str]] = []
    deferred: list[tuple[int, str]] = []

    def take(node: str) -> None:
        chosen.append(node)
        taken.add(node)
        used[kind_of[node]] += 1
        for other in (*graph.succ[node], *graph.pred[node]):
            if other in members and other not in taken:
                heapq.heappush(frontier, (-score[other], other))

    for node in structural:
        take(node)
    seeds = iter(ranked)
    while len(chosen) < budget:
        if not frontier:
            seed = next((n for n in seeds if n not in taken
                         and used[kind_of[n]] < quota[kind_of[n]]), None)
            if seed is None:  # every kind's quota is full: lift the quotas
                quota = counts
                frontier, deferred = deferred, []
                heapq.heapify(frontier)
                seeds = iter(ranked)
                if not frontier:
                    seed = next(n for n in seeds if n not in taken)
            if seed is not None:
                take(seed)
            continue
        item = heapq.heappop(frontier)
        node = item[1]
        if node in taken:
            continue
        if used[kind_of[node]] >= quota[kind_of[node]]:
            deferred.append(item)
            continue
        take(node)
    return chosen


#: Above this many nodes, communities come from label propagation instead of Louvain
#: (networkx Louvain: 2.4 s on 2,000 nodes and 40 s on 20,000 here; fast label
#: propagation 0.3 s and 2 s).
LOUVAIN_NODE_LIMIT = 2000
#: Communities up to this size get a spring layout (dense, quadratic without scipy).
SPRING_LIMIT = 250


def simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph behind ``graph`` (no self-loops), for communities/layout.

    Each pair's ``weight`` is its number of relations divided by ``log2(1 + degree)`` of
    its busier end, so the links of a hub (an event all attendees point at) weigh less and
    communities follow who works with whom more than who sat in the same hall.
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v in graph.edges():
        if u != v:
            pair = simple.get_edge_data(u, v)
            if pair is None:
                simple.add_edge(u, v, count=1)
            else:
                pair["count"] += 1
    degree = dict(simple.degree())
    for u, v, pair in simple.edges(data=True):
        pair["weight"] = pair["count"] / math.log2(1 + max(degree[u], degree[v]))
    return simple


def communities(graph: nx.Graph, *, seed: int = 7) -> tuple[dict[str, int], str]:
    """Community index per node (largest community first, 0) and the method's name.

    Louvain on the hub-discounted weights of :func:`simple_graph` up to
    :data:`LOUVAIN_NODE_LIMIT` nodes, fast label propagation (same weights) above.
    """
    simple = graph if type(graph) is nx.Graph else simple_graph(graph)
    if simple.number_of_edges() == 0:
        return dict.fromkeys(simple.nodes, 0), "none"
    weight = "weight" if all("weight" in d for _, _, d in simple.edges(data=True)) else None
    if simple.number_of_nodes() <= LOUVAIN_NODE_LIMIT:
        found = list(nx.community.louvain_communities(simple, weight=weight, seed=seed))
        method = "Louvain"
    else:
        found = list(nx.community.fast_label_propagation_communities(
            simple, weight=weight, seed=seed))
        method = "label propagation"
    found.sort(key=lambda c: (-len(c), min(c)))
    return {node: index for index, members in enumerate(found) for node in members}, method


def _sunflower(count: int, radius: float) -> np.ndarray:
    """``count`` points spread evenly over a disc (Vogel's spiral), densest first."""
    index = np.arange(count) + 0.5
    r = radius * np.sqrt(index / max(count, 1))
    theta = index * math.pi * (3 - math.sqrt(5))
    return np.column_stack([r * np.cos(theta), r * np.sin(theta)])


def community_layout(
    graph: nx.Graph, community: dict[str, int], *, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Positions for a large graph: each community as a disc, discs packed along a spiral.

    Communities up to :data:`SPRING_LIMIT` nodes get a spring layout inside their disc;
    bigger ones a sunflower ordered by degree (hubs in the middle). Tiny communities share
    one disc. Cost is linear in nodes plus the small spring layouts.
    """
    groups: dict[int, list[str]] = {}
    for node in graph.nodes:
        groups.setdefault(community.get(node, 0), []).append(node)
    big = [members for members in groups.values() if len(members) >= 3]
    rest = [n for members in groups.values() if len(members) < 3 for n in members]
    big.sort(key=len, reverse=True)
    if len(big) > 80:
        rest.extend(n for members in big[80:] for n in members)
        big = big[:80]
    if rest:
        big.append(rest)
    degree = dict(graph.degree())
    positions: dict[str, tuple[float, float]] = {}
    placed: list[tuple[float, float, float]] = []
    for members in big:
        radius = 28.0 * math.sqrt(len(members)) + 20.0
        cx, cy = _place_disc(placed, radius)
        placed.append((cx, cy, radius))
        if 3 <= len(members) <= SPRING_LIMIT and members is not rest:
            sub = nx.Graph(graph.subgraph(members))
            local = nx.spring_layout(sub, seed=seed, iterations=50)
            for node, (x, y) in local.items():
                positions[node] = (cx + x * radius * 0.9, cy + y * radius * 0.9)
        else:
            ordered = sorted(members, key=lambda n: -degree[n])
            for node, (x, y) in zip(ordered, _sunflower(len(ordered), radius), strict=True):
                positions[node] = (cx + float(x), cy + float(y))
    return positions


def _place_disc(placed: list[tuple[float, float, float]], radius: float) -> tuple[float, float]:
    """The first point on an outward spiral where a disc of ``radius`` overlaps no other."""
    if not placed:
        return 0.0, 0.0
    step = 0
    while True:
        angle = step * 0.5
        dist = 8.0 * step
        x, y = dist * math.cos(angle), dist * math.sin(angle)
        if all(math.hypot(x - px, y - py) >= radius + pr + 30 for px, py, pr in placed):
            return x, y
        step += 1


def document_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Document id -> the file name (or title) a reader recognizes."""
    return {
        data.get("doc_id", node): Path(data["path"]).name if data.get("path")
        else str(data.get("name") or node)
        for node, data in graph.nodes(data=True)
        if data.get("kind") == NodeKind.DOCUMENT
    }


def _evidence(
    items: list[dict[str, Any]], documents: dict[str, str]
) -> tuple[list[dict[str, Any]], int]:
    shown = [
        {
            "sentence": str(ev.get("sentence", ""))[:300],
            "doc": documents.get(ev.get("doc_id", ""), ev.get("doc_id", "")),
            "start": ev.get("start", 0),
            "end": ev.get("end", 0),
            "extractor": ev.get("extractor", ""),
            "confidence": round(float(ev.get("confidence", 1.0)), 2),
        }
        for ev in items[:EVIDENCE_PER_ITEM]
    ]
    return shown, max(0, len(items) - EVIDENCE_PER_ITEM)


#: Detail-panel labels of the nested attributes (see :func:`_plain_attrs`).
_NESTED_LABELS = {"merged_from": "合并自", "positions": "职务记录"}


def _chinese_status(status: str) -> str:
    return STATUS_LABELS.get(status, status).split(" ")[0]


def _scalar(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "org_type":
        return org_type_label(value)
    if key == "stage":
        return STAGE_LABELS.get(value, value)
    if key == "status":
        return _chinese_status(value)
    if isinstance(value, list | tuple | set):
        return "、".join(_scalar(key, v) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return "；".join(f"{ATTR_LABELS.get(k, k)} {_scalar(k, v)}" for k, v in value.items()
                        if v not in (None, "", [], {}))
    return str(value)


def _merge_line(record: dict[str, Any]) -> str:
    """``名称（信用代码 …）· 原因：…`` for one ``merged_from`` record."""
    attributes = record.get("attributes") or {}
    code = attributes.get("credit_code") or record.get("credit_code")
    line = str(record.get("name") or record.get("id") or "")
    line += f"（{ATTR_LABELS['credit_code']} {code}）" if code else "（无信用代码）"
    if record.get("reason"):
        line += f" · 原因：{record['reason']}"
    return line


def _position_line(record: dict[str, Any]) -> str:
    """``职务（单位）`` for one ``positions`` record."""
    what = str(record.get("title") or record.get("role") or "")
    where = record.get("organization")
    return f"{what}（{where}）" if where else what


def _plain_attrs(data: dict[str, Any]) -> dict[str, list[str]]:
    """Chinese label -> the lines the detail panel shows, for every attribute with a value.

    Booleans read 是/否, codes their Chinese label, lists one line each for records
    (``merged_from``, ``positions``) and one 、-joined line for plain values; nothing is
    shown as a Python repr.
    """
    out: dict[str, list[str]] = {}
    for key, value in data.items():
        if key in _SKIPPED_ATTRS or value in (None, "", [], {}):
            continue
        if key == "merged_from":
            lines = [_merge_line(r) for r in value if isinstance(r, dict)]
        elif key == "positions":
            lines = [_position_line(r) for r in value if isinstance(r, dict)]
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            lines = [_scalar(key, v) for v in value]
        elif isinstance(value, dict):
            lines = [f"{ATTR_LABELS.get(k, k)}：{_scalar(k, v)}" for k, v in value.items()
                     if v not in (None, "", [], {})]
        else:
            lines = [_scalar(key, value)]
        lines = [line for line in lines if line]
        if lines:
            out[_NESTED_LABELS.get(key) or ATTR_LABELS.get(key, key)] = lines
    return out


def page_data(
    view: nx.MultiDiGraph,
    *,
    physics: bool | None = None,
    seed: int = 7,
    coverage: Coverage | None = None,
    documents: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON the page script reads: nodes, edges, styles, segments and communities.

    Segments come from ChainSegment nodes and IN_SEGMENT edges, and from ``coverage`` (a
    :class:`graphmap.chains.Coverage`) when given: its placements fill the segment filter.
    ``documents`` names the documents evidence points to (see :func:`document_names`).
    """
    documents = documents or document_names(view)
    use_physics = view.number_of_nodes() <= PHYSICS_NODE_LIMIT if physics is None else physics
    simple = simple_graph(view)
    community, method = communities(simple, seed=seed)
    positions = {} if use_physics else community_layout(simple, community, seed=seed)
    segments_of: dict[str, list[str]] = {}
    for u, v, kind in view.edges(keys=True):
        if kind == EdgeKind.IN_SEGMENT:
            segments_of.setdefault(u, []).append(v)
    extra_segments = []
    if coverage is not None:
        for seg in coverage.segments:
            seg_key = seg.segment_id if seg.segment_id in view else f"segment:{seg.segment_id}"
            if seg.segment_id not in view:
                stage = STAGE_LABELS.get(seg.stage, seg.stage)
                extra_segments.append({"id": seg_key, "label": f"{stage} · {seg.name}",
                                       "order": stage})
            for member in seg.members:
                if member.org_id in view:
                    segments_of.setdefault(member.org_id, []).append(seg_key)
    degree = dict(simple.degree())
    nodes = []
    segments = []
    for node, data in view.nodes(data=True):
        evidence, more = _evidence(data.get("evidence") or [], documents)
        item: dict[str, Any] = {
            "id": node,
            "label": str(data.get("name", node)),
            "kind": data.get("kind", ""),
            "status": data.get("status", Status.UNCERTAIN.value),
            "aliases": [str(a) for a in data.get("aliases") or []],
            "attrs": _plain_attrs(data),
            "evidence": evidence,
            "evidence_more": more,
            "segments": segments_of.get(node, []),
            "community": community.get(node, 0),
            "size": degree[node] + 1,
        }
        if node in positions:
            item["x"], item["y"] = round(positions[node][0], 1), round(positions[node][1], 1)
        nodes.append(item)
        if data.get("kind") == NodeKind.CHAIN_SEGMENT:
            stage = STAGE_LABELS.get(data.get("stage", ""), "")
            segments.append({"id": node, "label": f"{stage} · {item['label']}", "order": stage})
    segments.extend(extra_segments)
    stage_order = {label: i for i, label in enumerate(STAGE_LABELS.values())}
    segments.sort(key=lambda s: (stage_order.get(s.pop("order"), 9), s["label"]))
    edges = []
    for index, (u, v, kind, data) in enumerate(view.edges(keys=True, data=True)):
        evidence, more = _evidence(data.get("evidence") or [], documents)
        edges.append(
            {
                "id": f"e{index}",
                "from": u,
                "to": v,
                "kind": kind,
                "status": data.get("status", Status.UNCERTAIN.value),
                "attrs": _plain_attrs(data),
                "evidence": evidence,
                "evidence_more": more,
            }
        )
    return {
        "nodes": nodes,
        "edges": edges,
        "physics": use_physics,
        "kinds": [
            {"kind": str(kind), "label": label, "color": colour, "shape": shape,
             "legend_shape": legend}
            for kind, (label, colour, shape, legend) in KIND_STYLE.items()
        ],
        "statuses": [{"status": str(s), "label": label, "short": _chinese_status(s)}
                     for s, label in STATUS_LABELS.items()],
        "segments": segments,
        "edge_colors": {str(k): c for k, c in EDGE_COLOURS.items()},
        "edge_labels": {str(k): label for k, label in EDGE_LABELS.items()},
        "community_colors": list(COMMUNITY_COLOURS),
        "community_count": len(set(community.values())),
        "community_method": method,
    }


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``... so no ``</script>`` or ``<!--`` can close or
    confuse the element; U+2028/U+2029 are escaped for old JavaScript parsers.

    Examples
    --------
    >>> script_json({"a": "</script>"})
    '{"a":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's standalone build from the installed pyvis, with no URL left in it.

    The library's banner comment is replaced by our own licence notice (it links to web
    pages), and ``://`` inside its string literals (an SVG namespace, error-message links)
    is written ``:\\/\\/``, which JavaScript reads as the same string.
    """
    try:
        source = (resources.files("pyvis") / _VIS_JS).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise GraphmapError(
            f"vis-network is missing from the installed pyvis ({_VIS_JS})",
            "reinstall graphmap's dependencies: pip install 'pyvis>=0.3.2,<0.4'",
        ) from exc
    banner_end = source.index("*/") + 2
    body = source[banner_end:].replace("://", ":\\/\\/")
    if "</script" in body.lower():
        raise GraphmapError(
            "the installed vis-network contains '</script' and cannot be inlined",
            "reinstall pyvis 0.3.2",
        )
    return _VIS_NOTICE + body


_VIS_NOTICE = """/*
 vis-network 9.1.2 (standalone build, as shipped inside pyvis 0.3.2).
 Copyright (c) 2011-2017 Almende B.V.; Copyright (c) 2017-2019 visjs contributors.
 Bundles core-js (c) 2014-2022 Denis Pushkarev and uuid (c) the uuid authors, both MIT.
 vis-network is dual licensed under the Apache License 2.0 and the MIT License; used here
 under the MIT License:
 Permission is hereby granted, free of charge, to any person obtaining a copy of this software
 and associated documentation files (the "Software"), to deal in the Software without
 restriction, including without limitation the rights to use, copy, modify, merge, publish,
 distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
 Software is furnished to do so, subject to the following conditions: The above copyright
 notice and this permission notice shall be included in all copies or substantial portions of
 the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
 PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
 LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
 OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
 DEALINGS IN THE SOFTWARE.
*/
"""


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def render_graph_html(
    graph: nx.MultiDiGraph,
    *,
    title: str = "graphmap 图谱",
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int = DEFAULT_MAX_NODES,
    physics: bool | None = None,
    include_documents: bool = False,
    source_note: str = "",
    coverage: Coverage | None = None,
) -> str:
    """The interactive page for ``graph`` as one HTML string (see :func:`write_graph_html`)."""
    view, reduction = reduce_graph(
        graph, focus=focus, hops=hops, max_nodes=max_nodes, include_documents=include_documents
    )
    data = page_data(view, physics=physics, coverage=coverage, documents=document_names(graph))
    layout = "力导向布局 physics layout" if data["physics"] else "预计算社区布局 precomputed layout"
    subtitle = f"生成日期 {date.today().isoformat()} · {layout} · {data['community_count']} 个社区"
    page = _environment().get_template("graph.html.j2").render(
        title=title,
        subtitle=subtitle,
        reduction=reduction,
        source_note=source_note or "数据来源：graphmap 工作区（证据可点击查看） Source: graphmap",
        data_json=script_json(data),
        vis_js=vis_network_js(),
        page_js=_asset("graph.js"),
        page_css=_asset("graph.css"),
    )
    return page


def write_graph_html(graph: nx.MultiDiGraph, path: str | Path, **options: Any) -> Path:
    """Write the self-contained interactive graph page to ``path`` and return the path.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The graph view (``Workspace.graph()``).
    path : str or Path
        The ``.html`` file to write; parent folders are created.
    **options
        ``title``, ``focus`` (node id for an ego view), ``hops``, ``max_nodes``,
        ``physics`` (None: on up to 300 nodes), ``include_documents``, ``source_note``,
        ``coverage`` (chain coverage whose placements fill the segment filter).

    Examples
    --------
    >>> from graphmap.model import Organization
    >>> from graphmap.graph import graph_from
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.html"
    >>> write_graph_html(graph_from([Organization(name="清华大学")], []), out).exists()
    True
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_graph_html(graph, **options), encoding="utf-8")
    return target


EXTERNAL_URL = re.compile(
    r"""(?ix)
    (?:https?|ftp|wss?)://          # absolute URLs of any scheme that fetches
    | (?:src|href|action)\s*=\s*["']?\s*//   # protocol-relative resource links
    | url\(\s*["']?\s*//            # protocol-relative CSS urls
    | @import
    """
)
