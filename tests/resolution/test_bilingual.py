"""English names of Chinese organizations and people: merged when pinyin, generic words and
region (organizations) or pinyin and an organization bridge (people) agree, never on pinyin
alone."""

from __future__ import annotations

import pytest

from graphmap.bilingual import english_matches, person_pinyin_keys, read_chinese, read_english
from graphmap.curation import apply_curation
from graphmap.model import EdgeKind, Evidence, Organization, Person, Relation, Status
from graphmap.resolution import candidate_duplicates, resolve


def said(name: str, doc: str = "doc-en", cls=Organization, sentence: str | None = None,
         **attrs):
    """An uncertain entity from a text extraction, with evidence in ``doc``."""
    ev = Evidence(doc, 0, len(name), sentence or name, "ner", 0.7)
    return cls(name=name, evidence=[ev], **attrs)


def listed(name: str, cls=Organization, **attrs):
    ev = Evidence("doc-list", 0, 0, name, "list:member", 1.0)
    return cls(name=name, status=Status.CONFIRMED, evidence=[ev], **attrs)


def by_name(entities):
    return {e.name: e for e in entities}


# -- reading names ---------------------------------------------------------------------------


def test_an_english_company_name_reads_as_region_words_and_core():
    en = read_english("Beijing Lingxi Robotics Technology Co., Ltd.")
    assert (en.region, en.core) == ("beijing", "lingxi")
    assert [w for w, _ in en.words] == ["robotics", "technology"]
    zh = read_chinese("北京灵犀机器人科技有限公司")
    assert (zh.region, zh.core, zh.words) == ("北京", "灵犀", ("机器人", "科技"))


@pytest.mark.parametrize(("english", "chinese"), [
    ("Beijing Lingxi Robotics Technology Co., Ltd.", "北京灵犀机器人科技有限公司"),
    ("Beijing Lingxi Robotics", "北京灵犀机器人科技有限公司"),
    ("Lingxi Robotics", "北京灵犀机器人科技有限公司"),
    ("Beijing Xinheng Microelectronics Co., Ltd.", "北京芯衡微电子有限公司"),
    ("Beijing Tiangong Intelligent Manufacturing Software Co., Ltd.", "北京天工智造软件有限公司"),
    ("Science and Technology Association of Beijing Economic-Technological Development Area",
     "北京经济技术开发区科学技术协会"),
    ("Institute of Automation, Chinese Academy of Sciences", "中国科学院自动化研究所"),
])
def test_english_names_that_write_the_chinese_name(english, chinese):
    assert english_matches(english, chinese) is not None


@pytest.mark.parametrize(("english", "chinese"), [
    # another region
    ("Shanghai Lingxi Robotics", "北京灵犀机器人科技有限公司"),
    # a generic word the Chinese name does not have
    ("Beijing Lingxi Medical Technology", "北京灵犀机器人科技有限公司"),
    ("Beijing Lingxi Robotics", "北京灵犀科技有限公司"),
    # another core
    ("Beijing Lingyun Robotics", "北京灵犀机器人科技有限公司"),
    # a word the table does not know stays in the core and spoils it
    ("Beijing Lingxi Humanoid Robotics", "北京灵犀机器人科技有限公司"),
    # no core: only a full translation with the same words and region counts
    ("Institute of Automation", "中国科学院自动化研究所"),
    ("Science and Technology Association of Beijing Economic-Technological Development Area",
     "北京市科学技术协会"),
    ("Beijing Association for Science and Technology", "北京经济技术开发区科学技术协会"),
    # a core too short to tell companies apart
    ("Beijing An Technology", "北京安科技有限公司"),
])
def test_english_names_that_do_not(english, chinese):
    assert english_matches(english, chinese) is None


def test_person_names_in_either_order():
    assert person_pinyin_keys("Liu Zhigang") == person_pinyin_keys("Zhigang Liu") == {
        "liuzhigang", "zhigangliu"}
    assert person_pinyin_keys("Dr. Chen") == set()
    assert person_pinyin_keys("Professor Liu Zhi Gang Wang") == set()


# -- organizations ---------------------------------------------------------------------------


