"""The analysis questions answered from Neo4j, for graphs too big to load into memory.

Same names and results as the in-memory analyses; the first argument picks the backend
(networkx style): a ``networkx.MultiDiGraph`` runs the in-memory function, a
:class:`~graphmap.neo4j.connection.Neo4jBackend` runs the version below.

- :func:`chain_coverage` / :func:`chain_gaps`: Cypher selects what the answer can depend on (the
  consortium's members, the non-members that could fill a segment, and the neighbourhoods the
  classifier reads: memberships, segments, technologies, affiliated experts, cooperation
  among them); the chain classifier of :mod:`graphmap.chains` then runs on that bounded
  subgraph. One classifier, so both backends place members identically; memory grows with
  the consortium and its candidates, not with the city-wide graph. Candidates are
  pre-selected in Cypher by segment links and by chain terms contained in names, aliases,
  evidence sentences, technologies, declared segments and expert fields (lower-cased text):
  text in traditional characters or other spellings than the chain definition's is missed by
  that pre-selection, where the in-memory classifier would normalize it.
- :func:`ego_subgraph`: breadth-first in Cypher, one query per hop and label; neighbours are
  taken in id order, so when ``max_nodes`` cuts the walk short the kept nodes may differ
  from the in-memory walk (which follows insertion order); uncut, both return the same graph.
- :func:`recommend_experts`: term matching in Cypher. The topic is tokenized and expanded in
  Python exactly as for BM25; each expert then scores ``sum(weight(term) * (2 if a field of
  work or EXPERT_IN technology contains it + 1 if the biography or a title does + 0.5 if an
  evidence sentence does))``. Limits: no inverse document frequency (a common term counts as
  much as a rare one), no length normalization, substring matching on lower-cased text (no
  traditional-to-simplified folding inside the database), and no diversity re-ranking beyond
  ``max_per_org``. Where the server has full-text indexes (Neo4j), a CJK-analyzed full-text
  index pre-selects the experts instead of a label scan; the scoring is the same.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphmap.errors import InputError
from graphmap.model import EdgeKind, NodeKind
from graphmap.neighbourhood import bounded_walk
from graphmap.neo4j import schema
from graphmap.neo4j.connection import Neo4jBackend

#: Kinds an ego walk does not enter unless asked (every document mentions everything).
HUB_KINDS: frozenset[str] = frozenset({NodeKind.DOCUMENT.value})
#: Experts scored in Cypher before the per-organization cap picks the panel.
POOL = 200
FULLTEXT_INDEX = "graphmap_person_text"
#: Term-match weights by where an expert's text contains the term.
FIELD_MATCH, BIO_MATCH, EVIDENCE_MATCH = 2.0, 1.0, 0.5


# -- reading subgraphs -------------------------------------------------------------------------


class _Subgraph:
    """Nodes and relationships fetched from Neo4j, turned into the graph view at the end."""

    def __init__(self) -> None:
        self.nodes: dict[str, tuple[str, dict[str, Any]]] = {}
        self.relationships: dict[str, tuple[str, str, str, dict[str, Any]]] = {}

    def add_node(self, node_label: str, props: dict[str, Any]) -> None:
        self.nodes.setdefault(props["id"], (node_label, props))

    def add_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Rows with ``type, source, target, props, label, node`` (the far end)."""
        for row in rows:
            self.add_node(row["label"], row["node"])
            self.relationships.setdefault(
                row["props"]["id"], (row["type"], row["source"], row["target"], row["props"])
            )

    def graph(self) -> nx.MultiDiGraph:
        """Nodes and relationships in id order, the order a workspace loads them in: the
        in-memory analyses break ties by adjacency order, so both backends then agree."""
        present = self.nodes.keys()
        return schema.graph_from_rows(
            (self.nodes[i] for i in sorted(self.nodes)),
            (
                self.relationships[i]
                for i in sorted(self.relationships)
                if self.relationships[i][1] in present and self.relationships[i][2] in present
            ),
        )


