"""Speakers are EXPERT_IN what they present as their own work, not what they mention in passing.

Realistic salon turns (simplified, traditional) and news introductions; every evidence span
slices back to exactly the quoted text.
"""

from __future__ import annotations

from graphmap.model import (
    DocType,
    Document,
    EdgeKind,
    Extraction,
    Organization,
    Technology,
    Turn,
)
from nlp import Gazetteer, extract_document


def _transcript(turns: list[tuple[str, str]]) -> Document:
    text, spans = "具身智能沙龙速记\n", []
    for speaker, said in turns:
        start = len(text)
        text += f"{speaker}：{said}\n"
        spans.append(Turn(start, len(text), speaker))
    return Document(path="salon.txt", content_hash="h", text=text, doc_type=DocType.TRANSCRIPT,
                    title="具身智能沙龙", turns=spans)


def _expert_in(ex: Extraction) -> set[tuple[str, str]]:
    names = {e.id: e.name for e in ex.entities}
    return {(names[r.source], names[r.target]) for r in ex.relations
            if r.kind == EdgeKind.EXPERT_IN}


def _exact(doc: Document, ex: Extraction) -> None:
    for rel in ex.relations:
        for ev in rel.evidence:
            quote = doc.text[ev.start : ev.end]
            assert quote and quote == quote.strip(), (rel.kind, ev)


def test_own_work_counts_passing_mentions_do_not():
    doc = _transcript([
        ("主持人", "欢迎中国工程院院士、清华大学教授张三。"),
        ("张三", "我们实验室统计过，关节模组，也就是伺服电机加精密减速器，占到成本一半。"
                 "我们团队研制的柔性触觉传感阵列已经转让。北京应当加快建设算力平台。"),
    ])
    ex = extract_document(doc)
    edges = _expert_in(ex)
    assert ("张三", "触觉传感器") in edges
    assert not {("张三", "伺服电机"), ("张三", "精密减速器"), ("张三", "算力")} & edges
    _exact(doc, ex)


def test_the_speakers_own_organization_and_an_elaborating_clause():
    gz = Gazetteer.from_entities([Organization(name="北京芯衡微电子有限公司")])
    doc = _transcript([
        ("主持人", "北京芯衡微电子有限公司总工程师王五先生。"),
        ("王五", "北京芯衡微电子主要做端侧AI芯片，也就是NPU。"
                 "我们2026年会推出专门面向人形机器人的下一代芯片。"),
        ("李四", "我在某公司做感知算法，主要是多传感器融合。"
                 "我们做自动驾驶的，不太清楚机器人企业缺什么人。"),
    ])
    edges = _expert_in(extract_document(doc, gz))
    assert {("王五", "人工智能芯片"), ("王五", "神经网络处理器")} <= edges
    assert ("王五", "人形机器人") not in edges  # 面向人形机器人的芯片: the market, not the work
    assert {("李四", "环境感知"), ("李四", "多传感器融合"), ("李四", "自动驾驶")} <= edges
    assert ("李四", "智能机器人") not in edges


def test_traditional_chinese_turns_and_a_named_product():
    doc = _transcript([
        ("陳思", "我們的「靈犀L2」人形機器人今年進入工廠，主要做搬運。"),
        ("趙六", "我國的機器人產業發展很快。"),
    ])
    ex = extract_document(doc)
    edges = _expert_in(ex)
    assert any(p in ("陳思", "陈思") and t == "人形机器人" for p, t in edges)
    assert not any(p in ("趙六", "赵六") for p, _ in edges)  # 我国 is not the speaker's own
    _exact(doc, ex)


def test_a_keynote_title_and_a_team_result_in_news():
    doc = Document(path="n.txt", content_hash="h", text=(
        "清华大学教授张三作题为《具身智能：从脑到身》的引导发言。"
        "北京航空航天大学刘志刚教授团队的“高刚度谐波减速器设计技术”转让给某公司。"))
    edges = _expert_in(extract_document(doc))
    assert ("张三", "具身智能") in edges
    assert ("刘志刚", "精密减速器") in edges


def test_a_department_tail_is_no_person_and_a_second_post_keeps_the_affiliation():
    text = "香港科技大學機械及航空航天工程學系教授、聯合實驗室港方主任鄭家豪表示，團隊將加強合作。"
    doc = Document(path="hk.txt", content_hash="h", text=text)
    ex = extract_document(doc)
    people = {e.name for e in ex.entities if e.kind.value == "Person"}
    assert people == {"鄭家豪"} or people == {"郑家豪"}
    names = {e.id: e.name for e in ex.entities}
    affs = {(names[r.source], names[r.target]) for r in ex.relations
            if r.kind == EdgeKind.AFFILIATED_WITH}
    assert len(affs) == 1 and next(iter(affs))[1].startswith("香港科技大")
    _exact(doc, ex)


