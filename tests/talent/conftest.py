"""A small salon world: experts, organizations, technologies, a chain, events."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pytest

from graphmap.graph import graph_from
from graphmap.model import (
    ChainSegment,
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


def ev(sentence: str) -> Evidence:
    return Evidence("doc-test", 0, len(sentence), sentence, "test")


@dataclass
class World:
    graph: nx.MultiDiGraph
    ids: dict[str, str]


def rel(kind: EdgeKind, source: Entity, target: Entity, sentence: str = "", **attrs) -> Relation:
    return Relation(kind=kind, source=source.id, target=target.id, attributes=attrs,
                    status=Status.CONFIRMED, evidence=[ev(sentence)] if sentence else [])


@pytest.fixture(scope="module")
def world() -> World:
    tsinghua = Organization(name="清华大学", org_type=OrgType.UNIVERSITY)
    robot_co = Organization(name="北京灵犀机器人科技有限公司", org_type=OrgType.ENTERPRISE)
    servo_co = Organization(name="北京精密伺服电机有限公司", org_type=OrgType.ENTERPRISE)
    casia = Organization(name="中国科学院自动化研究所", org_type=OrgType.RESEARCH_INSTITUTE)
    battery_co = Organization(name="北京电池材料有限公司", org_type=OrgType.ENTERPRISE)

    embodied = Technology(name="具身智能")
    humanoid = Technology(name="人形机器人")
    servo = Technology(name="伺服电机")
    battery = Technology(name="锂电池")

    parts = ChainSegment(name="核心零部件", industry="机器人", stage=Stage.UPSTREAM)
    robots = ChainSegment(name="整机制造", industry="机器人", stage=Stage.MIDSTREAM)

    salon = Event(name="具身智能沙龙", date="2025-10-01", event_type="salon")
    old_salon = Event(name="机器人沙龙", date="2019-05-01", event_type="salon")

    people = {
        "zhang": Person(name="张教授", organization="清华大学", birth_year=1970,
                        titles=["教授"], bio="长期从事人形机器人运动控制研究。"),
        "li": Person(name="李博士", organization="清华大学", birth_year=1975,
                     bio="人形机器人步态规划与运动控制。"),
        "wang": Person(name="王研究员", organization="清华大学", birth_year=1968,
                       bio="人形机器人全身运动控制与平衡。"),
        "zhao": Person(name="赵工", organization="北京灵犀机器人科技有限公司", birth_year=1996,
                       titles=["工程师"], bio="负责机器人灵巧手与整机集成。"),
        "qian": Person(name="钱总", organization="北京精密伺服电机有限公司", birth_year=1980,
                       titles=["总工程师"], bio="伺服电机与减速器研发。"),
        "sun": Person(name="孙研究员", organization="中国科学院自动化研究所", birth_year=1985,
                      bio="机器人视觉与多模态感知。"),
        "zhou": Person(name="周总", organization="北京电池材料有限公司", birth_year=1979,
                       bio="锂电池正极材料。"),
    }
    entities: list[Entity] = [tsinghua, robot_co, servo_co, casia, battery_co, embodied, humanoid,
                              servo, battery, parts, robots, salon, old_salon, *people.values()]
    p = people
    relations = [
        rel(EdgeKind.AFFILIATED_WITH, p["zhang"], tsinghua, "清华大学张教授", title="教授"),
        rel(EdgeKind.AFFILIATED_WITH, p["li"], tsinghua, title="副教授"),
        rel(EdgeKind.AFFILIATED_WITH, p["wang"], tsinghua, title="研究员"),
        rel(EdgeKind.AFFILIATED_WITH, p["zhao"], robot_co, title="工程师"),
        rel(EdgeKind.AFFILIATED_WITH, p["qian"], servo_co, title="总工程师"),
        rel(EdgeKind.AFFILIATED_WITH, p["sun"], casia, title="研究员"),
        rel(EdgeKind.AFFILIATED_WITH, p["zhou"], battery_co, title="总经理"),
        rel(EdgeKind.EXPERT_IN, p["zhang"], humanoid, "张教授在人形机器人运动控制方面成果突出"),
        rel(EdgeKind.EXPERT_IN, p["li"], humanoid),
        rel(EdgeKind.EXPERT_IN, p["wang"], humanoid),
        rel(EdgeKind.EXPERT_IN, p["zhao"], humanoid, "赵工主持灵犀人形机器人整机研发"),
        rel(EdgeKind.EXPERT_IN, p["qian"], servo),
        rel(EdgeKind.EXPERT_IN, p["zhou"], battery),
        rel(EdgeKind.WORKS_ON, robot_co, humanoid),
        rel(EdgeKind.WORKS_ON, robot_co, embodied),
        rel(EdgeKind.WORKS_ON, tsinghua, humanoid),
        rel(EdgeKind.WORKS_ON, servo_co, servo),
        rel(EdgeKind.WORKS_ON, battery_co, battery),
        rel(EdgeKind.IN_SEGMENT, servo_co, parts),
        rel(EdgeKind.IN_SEGMENT, robot_co, robots),
        rel(EdgeKind.UPSTREAM_OF, parts, robots),
        rel(EdgeKind.SPOKE_AT, p["zhang"], salon),
        rel(EdgeKind.SPOKE_AT, p["sun"], salon),
        rel(EdgeKind.SPOKE_AT, p["qian"], old_salon),
        rel(EdgeKind.HOSTED, casia, salon),
    ]
    graph = graph_from(entities, relations)
    ids = {k: v.id for k, v in people.items()} | {
        "tsinghua": tsinghua.id, "robot_co": robot_co.id, "servo_co": servo_co.id,
        "casia": casia.id, "battery_co": battery_co.id, "salon": salon.id,
    }
    return World(graph, ids)
