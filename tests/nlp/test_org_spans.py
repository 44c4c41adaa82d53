"""Organization spans on salon/news sentences: glued titles trimmed, cut suffixes completed,
technologies / protocols / acronyms and brand "people" dropped; evidence stays exact."""

from __future__ import annotations

import pytest

from graphmap.model import Document, NodeKind, Organization
from nlp import Gazetteer, extract_document
from nlp.spans import org_span as _org_span


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("欢迎参加北京市科协工程师跨界沙龙", (4, 12), "北京市科协"),
    ("北京人工智能科创协同联合体成立以来", (0, 11), "北京人工智能科创协同联合体"),
    ("北京人工智能科创协同联合体成立以来", (0, 10), "北京人工智能科创协同联合体"),
    ("清华大学教授张三", (0, 4), "清华大学"),
    ("北京市科协学会学术部副部长", (0, 5), "北京市科协"),  # already ends in a unit: kept
    ("人工智能、商业航天等高精尖产业", (5, 9), None),
    ("电气接口和EtherCAT通信协议。", (5, 17), None),
    ("BEV感知、占用网络", (0, 3), None),
    ("NASA宣布了新的计划", (0, 4), "NASA"),  # an acronym before a verb stays an organization
    ("中国智能制造产业技术创新战略联盟成立大会召开", (0, 20), "中国智能制造产业技术创新战略联盟"),
    ("全国人民代表大会召开", (0, 8), "全国人民代表大会"),  # the event word is the name
    ("公司CEO刘洋介绍", (2, 5), None),  # a Latin title is no organization
    ("CASIA and Tsinghua", (0, 5), "CASIA"),
    ("华为公司发布了新品", (0, 2), "华为公司"),
    ("阿里巴巴所在的园区", (0, 4), "阿里巴巴"),  # 所在 is no unit
])
def test_org_span_repairs(text, span, expected):
    got = _org_span(text, *span)
    assert (text[got[0] : got[1]] if got else None) == expected


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("由福建省科协承办", (1, 8), "福建省科协"),
    ("亨通集团等协办", (0, 7), "亨通集团"),
    ("签订了汉中市人民政府与科大讯飞", (3, 11), "汉中市人民政府"),
    ("中国科协网站发布", (0, 6), "中国科协"),
    ("原摩擦学国家重点实验室主任", (0, 11), "摩擦学国家重点实验室"),
    ("协办单位德中科技联盟表示", (0, 10), "德中科技联盟"),
    ("原子能科学研究院", (0, 8), "原子能科学研究院"),  # 原子: no former unit
    ("世界卫生组织", (0, 6), "世界卫生组织"),  # 组织 is the name's, not a verb after it
])

def test_glued_words_at_organization_edges_are_cut(text, span, expected):
    from nlp.mentions import ORG, Mention
    from nlp.spans import trim_mention

    got = trim_mention(text, Mention(*span, ORG, "ner", 0.9))
    assert (text[got.start : got.end] if got else None) == expected


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("香港科技大学(广州)校长", (0, 6), "香港科技大学(广州)"),
    ("中国石油大学(华东)教授", (0, 6), "中国石油大学(华东)"),
    ("香港应用科技研究院(应科院)举办", (0, 9), "香港应用科技研究院"),  # a short form, no campus
])
def test_a_campus_joins_its_university_a_short_form_does_not(text, span, expected):
    from nlp.mentions import ORG, Mention
    from nlp.spans import without_glued_post

    got = without_glued_post(text, Mention(*span, ORG, "ner", 0.9))
    assert text[got.start : got.end] == expected


def _orgs_and_people(doc: Document, gz: Gazetteer | None = None) -> tuple[set[str], set[str]]:
    ex = extract_document(doc, gz)
    for entity in ex.entities:
        for ev in entity.evidence:
            quote = doc.text[ev.start : ev.end]
            assert quote and quote.strip() == quote, entity
    orgs = {e.name for e in ex.entities if e.kind == NodeKind.ORGANIZATION}
    people = {e.name for e in ex.entities if e.kind == NodeKind.PERSON}
    return orgs, people


def test_salon_opening_names_the_association_not_an_engineer_org():
    doc = Document(path="s.txt", content_hash="h", text=(
        "主持人：各位专家、各位工程师朋友，下午好！欢迎参加北京市科协工程师跨界沙龙第十二期。"
        "市科协会把大家的建议整理成专报，报送有关部门。"))
    orgs, _ = _orgs_and_people(doc)
    assert not any("工程师" in o for o in orgs), orgs
    assert "市科协会" not in orgs


def test_a_brand_is_no_person_when_its_company_is_named():
    gz = Gazetteer.from_entities([Organization(name="北京灵犀机器人科技有限公司")])
    doc = Document(path="s.txt", content_hash="h", text=(
        "北京灵犀机器人科技有限公司首席科学家陈思介绍了进展。"
        "建议贵公司和灵犀这样的整机企业一起做场景定义。"))
    orgs, people = _orgs_and_people(doc, gz)
    assert "北京灵犀机器人科技有限公司" in orgs
    assert "灵犀" not in people and "陈思" in people
