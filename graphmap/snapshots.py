"""Dated snapshots of the graph and what changed between two of them.

A snapshot is a named copy of the graph tables (``graphmap snapshot create 2025-salon-3``);
``current`` names the live graph. :func:`diff_snapshots` answers the questions asked after
each salon: which organizations joined a consortium, which experts and technologies are new,
which chain gaps were closed (by :func:`graphmap.chains.coverage.chain_coverage` where the
consortium's chain is known, otherwise by members newly linked to a segment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graphmap.errors import GraphmapError
from graphmap.graph import graph_from
from graphmap.model import EdgeKind, Entity, NodeKind, Person, Relation, Status
from graphmap.store import Workspace

CURRENT = "current"


@dataclass(slots=True)
class Change:
    """One new element: its id, its name and a short context (organization, consortium...)."""

    id: str
    name: str
    detail: str = ""


@dataclass(slots=True)
class SnapshotDiff:
    """What ``after`` has that ``before`` had not."""

    before: str
    after: str
    new_members: list[Change] = field(default_factory=list)
    new_experts: list[Change] = field(default_factory=list)
    new_technologies: list[Change] = field(default_factory=list)
    closed_gaps: list[Change] = field(default_factory=list)
    opened_gaps: list[Change] = field(default_factory=list)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (before, after)

    def is_empty(self) -> bool:
        return not (self.new_members or self.new_experts or self.new_technologies
                    or self.closed_gaps or self.opened_gaps)


def create_snapshot(ws: Workspace, name: str, note: str = "") -> dict:
    """Store the current graph under ``name`` (``current`` is reserved)."""
    if not name.strip() or name == CURRENT:
        raise GraphmapError(f"{name!r} cannot name a snapshot",
                            f"choose a name other than {CURRENT!r}, e.g. a date or salon")
    return ws.create_snapshot(name, note)


def load_snapshot(ws: Workspace, name: str) -> tuple[list[Entity], list[Relation]]:
    """Entities and relations of a snapshot, or of the live graph for ``current``."""
    if name == CURRENT:
        return ws.entities(), ws.relations()
    return ws.snapshot_graph(name)


def _live(
    entities: list[Entity], relations: list[Relation]
) -> tuple[list[Entity], list[Relation]]:
    """Without rejected elements, and without edges that lost an endpoint to a rejection."""
    kept = [e for e in entities if e.status is not Status.REJECTED]
    ids = {e.id for e in kept}
    return kept, [
        r for r in relations
        if r.status is not Status.REJECTED and r.source in ids and r.target in ids
    ]


def diff_snapshots(ws: Workspace, before: str, after: str = CURRENT) -> SnapshotDiff:
    """Compare two snapshots (or a snapshot and ``current``).

    Parameters
    ----------
    ws : Workspace
    before, after : str
        Snapshot names, or ``"current"``.

    Returns
    -------
    SnapshotDiff
        New consortium members, new experts (people), new technologies, and chain gaps closed
        (or opened) between the two. Rejected elements count as absent.
    """
    old_entities, old_relations = _live(*load_snapshot(ws, before))
    new_entities, new_relations = _live(*load_snapshot(ws, after))
    diff = SnapshotDiff(before, after)
    names = {e.id: e.name for e in new_entities}
    old_ids = {e.id for e in old_entities}

    kinds = sorted({e.kind.value for e in (*old_entities, *new_entities)})
    diff.counts = {
        k: (sum(e.kind.value == k for e in old_entities), sum(e.kind.value == k for e in
                                                              new_entities))
        for k in kinds
    }
    old_members = {r.id for r in old_relations if r.kind is EdgeKind.MEMBER_OF}
    diff.new_members = [
        Change(r.source, names.get(r.source, r.source),
               f"{names.get(r.target, r.target)}" + (f" (since {r.attributes['since']})"
                                                     if r.attributes.get("since") else ""))
        for r in new_relations if r.kind is EdgeKind.MEMBER_OF and r.id not in old_members
    ]
    diff.new_experts = [
        Change(e.id, e.name, e.organization or "")
        for e in new_entities if isinstance(e, Person) and e.id not in old_ids
    ]
    diff.new_technologies = [
        Change(e.id, e.name) for e in new_entities
        if e.kind is NodeKind.TECHNOLOGY and e.id not in old_ids
    ]
    old_gaps = _gaps(graph_from(old_entities, old_relations))
    new_gaps = _gaps(graph_from(new_entities, new_relations))
    diff.closed_gaps = [Change(k, v[0], v[1]) for k, v in old_gaps.items() if k not in new_gaps]
    diff.opened_gaps = [Change(k, v[0], v[1]) for k, v in new_gaps.items() if k not in old_gaps]
    for changes in (diff.new_members, diff.new_experts, diff.new_technologies,
                    diff.closed_gaps, diff.opened_gaps):
        changes.sort(key=lambda c: (c.detail, c.name, c.id))
    return diff


def _gaps(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Chain segments no consortium member covers: ``consortium|segment -> (segment, consortium)``.

    Uses the chain coverage analysis for consortia whose industry chain it knows; for the
    others, a segment is covered when a member has an IN_SEGMENT edge to it.
    """
    gaps: dict[str, tuple[str, str]] = {}
    consortia = [n for n, d in graph.nodes(data=True) if d["kind"] == NodeKind.CONSORTIUM.value]
    for consortium in consortia:
        label = graph.nodes[consortium]["name"]
        coverage = _coverage_gaps(graph, consortium)
        if coverage is None:
            coverage = _segment_gaps(graph, consortium)
        for segment_id, segment_name in coverage.items():
            gaps[f"{consortium}|{segment_id}"] = (segment_name, label)
    return gaps


def _coverage_gaps(graph: nx.MultiDiGraph, consortium: str) -> dict[str, str] | None:
    try:
        from graphmap.chains.coverage import chain_coverage
    except ImportError:
        return None
    try:
        coverage = chain_coverage(graph, consortium, candidates=0)
    except GraphmapError:
        return None  # no chain known for this consortium: fall back to IN_SEGMENT edges
    names = {seg.segment_id: seg.name for seg in coverage.segments}
    return {gap: names.get(gap, gap) for gap in coverage.gaps}


def _segment_gaps(graph: nx.MultiDiGraph, consortium: str) -> dict[str, str]:
    members = {
        source for source, _, key in graph.in_edges(consortium, keys=True)
        if key == EdgeKind.MEMBER_OF.value
    }
    segments = {
        n: d["name"] for n, d in graph.nodes(data=True)
        if d["kind"] == NodeKind.CHAIN_SEGMENT.value
    }
    industry = graph.nodes[consortium].get("industry")
    if industry:
        segments = {n: name for n, name in segments.items()
                    if graph.nodes[n].get("industry") == industry}
    covered = {
        target for member in members
        for _, target, key in graph.out_edges(member, keys=True)
        if key == EdgeKind.IN_SEGMENT.value
    }
    return {n: name for n, name in segments.items() if n not in covered}
