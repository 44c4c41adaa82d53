"""Realistic consortium graphs for the chain tests, built from model entities.

The AI consortium mirrors a typical 科创协同联合体 member list (所属环节 as members write it:
free text, sometimes two segments, sometimes nothing chain-like) plus non-members known only
from news sentences and an expert list. The energy-saving consortium is a second industry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from graphmap.graph import graph_from
from graphmap.model import (
    Achievement,
    Consortium,
    DocType,
    Document,
    EdgeKind,
    Entity,
    Evidence,
    Organization,
    OrgType,
    Person,
    Relation,
    Status,
    Technology,
)


@dataclass
class GraphBuilder:
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    offset: int = 0

    def add(self, entity: Entity) -> Entity:
        self.entities.setdefault(entity.id, entity)
        return self.entities[entity.id]

    def sentence_evidence(self, doc: str, sentence: str, confidence: float = 0.7) -> Evidence:
        self.offset += len(sentence) + 1
        return Evidence(doc, self.offset, self.offset + len(sentence), sentence, "test",
                        confidence)

    def org(self, name: str, org_type: OrgType = OrgType.ENTERPRISE,
            sentences: tuple[str, ...] = (), status: Status = Status.UNCERTAIN) -> Organization:
        org = self.add(Organization(name=name, org_type=org_type, status=status))
        for sentence in sentences:
            org.evidence.append(self.sentence_evidence(NEWS.id, sentence))
        return org

    def member(self, cons: Consortium, name: str, org_type: OrgType, declared: str,
               since: str, *, lead: bool = False) -> Organization:
        row = f"{name} | {declared} | {since}"
        ev = Evidence(MEMBER_LIST.id, 0, 0, row, "member_list")
        org = self.org(name, org_type, status=Status.CONFIRMED)
        org.evidence.append(ev)
        attrs = {"since": since, "declared_segment": declared}
        kinds = [EdgeKind.MEMBER_OF] + ([EdgeKind.LEADS] if lead else [])
        for kind in kinds:
            self.relations.append(Relation(kind=kind, source=org.id, target=cons.id,
                                           attributes=dict(attrs), status=Status.CONFIRMED,
                                           evidence=[ev]))
        return org

    def expert(self, name: str, org: Organization, fields: list[str]) -> Person:
        person = self.add(Person(name=name, organization=org.name, fields_of_work=fields,
                                 status=Status.CONFIRMED))
        self.relations.append(Relation(kind=EdgeKind.AFFILIATED_WITH, source=person.id,
                                       target=org.id, status=Status.CONFIRMED))
        return person

    def link(self, kind: EdgeKind, source: Entity, target: Entity, **attrs: object) -> None:
        self.relations.append(Relation(kind=kind, source=source.id, target=target.id,
                                       attributes=dict(attrs), status=Status.UNCERTAIN))

    def graph(self) -> nx.MultiDiGraph:
        return graph_from(self.entities.values(), self.relations)


AI_CONSORTIUM = "北京人工智能科创协同联合体"
#: The documents the evidence points at (a member list and a news release).
MEMBER_LIST = Document(path="成员单位名单.xlsx", content_hash="members",
                       doc_type=DocType.MEMBER_LIST)
NEWS = Document(
    path="新闻稿_沙龙.txt", content_hash="news", doc_type=DocType.NEWS,
    title="工程师跨界沙龙成功举办",
    text="工程师跨界沙龙成功举办\n发布时间：2025年6月16日\n6月14日，“具身智能与人形机器人工程师"
         "跨界沙龙”成功举办。本期沙龙预告已于6月5日发布。\n",
)
TRANSCRIPT = Document(
    path="沙龙速记.txt", content_hash="transcript", doc_type=DocType.TRANSCRIPT,
    title="工程师跨界沙龙速记",
    text="工程师跨界沙龙速记\n沙龙名称：具身智能与人形机器人工程师跨界沙龙\n时间：2025年6月14日\n",
)
EP_CONSORTIUM = "北京绿色低碳节能环保创新联合体"


def build_ai(b: GraphBuilder) -> Consortium:
    cons = b.add(Consortium(name=AI_CONSORTIUM, industry="人工智能", status=Status.CONFIRMED))
    E, U, R = OrgType.ENTERPRISE, OrgType.UNIVERSITY, OrgType.RESEARCH_INSTITUTE
    b.member(cons, "北京灵犀机器人科技有限公司", E, "机器人整机", "2023年5月", lead=True)
    b.member(cons, "清华大学", U, "具身智能算法、机器人学基础研究", "2023年5月")
    b.member(cons, "北京航空航天大学", U, "伺服驱动与精密传动", "2023年5月")
    b.member(cons, "中国科学院自动化研究所", R, "基础大模型", "2023年5月")
    b.member(cons, "北京芯衡微电子有限公司", E, "AI芯片", "2024年3月")
    b.member(cons, "北京感知未来传感技术有限公司", E, "智能传感器", "2024年3月")
    b.member(cons, "北京理工大学", U, "机器人运动控制", "2024年9月")
    b.member(cons, "北京深度求知智能科技有限公司", E, "基础大模型；智慧教育应用", "2025年1月")
    b.member(cons, "北京天工智造软件有限公司", E, "工业软件", "2025年2月")
    b.member(cons, "北京精驱传动科技有限公司", E, "伺服电机、减速器", "2025年3月")
    b.member(cons, "北京和睿康复医院", OrgType.HOSPITAL, "智慧医疗应用", "2025年4月")
    b.member(cons, "北京中关村智能产业投资基金管理有限公司", OrgType.FINANCE,
             "产业投资与孵化服务", "2025年5月")
    b.member(cons, "北京星衍灵巧手科技有限公司", E, "灵巧手", "2025年6月")
    b.member(cons, "北京航安智控科技有限公司", E, "机器人操作系统", "2025年7月")

    lingxi = b.entities[Organization(name="北京灵犀机器人科技有限公司").id]
    zhisuan = b.org("北京京西智算科技有限公司", sentences=(
        "我们目前和北京京西智算科技有限公司合作，租用他们智算中心的算力，但排队时间还是很长。",))
    b.expert("杜明", zhisuan, ["智算中心", "算力调度"])
    b.link(EdgeKind.COOPERATES_WITH, lingxi, zhisuan)
    shulan = b.org("北京数澜标注科技有限公司", sentences=(
        "问：各位专家好，我是北京数澜标注科技有限公司的郭婷，我们主要做自动驾驶的点云和图像标注。",))
    b.expert("郭婷", shulan, ["数据标注", "点云标注"])
    yutu = b.org("北京驭途自动驾驶科技有限公司", sentences=(
        "我在北京驭途自动驾驶科技有限公司做感知算法，主要是多传感器融合和端到端自动驾驶。",))
    b.expert("赵一凡", yutu, ["多传感器融合", "端到端自动驾驶"])
    huiyan = b.org("北京中科慧眼视觉技术有限公司", sentences=(
        "问：我是北京中科慧眼视觉技术有限公司的工程师，我们做工业机器视觉和3D相机。",))
    b.expert("彭博", huiyan, ["工业机器视觉", "3D相机"])
    anlan = b.org("北京安澜网络安全技术有限公司", sentences=(
        "问：我是北京安澜网络安全技术有限公司的研究员。",))
    b.expert("唐子墨", anlan, ["大模型安全", "网络安全"])
    jingcheng = b.org("北京京城精密装备制造有限公司", sentences=(
        "问：我是北京京城精密装备制造有限公司的工程师，我们是做汽车零部件的，产线上有很多工位想用"
        "机器人替代。",
        "在随后的产业对接会上，北京驭途自动驾驶科技有限公司、北京京城精密装备制造有限公司、"
        "北京中科慧眼视觉技术有限公司等20余家企业与成员单位进行了一对一洽谈。"))
    b.link(EdgeKind.WORKS_ON, jingcheng, b.add(Technology(name="工业视觉质检")))
    pku = b.org("北京大学", OrgType.UNIVERSITY)
    b.expert("黄振宇", pku, ["三维视觉", "机器人感知"])
    ict = b.org("中国科学院计算技术研究所", OrgType.RESEARCH_INSTITUTE)
    b.expert("钱文涛", ict, ["计算机体系结构", "机器人专用处理器", "AI芯片软件工具链"])
    b.org("北京市科学技术协会", OrgType.ASSOCIATION, sentences=(
        "大会由北京市科学技术协会、北京经济技术开发区科学技术协会联合主办。",))
    achievement = b.add(Achievement(name="高刚度谐波减速器设计与精密制造技术",
                                    transferred=True, year=2025))
    b.link(EdgeKind.TRANSFERRED_TO, achievement,
           b.entities[Organization(name="北京精驱传动科技有限公司").id])
    return cons


def build_energy(b: GraphBuilder) -> Consortium:
    cons = b.add(Consortium(name=EP_CONSORTIUM, industry="节能环保", status=Status.CONFIRMED))
    E, U = OrgType.ENTERPRISE, OrgType.UNIVERSITY
    b.member(cons, "北京碧水膜科技股份有限公司", E, "膜材料、MBR污水处理", "2024年4月", lead=True)
    b.member(cons, "北京工业大学", U, "水污染治理", "2024年4月")
    b.member(cons, "北京清源环境工程有限公司", E, "污水处理", "2024年6月")
    b.member(cons, "北京热能高效装备有限公司", E, "余热回收", "2024年6月")
    b.member(cons, "北京碳衡咨询有限公司", E, "碳核查与碳足迹", "2025年3月")
    b.member(cons, "北京绿建科技有限公司", E, "超低能耗建筑", "2025年3月")
    b.member(cons, "中关村绿色金融服务中心", OrgType.FINANCE, "会员服务", "2025年5月")
    b.org("北京净气环保科技有限公司", sentences=(
        "北京净气环保科技有限公司专注VOCs治理和RTO蓄热燃烧装置，为石化园区提供废气治理。",))
    b.org("北京再生源资源循环有限公司", sentences=(
        "北京再生源资源循环有限公司建成动力电池回收和梯次利用示范线。",))
    return cons


@pytest.fixture()
def make_ai_graph() -> Callable[[], nx.MultiDiGraph]:
    def make() -> nx.MultiDiGraph:
        b = GraphBuilder()
        build_ai(b)
        return b.graph()

    return make


@pytest.fixture()
def ai_graph() -> nx.MultiDiGraph:
    b = GraphBuilder()
    build_ai(b)
    return b.graph()


@pytest.fixture()
def two_consortia_graph() -> nx.MultiDiGraph:
    b = GraphBuilder()
    build_ai(b)
    build_energy(b)
    return b.graph()


@pytest.fixture()
def chains_workspace(tmp_path: Path) -> Path:
    """A workspace holding both consortia (the graph written straight into the store)."""
    from graphmap.store import Workspace

    b = GraphBuilder()
    build_ai(b)
    build_energy(b)
    ws = Workspace.create(tmp_path / "ws")
    for doc in (MEMBER_LIST, NEWS, TRANSCRIPT):
        ws.add_document(doc)
    ws.replace_graph(b.entities.values(), b.relations, started_at="2025-01-01T00:00:00")
    ws.close()
    return tmp_path / "ws"