def test_company_short_forms_without_their_business_word():
    gz = Gazetteer.from_entities([
        Organization(name="北京灵犀机器人科技有限公司"),
        Organization(name="北京灵犀机器人科技有限公司", credit_code="91110000MA00000000"),
        Organization(name="北京中关村智能产业投资基金管理有限公司"),
    ])
    text = "灵犀机器人首席科学家；我是北京中关村智能产业投资基金的何俊"
    found = {k.name for _, _, k in gz.find(text)}
    assert found == {"北京灵犀机器人科技有限公司", "北京中关村智能产业投资基金管理有限公司"}
    assert not list(gz.find("灵犀的开源项目"))  # a bare brand is too ambiguous


def test_the_field_of_a_post_is_expertise():
    # an expert list's field and a member list's hospital
    gz = Gazetteer.from_entities([Technology(name="康复医学"),
                                  Organization(name="北京和睿康复医院")])
    doc = Document(path="n.txt", content_hash="h", text=(
        "北京和睿康复医院康复医学科主任孙晓雯、"
        "北京驭途自动驾驶科技有限公司感知算法负责人赵一凡出席。"))
    ex = extract_document(doc, gz)
    edges = _expert_in(ex)
    assert {("孙晓雯", "康复医学"), ("赵一凡", "环境感知")} <= edges
    _exact(doc, ex)


def test_a_colleague_the_speaker_names_works_where_they_work():
    doc = _transcript([
        ("主持人", "来自中科院自动化所的李牧川研究员。"),
        ("李牧川", "我们所里韩磊副研究员的团队正在做这方面的仿真平台。"),
    ])
    ex = extract_document(doc)
    names = {e.id: e.name for e in ex.entities}
    affs = {(names[r.source], names[r.target]): r.attributes.get("title")
            for r in ex.relations if r.kind == EdgeKind.AFFILIATED_WITH}
    assert affs.get(("韩磊", "中科院自动化所")) == "副研究员"
    assert ("韩磊", "虚拟仿真") in _expert_in(ex)
    _exact(doc, ex)


def test_a_teams_strengths_in_traditional_chinese():
    doc = Document(path="hk.txt", content_hash="h", text=(
        "香港科技大學教授鄭家豪表示，團隊將發揮在觸覺傳感器和機器視覺方面的積累。"
        "陳思表示，香港在醫療應用場景方面具有優勢。"))
    ex = extract_document(doc)
    edges = {(p.replace("鄭家豪", "郑家豪"), t) for p, t in _expert_in(ex)}
    assert {("郑家豪", "触觉传感器"), ("郑家豪", "机器视觉")} <= edges
    assert not any(p in ("陳思", "陈思") for p, _ in edges)  # 香港 has it, not her team
    _exact(doc, ex)


def test_an_english_title_before_the_name_is_the_post_at_the_organization():
    doc = Document(path="en.txt", content_hash="h", text=(
        "A reducer technology developed by Professor Liu Zhigang's team at Beihang University "
        "was transferred. A sensor from Academician Zhang Bojun's team at Tsinghua University "
        "was licensed."))
    ex = extract_document(doc)
    names = {e.id: e.name for e in ex.entities}
    titles = {(names[r.source], names[r.target]): r.attributes.get("title")
              for r in ex.relations if r.kind == EdgeKind.AFFILIATED_WITH}
    assert titles == {("Liu Zhigang", "Beihang University"): "Professor",
                      ("Zhang Bojun", "Tsinghua University"): "Academician"}
    _exact(doc, ex)


def test_another_persons_work_in_the_speakers_sentence_is_not_theirs():
    doc = _transcript([
        ("陈思", "我们和北京精驱传动科技有限公司合作开发国产化关节模组，"
                 "北航刘志刚教授团队研发的高刚度谐波减速器技术已转让给精驱。"),
    ])
    ex = extract_document(doc)
    edges = _expert_in(ex)
    assert not any(p == "陈思" and "减速器" in t for p, t in edges), edges
    assert ("刘志刚", "精密减速器") in edges
    _exact(doc, ex)
