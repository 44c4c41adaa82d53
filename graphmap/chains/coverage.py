"""A consortium's coverage of its industry chain (补链), and whom to recruit next.

``chain_coverage`` places every member of a consortium into the chain's segments and reports,
per segment, who sits there, of which organization types, how well evidenced; segments with
no member are gaps, segments with fewer than ``min_members`` confident (not uncertain)
members are thin. ``recruitment_candidates`` ranks non-members of the graph that would fill a gap or
strengthen a thin segment: the yearly expansion duty (at least 6 new member units).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import networkx as nx

from graphmap.chains.classify import ChainMatcher, classify_organization, match_form
from graphmap.chains.results import Candidate, Coverage, Placement, SegmentCoverage
from graphmap.chains.taxonomy import (
    STAGE_ORDER,
    Chain,
    chain_entities,
    find_chain,
    load_chains,
    segment_node_id,
)
from graphmap.errors import InputError
from graphmap.graph import nodes_of_kind
from graphmap.model import EdgeKind, Entity, Evidence, NodeKind, OrgType, Relation, Status
from graphmap.normalize import normalize_name

#: How much filling a segment is worth, by the segment's status.
STATUS_WEIGHTS: dict[str, float] = {"gap": 1.0, "thin": 0.7, "covered": 0.25}
FILL_WORDS: dict[str, str] = {"gap": "填补空白环节", "thin": "加强薄弱环节",
                              "covered": "充实已覆盖环节"}
#: Organization types that run programmes rather than join chains (政府、科协、学会).
NOT_RECRUITED = frozenset({OrgType.GOVERNMENT.value, OrgType.ASSOCIATION.value})
#: Organization types a consortium should mix (产学研医金): missing ones earn candidates a bonus.
SECTOR_TYPES = (
    OrgType.ENTERPRISE.value,
    OrgType.UNIVERSITY.value,
    OrgType.RESEARCH_INSTITUTE.value,
    OrgType.HOSPITAL.value,
    OrgType.FINANCE.value,
)
ORG_TYPE_LABELS: dict[str, str] = {
    "enterprise": "企业",
    "university": "高校",
    "research_institute": "科研院所",
    "government": "政府机构",
    "association": "社团",
    "hospital": "医院",
    "finance": "金融机构",
    "other": "其他",
}


def find_consortium(graph: nx.MultiDiGraph, consortium: str) -> str:
    """The id of the Consortium node whose id, name or alias is ``consortium``.

    A unique partial name match (``人工智能`` for 北京人工智能科创协同联合体) is accepted.
    """
    if consortium in graph and graph.nodes[consortium].get("kind") == NodeKind.CONSORTIUM.value:
        return consortium
    wanted = normalize_name(consortium)
    nodes = list(nodes_of_kind(graph, NodeKind.CONSORTIUM))
    for node, data in nodes:
        names = [data.get("name") or "", *(data.get("aliases") or [])]
        if any(normalize_name(n) == wanted for n in names):
            return node
    partial = [node for node, data in nodes if wanted and wanted in normalize_name(
        data.get("name") or "")]
    if len(partial) == 1:
        return partial[0]
    known = "; ".join(data.get("name") or node for node, data in nodes) or "none"
    raise InputError(
        f"no consortium called {consortium!r} in the graph (known: {known})",
        "give the consortium's name as in its member list, or add the member list first",
    )


def only_consortium(graph: nx.MultiDiGraph) -> str:
    """The id of the graph's one consortium (an error names them when there are several)."""
    found = [node for node, _ in nodes_of_kind(graph, NodeKind.CONSORTIUM)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError("the graph has no consortium",
                         "add a member list (成员单位名单) and run graphmap build")
    names = "; ".join(graph.nodes[n].get("name") or n for n in found)
    raise InputError(f"the graph has {len(found)} consortia ({names})",
                     "name one with --consortium")


def consortium_members(graph: nx.MultiDiGraph, consortium_id: str) -> dict[str, bool]:
    """Member organization ids of a consortium, each with whether it is the lead unit."""
    members: dict[str, bool] = {}
    for source, _, data in graph.in_edges(consortium_id, data=True):
        kind = data.get("kind")
        if kind not in (EdgeKind.MEMBER_OF.value, EdgeKind.LEADS.value):
            continue
        if data.get("status") == Status.REJECTED.value:
            continue
        if graph.nodes[source].get("status") == Status.REJECTED.value:
            continue
        lead = kind == EdgeKind.LEADS.value or data.get("role") == "lead"
        members[source] = members.get(source, False) or lead
    return members


def _resolve_chain(graph: nx.MultiDiGraph, consortium_id: str, industry: str | None,
                   chains: Mapping[str, Chain]) -> Chain:
    name = industry or graph.nodes[consortium_id].get("industry")
    if not name:
        raise InputError(
            f"consortium {graph.nodes[consortium_id].get('name')!r} has no industry on record",
            "pass --industry (e.g. 人工智能)",
        )
    return find_chain(chains, name)


def _strength(placements: list[Placement]) -> float:
    miss = 1.0
    for p in placements:
        miss *= 1.0 - min(p.score, 0.99)
    return round(1.0 - miss, 3)


def chain_coverage(
    graph: nx.MultiDiGraph,
    consortium: str,
    industry: str | None = None,
    *,
    chains: Mapping[str, Chain] | None = None,
    min_members: int = 2,
    candidates: int = 10,
) -> Coverage:
    """How a consortium's members cover an industry chain.

    Parameters
    ----------
    graph
        The networkx view (:mod:`graphmap.graph`).
    consortium
        Consortium node id or name (a unique partial name is accepted).
    industry
        Chain id, name or alias; defaults to the consortium's recorded industry.
    chains
        Chains to choose from (default: :func:`load_chains`).
    min_members
        Segments with fewer confident (not uncertain) members than this are *thin*.
    candidates
        How many recruitment candidates to rank into ``Coverage.candidates`` (0: none).

    Returns
    -------
    Coverage
        Per segment the placed members (lead first), counts by organization type, evidence
        strength and status; gaps, thin segments, the stage balance, unclassified members
        and ranked candidates.

    Examples
    --------
    >>> from graphmap.graph import graph_from
    >>> from graphmap.model import Consortium, Organization, Relation, EdgeKind
    >>> cons, org = Consortium(name="示例联合体"), Organization(name="北京芯片公司")
    >>> g = graph_from([cons, org], [Relation(kind=EdgeKind.MEMBER_OF, source=org.id,
    ...     target=cons.id, attributes={"declared_segment": "AI芯片"})])
    >>> cov = chain_coverage(g, "示例联合体", "人工智能")
    >>> [s.segment_id for s in cov.segments if s.members]
    ['ai_chips']
    """
    chains = chains if chains is not None else load_chains()
    consortium_id = find_consortium(graph, consortium)
    chain = _resolve_chain(graph, consortium_id, industry, chains)
    members = consortium_members(graph, consortium_id)
    matcher = ChainMatcher(chain)

    placed: dict[str, list[Placement]] = {seg.id: [] for seg in chain.segments}
    unclassified: list[Placement] = []
    for org_id, is_lead in members.items():
        found = classify_organization(graph, org_id, chain, is_lead=is_lead, matcher=matcher)
        if not found:
            org = graph.nodes[org_id]
            unclassified.append(Placement(
                org_id=org_id, name=org.get("name") or org_id,
                org_type=org.get("org_type") or "other", is_lead=is_lead, score=0.0,
                reasons=["没有与本产业链环节相符的申报环节、技术或文本证据"],
                evidence=[], uncertain=True,
            ))
        for placement in found:
            placed[placement.segment_id].append(placement)

    segments: list[SegmentCoverage] = []
    for seg in chain.segments:
        people = sorted(placed[seg.id], key=lambda p: (not p.is_lead, -p.score, p.name))
        confident = [p for p in people if not p.uncertain]
        if not people:
            status = "gap"
        elif len(confident) < min_members:
            status = "thin"
        else:
            status = "covered"
        segments.append(SegmentCoverage(
            segment_id=seg.id, name=seg.name, stage=seg.stage.value, members=people,
            status=status, counts_by_type=dict(Counter(p.org_type for p in people)),
            evidence_strength=_strength(people), layer=seg.layer,
            upstream_of=list(seg.upstream_of),
        ))

    balance: dict[str, int] = {}
    stage_segments: dict[str, dict[str, int]] = {}
    for stage in STAGE_ORDER:
        in_stage = [s for s in segments if s.stage == stage.value]
        balance[stage.value] = len({p.org_id for s in in_stage for p in s.members})
        stage_segments[stage.value] = {
            "segments": len(in_stage),
            "covered": sum(s.status == "covered" for s in in_stage),
            "thin": sum(s.status == "thin" for s in in_stage),
            "gap": sum(s.status == "gap" for s in in_stage),
        }
    coverage = Coverage(
        consortium=graph.nodes[consortium_id].get("name") or consortium_id,
        industry=chain.name,
        segments=segments,
        gaps=[s.segment_id for s in segments if s.status == "gap"],
        thin=[s.segment_id for s in segments if s.status == "thin"],
        balance=balance,
        unclassified=unclassified,
        candidates=[],
        consortium_id=consortium_id,
        chain_id=chain.id,
        member_count=len(members),
        stage_segments=stage_segments,
    )
    if candidates:
        coverage.candidates = recruitment_candidates(graph, coverage, k=candidates,
                                                     chains=chains)
    return coverage


def _neighbors(graph: nx.MultiDiGraph, node: str, kind: EdgeKind) -> set[str]:
    out = {t for _, t, d in graph.out_edges(node, data=True)
           if d.get("kind") == kind.value and d.get("status") != Status.REJECTED.value}
    out |= {s for s, _, d in graph.in_edges(node, data=True)
            if d.get("kind") == kind.value and d.get("status") != Status.REJECTED.value}
    return out


class _MemberNames:
    """Which members a sentence names, found in one pass over the sentence.

    Names are indexed by their first two characters, so the cost grows with the sentence, not
    with the number of members (thousands in a city-wide consortium graph).
    """

    def __init__(self, member_names: dict[str, list[str]]) -> None:
        self.by_prefix: dict[str, list[tuple[str, str]]] = {}
        for member, names in member_names.items():
            for name in names:
                if len(name) >= 2:
                    self.by_prefix.setdefault(name[:2], []).append((name, member))
        self._seen: dict[str, frozenset[str]] = {}  # one sentence backs many entities

    def named_in(self, sentence: str) -> frozenset[str]:
        known = self._seen.get(sentence)
        if known is not None:
            return known
        found: set[str] = set()
        by_prefix = self.by_prefix
        for i in range(len(sentence) - 1):
            for name, member in by_prefix.get(sentence[i : i + 2], ()):
                if sentence.startswith(name, i):
                    found.add(member)
        self._seen[sentence] = frozenset(found)
        return self._seen[sentence]


def _member_links(graph: nx.MultiDiGraph, org_id: str, members: set[str],
                  member_names: _MemberNames,
                  member_techs: set[str]) -> tuple[float, list[str], list[dict]]:
    """Bonus, reasons and evidence for ties between a candidate and current members."""
    bonus, reasons, evidence = 0.0, [], []
    partners = _neighbors(graph, org_id, EdgeKind.COOPERATES_WITH) & members
    for partner in sorted(partners):
        reasons.append(f"与成员单位{graph.nodes[partner].get('name')}有合作关系")
        for _, _, d in graph.edges([org_id, partner], data=True):
            if d.get("kind") == EdgeKind.COOPERATES_WITH.value and d.get("evidence"):
                evidence.append({**d["evidence"][0], "signal": "cooperation"})
                break
    bonus += min(0.3, 0.1 * len(partners))

    techs = _neighbors(graph, org_id, EdgeKind.WORKS_ON)
    shared = member_techs & techs
    if shared:
        names = "、".join(sorted(graph.nodes[t].get("name") or t for t in shared)[:3])
        reasons.append(f"与成员单位共同研发技术：{names}")
        bonus += min(0.15, 0.05 * len(shared))

    co_mentioned: set[str] = set()
    for ev in graph.nodes[org_id].get("evidence") or []:
        sentence = match_form(str(ev.get("sentence") or ""))
        for member in sorted(member_names.named_in(sentence) - co_mentioned - partners):
            co_mentioned.add(member)
            evidence.append({**ev, "signal": "co-mention"})
    if co_mentioned:
        names = "、".join(sorted(graph.nodes[m].get("name") or m for m in co_mentioned)[:3])
        reasons.append(f"与成员单位在同一材料中共同出现：{names}")
        bonus += min(0.1, 0.05 * len(co_mentioned))
    return bonus, reasons, evidence


def recruitment_candidates(
    graph: nx.MultiDiGraph,
    coverage: Coverage,
    k: int = 10,
    *,
    chains: Mapping[str, Chain] | None = None,
) -> list[Candidate]:
    """Non-members that would fill a gap or strengthen a thin segment, best first.

    The score adds the segment fit (placement score weighted by the segment's status: gap
    1.0, thin 0.7, covered 0.25), ties to current members (cooperation, shared technologies,
    mentioned together) and the sector mix (a type the consortium lacks, e.g. its first
    hospital or university). Each candidate says why, with evidence.

    Parameters
    ----------
    graph
        The graph the coverage was computed on.
    coverage
        The result of :func:`chain_coverage`.
    k
        How many candidates to return.
    chains
        Chains to find ``coverage.chain_id`` in (default: :func:`load_chains`).
    """
    chains = chains if chains is not None else load_chains()
    chain = chains.get(coverage.chain_id) or find_chain(chains, coverage.industry)
    matcher = ChainMatcher(chain)
    status = {s.segment_id: s.status for s in coverage.segments}
    seg_names = {s.segment_id: s.name for s in coverage.segments}
    members = {p.org_id for s in coverage.segments for p in s.members}
    members |= {p.org_id for p in coverage.unclassified}
    if coverage.consortium_id in graph:
        members |= set(consortium_members(graph, coverage.consortium_id))
    member_names = _MemberNames({
        m: [match_form(n) for n in [graph.nodes[m].get("name") or "",
                                     *(graph.nodes[m].get("aliases") or [])] if len(n) >= 3]
        for m in members if m in graph
    })
    member_techs = {t for m in members if m in graph
                    for t in _neighbors(graph, m, EdgeKind.WORKS_ON)}
    type_counts = Counter(graph.nodes[m].get("org_type") or "other" for m in members if m in graph)

    ranked: list[Candidate] = []
    for org_id, org in nodes_of_kind(graph, NodeKind.ORGANIZATION):
        if org_id in members or not org.get("name"):
            continue
        if org.get("org_type") in NOT_RECRUITED:
            continue
        placements = classify_organization(graph, org_id, chain, matcher=matcher)
        fits = sorted(
            ((STATUS_WEIGHTS[status[p.segment_id]] * p.score, p) for p in placements),
            key=lambda t: -t[0],
        )
        if not fits or fits[0][0] < 0.1:
            continue
        score = fits[0][0] + 0.1 * sum(f for f, _ in fits[1:])
        reasons: list[str] = []
        evidence: list[dict] = []
        for _, p in fits:
            reasons.append(f"{FILL_WORDS[status[p.segment_id]]}「{seg_names[p.segment_id]}」"
                           f"（匹配度{p.score:.2f}：{p.reasons[0]}）")
            evidence.extend(p.evidence[:2])
        bonus, link_reasons, link_evidence = _member_links(graph, org_id, members, member_names,
                                                           member_techs)
        reasons += link_reasons
        evidence += link_evidence
        org_type = org.get("org_type") or "other"
        if org_type in SECTOR_TYPES and type_counts.get(org_type, 0) == 0:
            bonus += 0.1
            reasons.append(f"补充单位类型：联合体尚无{ORG_TYPE_LABELS.get(org_type, org_type)}")
        ranked.append(Candidate(
            org_id=org_id, name=org.get("name") or org_id, org_type=org_type,
            segment_ids=[p.segment_id for _, p in fits], score=round(score + bonus, 3),
            reasons=reasons, evidence=evidence,
        ))
    ranked.sort(key=lambda c: (-c.score, c.name))
    return ranked[:k]


def _evidence_from(item: dict) -> Evidence | None:
    try:
        return Evidence(
            doc_id=str(item["doc_id"]), start=int(item.get("start", 0)),
            end=int(item.get("end", 0)), sentence=str(item.get("sentence") or ""),
            extractor=f"chains.{item.get('signal', 'classify')}",
            confidence=float(item.get("confidence", 1.0)),
        )
    except (KeyError, TypeError, ValueError):
        return None


def coverage_relations(chain: Chain, coverage: Coverage) -> tuple[list[Entity], list[Relation]]:
    """The chain and the placements as graph entities and IN_SEGMENT relations.

    For stores and exports (Neo4j, GraphML) that want the coverage inside the graph: the
    Industry and ChainSegment nodes, PART_OF and UPSTREAM_OF edges, and one IN_SEGMENT edge
    per placement (uncertain placements stay uncertain) carrying the placement's score and
    the document evidence behind it.
    """
    entities, relations = chain_entities(chain)
    segment_ids = {seg.id: segment_node_id(chain, seg) for seg in chain.segments}
    for seg in coverage.segments:
        for p in seg.members:
            evidence = [ev for ev in map(_evidence_from, p.evidence) if ev is not None]
            relations.append(Relation(
                kind=EdgeKind.IN_SEGMENT, source=p.org_id, target=segment_ids[seg.segment_id],
                attributes={"score": p.score, "reasons": p.reasons, "consortium":
                            coverage.consortium},
                status=Status.UNCERTAIN if p.uncertain else Status.CONFIRMED,
                evidence=list(dict.fromkeys(evidence)),
            ))
    return list(entities), relations