def _nodes_statement(node_label: NodeKind) -> str:
    return (
        f"MATCH (n:{schema.label(node_label)}) WHERE n.id IN $ids AND n.{schema.HASH} IS NOT NULL "
        "RETURN properties(n) AS props"
    )


def _out_statement(source: NodeKind, types: Iterable[EdgeKind]) -> str:
    joined = "|".join(schema.rel_type(t) for t in types)
    return (
        f"MATCH (a:{schema.label(source)})-[r:{joined}]->(b) "
        f"WHERE a.id IN $ids AND r.{schema.HASH} IS NOT NULL AND b.{schema.HASH} IS NOT NULL "
        "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props, "
        "labels(b)[0] AS label, properties(b) AS node"
    )


def _in_statement(target: NodeKind, type_: EdgeKind, source: NodeKind) -> str:
    return (
        f"MATCH (a:{schema.label(source)})-[r:{schema.rel_type(type_)}]->"
        f"(b:{schema.label(target)}) "
        f"WHERE b.id IN $ids AND r.{schema.HASH} IS NOT NULL AND a.{schema.HASH} IS NOT NULL "
        "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props, "
        "labels(a)[0] AS label, properties(a) AS node"
    )


_COOPERATION = (
    "MATCH (a:Organization)-[r:COOPERATES_WITH]->(b:Organization) "
    f"WHERE a.id IN $ids AND b.id IN $ids AND r.{schema.HASH} IS NOT NULL "
    "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props, "
    "labels(b)[0] AS label, properties(b) AS node"
)
_ORG_OUT = (EdgeKind.MEMBER_OF, EdgeKind.LEADS, EdgeKind.IN_SEGMENT, EdgeKind.WORKS_ON)


def _organization_neighbourhoods(backend: Neo4jBackend, org_ids: list[str]) -> _Subgraph:
    """What the chain classifier reads around each organization (see the module docstring)."""
    sub = _Subgraph()
    for row in backend.run(_nodes_statement(NodeKind.ORGANIZATION), ids=org_ids):
        sub.add_node(NodeKind.ORGANIZATION.value, row["props"])
    sub.add_rows(backend.run(_out_statement(NodeKind.ORGANIZATION, _ORG_OUT), ids=org_ids))
    sub.add_rows(backend.run(
        _in_statement(NodeKind.ORGANIZATION, EdgeKind.AFFILIATED_WITH, NodeKind.PERSON),
        ids=org_ids,
    ))
    sub.add_rows(backend.run(_COOPERATION, ids=org_ids))
    technologies = [i for i, (lab, _) in sub.nodes.items() if lab == NodeKind.TECHNOLOGY.value]
    sub.add_rows(backend.run(
        _out_statement(NodeKind.TECHNOLOGY, [EdgeKind.IN_SEGMENT]), ids=technologies
    ))
    people = [i for i, (lab, _) in sub.nodes.items() if lab == NodeKind.PERSON.value]
    sub.add_rows(backend.run(_out_statement(NodeKind.PERSON, [EdgeKind.EXPERT_IN]), ids=people))
    return sub


# -- chain coverage ----------------------------------------------------------------------------

_CONSORTIA = f"MATCH (c:Consortium) WHERE c.{schema.HASH} IS NOT NULL RETURN properties(c) AS props"

_MEMBERS = (
    "MATCH (o:Organization)-[r:MEMBER_OF|LEADS]->(c:Consortium {id: $consortium}) "
    "WHERE r.status <> 'rejected' AND o.status <> 'rejected' RETURN DISTINCT o.id AS id"
)

