"""Chain coverage of a consortium: placements, gaps, thin segments, balance, candidates."""

from __future__ import annotations

import networkx as nx
import pytest

from graphmap.chains import load_chains
from graphmap.chains.classify import classify_organization, classify_technology
from graphmap.chains.coverage import chain_coverage, find_consortium, recruitment_candidates
from graphmap.chains.taxonomy import chain_entities, segment_node_id
from graphmap.errors import InputError
from graphmap.graph import graph_from
from graphmap.model import Document, EdgeKind, Evidence, Organization, Relation, Status

MEMBER_LIST = Document(path="成员单位名单.xlsx", content_hash="members")
AI_CONSORTIUM = "北京人工智能科创协同联合体"
EP_CONSORTIUM = "北京绿色低碳节能环保创新联合体"


def _org_id(name: str) -> str:
    return Organization(name=name).id


def _segment(cov, segment_id):
    return next(s for s in cov.segments if s.segment_id == segment_id)


def _placed(cov, name: str) -> set[str]:
    return {s.segment_id for s in cov.segments for p in s.members if p.name == name}


def test_member_declaring_two_segments_sits_in_both(ai_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(ai_graph, AI_CONSORTIUM)
    assert _placed(cov, "北京深度求知智能科技有限公司") == {"foundation_models", "smart_education"}
    for seg_id in ("foundation_models", "smart_education"):
        placement = next(p for p in _segment(cov, seg_id).members
                         if p.name == "北京深度求知智能科技有限公司")
        assert not placement.uncertain
        assert placement.evidence[0]["signal"] == "declared"
        assert placement.evidence[0]["doc_id"] == MEMBER_LIST.id


def test_member_with_nothing_chain_like_is_unclassified(ai_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(ai_graph, AI_CONSORTIUM)
    assert [p.name for p in cov.unclassified] == ["北京中关村智能产业投资基金管理有限公司"]
    assert not _placed(cov, "北京中关村智能产业投资基金管理有限公司")
    assert cov.member_count == 14


def test_free_text_declarations_map_to_the_right_segments(ai_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(ai_graph, AI_CONSORTIUM)
    assert "robot_components" in _placed(cov, "北京精驱传动科技有限公司")  # 伺服电机、减速器
    assert "robot_components" in _placed(cov, "北京星衍灵巧手科技有限公司")  # 灵巧手
    assert "embodied_ai" in _placed(cov, "北京航安智控科技有限公司")  # 机器人操作系统
    assert "smart_healthcare" in _placed(cov, "北京和睿康复医院")  # 智慧医疗应用
    assert _placed(cov, "北京芯衡微电子有限公司") == {"ai_chips"}


def test_lead_unit_is_marked_and_listed_first(ai_graph: nx.MultiDiGraph) -> None:
    robots = _segment(chain_coverage(ai_graph, AI_CONSORTIUM), "intelligent_robots")
    assert robots.members[0].is_lead and robots.members[0].name == "北京灵犀机器人科技有限公司"
    assert sum(p.is_lead for s in chain_coverage(ai_graph, AI_CONSORTIUM).segments
               for p in s.members) == 1


def test_gaps_thin_and_covered_follow_the_members(ai_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(ai_graph, AI_CONSORTIUM)
    for seg in cov.segments:
        confident = [p for p in seg.members if not p.uncertain]
        expected = "gap" if not seg.members else "covered" if len(confident) >= 2 else "thin"
        assert seg.status == expected, seg.segment_id
        assert sum(seg.counts_by_type.values()) == len(seg.members)
        assert (seg.evidence_strength == 0) == (not seg.members)
    assert {"computing_infrastructure", "data_resources", "autonomous_driving",
            "computer_vision", "ai_safety"} <= set(cov.gaps)
    assert "ai_chips" in cov.thin and "foundation_models" not in cov.thin + cov.gaps
    assert set(cov.gaps) | set(cov.thin) == {s.segment_id for s in cov.segments
                                             if s.status != "covered"}


def test_balance_counts_distinct_members_per_stage(ai_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(ai_graph, AI_CONSORTIUM)
    for stage, count in cov.balance.items():
        members = {p.org_id for s in cov.segments if s.stage == stage for p in s.members}
        assert count == len(members)
    assert all(cov.balance.values())
    assert sum(v["segments"] for v in cov.stage_segments.values()) == len(cov.segments)


def test_gap_is_filled_by_a_non_member_with_reasons(ai_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(ai_graph, AI_CONSORTIUM)
    names = [c.name for c in cov.candidates]
    assert len(cov.candidates) >= 6
    members = {p.org_id for s in cov.segments for p in s.members}
    assert not members & {c.org_id for c in cov.candidates}
    zhisuan = next(c for c in cov.candidates if c.name == "北京京西智算科技有限公司")
    assert zhisuan.segment_ids[0] == "computing_infrastructure"
    assert any("填补空白环节" in r for r in zhisuan.reasons)
    assert any("合作" in r for r in zhisuan.reasons)  # cooperates with the lead unit
    for name, seg_id in (("北京数澜标注科技有限公司", "data_resources"),
                         ("北京驭途自动驾驶科技有限公司", "autonomous_driving"),
                         ("北京中科慧眼视觉技术有限公司", "computer_vision")):
        assert seg_id in next(c for c in cov.candidates if c.name == name).segment_ids
    # gap fillers outrank organizations that only strengthen covered segments
    assert names.index("北京京西智算科技有限公司") < names.index("北京京城精密装备制造有限公司")
    assert "北京市科学技术协会" not in names
    scores = [c.score for c in cov.candidates]
    assert scores == sorted(scores, reverse=True)


def test_candidates_are_capped_at_k(ai_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(ai_graph, AI_CONSORTIUM, candidates=0)
    assert cov.candidates == []
    assert len(recruitment_candidates(ai_graph, cov, k=3)) == 3


def test_non_member_placements_from_text_alone_are_uncertain(ai_graph) -> None:
    chain = load_chains()["artificial_intelligence"]
    placements = classify_organization(ai_graph, _org_id("北京驭途自动驾驶科技有限公司"), chain)
    assert placements[0].segment_id == "autonomous_driving"
    assert all(p.uncertain for p in placements)
    assert {e["signal"] for e in placements[0].evidence} >= {"name", "expert"}


def test_text_evidence_is_limited_to_the_organization_mentioned(ai_graph) -> None:
    chain = load_chains()["artificial_intelligence"]
    # the 对接会 sentence lists 驭途自动驾驶 next to 京城精密: 自动驾驶 is not about 京城精密
    found = classify_organization(ai_graph, _org_id("北京京城精密装备制造有限公司"), chain)
    assert "autonomous_driving" not in {p.segment_id for p in found}


def test_second_industry_consortium(two_consortia_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(two_consortia_graph, EP_CONSORTIUM)
    assert cov.industry == "节能环保"
    water = _segment(cov, "water_treatment")
    assert water.status == "covered" and water.members[0].is_lead
    assert water.counts_by_type == {"enterprise": 2, "university": 1}
    assert "carbon_services" in _placed(cov, "北京碳衡咨询有限公司")
    assert "air_pollution_control" in cov.gaps
    top = {c.name: c for c in cov.candidates}
    assert "air_pollution_control" in top["北京净气环保科技有限公司"].segment_ids
    assert "resource_recycling" in top["北京再生源资源循环有限公司"].segment_ids
    # members of the other consortium are candidates here, but their AI declarations are weak
    sensing = top.get("北京感知未来传感技术有限公司")
    assert sensing is None or sensing.score < top["北京净气环保科技有限公司"].score


def test_industry_may_be_given_explicitly(ai_graph: nx.MultiDiGraph) -> None:
    cov = chain_coverage(ai_graph, AI_CONSORTIUM, "high_end_equipment")
    assert cov.chain_id == "high_end_equipment"
    assert "industrial_software" in _placed(cov, "北京天工智造软件有限公司")


def test_consortium_lookup_by_partial_name_and_unknown(ai_graph: nx.MultiDiGraph) -> None:
    cons_id = find_consortium(ai_graph, AI_CONSORTIUM)
    assert find_consortium(ai_graph, "人工智能科创") == cons_id
    assert find_consortium(ai_graph, cons_id) == cons_id
    with pytest.raises(InputError, match="no consortium"):
        find_consortium(ai_graph, "不存在的联合体")


def test_rejected_membership_is_ignored(ai_graph: nx.MultiDiGraph) -> None:
    fund = _org_id("北京中关村智能产业投资基金管理有限公司")
    for _, _, data in ai_graph.out_edges(fund, data=True):
        data["status"] = Status.REJECTED.value
    cov = chain_coverage(ai_graph, AI_CONSORTIUM)
    assert cov.unclassified == [] and cov.member_count == 13


def test_in_segment_edges_in_the_graph_place_organizations() -> None:
    chain = load_chains()["artificial_intelligence"]
    nodes, relations = chain_entities(chain)
    org = Organization(name="北京某某科技有限公司")
    seg = chain.segment("speech")
    relations.append(Relation(kind=EdgeKind.IN_SEGMENT, source=org.id,
                              target=segment_node_id(chain, seg), status=Status.CONFIRMED))
    graph = graph_from([*nodes, org], relations)
    found = classify_organization(graph, org.id, chain)
    assert [p.segment_id for p in found] == ["speech"] and not found[0].uncertain


def test_technologies_are_classified_by_their_names() -> None:
    chain = load_chains()["artificial_intelligence"]
    assert classify_technology("多模态大模型", chain)[0][0] == "foundation_models"
    assert classify_technology("谐波减速器", chain)[0][0] == "robot_components"
    assert classify_technology("激光雷达点云标注", chain)[0][0] in {"data_resources",
                                                                "smart_sensors"}
    assert classify_technology("会计准则", chain) == []


def test_coverage_is_deterministic(make_ai_graph) -> None:
    first, second = (chain_coverage(make_ai_graph(), AI_CONSORTIUM) for _ in range(2))
    assert first == second


def test_coverage_as_graph_relations(ai_graph: nx.MultiDiGraph) -> None:
    from graphmap.chains.coverage import coverage_relations

    chain = load_chains()["artificial_intelligence"]
    cov = chain_coverage(ai_graph, AI_CONSORTIUM, candidates=0)
    entities, relations = coverage_relations(chain, cov)
    in_segment = [r for r in relations if r.kind == EdgeKind.IN_SEGMENT]
    assert len(in_segment) == sum(len(s.members) for s in cov.segments)
    assert all(r.evidence for r in in_segment)  # every placement keeps a document quote
    orgs = [ai_graph.nodes[n] for n in ai_graph]
    graph = graph_from(
        [*entities, *(Organization(name=o["name"]) for o in orgs if o["kind"] == "Organization")],
        in_segment,
    )
    again = classify_organization(graph, _org_id("北京芯衡微电子有限公司"), chain)
    assert again[0].segment_id == "ai_chips"


def test_text_window_keeps_segment_words_that_end_like_unit_names() -> None:
    org = Organization(name="北京云算科技有限公司", evidence=[Evidence(
        "doc-x", 10, 40, "我们和北京云算科技有限公司合作，租用他们数据中心的算力。", "test", 0.8)])
    graph = graph_from([org], [])
    found = classify_organization(graph, org.id, load_chains()["artificial_intelligence"])
    assert [p.segment_id for p in found] == ["computing_infrastructure"]
    assert found[0].uncertain and found[0].evidence[0]["signal"] == "text"


def test_technology_nodes_of_the_graph_are_classified(ai_graph: nx.MultiDiGraph) -> None:
    from graphmap.chains.classify import classify_technologies

    found = classify_technologies(ai_graph, load_chains()["artificial_intelligence"])
    names = {ai_graph.nodes[t]["name"]: segs[0][0] for t, segs in found.items()}
    assert names == {"工业视觉质检": "smart_manufacturing"}


def test_member_names_are_found_in_a_sentence_whatever_their_number() -> None:
    from graphmap.chains.coverage import _MemberNames

    names = _MemberNames({
        "m-qinghua": ["清华大学", "清华"],  # two-character aliases are indexed too
        "m-lingxi": ["北京灵犀机器人科技有限公司", "灵犀机器人"],
        "m-shenzhen": ["清华大学深圳国际研究生院"],
        **{f"m-{i}": [f"第{i}号成员单位"] for i in range(2000)},
    })
    assert names.named_in("清华大学深圳国际研究生院与灵犀机器人签约") == {
        "m-qinghua", "m-shenzhen", "m-lingxi"}
    assert names.named_in("第1999号成员单位发言") == {"m-1999"}
    assert names.named_in("没有成员") == frozenset()
    assert names.named_in("") == frozenset()


def test_a_candidate_named_with_a_member_says_so(ai_graph: nx.MultiDiGraph) -> None:
    before = chain_coverage(ai_graph, AI_CONSORTIUM, candidates=50)
    member = before.segments[0].members[0] if before.segments[0].members else next(
        p for s in before.segments for p in s.members)
    candidate = next(c for c in before.candidates if c.name == "北京中科慧眼视觉技术有限公司")
    assert not any("共同出现" in r for r in candidate.reasons)
    sentence = f"{candidate.name}与{member.name}在发布会上共同展示了视觉检测方案。"
    ai_graph.nodes[candidate.org_id]["evidence"].append(
        {"doc_id": "news", "start": 0, "end": len(candidate.name), "sentence": sentence,
         "extractor": "test", "confidence": 0.8})

    after = chain_coverage(ai_graph, AI_CONSORTIUM, candidates=50)
    found = next(c for c in after.candidates if c.org_id == candidate.org_id)
    assert f"与成员单位在同一材料中共同出现：{member.name}" in found.reasons
    assert any(ev.get("signal") == "co-mention" and ev["sentence"] == sentence
               for ev in found.evidence)
    assert found.score > candidate.score
