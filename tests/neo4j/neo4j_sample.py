"""A small graph with every node kind, the AI chain, a consortium and hostile strings.

Organization names are neutral (甲/乙/丙...) so that only the facts given here (segment links,
technologies, declared segments, expert fields, evidence sentences) place them in the chain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from graphmap.chains.taxonomy import chain_entities, find_chain, load_chains
from graphmap.graph import graph_from
from graphmap.model import (
    Achievement,
    ChainSegment,
    Consortium,
    DocType,
    Document,
    DocumentNode,
    EdgeKind,
    Entity,
    Event,
    Evidence,
    Organization,
    OrgType,
    Person,
    Relation,
    Stage,
    Status,
    Technology,
)
from graphmap.store import Workspace

HOSTILE = "'}) DETACH DELETE n // \"quoted\" back\\slash, comma;semi\nnew line\t tab"
#: The one document all evidence points at (a workspace needs it to exist).
SOURCE = Document(path="sample/具身智能沙龙_速记.txt", content_hash="sample")
DOC = SOURCE.id


def ev(sentence: str, confidence: float = 0.8, extractor: str = "test") -> Evidence:
    return Evidence(DOC, 0, min(4, len(sentence)), sentence, extractor, confidence)


def _segment(chain_name: str, name: str, stage: Stage) -> str:
    return ChainSegment(name=name, industry=chain_name, stage=stage).id


def sample_entities() -> tuple[list[Entity], list[Relation]]:
    chain = find_chain(load_chains(), "人工智能")
    chain_nodes, chain_relations = chain_entities(chain)
    seg = {s.name: _segment(chain.name, s.name, s.stage) for s in chain.segments}

    consortium = Consortium(name="示例人工智能科创协同联合体", industry="人工智能",
                            status=Status.CONFIRMED)
    lead = Organization(name="甲科技有限公司", org_type=OrgType.ENTERPRISE,
                        status=Status.CONFIRMED, aliases={"甲科技;JiaTech"},
                        credit_code="91110000MA00000001",
                        merged_from=[{"id": "org-0000000000000000", "name": "甲科技",
                                      "reason": "alias"}])
    institute = Organization(name="乙研究院", org_type=OrgType.RESEARCH_INSTITUTE,
                             status=Status.CONFIRMED)
    university = Organization(name="丙大学", org_type=OrgType.UNIVERSITY, status=Status.CONFIRMED)
    plain = Organization(name="丁有限公司", org_type=OrgType.ENTERPRISE, status=Status.CONFIRMED,
                         evidence=[ev(HOSTILE)])
    hospital = Organization(name="戊医院", org_type=OrgType.HOSPITAL, status=Status.UNCERTAIN,
                            evidence=[ev("戊医院参与座谈")])
    driver = Organization(name="己有限公司", org_type=OrgType.ENTERPRISE,
                          evidence=[ev("己有限公司在自动驾驶领域积累了大量路测数据。")])
    partner = Organization(name="庚有限公司", org_type=OrgType.ENTERPRISE,
                           region="香港", evidence=[ev("庚有限公司與甲科技簽署合作協議")])
    rejected = Organization(name="辛有限公司", status=Status.REJECTED,
                            evidence=[ev("辛有限公司研发AI芯片")])
    speech = Technology(name="语音识别", status=Status.CONFIRMED)
    chips = Technology(name="存算一体")
    orgs = [lead, institute, university, plain, hospital, driver, partner, rejected]

    zhang = Person(name="张三", organization="乙研究院", titles=["研究员"],
                   fields_of_work=["语音识别", "自然语言处理"], birth_year=1975,
                   status=Status.CONFIRMED, evidence=[ev("张三研究员介绍了语音识别的进展。")])
    li = Person(name="李四", organization="丙大学", titles=["教授", "博士生导师"],
                fields_of_work=["具身智能", "运动控制"], gender="女", birth_year=1988,
                positions=[{"title": "教授", "organization": "丙大学", "since": 2015}],
                bio="长期从事人形机器人运动控制研究", status=Status.CONFIRMED)
    wang = Person(name="王五", organization="甲科技有限公司", titles=["总工程师"],
                  fields_of_work=["AI芯片"], status=Status.CONFIRMED)
    zhao = Person(name="赵六", organization="戊医院", titles=["主任医师"],
                  fields_of_work=["医学影像"], bio="Medical imaging, deep learning")
    qian = Person(name="钱七", organization="丙大学", fields_of_work=["具身智能"],
                  status=Status.REJECTED)
    people = [zhang, li, wang, zhao, qian]

    salon = Event(name="具身智能与人形机器人工程师跨界沙龙", date="2025-06-18", place="北京",
                  attendance=120, status=Status.CONFIRMED)
    result = Achievement(name="低功耗存算一体芯片", transferred=True, year=2024)
    document = DocumentNode(name="沙龙速记", doc_id=DOC, doc_type=DocType.TRANSCRIPT,
                            path="examples/corpus/速记.txt")

    def rel(kind: EdgeKind, a: Entity, b: Entity | str, status: Status = Status.CONFIRMED,
            **attributes: Any) -> Relation:
        target = b if isinstance(b, str) else b.id
        return Relation(kind=kind, source=a.id, target=target, status=status,
                        attributes=attributes, evidence=[ev(f"{a.name}与{target}")])

    relations = [
        rel(EdgeKind.LEADS, lead, consortium, since=2023),
        rel(EdgeKind.MEMBER_OF, lead, consortium, since=2023, role="lead"),
        rel(EdgeKind.MEMBER_OF, institute, consortium, since=2023),
        rel(EdgeKind.MEMBER_OF, university, consortium, declared_segment="具身智能"),
        rel(EdgeKind.MEMBER_OF, plain, consortium),
        rel(EdgeKind.MEMBER_OF, rejected, consortium, status=Status.REJECTED),
        rel(EdgeKind.IN_SEGMENT, lead, seg["AI芯片"]),
        rel(EdgeKind.IN_SEGMENT, hospital, seg["智慧医疗"], status=Status.UNCERTAIN),
        rel(EdgeKind.WORKS_ON, institute, speech),
        rel(EdgeKind.WORKS_ON, lead, chips, status=Status.UNCERTAIN),
        rel(EdgeKind.IN_SEGMENT, chips, seg["AI芯片"]),
        rel(EdgeKind.COOPERATES_WITH, partner, lead, status=Status.UNCERTAIN,
            meta={"source": "news", "pages": [1, 2]}),
        rel(EdgeKind.AFFILIATED_WITH, zhang, institute, title="研究员"),
        rel(EdgeKind.AFFILIATED_WITH, li, university, title="教授"),
        rel(EdgeKind.AFFILIATED_WITH, wang, lead, title="总工程师"),
        rel(EdgeKind.AFFILIATED_WITH, zhao, hospital),
        rel(EdgeKind.AFFILIATED_WITH, qian, university),
        rel(EdgeKind.EXPERT_IN, zhang, speech),
        rel(EdgeKind.SPOKE_AT, li, salon),
        rel(EdgeKind.ATTENDED, zhang, salon, status=Status.UNCERTAIN),
        rel(EdgeKind.HOSTED, university, salon),
        rel(EdgeKind.DEVELOPED, lead, result),
        rel(EdgeKind.TRANSFERRED_TO, result, partner, year=2024),
        *(rel(EdgeKind.MENTIONS, document, e, status=Status.UNCERTAIN)
          for e in (lead, li, salon, speech)),
    ]
    entities = [*chain_nodes, consortium, *orgs, speech, chips, *people, salon, result, document]
    return entities, [*chain_relations, *relations]


def sample_workspace(root: Path) -> Workspace:
    """A workspace holding the sample graph (and the document its evidence cites)."""
    ws = Workspace.create(root)
    ws.add_document(SOURCE)
    entities, relations = sample_entities()
    ws.replace_graph(entities, relations, started_at="2025-01-01T00:00:00+00:00")
    return ws


def sample_graph() -> nx.MultiDiGraph:
    entities, relations = sample_entities()
    return graph_from(entities, relations)


def comparable(graph: nx.MultiDiGraph) -> tuple[list, list]:
    """Nodes and edges with attributes, sorted; ``None`` edge attributes dropped (Neo4j has
    no null property, so they cannot come back)."""
    nodes = sorted((n, sorted(d.items(), key=str)) for n, d in graph.nodes(data=True))
    edges = sorted(
        (s, t, k, sorted(((a, v) for a, v in d.items() if v is not None), key=str))
        for s, t, k, d in graph.edges(keys=True, data=True)
    )
    return nodes, edges