_CANDIDATES = (
    "MATCH (o:Organization) WHERE o.status <> 'rejected' AND NOT o.id IN $members "
    "WITH o, toLower(o.name + ' ' + reduce(s = '', a IN coalesce(o.aliases, []) | s + ' ' + a) "
    "+ ' ' + coalesce(o.evidence, '')) AS own, "
    "[(o)-[:WORKS_ON]->(t:Technology) | toLower(t.name)] "
    "+ [(o)<-[:AFFILIATED_WITH]-(p:Person) | "
    "toLower(reduce(s = '', f IN coalesce(p.fields_of_work, []) | s + ' ' + f))] "
    "+ [(o)<-[:AFFILIATED_WITH]-(:Person)-[:EXPERT_IN]->(t:Technology) | toLower(t.name)] "
    "+ [(o)-[m:MEMBER_OF|LEADS]->(:Consortium) | "
    "toLower(coalesce(m.declared_segment, '') + ' ' + coalesce(m.segment, ''))] AS related, "
    "[(o)-[:IN_SEGMENT]->(s:ChainSegment) WHERE s.industry IN $industries | s.id] "
    "+ [(o)-[:WORKS_ON]->(:Technology)-[:IN_SEGMENT]->(s:ChainSegment) "
    "WHERE s.industry IN $industries | s.id] AS placed "
    "WHERE size(placed) > 0 OR any(term IN $terms WHERE own CONTAINS term "
    "OR any(text IN related WHERE text CONTAINS term)) "
    "RETURN o.id AS id"
)


def _chain_terms(chain: Any) -> list[str]:
    """Lower-cased words that can place an organization in one of the chain's segments."""
    from graphmap.chains.classify import match_form

    words: set[str] = set()
    for seg in chain.segments:
        for word in (*seg.names, *seg.technologies, *seg.products, *seg.keywords):
            words.update({word.lower(), match_form(word).strip()})
        for known in seg.organizations:
            words.update(n.lower() for n in (known.name, *known.aliases))
    return sorted(w for w in words if len(w) >= 2)


def _cypher_coverage(
    backend: Neo4jBackend,
    consortium: str,
    industry: str | None,
    *,
    chains: Mapping[str, Any] | None,
    min_members: int,
    candidates: int,
) -> Any:
    from graphmap.chains import coverage as nx_coverage
    from graphmap.chains.taxonomy import find_chain, load_chains

    chains = chains if chains is not None else load_chains()
    consortia = _Subgraph()
    for row in backend.run(_CONSORTIA):
        consortia.add_node(NodeKind.CONSORTIUM.value, row["props"])
    consortium_id = nx_coverage.find_consortium(consortia.graph(), consortium)
    recorded = consortia.nodes[consortium_id][1].get("industry")
    if not (industry or recorded):
        raise InputError(
            f"consortium {consortia.nodes[consortium_id][1].get('name')!r} has no industry on "
            "record",
            "pass --industry (e.g. 人工智能)",
        )
    chain = find_chain(chains, industry or recorded)
    members = [r["id"] for r in backend.run(_MEMBERS, consortium=consortium_id)]
    org_ids = list(members)
    if candidates:
        org_ids += [
            r["id"]
            for r in backend.run(
                _CANDIDATES, members=members, industries=list(chain.names),
                terms=_chain_terms(chain),
            )
        ]
    sub = _organization_neighbourhoods(backend, org_ids)
    sub.add_node(*consortia.nodes[consortium_id])
    return nx_coverage.chain_coverage(
        sub.graph(), consortium_id, chain.id, chains=chains, min_members=min_members,
        candidates=candidates,
    )


def chain_coverage(
    source: nx.MultiDiGraph | Neo4jBackend,
    consortium: str,
    industry: str | None = None,
    *,
    chains: Mapping[str, Any] | None = None,
    min_members: int = 2,
    candidates: int = 10,
) -> Any:
    """How a consortium's members cover an industry chain, from either backend.

    Parameters
    ----------
    source : nx.MultiDiGraph or Neo4jBackend
        The in-memory graph view, or a Neo4j database graphmap pushed to.
    consortium, industry, chains, min_members, candidates
        As for :func:`graphmap.chains.coverage.chain_coverage`.

    Returns
    -------
    graphmap.chains.Coverage
        The same result type (and, for the members, the same placements) on both backends.
    """
    if isinstance(source, Neo4jBackend):
        return _cypher_coverage(source, consortium, industry, chains=chains,
                                min_members=min_members, candidates=candidates)
    from graphmap.chains.coverage import chain_coverage as nx_chain_coverage

    return nx_chain_coverage(source, consortium, industry, chains=chains,
                             min_members=min_members, candidates=candidates)