def test_an_english_company_name_joins_its_chinese_company_with_the_reason():
    zh = listed("北京灵犀机器人科技有限公司")
    en = said("Beijing Lingxi Robotics Technology Co., Ltd.")
    chip = listed("北京芯衡微电子有限公司")
    chip_en = said("Beijing Xinheng Microelectronics Co., Ltd.")
    unrelated = listed("北京精驱传动科技有限公司")
    entities, _ = resolve([zh, en, chip, chip_en, unrelated], [])
    found = by_name(entities)
    assert set(found) == {"北京灵犀机器人科技有限公司", "北京芯衡微电子有限公司",
                          "北京精驱传动科技有限公司"}
    reason = found["北京灵犀机器人科技有限公司"].merged_from[0]["reason"]
    assert reason == ("Beijing Lingxi Robotics Technology Co., Ltd. 是 北京灵犀机器人科技有限公司 "
                      "的英文名称：Lingxi 是 灵犀 的拼音，地区 Beijing 对应 北京，"
                      "Robotics 对应 机器人、Technology 对应 科技")
    robots = found["北京灵犀机器人科技有限公司"]
    assert "Beijing Lingxi Robotics Technology Co., Ltd." in robots.aliases
    assert "Xinheng 是 芯衡 的拼音" in found["北京芯衡微电子有限公司"].merged_from[0]["reason"]
    assert not found["北京精驱传动科技有限公司"].merged_from


def test_a_translated_association_joins_the_one_with_the_same_words_and_region():
    zone = said("北京经济技术开发区科学技术协会", "doc-zh")
    city = listed("北京市科学技术协会")
    en = said("Science and Technology Association of Beijing Economic-Technological "
              "Development Area")
    entities, _ = resolve([zone, city, en], [])
    found = by_name(entities)
    assert len(entities) == 2
    assert "逐词直译" in found["北京经济技术开发区科学技术协会"].merged_from[0]["reason"]
    assert not found["北京市科学技术协会"].merged_from


def test_an_english_name_with_two_chinese_candidates_joins_neither():
    robots = listed("北京灵犀机器人科技有限公司")
    homophone = listed("北京灵希机器人科技有限公司")  # also "Lingxi" in pinyin
    en = said("Beijing Lingxi Robotics")
    entities, _ = resolve([robots, homophone, en], [])
    assert len(entities) == 3
    assert not any(e.merged_from for e in entities)


def test_two_companies_of_one_core_are_ambiguous_for_a_short_english_name():
    robots = listed("北京灵犀机器人科技有限公司")
    lab = listed("北京灵犀机器人研究院有限公司")
    entities, _ = resolve([robots, lab, said("Beijing Lingxi Robotics")], [])
    assert len(entities) == 3
    entities, _ = resolve([robots, lab, said("Lingxi Robotics Research Institute")], [])
    assert len(entities) == 2  # the longer name says which one


def test_different_credit_codes_never_merge_across_languages():
    zh = listed("北京灵犀机器人科技有限公司", credit_code="91110302MA01LX7K08")
    en = listed("Beijing Lingxi Robotics Technology Co., Ltd.", credit_code="91110302MA0XXXXXX1")
    entities, _ = resolve([zh, en], [])
    assert len(entities) == 2


def test_known_english_names_keep_working():
    buaa = listed("北京航空航天大学")
    entities, _ = resolve([buaa, said("Beihang University"), said("CASIA"),
                           listed("中国科学院自动化研究所")], [])
    found = by_name(entities)
    assert set(found) == {"北京航空航天大学", "中国科学院自动化研究所"}
    assert "（core）" in found["北京航空航天大学"].merged_from[0]["reason"]


# -- people ----------------------------------------------------------------------------------


def test_an_english_person_joins_the_chinese_namesake_of_the_same_organization():
    buaa = listed("北京航空航天大学")
    zh = listed("刘志刚", cls=Person, organization="北京航空航天大学")
    en = said("Liu Zhigang", cls=Person, organization="Beihang University")
    reversed_en = said("Zhigang Liu", "doc-en2", cls=Person, organization="北航")
    entities, _ = resolve([buaa, zh, en, reversed_en, said("Beihang University")], [])
    people = [e for e in entities if isinstance(e, Person)]
    assert [p.name for p in people] == ["刘志刚"]
    reasons = [r["reason"] for r in people[0].merged_from]
    assert "Liu Zhigang 是 刘志刚 的拼音，且同属 北京航空航天大学" in reasons
    assert any(r.startswith("Zhigang Liu 是 刘志刚 的拼音，") for r in reasons)


def test_an_english_person_joins_through_the_merged_english_company_name():
    company = listed("北京灵犀机器人科技有限公司")
    zh = listed("陈思", cls=Person, organization="北京灵犀机器人科技有限公司")
    en = said("Chen Si", cls=Person, organization="Beijing Lingxi Robotics")
    entities, _ = resolve([company, zh, en, said("Beijing Lingxi Robotics")], [])
    assert sorted(e.name for e in entities) == ["北京灵犀机器人科技有限公司", "陈思"]


