"""Entity resolution rules: organizations by alias and credit code, people by name and
organization, explanations on every merge, candidates for review."""

from __future__ import annotations

import pytest

from graphmap.model import (
    EdgeKind,
    Evidence,
    Organization,
    Person,
    Relation,
    Status,
    Technology,
)
from graphmap.resolution import (
    candidate_duplicates,
    merge_explanations,
    resolve,
)


def said(name: str, doc: str = "doc-1", cls=Organization, **attrs):
    """An uncertain entity from a text extraction, with evidence in ``doc``."""
    return cls(name=name, evidence=[Evidence(doc, 0, len(name), name, "ner", 0.7)], **attrs)


def listed(name: str, cls=Organization, **attrs):
    """A confirmed entity from an analyst's list."""
    ev = Evidence("doc-list", 0, 0, name, "list:member", 1.0)
    return cls(name=name, status=Status.CONFIRMED, evidence=[ev], **attrs)


def names(entities):
    return sorted(e.name for e in entities)


def test_a_short_form_from_text_joins_the_one_listed_organization():
    buaa = listed("北京航空航天大学")
    entities, _ = resolve([buaa, said("北航"), said("北京航空航天大學", "doc-2")], [])
    assert names(entities) == ["北京航空航天大学"]
    assert "北航" in entities[0].aliases
    assert {ev.doc_id for ev in entities[0].evidence} == {"doc-list", "doc-1"}


def test_an_ambiguous_short_form_joins_nothing():
    known = [listed("北京航空航天大学"), listed("北航集团有限公司")]
    entities, _ = resolve([*known, said("北航")], [])
    assert names(entities) == ["北京航空航天大学", "北航", "北航集团有限公司"]


def test_the_fuller_name_from_text_is_not_swallowed_by_a_listed_short_collision():
    entities, _ = resolve([listed("北京航空航天大学"), said("北航集团")], [])
    assert names(entities) == ["北京航空航天大学", "北航集团"]


def test_a_core_name_from_text_joins_its_company_and_relations_follow():
    lingxi = listed("北京灵犀机器人科技有限公司")
    mention = said("灵犀机器人")
    tech = said("具身智能", cls=Technology)
    works = Relation(kind=EdgeKind.WORKS_ON, source=mention.id, target=tech.id,
                     evidence=[Evidence("doc-1", 0, 5, "灵犀机器人做具身智能", "re", 0.7)])
    entities, relations = resolve([lingxi, mention, tech], [works])
    assert names(entities) == ["具身智能", "北京灵犀机器人科技有限公司"]
    assert [(r.source, r.target) for r in relations] == [(lingxi.id, tech.id)]


def test_a_company_of_another_city_is_not_merged():
    entities, _ = resolve([listed("北京某某科技有限公司"), said("上海某某科技有限公司")], [])
    assert len(entities) == 2


def test_credit_code_is_a_hard_key_for_same_named_organizations():
    first = listed("某某科技有限公司", credit_code="91110000AAAAAAAA1X")
    second = listed("某某科技有限公司", credit_code="91310000BBBBBBBB2Y")
    entities, _ = resolve([first, second, said("某某科技")], [])
    assert len(entities) == 3  # two registered companies, and a mention that could be either


def test_an_uncoded_namesake_joins_the_one_coded_organization():
    coded = listed("某某科技有限公司", credit_code="91110000AAAAAAAA1X")
    plain = said("某某科技有限公司", "doc-2")
    entities, _ = resolve([coded, plain], [])
    assert len(entities) == 1 and entities[0].credit_code == "91110000AAAAAAAA1X"
    assert entities[0].merged_from[0]["reason"] == (
        "与统一社会信用代码为 91110000AAAAAAAA1X 的机构同名")


def test_a_listed_abbreviation_joins_the_listed_full_name():
    entities, _ = resolve([listed("北京航空航天大学"), listed("北航")], [])
    assert names(entities) == ["北京航空航天大学"]


def test_a_short_mention_joins_a_fuller_mention_when_nothing_is_listed():
    entities, _ = resolve([said("北京灵犀机器人科技有限公司"), said("灵犀机器人", "doc-2")], [])
    assert names(entities) == ["北京灵犀机器人科技有限公司"]


def test_every_automatic_merge_is_explained():
    entities, _ = resolve([listed("北京市科学技术协会"), said("北京市科协")], [])
    lines = merge_explanations(entities[0])
    assert len(lines) == 1 and lines[0].startswith("北京市科协 (org-")
    assert lines[0].endswith("北京市科协 是其核心名称或已知简称（core）")


