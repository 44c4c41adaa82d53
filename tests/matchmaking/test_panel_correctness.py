"""Panel correctness: organization names are not expertise, caps and conflicts count the
resolved organization, reasons in the topic's language, a filter that cannot apply says so."""

from __future__ import annotations

import datetime as dt

from graphmap.graph import graph_from
from graphmap.matchmaking import ExpertIndex, recommend_experts
from graphmap.model import EdgeKind, Organization, OrgType, Person, Relation

AS_OF = dt.date(2026, 1, 1)


def pool(people):
    """Persons (name, organization, bio) with AFFILIATED_WITH edges to their organizations."""
    entities, relations, orgs = [], [], {}
    for name, org, bio in people:
        o = orgs.setdefault(org, Organization(name=org, org_type=OrgType.UNIVERSITY))
        p = Person(name=name, organization=org, bio=bio)
        entities.append(p)
        relations.append(Relation(kind=EdgeKind.AFFILIATED_WITH, source=p.id, target=o.id))
    return ExpertIndex.build(graph_from([*entities, *orgs.values()], relations))


def test_words_of_an_organization_name_are_not_expertise():
    index = pool([
        ("甲", "北京航空航天大学", "北京航空航天大学教授。长期从事谐波减速器研究。"),
        ("乙", "某研究院", "某研究院研究员。长期从事火箭发动机与商业航天发射研究。"),
    ])
    panel = recommend_experts(index, "商业航天 卫星互联网 火箭回收", k=2, as_of=AS_OF)
    assert [p.name for p in panel.picks] == ["乙"]  # 甲's only 航天 is the university's name
    assert "航天" in panel.picks[0].matched_terms


def test_cap_counts_a_group_under_its_several_names():
    index = pool([
        ("甲", "中核集团", "中核集团研究员，核燃料元件研究。"),
        ("乙", "中核总公司", "中核总公司研究员，核燃料元件研究。"),
        ("丙", "中核北方核燃料元件有限公司", "核燃料元件制造研究。"),
        ("丁", "清华大学", "清华大学教授，核燃料元件研究。"),
    ])
    panel = recommend_experts(index, "核燃料元件", k=4, max_per_org=1, as_of=AS_OF)
    names = [p.name for p in panel.picks]
    assert "丁" in names and len(names) == 2  # one 中核 expert, one 清华
    # the host conflict matches the group too
    hosted = recommend_experts(index, "核燃料元件", k=4, max_per_org=None, host_org="中核集团",
                               as_of=AS_OF)
    assert [p.name for p in hosted.picks] == ["丁"]


def test_departments_of_one_university_share_its_cap():
    index = pool([
        ("甲", "清华大学自动化系", "清华大学自动化系教授，机器人控制研究。"),
        ("乙", "清华大学", "清华大学教授，机器人控制研究。"),
        ("丙", "浙江大学", "浙江大学教授，机器人控制研究。"),
    ])
    panel = recommend_experts(index, "机器人控制", k=3, max_per_org=1, as_of=AS_OF)
    assert len(panel.picks) == 2 and "丙" in [p.name for p in panel.picks]


def test_reasons_follow_the_topic_language():
    index = pool([
        ("Alice", "MIT", "Professor at MIT. Works on humanoid robot control."),
        ("甲", "浙江大学", "浙江大学教授，人形机器人控制研究。"),
    ])
    en = recommend_experts(index, "humanoid robot", k=1, as_of=AS_OF).picks[0]
    assert en.diversity == ("most relevant expert for the topic",)
    assert en.explain().startswith("matched: ")
    zh = recommend_experts(index, "人形机器人", k=1, as_of=AS_OF).picks[0]
    assert zh.diversity == ("与选题最相关",)
    assert zh.explain().startswith("命中：")


def test_not_spoken_months_without_events_says_it_did_nothing():
    index = pool([("甲", "浙江大学", "浙江大学教授，人形机器人控制研究。")])
    panel = recommend_experts(index, "人形机器人", k=1, not_spoken_months=6, as_of=AS_OF)
    assert any("没有任何发言记录" in n for n in panel.notes)
    en = recommend_experts(index, "humanoid robot", k=1, not_spoken_months=6, as_of=AS_OF)
    assert any("had no effect" in n for n in en.notes)


def test_an_academy_division_is_not_a_field():
    division = "环境与轻纺工程学部"
    people = [Person(name="甲", fields_of_work=["纺织材料", division], bio="纺织材料专家。"),
              Person(name="乙", fields_of_work=["环境工程", division], bio="环境工程专家。")]
    index = ExpertIndex.build(graph_from(people, []))
    panel = recommend_experts(index, "环境", k=2, as_of=AS_OF)
    assert [p.name for p in panel.picks] == ["乙"]


def test_a_research_stay_abroad_is_not_the_affiliation():
    from graphmap.matchmaking.academicians import parse_affiliation

    bio = ("1965年毕业于北京石油学院。1983-1984年在美国特拉华大学作研究学者。"
           "2005年当选中国科学院院士。中国石油大学（北京）教授。")
    assert parse_affiliation(bio) == ("中国石油大学（北京）", "教授")
    bio = "出生于湖南省浏阳县，中南大学教授、博士生导师。现为美国勘探地球物理学家协会终身成员。"
    assert parse_affiliation(bio) == ("中南大学", "教授")