def chain_gaps(
    source: nx.MultiDiGraph | Neo4jBackend,
    consortium: str,
    industry: str | None = None,
    *,
    chains: Mapping[str, Any] | None = None,
) -> list[Any]:
    """The segments of the chain no member of the consortium sits in (``SegmentCoverage``)."""
    found = chain_coverage(source, consortium, industry, chains=chains, candidates=0)
    return [segment for segment in found.segments if segment.status == "gap"]


# -- ego subgraph ------------------------------------------------------------------------------


def _neighbours_statement(node_label: NodeKind) -> str:
    return (
        f"MATCH (n:{schema.label(node_label)})-[r]-(m) "
        f"WHERE n.id IN $ids AND r.{schema.HASH} IS NOT NULL AND m.{schema.HASH} IS NOT NULL "
        "AND r.status <> 'rejected' AND m.status <> 'rejected' AND NOT labels(m)[0] IN $skip "
        "AND m.id <> n.id "
        "RETURN DISTINCT n.id AS source, m.id AS id, labels(m)[0] AS label "
        "ORDER BY source, id"
    )


def _edges_among_statement(node_label: NodeKind) -> str:
    return (
        f"MATCH (a:{schema.label(node_label)})-[r]->(b) "
        f"WHERE a.id IN $ids AND b.id IN $all AND r.{schema.HASH} IS NOT NULL "
        "AND r.status <> 'rejected' "
        "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props"
    )


def _find_label(backend: Neo4jBackend, node_id: str) -> str:
    for kind in NodeKind:
        if backend.run(_nodes_statement(kind), ids=[node_id]):
            return kind.value
    raise InputError(
        f"no entity with id {node_id!r} in the Neo4j database {backend.database}",
        "search for the entity first and use the id it returns",
    )