# -- people ----------------------------------------------------------------------------------


def test_same_name_and_same_organization_is_one_person_even_through_an_alias():
    expert = listed("王伟", cls=Person, organization="北京航空航天大学", titles=["教授"])
    mention = said("王伟", cls=Person, organization="北航", titles=["院长"])
    entities, _ = resolve([listed("北京航空航天大学"), expert, mention], [])
    people = [e for e in entities if isinstance(e, Person)]
    assert len(people) == 1
    assert set(people[0].titles) == {"教授", "院长"}
    assert people[0].merged_from[0]["reason"] == "同名且同单位（北京航空航天大学）"


def test_same_name_different_organizations_are_two_people_and_a_candidate_pair():
    tsinghua = listed("王伟", cls=Person, organization="清华大学")
    pku = listed("王伟", cls=Person, organization="北京大学")
    entities, relations = resolve([tsinghua, pku], [])
    assert len(entities) == 2
    candidates = candidate_duplicates(entities, relations)
    assert len(candidates) == 1
    assert candidates[0].reasons[0] in ("同名（王伟），单位不同（清华大学 / 北京大学）",
                                        "同名（王伟），单位不同（北京大学 / 清华大学）")


def test_a_person_without_organization_joins_the_only_namesake_with_one():
    expert = listed("李娜", cls=Person, organization="清华大学")
    entities, _ = resolve([expert, said("李娜", cls=Person)], [])
    assert len(entities) == 1


def test_among_several_namesakes_shared_field_and_document_bridge_the_right_one():
    ai = listed("人工智能", cls=Technology)
    bio = listed("生物医药", cls=Technology)
    first = said("张伟", "doc-1", cls=Person, organization="清华大学")
    second = said("张伟", "doc-2", cls=Person, organization="北京大学")
    loose = said("张伟", "doc-1", cls=Person)
    loose.evidence.append(Evidence("doc-1", 10, 12, "张伟谈人工智能", "ner", 0.7))
    edges = [
        Relation(kind=EdgeKind.EXPERT_IN, source=first.id, target=ai.id),
        Relation(kind=EdgeKind.EXPERT_IN, source=second.id, target=bio.id),
        Relation(kind=EdgeKind.EXPERT_IN, source=loose.id, target=ai.id),
    ]
    entities, _ = resolve([ai, bio, first, second, loose], edges)
    people = {e.id: e for e in entities if isinstance(e, Person)}
    assert set(people) == {first.id, second.id}
    assert people[first.id].merged_from[0]["reason"] == (
        "与 清华大学 的 张伟 同名，且有共同领域和共同文档")


def test_among_several_namesakes_without_a_bridge_nothing_is_merged():
    first = listed("张伟", cls=Person, organization="清华大学")
    second = listed("张伟", cls=Person, organization="北京大学")
    entities, _ = resolve([first, second, said("张伟", "doc-9", cls=Person)], [])
    assert len(entities) == 3


def test_titles_are_kept_with_the_documents_that_stated_them():
    expert = listed("王伟", cls=Person, organization="清华大学", titles=["教授"])
    mention = said("王伟", "doc-7", cls=Person, organization="清华", titles=["院长"],
                   roles=["主持人"])
    entities, _ = resolve([listed("清华大学"), expert, mention], [])
    positions = next(e for e in entities if isinstance(e, Person)).positions
    assert {"title": "院长", "organization": "清华", "doc_ids": ["doc-7"]} in positions
    assert {"role": "主持人", "organization": "清华", "doc_ids": ["doc-7"]} in positions
    assert {"title": "教授", "organization": "清华大学", "doc_ids": ["doc-list"]} in positions


def test_two_titles_for_one_affiliation_are_both_kept():
    org = listed("清华大学")
    a = listed("王伟", cls=Person, organization="清华大学")
    b = said("王伟", cls=Person, organization="清华")
    edges = [
        Relation(kind=EdgeKind.AFFILIATED_WITH, source=a.id, target=org.id,
                 attributes={"title": "教授"}),
        Relation(kind=EdgeKind.AFFILIATED_WITH, source=b.id, target=org.id,
                 attributes={"title": "院长"}),
    ]
    _, relations = resolve([org, a, b], edges)
    assert len(relations) == 1
    assert relations[0].attributes["title"] == "教授"
    assert relations[0].attributes["titles"] == ["教授", "院长"]


# -- candidates ------------------------------------------------------------------------------


