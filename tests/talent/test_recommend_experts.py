"""Salon panels: relevance, expansion, diversity cap, constraints, youth quota, explanations."""

from __future__ import annotations

import datetime as dt

import pytest

from graphmap.errors import InputError
from graphmap.matchmaking import ExpertIndex, recommend_experts

AS_OF = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def index(world):
    return ExpertIndex.build(world.graph)


def names(panel):
    return [p.name for p in panel.picks]


def test_expansion_finds_humanoid_robot_experts_for_embodied_intelligence(index):
    panel = recommend_experts(index, "具身智能", k=3, max_per_org=None, as_of=AS_OF)
    assert "张教授" in names(panel)
    plain = recommend_experts(index, "具身智能", k=3, max_per_org=None, expand=False)
    assert "张教授" not in names(plain)  # no expert's text says 具身智能


def test_expanded_matches_say_which_concept_they_came_from(index):
    pick = recommend_experts(index, "具身智能", k=1, as_of=AS_OF).picks[0]
    assert any(t.startswith("人形机器人（由“") for t in pick.expanded_terms)


def test_at_most_n_per_organization(index):
    capped = recommend_experts(index, "人形机器人运动控制", k=4, max_per_org=1, as_of=AS_OF)
    orgs = [p.organization for p in capped.picks]
    assert orgs.count("清华大学") == 1
    uncapped = recommend_experts(index, "人形机器人运动控制", k=4, max_per_org=None,
                                 diversity=0.0, as_of=AS_OF)
    assert [p.organization for p in uncapped.picks].count("清华大学") == 3


def test_excluded_experts_never_appear(index, world):
    panel = recommend_experts(index, "人形机器人", k=5, max_per_org=None,
                              exclude=["张教授", world.ids["li"]], as_of=AS_OF)
    assert "张教授" not in names(panel) and "李博士" not in names(panel)
    assert panel.excluded["按姓名或编号排除"] == 2


def test_recent_speakers_are_left_out(index):
    topic = "人形机器人 伺服电机 多模态感知"
    recent = recommend_experts(index, topic, k=7, max_per_org=None, not_spoken_months=6,
                               as_of=AS_OF)
    assert "张教授" not in names(recent)  # spoke 2025-10-01
    assert "钱总" in names(recent)  # last spoke in 2019
    everyone = recommend_experts(index, topic, k=7, max_per_org=None, as_of=AS_OF)
    assert "张教授" in names(everyone)


def test_host_organization_staff_are_a_conflict(index):
    panel = recommend_experts(index, "人形机器人运动控制", k=5, max_per_org=None,
                              host_org="清华大学", as_of=AS_OF)
    assert "清华大学" not in [p.organization for p in panel.picks]
    assert panel.excluded["与主办单位 清华大学 同单位"] == 3


def test_youth_quota_brings_in_a_young_expert(index):
    without = recommend_experts(index, "人形机器人运动控制", k=2, max_per_org=None,
                                diversity=0.0, reference_year=2025, as_of=AS_OF)
    assert not any(p.young for p in without.picks)
    with_quota = recommend_experts(index, "人形机器人运动控制", k=2, max_per_org=None,
                                   diversity=0.0, youth_quota=1, reference_year=2025,
                                   as_of=AS_OF)
    young = [p for p in with_quota.picks if p.young]
    assert [p.name for p in young] == ["赵工"]
    assert "青年专家（1996 年生）" in young[0].diversity


def test_unmet_youth_quota_is_reported_not_hidden(index):
    panel = recommend_experts(index, "锂电池", k=2, youth_quota=2, reference_year=2025,
                              as_of=AS_OF)
    assert names(panel) == ["周总"]
    assert any("青年专家名额" in n for n in panel.notes)


def test_every_pick_is_explained(index):
    panel = recommend_experts(index, "人形机器人 伺服电机", k=3, as_of=AS_OF)
    assert len(panel) == 3
    for pick in panel.picks:
        assert pick.matched_terms or pick.expanded_terms
        assert pick.quotes and any(t in "".join(pick.quotes) for t in ("人形机器人", "伺服电机"))
        assert pick.diversity
    second = panel.picks[1]
    assert any(r.startswith(("首位来自", "新单位")) for r in second.diversity)
    assert "命中：" in panel.picks[0].explain()


def test_panel_mixes_sectors_when_relevance_is_close(index):
    panel = recommend_experts(index, "人形机器人", k=3, max_per_org=None, diversity=0.5,
                              as_of=AS_OF)
    assert len({p.sector for p in panel.picks}) >= 2


def test_traditional_chinese_topic_finds_the_same_experts(index):
    simplified = recommend_experts(index, "人形机器人运动控制", k=3, as_of=AS_OF)
    traditional = recommend_experts(index, "人形機器人運動控制", k=3, as_of=AS_OF)
    assert names(traditional) == names(simplified)


def test_irrelevant_topic_returns_an_empty_panel_with_a_note(index):
    panel = recommend_experts(index, "古典音乐演奏", k=3, as_of=AS_OF)
    assert len(panel) == 0 and panel.notes


def test_graph_input_builds_the_index(world):
    assert names(recommend_experts(world.graph, "锂电池", k=1)) == ["周总"]


@pytest.mark.parametrize("kwargs", [{"k": 0}, {"k": 2, "youth_quota": 3},
                                    {"max_per_org": 0}, {"diversity": 2.0}])
def test_bad_arguments_raise_input_errors(index, kwargs):
    with pytest.raises(InputError):
        recommend_experts(index, "人形机器人", **kwargs)


def test_panel_serializes_to_json_ready_dict(index):
    data = recommend_experts(index, "人形机器人", k=2, as_of=AS_OF).to_dict()
    assert data["picks"][0]["explanation"] and data["query_terms"]


def test_cap_still_fills_the_panel_when_one_organization_dominates_the_top():
    from graphmap.graph import graph_from
    from graphmap.matchmaking import recommend
    from graphmap.model import EdgeKind, Organization, Person, Relation

    big = Organization(name="大所")
    others = [Organization(name=f"小所{i}") for i in range(3)]
    people, relations = [], []
    for i in range(recommend.POOL + 10):  # the whole first pool is one organization
        p = Person(name=f"甲{i}", organization="大所", bio="人形机器人人形机器人运动控制")
        people.append(p)
        relations.append(Relation(kind=EdgeKind.AFFILIATED_WITH, source=p.id, target=big.id))
    for i, org in enumerate(others):
        p = Person(name=f"乙{i}", organization=org.name, bio="人形机器人。其他工作很多很多。")
        people.append(p)
        relations.append(Relation(kind=EdgeKind.AFFILIATED_WITH, source=p.id, target=org.id))
    graph = graph_from([big, *others, *people], relations)
    panel = recommend_experts(graph, "人形机器人运动控制", k=4, max_per_org=1, as_of=AS_OF)
    assert len(panel) == 4
    assert sorted(p.organization for p in panel.picks) == ["大所", "小所0", "小所1", "小所2"]


def test_an_empty_pool_gives_an_empty_panel():
    from graphmap.graph import graph_from

    panel = recommend_experts(graph_from([], []), "具身智能", k=3)
    assert len(panel) == 0 and panel.notes