def test_an_english_person_joins_when_its_document_names_the_organization():
    buaa = listed("北京航空航天大学")
    zh = listed("刘志刚", cls=Person, organization="北京航空航天大学")
    en = said("Liu Zhigang", cls=Person, sentence=(
        "A harmonic reducer developed by Professor Liu Zhigang's team at Beihang University "
        "was transferred."))
    entities, _ = resolve([buaa, zh, en, said("Beihang University")], [])
    people = [e for e in entities if isinstance(e, Person)]
    assert len(people) == 1
    assert people[0].merged_from[0]["reason"] == (
        "Liu Zhigang 是 刘志刚 的拼音，且其所在文档提到了 刘志刚 的单位（Beihang University）")


def test_same_pinyin_without_an_organization_bridge_stays_a_review_candidate():
    zh = listed("刘志刚", cls=Person, organization="北京航空航天大学")
    en = said("Liu Zhigang", cls=Person, sentence="Liu Zhigang spoke at the conference.")
    other = said("Liu Zhigang", "doc-en2", cls=Person, organization="Peking University")
    entities, relations = resolve([listed("北京航空航天大学"), listed("北京大学"), zh, en, other],
                                  [])
    # the two "Liu Zhigang" fold by the same-name rule (only one has an organization); the
    # Chinese one stays apart: Peking University is not Beihang, and no sentence names it
    people = [e for e in entities if isinstance(e, Person)]
    assert sorted(p.name for p in people) == ["Liu Zhigang", "刘志刚"]
    pairs = {frozenset(c.names) for c in candidate_duplicates(entities, relations)}
    assert frozenset(("刘志刚", "Liu Zhigang")) in pairs


def test_a_homophone_does_not_merge_without_the_organization_bridge():
    buaa = listed("北京航空航天大学")
    steel = listed("北京钢铁研究总院")
    right = listed("刘志刚", cls=Person, organization="北京航空航天大学")
    homophone = listed("刘志钢", cls=Person, organization="北京钢铁研究总院")
    en = said("Liu Zhigang", cls=Person, organization="Beihang University")
    entities, _ = resolve([buaa, steel, right, homophone, en, said("Beihang University")], [])
    found = by_name(entities)
    assert "Liu Zhigang" not in found
    assert found["刘志刚"].merged_from and not found["刘志钢"].merged_from
    # without any organization the pinyin alone merges neither
    loose = said("Liu Zhigang", cls=Person)
    entities, _ = resolve([buaa, steel, right, homophone, loose], [])
    assert "Liu Zhigang" in by_name(entities)


def test_two_homophones_of_one_organization_are_ambiguous():
    buaa = listed("北京航空航天大学")
    first = listed("刘志刚", cls=Person, organization="北京航空航天大学")
    second = listed("刘志钢", cls=Person, organization="北京航空航天大学")
    en = said("Liu Zhigang", cls=Person, organization="北京航空航天大学")
    entities, _ = resolve([buaa, first, second, en], [])
    assert "Liu Zhigang" in by_name(entities)


def test_an_affiliation_edge_is_a_bridge_too():
    company = listed("北京芯衡微电子有限公司")
    zh = listed("王明远", cls=Person)
    en = said("Wang Mingyuan", cls=Person)
    relations = [
        Relation(kind=EdgeKind.AFFILIATED_WITH, source=zh.id, target=company.id),
        Relation(kind=EdgeKind.AFFILIATED_WITH, source=en.id, target=company.id),
    ]
    entities, relations = resolve([company, zh, en], relations)
    assert sorted(e.name for e in entities) == ["北京芯衡微电子有限公司", "王明远"]
    assert len(relations) == 1


def test_an_english_merge_can_be_split_off_again():
    zh = listed("北京灵犀机器人科技有限公司")
    en = said("Beijing Lingxi Robotics Technology Co., Ltd.")
    entities, relations = resolve([zh, en], [])
    assert len(entities) == 1
    split = {"id": 1, "action": "split", "target": zh.id, "payload": {"other": en.id},
             "note": "another Lingxi"}
    entities, _ = apply_curation(entities, relations, [split])
    found = by_name(entities)
    assert set(found) == {"北京灵犀机器人科技有限公司", en.name}
    assert found[en.name].id == en.id and found[en.name].evidence
    assert en.name not in found["北京灵犀机器人科技有限公司"].aliases
