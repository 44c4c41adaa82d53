"""Builders of a small consortium graph, its chain coverage and a salon transcript."""

from __future__ import annotations

from graphmap.chains.results import Candidate, Coverage, Placement, SegmentCoverage
from graphmap.graph import graph_from
from graphmap.model import (
    ChainSegment,
    Consortium,
    DocType,
    Document,
    DocumentNode,
    EdgeKind,
    Event,
    Evidence,
    Industry,
    Organization,
    OrgType,
    Person,
    Relation,
    Stage,
    Status,
    Technology,
    Turn,
)

HOSTILE = "<script>alert(1)</script>"

TRANSCRIPT = (
    "主持人：欢迎参加具身智能沙龙。今天请到张伯钧院士和陈思博士。\n"
    "张伯钧：我认为具身智能的关键在于灵巧手和触觉传感，这是目前最大的瓶颈。"
    "我们团队的柔性触觉传感阵列已经实现转化。建议设立人形机器人中试平台，加快关节模组国产化。\n"
    "陈思：人形机器人要从能走会跑到能干会用，核心是全身控制和场景数据。"
    "我们在汽车总装场景做了验证。呼吁政府开放更多应用场景，亟需建立统一的接口标准。\n"
    "主持人：谢谢两位。\n"
    "张伯钧：另外，高校和企业应当共建联合实验室，让学生到产线上解决真问题。\n"
)


def _turns(text: str) -> list[Turn]:
    turns, pos = [], 0
    for line in text.splitlines(keepends=True):
        speaker = line.split("：", 1)[0]
        turns.append(Turn(start=pos + len(speaker) + 1, end=pos + len(line.rstrip()),
                          speaker=speaker))
        pos += len(line)
    return turns


def _ev(doc: str, sentence: str, conf: float = 0.9) -> Evidence:
    return Evidence(doc_id=doc, start=0, end=len(sentence), sentence=sentence,
                    extractor="test", confidence=conf)


def build_transcript() -> Document:
    doc = Document(path="salon_速记.txt", content_hash="h1", text=TRANSCRIPT,
                   doc_type=DocType.TRANSCRIPT, title="具身智能沙龙速记", turns=_turns(TRANSCRIPT))
    return doc


def build_graph(transcript: Document):
    return graph_from(*build_parts(transcript))


def build_parts(transcript: Document):
    doc_id = transcript.id
    cons = Consortium(name="北京人工智能科创协同联合体", industry="人工智能",
                      status=Status.CONFIRMED)
    ind = Industry(name="人工智能", status=Status.CONFIRMED)
    segs = [
        ChainSegment(name="AI芯片", industry="人工智能", stage=Stage.UPSTREAM),
        ChainSegment(name="传感器与灵巧手", industry="人工智能", stage=Stage.UPSTREAM),
        ChainSegment(name="具身大模型", industry="人工智能", stage=Stage.MIDSTREAM),
        ChainSegment(name="智能医疗", industry="人工智能", stage=Stage.DOWNSTREAM),
    ]
    orgs = [
        Organization(name="清华大学", org_type=OrgType.UNIVERSITY, status=Status.CONFIRMED),
        Organization(name="北京灵犀机器人科技有限公司", org_type=OrgType.ENTERPRISE,
                     status=Status.CONFIRMED),
        Organization(name="北京芯衡微电子有限公司", org_type=OrgType.ENTERPRISE),
        Organization(name=HOSTILE, org_type=OrgType.OTHER,
                     evidence=[_ev(doc_id, f"名称为 {HOSTILE} 的单位 & </script>")]),
    ]
    people = [
        Person(name="张伯钧", organization="清华大学", titles=["中国工程院院士", "教授"],
               fields_of_work=["机器人学"], birth_year=1962, status=Status.CONFIRMED),
        Person(name="陈思", organization="北京灵犀机器人科技有限公司",
               titles=["首席科学家", "高级工程师"], fields_of_work=["人形机器人"],
               birth_year=1986, status=Status.CONFIRMED),
        Person(name="赵一凡", organization="北京芯衡微电子有限公司", titles=["工程师"],
               fields_of_work=["AI芯片"], birth_year=1992),
    ]
    techs = [Technology(name="灵巧手"), Technology(name="触觉传感"), Technology(name="具身大模型")]
    event = Event(name="具身智能与人形机器人工程师跨界沙龙", date="2025-06-14",
                  place="北京市科协科技会堂", attendance=120, status=Status.CONFIRMED,
                  evidence=[_ev(doc_id, "具身智能沙龙于2025年6月14日举办")])
    docnode = DocumentNode(name="具身智能沙龙速记", doc_id=doc_id, doc_type=DocType.TRANSCRIPT)
    entities = [cons, ind, *segs, *orgs, *people, *techs, event, docnode]

    def rel(kind, a, b, **attrs):
        return Relation(kind=kind, source=a.id, target=b.id, attributes=attrs,
                        status=Status.CONFIRMED,
                        evidence=[_ev(doc_id, f"{a.name} {kind.value} {b.name}")])

    rels = [
        rel(EdgeKind.LEADS, orgs[1], cons),
        rel(EdgeKind.MEMBER_OF, orgs[0], cons),
        rel(EdgeKind.MEMBER_OF, orgs[1], cons),
        rel(EdgeKind.IN_SEGMENT, orgs[2], segs[0]),
        rel(EdgeKind.IN_SEGMENT, orgs[0], segs[1]),
        rel(EdgeKind.IN_SEGMENT, orgs[1], segs[2]),
        rel(EdgeKind.IN_SEGMENT, techs[0], segs[1]),
        rel(EdgeKind.UPSTREAM_OF, segs[0], segs[2]),
        rel(EdgeKind.UPSTREAM_OF, segs[1], segs[2]),
        rel(EdgeKind.UPSTREAM_OF, segs[2], segs[3]),
        *(rel(EdgeKind.PART_OF, s, ind) for s in segs),
        rel(EdgeKind.AFFILIATED_WITH, people[0], orgs[0], title="教授"),
        rel(EdgeKind.AFFILIATED_WITH, people[1], orgs[1], title="首席科学家"),
        rel(EdgeKind.AFFILIATED_WITH, people[2], orgs[2], title="工程师"),
        rel(EdgeKind.EXPERT_IN, people[0], techs[0]),
        rel(EdgeKind.EXPERT_IN, people[0], techs[1]),
        rel(EdgeKind.EXPERT_IN, people[1], techs[2]),
        rel(EdgeKind.EXPERT_IN, people[2], techs[2]),
        rel(EdgeKind.WORKS_ON, orgs[1], techs[2]),
        rel(EdgeKind.SPOKE_AT, people[0], event),
        rel(EdgeKind.SPOKE_AT, people[1], event),
        rel(EdgeKind.HOSTED, orgs[1], event),
        rel(EdgeKind.COOPERATES_WITH, orgs[0], orgs[3]),
        *(rel(EdgeKind.MENTIONS, docnode, e) for e in (event, people[0], people[1], techs[0])),
    ]
    return entities, rels


