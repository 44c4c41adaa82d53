"""Recommend partner organizations: complementary, and each suggestion with its path.

Signals, each explained by a path in the graph:

* ``chain``      adjacent chain segments (IN_SEGMENT, UPSTREAM_OF): a supplier or a customer;
* ``technology`` technologies both work on (WORKS_ON, or their experts' EXPERT_IN),
  rarer technologies counting more;
* ``expert``     a person affiliated with both, or their experts spoke at the same event;
* ``event``      one hosted an event the other's experts spoke at or attended;
* ``consortium`` both are members of the same consortium;
* ``sector``     university / research institute <-> enterprise, a bonus on top of a
  concrete link (never a reason on its own).

Organizations that already COOPERATES_WITH the target are left out unless asked for.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from graphmap.errors import InputError
from graphmap.model import EdgeKind, NodeKind, Relation, Status
from graphmap.normalize import normalize_name
from graphmap.talent import sector_of

if TYPE_CHECKING:
    from graphmap.chains import Chain

WEIGHTS = {"chain": 1.0, "technology": 1.0, "expert": 0.8, "event": 0.4, "consortium": 0.3}
SECTOR_BONUS = 0.5
_RESEARCH = {"academia", "research"}


@dataclass(frozen=True, slots=True)
class GraphPath:
    """A path through the graph: node ids and names, and the edge kinds between them.

    ``edges[i]`` links ``nodes[i]`` and ``nodes[i + 1]``; ``forward[i]`` tells whether the
    edge points from ``nodes[i]`` to ``nodes[i + 1]``.
    """

    nodes: tuple[str, ...]
    names: tuple[str, ...]
    edges: tuple[str, ...]
    forward: tuple[bool, ...]

    def describe(self) -> str:
        """Readable form, e.g. ``A -[WORKS_ON]-> 具身智能 <-[WORKS_ON]- B``.

        Examples
        --------
        >>> GraphPath(("a", "t", "b"), ("甲", "机器人", "乙"), ("WORKS_ON", "WORKS_ON"),
        ...           (True, False)).describe()
        '甲 -[WORKS_ON]-> 机器人 <-[WORKS_ON]- 乙'
        """
        out = [self.names[0]]
        for edge, fwd, name in zip(self.edges, self.forward, self.names[1:], strict=True):
            out.append(f"-[{edge}]->" if fwd else f"<-[{edge}]-")
            out.append(name)
        return " ".join(out)


@dataclass(frozen=True, slots=True)
class PartnerReason:
    kind: str
    text: str
    weight: float
    path: GraphPath


@dataclass(frozen=True, slots=True)
class PartnerSuggestion:
    organization_id: str
    name: str
    org_type: str
    sector: str
    score: float
    reasons: tuple[PartnerReason, ...]

    @property
    def path(self) -> GraphPath:
        """The path of the strongest reason."""
        return self.reasons[0].path

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (for the CLI's --json and the API)."""
        return {
            "organization_id": self.organization_id, "name": self.name,
            "org_type": self.org_type, "sector": self.sector, "score": self.score,
            "path": self.path.describe(),
            "reasons": [
                {"kind": r.kind, "text": r.text, "weight": r.weight, "path": r.path.describe(),
                 "nodes": list(r.path.nodes)}
                for r in self.reasons
            ],
        }


def _live(data: dict) -> bool:
    return data.get("status") != Status.REJECTED.value


def resolve_organization(graph: nx.MultiDiGraph, org: str) -> str:
    """The node id of an organization given by id, name or alias."""
    if org in graph and graph.nodes[org].get("kind") == NodeKind.ORGANIZATION.value:
        return org
    key = normalize_name(org)
    for node, data in graph.nodes(data=True):
        if data.get("kind") != NodeKind.ORGANIZATION.value:
            continue
        names = [data.get("name", ""), *(data.get("aliases") or ())]
        if any(normalize_name(n) == key for n in names):
            return node
    raise InputError(f"organization {org!r} is not in the graph",
                     "give its id or its exact name (see `graphmap` entity listings)")