def _cypher_ego(
    backend: Neo4jBackend, center: str, radius: int, max_nodes: int, skip_kinds: Collection[str]
) -> tuple[nx.MultiDiGraph, bool]:
    labels = {center: _find_label(backend, center)}
    skip = sorted(skip_kinds)

    def ring(frontier: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for kind in NodeKind:
            ids = [n for n in frontier if labels[n] == kind.value]
            if ids:
                for row in backend.run(_neighbours_statement(kind), ids=ids, skip=skip):
                    found.setdefault(row["source"], []).append(row["id"])
                    labels.setdefault(row["id"], row["label"])
        return found

    kept, truncated = bounded_walk(center, radius, max_nodes, ring)
    sub = _Subgraph()
    everything = list(kept)
    for kind in NodeKind:
        ids = [n for n in kept if labels[n] == kind.value]
        if not ids:
            continue
        for row in backend.run(_nodes_statement(kind), ids=ids):
            sub.add_node(kind.value, row["props"])
        for row in backend.run(_edges_among_statement(kind), ids=ids, all=everything):
            sub.relationships.setdefault(
                row["props"]["id"], (row["type"], row["source"], row["target"], row["props"])
            )
    graph = sub.graph()
    for node, depth in kept.items():
        graph.nodes[node]["depth"] = depth
    return graph, truncated


def ego_subgraph(
    source: nx.MultiDiGraph | Neo4jBackend,
    center: str,
    radius: int = 1,
    *,
    max_nodes: int = 200,
    skip_kinds: Collection[str] = HUB_KINDS,
) -> tuple[nx.MultiDiGraph, bool]:
    """The entities within ``radius`` links of ``center`` and the edges among them.

    Parameters and result as :func:`graphmap.neighbourhood.ego_subgraph`; with a
    :class:`Neo4jBackend` the walk runs in Cypher (see the module docstring for the one
    difference when ``max_nodes`` cuts it short).
    """
    if isinstance(source, Neo4jBackend):
        return _cypher_ego(source, center, radius, max_nodes, skip_kinds)
    from graphmap.neighbourhood import ego_subgraph as nx_ego_subgraph

    return nx_ego_subgraph(source, center, radius, max_nodes=max_nodes, skip_kinds=skip_kinds)


# -- expert recommendation ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExpertMatch:
    """One expert found by term matching in Cypher, with the terms and quotes behind it."""

    expert_id: str
    name: str
    organizations: tuple[str, ...]
    score: float
    matched_terms: tuple[str, ...]
    quotes: tuple[str, ...]

    def explain(self, sep: str = " | ") -> str:
        parts = ["matched: " + "、".join(self.matched_terms)] if self.matched_terms else []
        parts.extend(f"「{q}」" for q in self.quotes)
        return sep.join(parts)


_SCORE = (
    "WITH p, toLower(reduce(s = '', f IN coalesce(p.fields_of_work, []) | s + ' ' + f)) AS fields, "
    "toLower(coalesce(p.bio, '') + ' ' + reduce(s = '', t IN coalesce(p.titles, []) | s + ' ' + t)"
    ") AS bio, toLower(coalesce(p.evidence, '')) AS said, "
    "[(p)-[e:EXPERT_IN]->(t:Technology) WHERE e.status <> 'rejected' | toLower(t.name)] AS techs, "
    "[(p)-[a:AFFILIATED_WITH]->(o:Organization) WHERE a.status <> 'rejected' | o.name] AS orgs "
    "WITH p, orgs, reduce(score = 0.0, term IN $terms | score + term.weight * ("
    f"CASE WHEN fields CONTAINS term.text OR any(t IN techs WHERE t CONTAINS term.text) "
    f"THEN {FIELD_MATCH} ELSE 0.0 END + "
    f"CASE WHEN bio CONTAINS term.text THEN {BIO_MATCH} ELSE 0.0 END + "
    f"CASE WHEN said CONTAINS term.text THEN {EVIDENCE_MATCH} ELSE 0.0 END)) AS score, "
    "[term IN $terms WHERE fields CONTAINS term.text OR bio CONTAINS term.text "
    "OR said CONTAINS term.text OR any(t IN techs WHERE t CONTAINS term.text) | term.text] "
    "AS matched "
    "WHERE score > 0 "
    "RETURN p.id AS id, p.name AS name, orgs, score, matched, p.evidence AS evidence "
    "ORDER BY score DESC, id LIMIT $pool"
)

_SCAN = "MATCH (p:Person) WHERE p.status <> 'rejected' AND p.graphmap_hash IS NOT NULL " + _SCORE
_FULLTEXT = (
    f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $lucene) YIELD node "
    "WITH node AS p WHERE p.status <> 'rejected' " + _SCORE
)
_FULLTEXT_INDEX = (
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (p:Person) "
    "ON EACH [p.name, p.bio, p.evidence] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
)
#: A new full-text index fills in the background: wait for it before the first query.
_AWAIT_INDEXES = "CALL db.awaitIndexes(300)"
_TECHNOLOGY_NAMES = "MATCH (t:Technology) WHERE t.status <> 'rejected' RETURN t.name AS name"
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def lucene_query(terms: Iterable[str]) -> str:
    """A Lucene query matching any of ``terms`` as phrases, special characters escaped.

    Examples
    --------
    >>> lucene_query(["具身智能", 'a"b'])
    '"具身智能" OR "a\\\\"b"'
    """
    return " OR ".join('"' + _LUCENE_SPECIAL.sub(r"\\\1", t) + '"' for t in terms)


def _query_terms(backend: Neo4jBackend, topic: str, expand: bool) -> dict[str, float]:
    from graphmap.matchmaking.index import ExpertIndex

    technologies = [r["name"] for r in backend.run(_TECHNOLOGY_NAMES)]
    index = ExpertIndex.from_profiles([], technologies=technologies)
    return index.query(topic, expand=expand).terms


