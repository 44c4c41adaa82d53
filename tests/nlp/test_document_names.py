"""A document names a unit once in full and then by a short form it defines or implies; every
later mention is that unit, also where the recognizers missed it (issue #15: the held-out
affiliation misses 应科院主席…, 中评智库研究员…, 中科院 for 國家中山科學研究院)."""

from __future__ import annotations

from graphmap.model import Document, EdgeKind
from nlp.components import DOC_NAMES
from nlp.extract import extract_document
from nlp.pipeline import build_chinese, finish, recognize
from nlp.shortforms import abbreviates, document_names


def _affiliations(text: str) -> set[tuple[str, str]]:
    ex = extract_document(Document(path="a.txt", content_hash="x", text=text))
    names = {e.id: e.name for e in ex.entities}
    return {(names[r.source], names[r.target]) for r in ex.relations
            if r.kind == EdgeKind.AFFILIATED_WITH}


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_abbreviations_read_in_order_from_the_full_name() -> None:
    assert abbreviates("智造院", "深圳市智能制造研究院")
    assert abbreviates("浙大", "浙江大学")
    assert not abbreviates("大浙", "浙江大学")  # out of order
    assert not abbreviates("北航", "北京航空航天大学")  # well-known ones are the alias table's
    assert not abbreviates("中科院", "中国科学院大学")  # the university is not the academy
    assert not abbreviates("科院", "科学院")  # too short to be a shortening


def test_bracket_definitions_cores_and_implied_short_forms() -> None:
    text = ("深圳市智能制造研究院(以下简称“智造院”)与华信智库基金会、台湾精密机械研究所签约。"
            "精机所所长、屏东大学和屏东科技大学的代表出席。")
    names = document_names(text, _spans(text, "深圳市智能制造研究院", "华信智库基金会",
                                         "台湾精密机械研究所", "精机所", "屏东大学",
                                         "屏东科技大学"))
    assert names["智造院"] == "深圳市智能制造研究院"
    assert names["华信智库"] == "华信智库基金会"
    assert names["精机所"] == "台湾精密机械研究所"
    assert names["屏东大学"] == "屏东大学"  # a name of its own, not a shortening
    assert names["华信智库基金会"] == "华信智库基金会"


def test_a_short_form_is_not_read_as_its_own_sub_unit_nor_as_one_of_two() -> None:
    text = "中科院兰州分院院长与中科院人事局局长出席。北大与北京理工大学、北京联合大学签约。"
    names = document_names(text, _spans(text, "中科院兰州分院", "中科院人事局", "中科院",
                                         "北大", "北京理工大学", "北京联合大学"))
    assert "中科院" not in names  # 中科院兰州分院 is its sub-unit, not what it stands for
    assert "北大" not in names  # two universities it could shorten


def test_later_mentions_the_recognizers_missed_name_the_unit() -> None:
    text = ("深圳市智能制造研究院(智造院)今天举办开放日。活动由智造院院长王建国主持，"
            "智造院副院长刘晓梅介绍了成果。")
    got = _affiliations(text)
    assert ("王建国", "深圳市智能制造研究院") in got
    assert ("刘晓梅", "深圳市智能制造研究院") in got


def test_a_short_form_names_the_unit_of_this_document_not_the_usual_one() -> None:
    text = ("國立臺灣大學與國家中山科學研究院今天簽署合作備忘錄。"
            "中科院張大明副院長表示，雙方將在航空領域合作。")
    got = _affiliations(text)
    assert ("張大明", "國家中山科學研究院") in got
    assert not any(org in ("中科院", "中国科学院") for _, org in got)


def test_a_name_glued_to_the_characters_before_it_is_not_marked() -> None:
    nlp = build_chinese()
    text = "他参观了智慧城市物联网国家重点实验室。"
    doc = next(recognize(nlp, [text]))
    doc._.mentions = [m for m in doc._.mentions or () if m.label != "ORG"]
    doc.user_data[DOC_NAMES] = {"国家重点实验室": "国家重点实验室"}
    doc = next(finish(nlp, [doc]))
    assert not any(m.source == "document" for m in doc._.mentions)