class _OrgFacts:
    """Per-organization memberships the signals are computed from."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.segments: dict[str, set[str]] = defaultdict(set)
        self.techs: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)  # tech -> via path
        self.people: dict[str, set[str]] = defaultdict(set)
        self.hosted: dict[str, set[str]] = defaultdict(set)
        self.consortia: dict[str, set[str]] = defaultdict(set)
        self.cooperates: dict[str, set[str]] = defaultdict(set)
        person_techs: dict[str, set[str]] = defaultdict(set)
        self.person_events: dict[str, dict[str, str]] = defaultdict(dict)
        for src, dst, key, data in graph.edges(keys=True, data=True):
            if not _live(data) or not _live(graph.nodes[src]) or not _live(graph.nodes[dst]):
                continue
            src_kind = graph.nodes[src].get("kind")
            if key == EdgeKind.IN_SEGMENT.value and src_kind == NodeKind.ORGANIZATION.value:
                self.segments[src].add(dst)
            elif key == EdgeKind.WORKS_ON.value:
                self.techs[src][dst] = ()
            elif key == EdgeKind.AFFILIATED_WITH.value:
                self.people[dst].add(src)
            elif key == EdgeKind.EXPERT_IN.value:
                person_techs[src].add(dst)
            elif key in (EdgeKind.SPOKE_AT.value, EdgeKind.ATTENDED.value):
                self.person_events[src][dst] = key
            elif key == EdgeKind.HOSTED.value:
                self.hosted[src].add(dst)
            elif key in (EdgeKind.MEMBER_OF.value, EdgeKind.LEADS.value):
                self.consortia[src].add(dst)
            elif key == EdgeKind.COOPERATES_WITH.value:
                self.cooperates[src].add(dst)
                self.cooperates[dst].add(src)
        for org, people in self.people.items():
            for person in people:
                for tech in person_techs.get(person, ()):
                    self.techs[org].setdefault(tech, (person,))
        orgs_per_tech: dict[str, int] = defaultdict(int)
        for techs in self.techs.values():
            for tech in techs:
                orgs_per_tech[tech] += 1
        self.orgs_per_tech = orgs_per_tech

    def name(self, node: str) -> str:
        return self.graph.nodes[node].get("name", node)

    def path(self, nodes: Iterable[str], edges: Iterable[tuple[str, bool]]) -> GraphPath:
        nodes = tuple(nodes)
        edges = tuple(edges)
        return GraphPath(nodes, tuple(self.name(n) for n in nodes),
                         tuple(e for e, _ in edges), tuple(f for _, f in edges))

    def tech_leg(self, org: str, tech: str, outward: bool) -> tuple[list[str], list[tuple]]:
        """Nodes and edges from ``org`` to ``tech`` (or back), directly or via an expert."""
        via = self.techs[org][tech]
        aff, exp = EdgeKind.AFFILIATED_WITH.value, EdgeKind.EXPERT_IN.value
        if not via:
            return ([org, tech], [(EdgeKind.WORKS_ON.value, True)]) if outward else (
                [tech, org], [(EdgeKind.WORKS_ON.value, False)])
        person = via[0]
        if outward:
            return [org, person, tech], [(aff, False), (exp, True)]
        return [tech, person, org], [(exp, False), (aff, True)]


def with_chain_placements(graph: nx.MultiDiGraph, chain: Chain) -> nx.MultiDiGraph:
    """A copy of ``graph`` with ``chain``'s segments and each organization placed in them.

    The placements come from :func:`graphmap.chains.classify.classify_organizations` (the
    chain engineer's classifier: declared segments, technologies, experts, names, text);
    uncertain placements stay uncertain on their IN_SEGMENT edge.
    """
    from graphmap.chains.classify import classify_organizations
    from graphmap.chains.taxonomy import chain_entities, segment_node_id
    from graphmap.graph import edge_attributes, node_attributes

    out = graph.copy()
    entities, relations = chain_entities(chain)
    for entity in entities:
        if entity.id not in out:
            out.add_node(entity.id, **node_attributes(entity))
    segment_ids = {seg.id: segment_node_id(chain, seg) for seg in chain.segments}
    for org_id, placements in classify_organizations(graph, chain).items():
        for p in placements:
            relations.append(Relation(
                kind=EdgeKind.IN_SEGMENT, source=org_id, target=segment_ids[p.segment_id],
                attributes={"score": p.score, "reasons": p.reasons},
                status=Status.UNCERTAIN if p.uncertain else Status.CONFIRMED,
            ))
    for rel in relations:
        out.add_edge(rel.source, rel.target, key=rel.kind.value, **edge_attributes(rel))
    return out


def recommend_partners(
    graph: nx.MultiDiGraph,
    org: str,
    k: int = 10,
    *,
    include_existing: bool = False,
    chain: Chain | None = None,
) -> list[PartnerSuggestion]:
    """Organizations that complement ``org``, best first, each with the path that explains it.

    Parameters
    ----------
    graph : the graph view
    org : the organization (id, name or alias)
    k : how many suggestions
    include_existing : also list organizations it already COOPERATES_WITH
    chain : an industry chain to place organizations in first (see
        :func:`with_chain_placements`), for graphs without IN_SEGMENT edges of their own

    Examples
    --------
    >>> from graphmap.graph import graph_from
    >>> from graphmap.model import Organization, Technology, Relation, EdgeKind, OrgType
    >>> uni = Organization(name="某大学", org_type=OrgType.UNIVERSITY)
    >>> firm = Organization(name="某机器人公司", org_type=OrgType.ENTERPRISE)
    >>> tech = Technology(name="灵巧手")
    >>> g = graph_from([uni, firm, tech], [
    ...     Relation(kind=EdgeKind.WORKS_ON, source=uni.id, target=tech.id),
    ...     Relation(kind=EdgeKind.WORKS_ON, source=firm.id, target=tech.id)])
    >>> best = recommend_partners(g, "某大学")[0]
    >>> best.name, best.path.describe()
    ('某机器人公司', '某大学 -[WORKS_ON]-> 灵巧手 <-[WORKS_ON]- 某机器人公司')
    """
    if chain is not None:
        graph = with_chain_placements(graph, chain)
    target = resolve_organization(graph, org)
    facts = _OrgFacts(graph)
    reasons: dict[str, dict[str, PartnerReason]] = defaultdict(dict)

    def offer(candidate: str, reason: PartnerReason) -> None:
        if candidate == target:
            return
        best = reasons[candidate].get(reason.kind)
        if best is None or reason.weight > best.weight:
            reasons[candidate][reason.kind] = reason

    _chain_signals(graph, facts, target, offer)
    _technology_signals(facts, target, offer)
    _people_signals(facts, target, offer)
    member = EdgeKind.MEMBER_OF.value
    for cons in facts.consortia.get(target, ()):
        for other, members in facts.consortia.items():
            if cons in members:
                offer(other, PartnerReason(
                    "consortium", f"both in consortium {facts.name(cons)}", WEIGHTS["consortium"],
                    facts.path([target, cons, other], [(member, True), (member, False)])))

    target_sector = sector_of(graph.nodes[target].get("org_type"))
    out = []
    for candidate, by_kind in reasons.items():
        if not include_existing and candidate in facts.cooperates.get(target, ()):
            continue
        data = graph.nodes[candidate]
        if data.get("kind") != NodeKind.ORGANIZATION.value or not _live(data):
            continue
        sector = sector_of(data.get("org_type"))
        items = sorted(by_kind.values(), key=lambda r: -r.weight)
        score = sum(r.weight for r in items)
        if {target_sector, sector} & _RESEARCH and "industry" in {target_sector, sector} and (
            target_sector != sector
        ):
            score += SECTOR_BONUS
            items.append(PartnerReason(
                "sector", f"{target_sector} <-> {sector} (university-enterprise cooperation)",
                SECTOR_BONUS, items[0].path))
        out.append(PartnerSuggestion(candidate, data.get("name", candidate),
                                     data.get("org_type") or "other", sector, round(score, 4),
                                     tuple(items)))
    out.sort(key=lambda s: (-s.score, s.name))
    return out[:k]


def _chain_signals(graph: nx.MultiDiGraph, facts: _OrgFacts, target: str, offer) -> None:
    members: dict[str, set[str]] = defaultdict(set)
    for other, segs in facts.segments.items():
        for seg in segs:
            members[seg].add(other)
    up, seg_edge = EdgeKind.UPSTREAM_OF.value, EdgeKind.IN_SEGMENT.value
    for seg in facts.segments.get(target, ()):
        neighbours = [(n, True) for _, n, key in graph.out_edges(seg, keys=True) if key == up]
        neighbours += [(n, False) for n, _, key in graph.in_edges(seg, keys=True) if key == up]
        for other_seg, target_is_upstream in neighbours:
            side = "downstream" if target_is_upstream else "upstream"
            for other in members.get(other_seg, ()):
                offer(other, PartnerReason(
                    "chain",
                    f"{side} neighbour: {facts.name(seg)} -> {facts.name(other_seg)}"
                    if target_is_upstream else
                    f"{side} neighbour: {facts.name(other_seg)} -> {facts.name(seg)}",
                    WEIGHTS["chain"],
                    facts.path([target, seg, other_seg, other],
                               [(seg_edge, True), (up, target_is_upstream), (seg_edge, False)])))


def _technology_signals(facts: _OrgFacts, target: str, offer) -> None:
    mine = facts.techs.get(target, {})
    shared: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for other, techs in facts.techs.items():
        if other == target:
            continue
        for tech in mine.keys() & techs.keys():
            # Rarer technologies say more about a fit than ones every organization claims.
            shared[other].append((1.0 / math.log2(1 + facts.orgs_per_tech[tech]), tech))
    for other, items in shared.items():
        items.sort(reverse=True)
        weight = min(WEIGHTS["technology"], sum(w for w, _ in items) / 2)
        tech = items[0][1]
        first_nodes, first_edges = facts.tech_leg(target, tech, outward=True)
        last_nodes, last_edges = facts.tech_leg(other, tech, outward=False)
        names = "、".join(facts.name(t) for _, t in items[:3])
        offer(other, PartnerReason(
            "technology", f"shared technologies: {names}", round(weight, 4),
            facts.path(first_nodes + last_nodes[1:], first_edges + last_edges)))


def _people_signals(facts: _OrgFacts, target: str, offer) -> None:
    aff = EdgeKind.AFFILIATED_WITH.value
    org_of: dict[str, set[str]] = defaultdict(set)
    for org, people in facts.people.items():
        for person in people:
            org_of[person].add(org)
    speakers: dict[str, list[tuple[str, str]]] = defaultdict(list)  # event -> (person, role)
    for person, events in facts.person_events.items():
        for event, role in events.items():
            speakers[event].append((person, role))
    for person in facts.people.get(target, ()):
        for other in org_of[person] - {target}:
            offer(other, PartnerReason(
                "expert", f"{facts.name(person)} is affiliated with both", WEIGHTS["expert"],
                facts.path([target, person, other], [(aff, False), (aff, True)])))
        for event, role in facts.person_events.get(person, {}).items():
            for peer, peer_role in speakers[event]:
                for other in org_of[peer] - {target}:
                    offer(other, PartnerReason(
                        "expert",
                        f"{facts.name(person)} and {facts.name(peer)} met at {facts.name(event)}",
                        WEIGHTS["expert"] / 2,
                        facts.path([target, person, event, peer, other],
                                   [(aff, False), (role, True), (peer_role, False), (aff, True)])))
    hosted = EdgeKind.HOSTED.value
    for event in facts.hosted.get(target, ()):
        for peer, role in speakers.get(event, ()):
            for other in org_of[peer] - {target}:
                offer(other, PartnerReason(
                    "event", f"{facts.name(peer)} came to {facts.name(event)} hosted by it",
                    WEIGHTS["event"],
                    facts.path([target, event, peer, other],
                               [(hosted, True), (role, False), (aff, True)])))
    for other, events in facts.hosted.items():
        if other == target:
            continue
        for event in events:
            for person, role in speakers.get(event, ()):
                if target in org_of[person]:
                    offer(other, PartnerReason(
                        "event", f"{facts.name(person)} came to {facts.name(event)} it hosted",
                        WEIGHTS["event"],
                        facts.path([target, person, event, other],
                                   [(aff, False), (role, True), (hosted, False)])))
