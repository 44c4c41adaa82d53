"""Partner recommendation: complementary organizations, each with the path that explains it."""

from __future__ import annotations

import pytest

from graphmap.errors import InputError
from graphmap.graph import graph_from
from graphmap.matchmaking import recommend_partners
from graphmap.model import EdgeKind, Organization, OrgType, Relation


def by_name(suggestions):
    return {s.name: s for s in suggestions}


def test_adjacent_chain_segment_is_explained_by_its_path(world):
    found = by_name(recommend_partners(world.graph, "北京精密伺服电机有限公司"))
    robot = found["北京灵犀机器人科技有限公司"]
    chain = next(r for r in robot.reasons if r.kind == "chain")
    assert chain.path.describe() == (
        "北京精密伺服电机有限公司 -[IN_SEGMENT]-> 核心零部件 -[UPSTREAM_OF]-> 整机制造 "
        "<-[IN_SEGMENT]- 北京灵犀机器人科技有限公司")
    assert "downstream" in chain.text


def test_university_enterprise_pair_with_shared_technology_ranks_first(world):
    suggestions = recommend_partners(world.graph, "清华大学")
    best = suggestions[0]
    assert best.name == "北京灵犀机器人科技有限公司"
    kinds = [r.kind for r in best.reasons]
    assert "technology" in kinds and "sector" in kinds
    assert "人形机器人" in best.path.describe()


def test_event_and_co_speaker_bridges_are_found(world):
    found = by_name(recommend_partners(world.graph, world.ids["casia"]))
    tsinghua = found["清华大学"]
    bridge = next(r for r in tsinghua.reasons if r.kind in ("expert", "event"))
    assert "具身智能沙龙" in bridge.path.describe()


def test_existing_cooperation_is_left_out_unless_asked():
    a = Organization(name="甲大学", org_type=OrgType.UNIVERSITY)
    b = Organization(name="乙公司", org_type=OrgType.ENTERPRISE)
    c = Organization(name="丙公司", org_type=OrgType.ENTERPRISE)
    from graphmap.model import Technology

    t = Technology(name="灵巧手")
    g = graph_from([a, b, c, t], [
        Relation(kind=EdgeKind.WORKS_ON, source=a.id, target=t.id),
        Relation(kind=EdgeKind.WORKS_ON, source=b.id, target=t.id),
        Relation(kind=EdgeKind.WORKS_ON, source=c.id, target=t.id),
        Relation(kind=EdgeKind.COOPERATES_WITH, source=a.id, target=b.id),
    ])
    assert [s.name for s in recommend_partners(g, "甲大学")] == ["丙公司"]
    assert {s.name for s in recommend_partners(g, "甲大学", include_existing=True)} == {
        "乙公司", "丙公司"}


def test_unrelated_organizations_are_not_suggested(world):
    found = by_name(recommend_partners(world.graph, "清华大学"))
    assert "北京电池材料有限公司" not in found


def test_unknown_organization_is_an_input_error(world):
    with pytest.raises(InputError, match="not in the graph"):
        recommend_partners(world.graph, "不存在的单位")


def test_a_chain_places_organizations_when_the_graph_has_no_segments():
    from graphmap.chains import Chain, Segment
    from graphmap.model import Stage

    chain = Chain(id="robot", name="机器人", segments=(
        Segment(id="parts", name="核心零部件", stage=Stage.UPSTREAM, keywords=("伺服电机",),
                upstream_of=("whole",)),
        Segment(id="whole", name="整机", stage=Stage.MIDSTREAM, keywords=("人形机器人",)),
    ))
    servo = Organization(name="北京精密伺服电机有限公司", org_type=OrgType.ENTERPRISE)
    maker = Organization(name="北京人形机器人整机有限公司", org_type=OrgType.ENTERPRISE)
    graph = graph_from([servo, maker], [])
    assert recommend_partners(graph, servo.name) == []
    found = recommend_partners(graph, servo.name, chain=chain)
    assert [s.name for s in found] == [maker.name]
    assert found[0].path.describe() == (
        "北京精密伺服电机有限公司 -[IN_SEGMENT]-> 核心零部件 -[UPSTREAM_OF]-> 整机 "
        "<-[IN_SEGMENT]- 北京人形机器人整机有限公司")