def test_candidates_rank_similar_organizations_and_skip_dissimilar_ones():
    entities = [listed("北京灵犀机器人科技有限公司"), listed("灵犀机器人研究院"),
                listed("中国农业大学"), listed("宝鸡钛业股份有限公司"), said("宝钛股份")]
    found = candidate_duplicates(entities, [])
    pairs = [set(c.names) for c in found]
    assert {"北京灵犀机器人科技有限公司", "灵犀机器人研究院"} in pairs
    assert {"宝鸡钛业股份有限公司", "宝钛股份"} in pairs
    assert not any("中国农业大学" in p for p in pairs)
    assert found == sorted(found, key=lambda c: -c.score)


def test_shared_neighbours_raise_a_candidate_and_excluded_pairs_are_dropped():
    a, b = listed("大模型", cls=Technology), listed("大语言模型", cls=Technology)
    org = listed("清华大学")
    edges = [Relation(kind=EdgeKind.WORKS_ON, source=org.id, target=t.id) for t in (a, b)]
    alone = candidate_duplicates([a, b, org], [])
    together = candidate_duplicates([a, b, org], edges)
    assert together[0].score > alone[0].score
    assert "1 个共同邻居" in together[0].reasons
    assert candidate_duplicates([a, b, org], edges, exclude=[(b.id, a.id)]) == []


def test_candidates_are_never_merged_by_resolution():
    entities, _ = resolve([listed("宝鸡钛业股份有限公司"), said("宝钛股份")], [])
    assert len(entities) == 2  # a subsequence alias is proposed, not merged


def test_an_english_name_from_text_joins_the_chinese_name_it_is_known_by():
    entities, _ = resolve([said("北京市科学技术协会"),
                           said("Beijing Association for Science and Technology", "doc-2")], [])
    assert names(entities) == ["北京市科学技术协会"]


def test_people_with_different_names_are_never_candidates():
    a = said("刘志刚", "doc-1", cls=Person)
    b = said("张博军", "doc-1", cls=Person)
    assert candidate_duplicates([a, b], []) == []


@pytest.mark.slow
def test_embeddings_rank_the_namesake_with_a_similar_biography_first():
    robot = listed("王伟", cls=Person, organization="清华大学",
                   bio="清华大学教授，研究人形机器人运动控制与具身智能。")
    also_robot = listed("王伟", cls=Person, organization="北京灵犀机器人科技有限公司",
                        bio="机器人公司首席科学家，负责人形机器人控制算法与具身智能。")
    banker = listed("王伟", cls=Person, organization="某银行",
                    bio="银行行长，长期从事信贷风险管理与金融监管。")
    found = candidate_duplicates([robot, also_robot, banker], [], embeddings=True)
    assert len(found) == 3
    best = found[0]
    assert {best.first, best.second} == {robot.id, also_robot.id}
    assert any(r.startswith("上下文相似度 0.") for r in best.reasons)


def test_chinese_and_english_names_of_one_person_or_company_are_proposed():
    zh = listed("刘志刚", cls=Person, organization="北京灵犀机器人科技有限公司")
    en = said("Liu Zhigang", cls=Person)
    reversed_en = said("Zhigang Liu", "doc-2", cls=Person)
    other = said("Li Ming", cls=Person)
    company = listed("北京灵犀机器人科技有限公司")
    english = said("Beijing Lingxi Robotics Technology Co., Ltd.")
    found = candidate_duplicates([zh, en, reversed_en, other, company, english], [])
    pairs = {frozenset(c.names): c.reasons[0] for c in found}
    assert pairs[frozenset(("刘志刚", "Liu Zhigang"))] == "Liu Zhigang 是 刘志刚 的拼音"
    assert frozenset(("刘志刚", "Zhigang Liu")) in pairs
    assert not any("Li Ming" in pair for pair in pairs)
    assert pairs[frozenset(("北京灵犀机器人科技有限公司",
                            "Beijing Lingxi Robotics Technology Co., Ltd."))] == (
        "Beijing Lingxi Robotics Technology Co., Ltd. 以 北京灵犀机器人科技有限公司 "
        "的拼音开头（lingxi）")
    entities, _ = resolve([zh, en, company, english], [])
    # the company's English name now merges (tests/resolution/test_bilingual.py); the person,
    # with nothing but the pinyin to go on, is only proposed
    assert sorted(e.name for e in entities) == [
        "Liu Zhigang", "刘志刚", "北京灵犀机器人科技有限公司"]