def _quotes(evidence_json: str | None, matched: Iterable[str], limit: int = 2) -> tuple[str, ...]:
    import json

    quotes: list[str] = []
    for ev in json.loads(evidence_json or "[]"):
        sentence = str(ev.get("sentence") or "")
        if sentence not in quotes and any(m in sentence.lower() for m in matched):
            quotes.append(sentence)
        if len(quotes) == limit:
            break
    return tuple(quotes)


def match_experts(
    backend: Neo4jBackend,
    topic: str,
    k: int = 8,
    *,
    exclude: Iterable[str] = (),
    max_per_org: int | None = 1,
    expand: bool = True,
) -> list[ExpertMatch]:
    """Experts for ``topic`` by term matching in Cypher (see the module docstring)."""
    if k < 1:
        raise InputError(f"k must be at least 1, got {k}", "ask for a panel of 1 or more")
    terms = _query_terms(backend, topic, expand)
    if not terms:
        return []
    rows_terms = [{"text": t, "weight": w} for t, w in terms.items()]
    if backend.capabilities().fulltext:
        backend.schema(_FULLTEXT_INDEX)
        backend.schema(_AWAIT_INDEXES)
        rows = backend.run(_FULLTEXT, lucene=lucene_query(terms), terms=rows_terms, pool=POOL)
    else:
        rows = backend.run(_SCAN, terms=rows_terms, pool=POOL)
    excluded = set(exclude)
    picks: list[ExpertMatch] = []
    per_org: dict[str, int] = {}
    for row in rows:
        if row["id"] in excluded or row["name"] in excluded:
            continue
        orgs = tuple(sorted(row["orgs"]))
        if max_per_org is not None and orgs and per_org.get(orgs[0], 0) >= max_per_org:
            continue
        if orgs:
            per_org[orgs[0]] = per_org.get(orgs[0], 0) + 1
        picks.append(ExpertMatch(
            row["id"], row["name"], orgs, round(float(row["score"]), 4), tuple(row["matched"]),
            _quotes(row["evidence"], row["matched"]),
        ))
        if len(picks) == k:
            break
    return picks


def recommend_experts(
    source: nx.MultiDiGraph | Neo4jBackend, topic: str, k: int = 8, **options: Any
) -> Any:
    """Experts for a salon on ``topic`` from either backend.

    With a graph: :func:`graphmap.matchmaking.recommend.recommend_experts` (BM25, diversity,
    constraints; returns a ``Panel``). With a :class:`Neo4jBackend`: :func:`match_experts`
    (term matching in Cypher; returns ``ExpertMatch`` items), which accepts ``exclude``,
    ``max_per_org`` and ``expand``.
    """
    if isinstance(source, Neo4jBackend):
        return match_experts(source, topic, k, **options)
    from graphmap.matchmaking.recommend import recommend_experts as nx_recommend

    return nx_recommend(source, topic, k, **options)


def statements() -> list[tuple[str, str]]:
    """Every Cypher statement this module can emit, named, for validation."""
    out = [("consortia", _CONSORTIA), ("members", _MEMBERS), ("candidates", _CANDIDATES),
           ("cooperation", _COOPERATION), ("experts scan", _SCAN),
           ("experts fulltext", _FULLTEXT), ("fulltext index", _FULLTEXT_INDEX),
           ("await indexes", _AWAIT_INDEXES),
           ("technology names", _TECHNOLOGY_NAMES)]
    for kind in NodeKind:
        out += [(f"nodes {kind}", _nodes_statement(kind)),
                (f"neighbours {kind}", _neighbours_statement(kind)),
                (f"edges among {kind}", _edges_among_statement(kind))]
    out += [
        ("org out", _out_statement(NodeKind.ORGANIZATION, _ORG_OUT)),
        ("tech out", _out_statement(NodeKind.TECHNOLOGY, [EdgeKind.IN_SEGMENT])),
        ("person out", _out_statement(NodeKind.PERSON, [EdgeKind.EXPERT_IN])),
        ("affiliated in", _in_statement(NodeKind.ORGANIZATION, EdgeKind.AFFILIATED_WITH,
                                        NodeKind.PERSON)),
    ]
    return out