def _placement(g, name: str, lead: bool = False, uncertain: bool = False) -> Placement:
    node = next(n for n, d in g.nodes(data=True) if d["name"] == name)
    data = g.nodes[node]
    return Placement(org_id=node, name=name, org_type=data.get("org_type", "other"),
                     is_lead=lead, score=0.8, reasons=["declared segment"],
                     evidence=[{"signal": "declared", "text": "所属环节", "sentence": "=1+1"}],
                     uncertain=uncertain)


def build_coverage(graph) -> Coverage:
    seg_ids = {d["name"]: n for n, d in graph.nodes(data=True) if d["kind"] == "ChainSegment"}
    segments = [
        SegmentCoverage(segment_id=seg_ids["AI芯片"], name="AI芯片", stage="upstream",
                        members=[], status="gap", counts_by_type={}, evidence_strength=0.0),
        SegmentCoverage(segment_id=seg_ids["传感器与灵巧手"], name="传感器与灵巧手",
                        stage="upstream", members=[_placement(graph, "清华大学")],
                        status="thin", counts_by_type={"university": 1},
                        evidence_strength=0.6),
        SegmentCoverage(segment_id=seg_ids["具身大模型"], name="具身大模型", stage="midstream",
                        members=[_placement(graph, "北京灵犀机器人科技有限公司", lead=True),
                                 _placement(graph, "清华大学", uncertain=True)],
                        status="covered", counts_by_type={"enterprise": 1, "university": 1},
                        evidence_strength=0.9),
        SegmentCoverage(segment_id=seg_ids["智能医疗"], name="智能医疗", stage="downstream",
                        members=[], status="gap", counts_by_type={}, evidence_strength=0.0),
    ]
    cand_id = next(n for n, d in graph.nodes(data=True) if d["name"] == "北京芯衡微电子有限公司")
    candidates = [
        Candidate(org_id=cand_id, name="北京芯衡微电子有限公司", org_type="enterprise",
                  segment_ids=[seg_ids["AI芯片"]], score=0.72,
                  reasons=["fills gap AI芯片", "=HYPERLINK(\"x\")"], evidence=[]),
    ]
    return Coverage(
        consortium="北京人工智能科创协同联合体", industry="人工智能", segments=segments,
        gaps=[seg_ids["AI芯片"], seg_ids["智能医疗"]], thin=[seg_ids["传感器与灵巧手"]],
        balance={"upstream": 1, "midstream": 2, "downstream": 0}, unclassified=[],
        candidates=candidates, member_count=2,
    )
